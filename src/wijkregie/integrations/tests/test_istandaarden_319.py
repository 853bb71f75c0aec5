"""The 319 (antwoordbericht): building it for both standards, reading it back and the official examples, the
XSD and Wijkregie's own checks.

The official XSDs and examples are read from WIJKREGIE_ISTANDAARDEN_DIR; tests that need them skip, naming
that setting, when the folder is not there.
"""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from lxml import etree

from wijkregie.integrations.istandaarden import codelists
from wijkregie.integrations.istandaarden.messages import (
    ANSWER_REFUSED,
    ANSWER_UNDER_REVIEW,
    Answer319,
    Header,
    MessageError,
    build_301,
    build_319,
    parse,
    parse_319,
)
from wijkregie.integrations.istandaarden.validation import structural_errors, xsd_errors

from .test_istandaarden_messages import allocation

NAMESPACE = {"iwmo": "http://www.istandaarden.nl/iwmo/3_2/wmo319/schema",
             "ijw": "http://www.istandaarden.nl/ijw/3_2/jw319/schema"}  # fmt: skip
CODE = {"iwmo": "482", "ijw": "488"}
NAME = {"iwmo": "WMO319", "ijw": "JW319"}


@pytest.fixture
def standards() -> Path:
    folder = Path(django_settings.WIJKREGIE_ISTANDAARDEN_DIR)
    if not all((folder / name / "xsd" / f"{NAME[standard]}.xsd").is_file()
               for name, standard in (("iwmo-3.2", "iwmo"), ("ijw-3.2", "ijw"))):  # fmt: skip
        pytest.skip(
            f"WMO319.xsd en JW319.xsd staan niet in WIJKREGIE_ISTANDAARDEN_DIR ({folder}); zet "
            f"WIJKREGIE_ISTANDAARDEN_DIR op de map met iwmo-3.2/ en ijw-3.2/ om deze test te draaien"
        )
    return folder


@pytest.fixture
def without_standards(settings, tmp_path):
    settings.WIJKREGIE_ISTANDAARDEN_DIR = str(tmp_path)
    codelists._read.cache_clear()
    yield
    codelists._read.cache_clear()


def answer(standard="iwmo", **changes) -> Answer319:
    """A refusal (reason 3, geen contract) of the provider's request "VOT-2025-0042"."""
    message = Answer319(
        header=Header(standard, "319", "9901", "12345678", "WR2503100002", date(2025, 3, 10)),
        provider_reference="VOT-2025-0042",
        answer=ANSWER_REFUSED,
        refusal_reason="3",
    )
    return replace(message, **changes)


def _example(standards: Path, standard: str) -> bytes:
    path = standards / f"{standard}-3.2" / "examples" / f"{NAME[standard]}.xml"
    if not path.is_file():
        pytest.skip(f"{path.name} staat niet in WIJKREGIE_ISTANDAARDEN_DIR ({standards})")
    return path.read_bytes()


GRANTED = {"answer": ANSWER_UNDER_REVIEW, "refusal_reason": ""}


# ------------------------------------------------------------------------------------------- build


@pytest.mark.parametrize("standard", ["iwmo", "ijw"])
@pytest.mark.parametrize(
    "changes",
    [{}, GRANTED, {"refusal_reason": "9"}, {"provider_reference": "x" * 36}],
    ids=["refused", "under review", "last reason", "longest reference"],
)
def test_built_319_is_valid_against_the_official_xsd(standards, standard, changes):
    message = answer(standard, **changes)

    xml = build_319(message)

    assert xsd_errors(xml, standard, "319") == []
    assert structural_errors(message) == []


def test_built_jw319_with_the_responsible_municipality_is_valid(standards):
    message = answer("ijw", refusal_reason="8", residence_municipality="0014")

    xml = build_319(message)

    assert xsd_errors(xml, "ijw", "319") == []
    assert structural_errors(message) == []
    assert b"<jw319:Woonplaatsbeginsel><jw319:Gemeente>0014</jw319:Gemeente>" in xml


