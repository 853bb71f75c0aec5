"""Suggestions for a plan goal: only active provisions of the household's municipality offered in its
district and on the goal's life domain; lightest rung first, word matches first within a rung; Dutch
reasons; a fixed number of queries."""

import pytest

from wijkregie.organisation.models import Organisation
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Rung, Weight
from wijkregie.provisions.models import Provision
from wijkregie.provisions.suggestions import (
    load_catalogue,
    rank,
    suggest,
    words,
)

pytestmark = pytest.mark.django_db


def _general(municipality, name, *, districts=(), domains=("financien",), **fields):
    provision = Provision.objects.create(
        municipality=municipality, kind=ProvisionKind.GENERAL, name=name, domains=list(domains), **fields
    )
    provision.districts.set(districts)
    return provision


def _custom(
    municipality, name, *, weight=Weight.LIGHT, domains=("financien",), law=ProvisionLaw.DEBT, **fields
):
    return Provision.objects.create(
        municipality=municipality,
        kind=ProvisionKind.CUSTOM,
        name=name,
        domains=list(domains),
        law=law,
        product_category="99",
        weight=weight,
        **fields,
    )


def _suggest(world, *, district=None, domain="financien", text="", limit=5):
    district = district or world.west_centrum
    return suggest(
        municipality_id=world.west.pk, district_id=district.pk, domain_code=domain, text=text, limit=limit
    )


def _names(suggestions):
    return [s.provision.name for s in suggestions]


def test_general_before_light_before_heavy_maatwerk(world):
    _custom(world.west, "Beschermingsbewind", weight=Weight.HEAVY)
    _custom(world.west, "Budgetbeheer", weight=Weight.LIGHT)
    _general(world.west, "Thuisadministratie")

    found = _suggest(world)

    assert _names(found) == ["Thuisadministratie", "Budgetbeheer", "Beschermingsbewind"]
    assert [s.rung for s in found] == [Rung.GENERAL, Rung.LIGHT_CUSTOM, Rung.HEAVY_CUSTOM]
    assert [s.is_general for s in found] == [True, False, False]


def test_only_the_households_district_or_the_whole_municipality(world):
    _general(world.west, "Overal")
    _general(world.west, "Alleen Centrum", districts=[world.west_centrum])
    _general(world.west, "Alleen Noord", districts=[world.west_noord])
    _general(world.west, "Centrum en Noord", districts=[world.west_centrum, world.west_noord])

    assert _names(_suggest(world)) == ["Alleen Centrum", "Centrum en Noord", "Overal"]
    assert _names(_suggest(world, district=world.west_noord)) == [
        "Alleen Noord",
        "Centrum en Noord",
        "Overal",
    ]
    none = suggest(municipality_id=world.west.pk, district_id=None, domain_code="financien")
    assert _names(none) == ["Overal"]


def test_only_the_goals_domain(world):
    _general(world.west, "Geldzaken", domains=["financien", "werk-opleiding"])
    _general(world.west, "Woonhulp", domains=["huisvesting"])
    _general(world.west, "Lijkt op financien", domains=["financien-extra"])

    assert _names(_suggest(world)) == ["Geldzaken"]
    assert _names(_suggest(world, domain="huisvesting")) == ["Woonhulp"]
    assert _suggest(world, domain="justitie") == []


def test_inactive_and_other_municipality_left_out(world):
    _general(world.west, "Actief")
    _general(world.west, "Gestopt", active=False)
    _custom(world.west, "Gestopt maatwerk", active=False)
    _general(world.zuid, "In Zuiderdijk")
    _general(world.zuid, "Zuiderdijk in Centrum?", districts=[world.zuid_dorp])

    assert _names(_suggest(world)) == ["Actief"]
    # A district of another municipality finds nothing of this one's district-bound provisions.
    other = suggest(municipality_id=world.west.pk, district_id=world.zuid_dorp.pk, domain_code="financien")
    assert _names(other) == ["Actief"]


def test_reasons_in_dutch(world):
    _general(world.west, "Schuldhulp Centrum", districts=[world.west_centrum], keywords="schulden, geld")
    _general(world.west, "Formulierenhulp", description="Hulp bij het invullen van formulieren")

    found = _suggest(world, text="Rondkomen zonder nieuwe schulden; formulieren op orde")

    by_name = {s.provision.name: s.reasons for s in found}
    assert by_name["Schuldhulp Centrum"] == [
        "past bij het leefgebied Geld en schulden",
        "in de wijk Centrum",
        "zoekwoord 'schulden' komt overeen",
    ]
    assert by_name["Formulierenhulp"] == [
        "past bij het leefgebied Geld en schulden",
        "in de hele gemeente",
        "'formulieren' staat in de naam of beschrijving",
    ]
    labelled = suggest(
        municipality_id=world.west.pk,
        district_id=world.west_centrum.pk,
        domain_code="financien",
        domain_label="Financiën",
    )
    assert labelled[0].reasons[0] == "past bij het leefgebied Financiën"


