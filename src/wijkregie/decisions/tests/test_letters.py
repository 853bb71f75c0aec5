"""The beschikking letter: what it says for each outcome, amounts in words, the bezwaar clause, the
municipality's own template and message, escaping, and the queries it takes."""

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from wijkregie.decisions import services
from wijkregie.decisions.constants import DecisionKind, DeliveryForm, Outcome, RequestReason
from wijkregie.decisions.letters import beschikking_html, beschikking_pdf
from wijkregie.decisions.models import Beschikking, DecisionRules
from wijkregie.provisions.models import Provision

from .conftest import TODAY, head, make_provision

pytestmark = pytest.mark.django_db

MOTIVATION = "Mevrouw kan niet meer zelf douchen.\nHaar dochter helpt, maar woont ver weg."
MESSAGE = "Vanaf 1 mei zit het Wmo-loket in het nieuwe gemeentehuis."
ZUID_MOTTO = "Zuiderdijk: samen in het dorp"
_sequence = iter(range(1, 1000))


def _pdf_text(beschikking: Beschikking) -> str:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: WeasyPrint is there but Pango is not
        pytest.skip(f"WeasyPrint kan hier geen PDF maken ({type(error).__name__}); installeer Pango")
    pdf = beschikking_pdf(beschikking)
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def _provision(municipality, name="Hulp bij het huishouden"):
    provision = make_provision(municipality, name=name)
    Provision.objects.filter(pk=provision.pk).update(product_code="02A01", unit="04", frequency="2")
    provision.refresh_from_db()
    return provision


def _letter(
    world,
    outcome=Outcome.GRANTED,
    *,
    zuid=False,
    kind=DecisionKind.WITHIN_RULES,
    deviation_motivation="",
    approved_by=None,
    reason=RequestReason.APPLICATION,
    **fields,
):
    """A request made through the service, its omgekeerde toets decided, and a signed beschikking."""
    household = world.zuid_household if zuid else world.household
    worker = world.zoe if zuid else world.anna
    request = services.request_create(
        acting_user=worker,
        household=household,
        resident=head(household),
        provision=_provision(world.zuid if zuid else world.west),
        received_on=TODAY - datetime.timedelta(days=7),
        reason=reason,
    )
    test = request.reverse_test
    test.outcome = outcome
    test.decision_kind = kind
    test.deviation_motivation = deviation_motivation
    test.decided_on = TODAY
    test.decided_by = worker
    test.approval_needed = kind == DecisionKind.DEVIATION
    test.approved_by = approved_by
    test.approved_on = TODAY if approved_by else None
    test.save()
    values = {
        "request": request,
        "reference": f"BS-2025-{next(_sequence):04d}",
        "motivation": MOTIVATION,
        "signed_by": worker,
        "signed_on": TODAY,
        **fields,
    }
    return Beschikking.objects.create(**values)


def _rules(municipality, **fields):
    # The first request installed the defaults with a rules row; a test may come before or after it.
    return DecisionRules.objects.update_or_create(municipality=municipality, defaults=fields)[0]


# -- each outcome ----------------------------------------------------------------------------------------
def test_granted_letter_has_product_volume_period_and_bezwaar(world):
    _rules(world.west, letter_message=MESSAGE, letter_sender="Team Toegang Westerhoek")
    beschikking = _letter(
        world,
        volume=3,
        unit="04",
        frequency="2",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2026, 3, 31),
        provider_choice="Zorg Thuis",
        yearly_cents=123456,
    )
    resident = head(world.household)

    text = _pdf_text(beschikking)

    for expected in (
        "Gemeente Westerhoek",
        "Team Toegang Westerhoek",
        "10 maart 2025",
        beschikking.reference,
        f"J.P. {resident.surname}",
        f"Dorpsstraat {resident.house_number}",
        "9711 AB WESTERHOEK",
        "Besluit over uw aanvraag voor Hulp bij het huishouden",
        "Op 3 maart 2025 hebt u ons gevraagd",
        "U krijgt Hulp bij het huishouden.",
        "productcategorie 02, productcode 02A01",
        "3 uur per week",
        "van 1 april 2025 tot en met 31 maart 2026",
        "Zorg in natura",
        "Zorg Thuis",
        "ongeveer € 1.234,56",
        "eigen bijdrage",
        "Mevrouw kan niet meer zelf douchen.",
        "namens het college van burgemeester en wethouders van Westerhoek",
        world.anna.display_name,
        MESSAGE,
        "binnen zes weken",
        "artikel 6:7 en 6:8 Awb",
        "artikel 6:5 Awb",
        "voorzieningenrechter",
        "voorlopige voorziening",
    ):
        assert expected in text, expected
    assert "wijken wij af" not in text
    assert "bandbreedte" not in text
    assert "Concept" not in text
    assert "tweede ondertekenaar" not in text