@pytest.mark.parametrize("standard", ["iwmo", "ijw"])
def test_built_319_has_the_standards_namespace_code_and_answer(standard):
    xml = build_319(answer(standard))

    root = etree.fromstring(xml)
    ns = f"{{{NAMESPACE[standard]}}}"
    prefix = NAME[standard].lower()
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<" + prefix.encode() + b":Bericht ")
    assert root.tag == f"{ns}Bericht"
    assert root.findtext(f"{ns}Header/{ns}BerichtCode") == CODE[standard]
    assert root.findtext(f"{ns}Header/{ns}Afzender") == "9901"
    assert root.findtext(f"{ns}Header/{ns}Ontvanger") == "12345678"
    assert [child.tag.removeprefix(ns) for child in root.find(f"{ns}Antwoord")] == [
        "ReferentieAanbieder",
        "VerzoekAntwoord",
        "RedenAfwijzingVerzoek",
    ]
    assert root.findtext(f"{ns}Antwoord/{ns}VerzoekAntwoord") == "1"
    assert root.findtext(f"{ns}Antwoord/{ns}RedenAfwijzingVerzoek") == "3"


def test_an_answer_under_review_has_no_refusal_reason():
    xml = build_319(answer(**GRANTED))

    assert b"RedenAfwijzingVerzoek" not in xml
    assert b"<wmo319:VerzoekAntwoord>2</wmo319:VerzoekAntwoord>" in xml


@pytest.mark.parametrize("standard", ["iwmo", "ijw"])
@pytest.mark.parametrize("changes", [{}, GRANTED])
def test_built_319_reads_back_to_the_same_message(standard, changes):
    message = answer(standard, **changes)

    assert parse_319(build_319(message)) == message


def test_build_refuses_a_header_that_is_not_a_319():
    message = answer()
    with pytest.raises(MessageError) as error:
        build_319(replace(message, header=replace(message.header, message_type="301")))
    assert str(error.value) == "Header/BerichtCode: een antwoordbericht is bericht 319, niet 301"


def test_build_refuses_text_xml_cannot_hold():
    with pytest.raises(MessageError) as error:
        build_319(answer(provider_reference="VOT\x00"))
    assert error.value.element == "ReferentieAanbieder"


# ------------------------------------------------------------------------------------------ reading


def test_parse_319_refuses_another_message():
    with pytest.raises(MessageError) as error:
        parse_319(build_301(allocation()))
    assert str(error.value) == "Bericht: WMO301 is geen antwoordbericht (319)"


def test_parse_leaves_a_319_to_parse_319():
    """`parse` reads what may come in; a 319 in the in-folder is refused, not applied."""
    with pytest.raises(MessageError) as error:
        parse(build_319(answer()))
    assert str(error.value) == "Bericht: WMO319 is geen bericht dat Wijkregie leest"


def test_a_319_without_its_answer_is_refused():
    xml = build_319(answer()).replace(b"<wmo319:VerzoekAntwoord>1</wmo319:VerzoekAntwoord>", b"")
    with pytest.raises(MessageError) as error:
        parse_319(xml)
    assert str(error.value) == "Antwoord/VerzoekAntwoord: verplicht element ontbreekt of is leeg"