def test_word_matches_first_within_a_rung_never_above_a_lighter_rung(world):
    _general(world.west, "Administratiecafé")
    _general(world.west, "Budgetcursus", keywords="rondkomen")
    _general(world.west, "Schuldenpunt", keywords="schuld, rondkomen")
    _custom(world.west, "Schuldhulpverlening", keywords="schulden, rondkomen, schuld")

    found = _suggest(world, text="Rondkomen zonder nieuwe schulden")

    assert _names(found) == ["Schuldenpunt", "Budgetcursus", "Administratiecafé", "Schuldhulpverlening"]
    assert found[0].matched == ("rondkomen", "schulden")  # "schuld" matches "schulden"
    assert found[2].matched == ()


def test_limit_and_words(world):
    for i in range(7):
        _general(world.west, f"Voorziening {i}")
    assert len(_suggest(world)) == 5
    assert len(_suggest(world, limit=2)) == 2
    assert words("De Financiën, de schulden en de SCHULDEN op 1 rij") == ["financien", "schulden"]


def test_rank_leaves_out_names_already_in_the_plan(world):
    _general(world.west, "Thuisadministratie")
    _general(world.west, "Budgetcursus")
    catalogue = load_catalogue(municipality_id=world.west.pk, district_id=world.west_centrum.pk)
    found = rank(catalogue, domain_code="financien", exclude_names={"Thuisadministratie"})
    assert _names(found) == ["Budgetcursus"]


@pytest.mark.parametrize("count", [0, 1, 12])
def test_two_queries_whatever_the_catalogue(world, django_assert_num_queries, count):
    organisation = Organisation.objects.get(name="Welzijn De Schans")
    for i in range(count):
        districts = [world.west_centrum] if i % 2 else []
        _general(world.west, f"Voorziening {i}", districts=districts, organisation=organisation)
    with django_assert_num_queries(2):
        found = _suggest(world, limit=20)
        assert {s.provision.organisation.name for s in found} <= {"Welzijn De Schans"}
    assert len(found) == count


# -- suggestions that fit the person ------------------------------------------------------------------------
def _ranked(world, ages, text="", domain="financien"):
    catalogue = load_catalogue(municipality_id=world.west.pk, district_id=world.west_centrum.pk)
    return rank(catalogue, domain_code=domain, text=text, ages=ages)


def test_the_law_and_the_age_range_decide_for_whom(world):
    _general(world.west, "Jongeren-geldcoaching", age_min=16, age_max=27)
    _custom(world.west, "Jeugdhulp bij geld", law=ProvisionLaw.YOUTH)
    _custom(world.west, "Wmo-begeleiding bij geld", law=ProvisionLaw.WMO)
    _general(world.west, "Inloop voor iedereen")

    assert _names(_ranked(world, [62])) == ["Inloop voor iedereen", "Wmo-begeleiding bij geld"]
    assert _names(_ranked(world, [20])) == [
        "Inloop voor iedereen",
        "Jongeren-geldcoaching",
        "Wmo-begeleiding bij geld",
    ]
    assert _names(_ranked(world, [9])) == ["Inloop voor iedereen", "Jeugdhulp bij geld"]
    # a goal for a parent and a child: what suits either of them
    assert len(_ranked(world, [41, 9])) == 3
    # unknown ages hide nothing
    assert len(_ranked(world, [])) == 4
    coaching = next(s for s in _ranked(world, [20]) if s.provision.name == "Jongeren-geldcoaching")
    assert "voor 16 tot en met 27 jaar" in coaching.reasons


def test_volunteers_are_the_lightest_rung_in_the_catalogue(world):
    _general(world.west, "Inloop")
    _general(world.west, "Schuldhulpmaatje", by_volunteers=True)

    found = _ranked(world, [45])

    assert _names(found) == ["Schuldhulpmaatje", "Inloop"]
    assert [s.rung for s in found] == [Rung.VOLUNTEERS, Rung.GENERAL]


def test_keywords_match_across_life_domains_after_the_goals_own(world):
    _general(world.west, "Geldspreekuur", keywords="rekeningen")
    _general(world.west, "Thuisadministratie", domains=["instrumentele-adl"], keywords="rekeningen post")
    _general(world.west, "Woonhulp", domains=["huisvesting"], keywords="verhuizen")

    found = _ranked(world, [45], text="De rekeningen op tijd betalen")

    assert _names(found) == ["Geldspreekuur", "Thuisadministratie"]
    assert found[1].reasons[0] == "uit een ander leefgebied, maar de zoekwoorden passen bij het doel"
