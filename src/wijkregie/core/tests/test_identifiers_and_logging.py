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
