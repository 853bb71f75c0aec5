import logging

import pytest

from wijkregie.core.identifiers import (
    bsn_with_check_digit,
    is_ascii_digits,
    is_valid_bsn,
    normalise_bsn,
    normalise_postcode,
    validate_postcode,
)
from wijkregie.core.logging import RedactPersonalData


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [
        ("111222334", False),
        ("111222333", True),
        ("000000000", False),
        ("12345678", False),
        ("12345678a", False),
        ("999990019", True),
        ("１１１２２２３３３", False),  # fullwidth
        ("١١١٢٢٢٣٣٣", False),  # Arabic-Indic
        ("¹11222333", False),  # superscript: int() would raise
        ("111222333\n", False),
    ],
)
def test_eleven_test(bsn, valid):
    assert is_valid_bsn(bsn) is valid


def test_check_digit_generator_only_makes_valid_bsns():
    made = [bsn_with_check_digit(n) for n in range(10_000_000, 10_000_200)]
    assert all(is_valid_bsn(b) for b in made if b)
    assert sum(1 for b in made if b is None) > 0  # remainder 10 has no check digit


def test_normalisation():
    assert normalise_bsn(" 1112.22.333 ") == "111222333"
    assert normalise_bsn("11222333") == "011222333"
    assert normalise_postcode(" 1234 ab") == "1234AB"
    validate_postcode("1234AB")
    for bad in ("0234AB", "1234AB\n", "１２３４AB", "1234ÀB"):
        with pytest.raises(Exception, match="Vul een geldige postcode in"):
            validate_postcode(bad)
    assert normalise_bsn("１１２２２３３３") == "１１２２２３３３"  # not taken for an 8-digit BSN
    assert is_ascii_digits("0123") and not is_ascii_digits("") and not is_ascii_digits("12³")


def test_log_filter_redacts_nine_digit_numbers_and_keeps_number_formatting():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "lookup %s took %d ms", ("111222333", 12), None
    )

    RedactPersonalData().filter(record)

    assert record.getMessage() == "lookup [verwijderd] took 12 ms"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("zoek 111222333 klaar", "zoek [verwijderd] klaar"),
        ("bsn=111.222.333;", "bsn=[verwijderd];"),
        ("BSN 111 222 333.", "BSN [verwijderd]."),
        ("ids 111222333,222333444", "ids [verwijderd],[verwijderd]"),
        (
            "/huishoudens/263e4632-b4aa-48c2-a054-f5f111222333/",
            "/huishoudens/263e4632-b4aa-48c2-a054-f5f111222333/",
        ),
        ("/x/111222333-b4aa/", "/x/111222333-b4aa/"),
        ("bestand_111222333.xml", "bestand_111222333.xml"),
        ("1234567890 en 1.234.567.890 en 12.345.678", "1234567890 en 1.234.567.890 en 12.345.678"),
    ],
)
def test_only_bsn_shaped_numbers_standing_alone_are_redacted(text, shown):
    record = logging.LogRecord("x", logging.INFO, __file__, 1, text, None, None)

    RedactPersonalData().filter(record)

    assert record.getMessage() == shown


def test_a_traceback_is_redacted_too():
    try:
        raise ValueError("geen inwoner met 111222333")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "mislukt", None, sys.exc_info())

    RedactPersonalData().filter(record)

    assert "111222333" not in logging.Formatter().format(record)
    assert "geen inwoner met [verwijderd]" in logging.Formatter().format(record)


LOGGERS = ["django", "django.server", "django.request", "wijkregie", "gunicorn.access"]


@pytest.mark.parametrize("name", LOGGERS)
def test_every_log_goes_through_the_filter(name):
    def ours(logger):  # the test run adds handlers of its own that catch the output
        return [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]

    logger = logging.getLogger(name)
    while logger is not None and not ours(logger):
        logger = logger.parent if logger.propagate else None

    assert logger is not None
    assert all(any(isinstance(f, RedactPersonalData) for f in h.filters) for h in ours(logger))


def test_search_key_and_prefix_bounds():
    from wijkregie.core.identifiers import prefix_upper_bound, search_key

    assert search_key("Jansen-de Wít") == "jansendewit"
    assert search_key("'t Hart") == "thart"
    assert prefix_upper_bound("stee") == "stef"
    assert prefix_upper_bound("vz") == "w"
    assert prefix_upper_bound("zz") is None
    keys = sorted(search_key(n) for n in ["Steenbergen", "Steef", "Stee", "Stef", "Steda", "Stezz"])
    inside = [k for k in keys if "stee" <= k < prefix_upper_bound("stee")]
    assert inside == [k for k in keys if k.startswith("stee")] == ["stee", "steef", "steenbergen"]


def test_error_reports_mask_everything_that_was_posted(rf):
    from wijkregie.core.errors import PersonalDataReporterFilter

    request = rf.post("/zoeken/", {"bsn": "111222333", "surname": "Visser"})

    shown = PersonalDataReporterFilter().get_post_parameters(request)

    assert "111222333" not in str(shown) and "Visser" not in str(shown)
    assert set(shown) == {"bsn", "surname"}


def test_json_log_lines_carry_the_extra_fields_and_no_bsn():
    import json
    import logging

    from wijkregie.core.logging import JsonLines, RedactPersonalData

    record = logging.LogRecord(
        "wijkregie.jobs", logging.INFO, __file__, 1, "taak %s voor %s", ("x", "999993653"), None
    )
    record.job, record.seconds = "berichten-ophalen", 0.25
    assert RedactPersonalData().filter(record)
    entry = json.loads(JsonLines().format(record))
    assert entry["message"] == "taak x voor [verwijderd]"
    assert (entry["level"], entry["logger"], entry["job"], entry["seconds"]) == (
        "INFO",
        "wijkregie.jobs",
        "berichten-ophalen",
        0.25,
    )
    assert "999993653" not in json.dumps(entry)