# --------------------------------------------------------------------------------------- structural


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"refusal_reason": ""}, "Antwoord/RedenAfwijzingVerzoek: ontbreekt"),
        ({"refusal_reason": "0"}, "Antwoord/RedenAfwijzingVerzoek: code komt niet voor in codelijst WJ759"),
        ({"refusal_reason": "10"}, "Antwoord/RedenAfwijzingVerzoek: geen geldige code (de vorm van WJ759)"),
        (
            {"answer": ANSWER_UNDER_REVIEW},
            "Antwoord/RedenAfwijzingVerzoek: hoort alleen bij een afgewezen verzoek (VerzoekAntwoord 1)",
        ),
        (
            {"answer": "3", "refusal_reason": ""},
            "Antwoord/VerzoekAntwoord: code komt niet voor in codelijst WJ760",
        ),
        ({"answer": "", "refusal_reason": ""}, "Antwoord/VerzoekAntwoord: ontbreekt"),
        ({"provider_reference": ""}, "Antwoord/ReferentieAanbieder: ontbreekt"),
        ({"provider_reference": "x" * 37}, "Antwoord/ReferentieAanbieder: is te lang (maximaal 36 tekens)"),
        ({"provider_reference": "  "}, "Antwoord/ReferentieAanbieder: bevat alleen spaties"),
        (
            {"refusal_reason": "8", "residence_municipality": "0014"},
            "Antwoord/Woonplaatsbeginsel/Gemeente: komt alleen in een JW319 voor",
        ),
    ],
)
def test_wrong_answers_are_named_by_element(standards, changes, error):
    assert structural_errors(answer(**changes)) == [error]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"residence_municipality": "0014"}, "hoort alleen bij reden 8 (woonplaatsbeginsel)"),
        ({"refusal_reason": "8", "residence_municipality": "14"}, "geen geldige gemeentecode (4 cijfers)"),
    ],
)
def test_the_responsible_municipality_goes_with_reason_8_only(changes, error):
    assert structural_errors(answer("ijw", **changes)) == [f"Antwoord/Woonplaatsbeginsel/Gemeente: {error}"]


def test_the_municipality_sends_the_319():
    """Afzender is the municipality (4 digits) and Ontvanger the provider (AGB), unlike a 315 or 317."""
    message = answer()
    swapped = replace(message, header=replace(message.header, sender="12345678", receiver="9901"))

    assert structural_errors(swapped) == [
        "Header/Afzender: geen geldige gemeentecode (4 cijfers)",
        "Header/Ontvanger: geen geldige AGB-code (8 cijfers)",
    ]


def test_without_code_lists_only_the_form_of_the_codes_is_checked(without_standards):
    assert structural_errors(answer(refusal_reason="0")) == []
    assert structural_errors(answer(refusal_reason="A")) == [
        "Antwoord/RedenAfwijzingVerzoek: geen geldige code (de vorm van WJ759)"
    ]
    assert xsd_errors(build_319(answer()), "iwmo", "319") is None


def test_the_xsd_refuses_an_unknown_answer_code(standards):
    xml = build_319(answer(answer="3", refusal_reason=""))

    assert xsd_errors(xml, "iwmo", "319") == [
        "Antwoord/VerzoekAntwoord: code komt niet voor in de codelijst van de standaard"
    ]


# ----------------------------------------------------------------------------------------- examples


def test_the_example_wmo319_reads_into_an_answer(standards):
    xml = _example(standards, "iwmo")

    message = parse_319(xml)

    assert message == Answer319(
        header=Header("iwmo", "319", "0384", "65656055", "876543219", date(2023, 4, 2)),
        provider_reference="9003",
        answer=ANSWER_REFUSED,
        refusal_reason="7",
    )
    assert message.refused
    assert xsd_errors(xml, "iwmo", "319") == []
    assert structural_errors(message) == []


def test_the_example_jw319_reads_into_an_answer_with_the_responsible_municipality(standards):
    xml = _example(standards, "ijw")

    message = parse_319(xml)

    assert message == Answer319(
        header=Header("ijw", "319", "0384", "65656055", "876543219", date(2026, 4, 1)),
        provider_reference="9003",
        answer=ANSWER_REFUSED,
        refusal_reason="8",
        residence_municipality="1916",
    )
    assert xsd_errors(xml, "ijw", "319") == []
    assert structural_errors(message) == []


def test_a_built_319_and_the_example_differ_only_in_what_they_say(standards):
    """Same elements in the same order: the builder follows the published example."""
    example = parse_319(_example(standards, "iwmo"))

    rebuilt = etree.fromstring(build_319(example))
    published = etree.fromstring(_example(standards, "iwmo"))

    assert [e.tag for e in rebuilt.iter()] == [
        e.tag for e in published.iter() if not isinstance(e, etree._Comment)
    ]