def test_partly_granted_budget_letter(world):
    beschikking = _letter(
        world,
        Outcome.PARTLY_GRANTED,
        budget_cents=123456,
        unit="",  # as the service stores a budget: no unit, no frequency
        delivery_form=DeliveryForm.PERSONAL_BUDGET,
        start_date=datetime.date(2025, 4, 1),
        yearly_cents=123456,
    )
    # The product is per week; a budget is not.
    assert beschikking.request.provision.frequency == "2"

    text = _pdf_text(beschikking)

    for expected in (
        "U krijgt een deel van wat u vroeg.",
        "Budget € 1.234,56 in totaal voor de hele periode",
        "vanaf 1 april 2025, voor onbepaalde tijd",
        "Persoonsgebonden budget (pgb)",
        "Sociale Verzekeringsbank",
        "ongeveer € 1.234,56",
        "zes weken",
    ):
        assert expected in text, expected
    assert "per week" not in text


def test_bandwidth_letter_names_minimum_and_maximum(world):
    beschikking = _letter(
        world,
        volume=4,
        bandwidth_min=2,
        bandwidth_max=6,
        unit="04",
        frequency="2",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2025, 12, 31),
    )

    text = _pdf_text(beschikking)

    assert "minimaal 2 en maximaal 6 uur per week" in text
    assert "Wij gaan uit van 4 uur per week" in text
    assert "meer of minder maken" in text
    assert "geen nieuwe indicatie nodig" in text


def test_refusal_has_bezwaar_and_no_amounts(world):
    # Whatever is left in the amount fields, a refusal shows no product amounts.
    beschikking = _letter(world, Outcome.REFUSED, volume=3, unit="04", frequency="2", yearly_cents=123456)

    text = _pdf_text(beschikking)

    assert "U krijgt Hulp bij het huishouden niet." in text
    assert "Wij wijzen uw aanvraag af." in text
    assert "binnen zes weken" in text and "6:7" in text
    for absent in ("€", "uur per week", "Wat u krijgt", "Periode", "1.234,56", "Zorg in natura", MESSAGE):
        assert absent not in text, absent


def test_not_considered_names_awb_4_5_and_bezwaar(world):
    beschikking = _letter(world, Outcome.NOT_CONSIDERED)

    text = _pdf_text(beschikking)

    assert "Wij behandelen uw aanvraag niet." in text
    assert "artikel 4:5" in text
    assert "zes weken" in text
    assert "Wat u krijgt" not in text


def test_deviation_says_why_and_both_sign(world):
    beschikking = _letter(
        world,
        kind=DecisionKind.DEVIATION,
        deviation_motivation="Zonder deze hulp moet mevrouw verhuizen naar een verpleeghuis.",
        approved_by=world.teun,
        volume=5,
        unit="04",
        frequency="2",
    )

    text = _pdf_text(beschikking)

    assert "wijken wij af van onze beleidsregels" in text
    assert "in de geest van de wet" in text
    assert "Zonder deze hulp moet mevrouw verhuizen naar een verpleeghuis." in text
    assert world.anna.display_name in text
    assert f"{world.teun.display_name} tweede ondertekenaar" in text


def test_unit_words_and_total_frequency(world):
    html = beschikking_html(_letter(world, volume=1, unit="14", frequency="6"))
    assert "1 etmaal in totaal voor de hele periode" in html

    html = beschikking_html(_letter(world, volume=2, unit="16", frequency="4"))
    assert "2 dagdelen van 4 uur per maand" in html


def test_a_budget_is_for_the_whole_period_whatever_the_product_frequency(world):
    html = beschikking_html(_letter(world, budget_cents=200_000, unit=""))  # the product is per week
    assert "€ 2.000,00 in totaal voor de hele periode" in html
    assert "per week" not in html


# -- the municipality's own letter -----------------------------------------------------------------------
def test_zuiderdijk_has_its_own_letterhead_westerhoek_the_default(world):
    zuid = _letter(world, zuid=True, volume=3, unit="04", frequency="2")
    west = _letter(world, volume=3, unit="04", frequency="2")

    zuid_text = _pdf_text(zuid)
    west_text = _pdf_text(west)

    assert ZUID_MOTTO in zuid_text
    assert "Gemeente Zuiderdijk" in zuid_text
    assert "zes weken" in zuid_text  # the rest is the default letter
    assert "#2e6b30" in beschikking_html(zuid)
    assert ZUID_MOTTO not in west_text
    assert "#2e6b30" not in beschikking_html(west)
    assert "Gemeente Westerhoek" in west_text


def test_objection_address_or_a_sentence_when_empty(world):
    beschikking = _letter(world)
    assert "Stuur uw bezwaar naar het college van burgemeester en wethouders van de gemeente Westerhoek" in (
        beschikking_html(beschikking)
    )

    _rules(world.west, objection_address="Postbus 12\n9700 AA Westerhoek")
    html = beschikking_html(Beschikking.objects.get(pk=beschikking.pk))
    assert "Postbus 12<br>9700 AA Westerhoek" in html
    assert "Het adres staat op de website" not in html


def test_follow_up_requests_have_their_own_subject(world):
    html = beschikking_html(_letter(world, reason=RequestReason.REINDICATION, volume=3, unit="04"))
    assert "Besluit over het vervolg van Hulp bij het huishouden" in html

    html = beschikking_html(_letter(world, reason=RequestReason.RECONSIDERATION, volume=3, unit="04"))
    assert "Nieuw besluit na uw bezwaar" in html


def test_unsigned_letter_is_a_concept(world):
    html = beschikking_html(_letter(world, signed_by=None, signed_on=None))
    assert "Concept: deze brief is nog niet ondertekend" in html
    assert "nog niet verstuurd" in html


def test_dutch_whatever_the_active_language(world):
    beschikking = _letter(world, start_date=datetime.date(2025, 5, 1))
    with translation.override("en"):
        html = beschikking_html(beschikking)
        assert translation.get_language() == "en"  # the caller's language is left as it was
    assert "10 maart 2025" in html and "1 mei 2025" in html


# -- safety and cost -------------------------------------------------------------------------------------
def test_text_from_people_is_escaped_and_keeps_line_breaks(world):
    _rules(world.west, letter_message="<b>Let op</b>\nNieuw adres")
    beschikking = _letter(
        world,
        motivation="<script>alert(1)</script>\nTweede regel",
        provider_choice="<i>Zorg</i>",
        volume=1,
        unit="04",
        frequency="1",
    )

    html = beschikking_html(beschikking)

    assert "<script>" not in html and "<b>Let op" not in html and "<i>Zorg" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Tweede regel" in html
    assert "&lt;b&gt;Let op&lt;/b&gt;<br>Nieuw adres" in html
    assert "&lt;i&gt;Zorg&lt;/i&gt;" in html
    assert "<script>alert(1)</script> Tweede regel" in _pdf_text(beschikking)  # shown as text


def test_html_takes_three_queries_from_a_bare_beschikking(world, django_assert_num_queries):
    _rules(world.west, letter_message=MESSAGE)
    created = _letter(
        world,
        kind=DecisionKind.DEVIATION,
        deviation_motivation="In de geest van de wet.",
        approved_by=world.teun,
        signed_by=world.bo,
        volume=3,
        unit="04",
        frequency="2",
    )
    beschikking = Beschikking.objects.get(pk=created.pk)

    # the request with household, municipality, resident, provision, toets, decider and approver; who
    # signed; the municipality's decision rules
    with django_assert_num_queries(3):
        html = beschikking_html(beschikking)
    for name in (world.anna.display_name, world.teun.display_name, world.bo.display_name):
        assert name in html

    # What the caller already holds is not fetched again: only the rules are read.
    with django_assert_num_queries(1):
        assert beschikking_html(beschikking) == html


def test_html_uses_unsaved_changes_of_the_objects_given(world, django_assert_num_queries):
    beschikking = _letter(world, signed_by=None, signed_on=None, volume=3, unit="04", frequency="2")
    beschikking_html(beschikking)  # loads the relations once

    beschikking.signed_by = world.teun  # as the signing service does, before it saves
    beschikking.signed_on = datetime.date(2025, 3, 11)
    with django_assert_num_queries(1):
        html = beschikking_html(beschikking)

    assert "11 maart 2025" in html
    assert world.teun.display_name in html
    assert "Concept" not in html
