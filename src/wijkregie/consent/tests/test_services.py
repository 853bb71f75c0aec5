"""Consent and sharing rules: recording, withdrawal, the live check, and bad input (nothing half-saved)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import change_rows_flagged
from wijkregie.consent import selectors, services
from wijkregie.consent.constants import Basis, ConsentMethod, DossierPart, LegalBasis
from wijkregie.consent.models import Consent, Share
from wijkregie.core.testclock import SUITE_TODAY
from wijkregie.households.constants import Relation, TimelineKind
from wijkregie.households.models import HouseholdMembership, TimelineEntry
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.tests.factories import OrganisationFactory

from .conftest import add_member, born_aged, head, state
from .factories import ConsentFactory, ShareFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _record(world, orgs, **overrides):
    values = {
        "acting_user": world.anna,
        "resident": head(world.household),
        "basis": Basis.CONSENT,
        "legal_basis": "",
        "organisations": [orgs.welzijn],
        "parts": [DossierPart.PLAN],
        "purpose": "Samen werken aan de schulden",
        "given_on": TODAY(),
        "method": ConsentMethod.WRITTEN,
        "expires_on": TODAY() + datetime.timedelta(days=365),
    }
    values.update(overrides)
    return services.consent_record(**values)


# -- recording ---------------------------------------------------------------------------------------------
def test_record_saves_scope_timeline_and_audit(world, orgs):
    consent = _record(
        world,
        orgs,
        parts=[DossierPart.PLAN, DossierPart.UITVRAAG],
        organisations=[orgs.welzijn, orgs.gemeente],
    )

    consent.refresh_from_db()
    assert consent.parts == ["uitvraag", "plan"]
    assert set(consent.organisations.all()) == {orgs.welzijn, orgs.gemeente}
    assert consent.recorded_by == world.anna
    line = TimelineEntry.objects.get(household=world.household, kind=TimelineKind.CONSENT)
    assert line.description == (
        "Toestemming vastgelegd voor brede uitvraag en huishoudplan met Gemeente Westerhoek "
        "en Welzijn De Schans"
    )
    event = AuditEvent.objects.get(action=Action.CREATE, object_uuid=consent.uuid)
    assert event.household_uuid == world.household.uuid
    assert "Visser" not in line.description


def test_expiry_in_the_past_is_refused_and_nothing_saved(world, orgs):
    before = state()

    with pytest.raises(ValidationError) as error:
        _record(
            world,
            orgs,
            given_on=TODAY() - datetime.timedelta(days=10),
            expires_on=TODAY() - datetime.timedelta(days=1),
        )

    assert error.value.message_dict == {"expires_on": ["De geldigheid kan niet in het verleden eindigen."]}
    assert state() == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"given_on": SUITE_TODAY + datetime.timedelta(days=1), "expires_on": None},
            "given_on",
            "De datum van de toestemming kan niet in de toekomst liggen.",
        ),
        ({"given_on": None}, "given_on", "Vul de datum in waarop de toestemming is gegeven."),
        (
            {"given_on": SUITE_TODAY, "expires_on": SUITE_TODAY - datetime.timedelta(days=3)},
            "expires_on",
            "De geldigheid kan niet in het verleden eindigen.",
        ),
        ({"parts": []}, "parts", "Kies minstens één onderdeel van het dossier."),
        ({"parts": ["plan", "medisch"]}, "parts", "Kies alleen onderdelen van het dossier uit de lijst."),
        ({"organisations": []}, "organisations", "Kies minstens één organisatie."),
        ({"purpose": "   "}, "purpose", "Vul het doel van het delen in."),
        ({"method": ""}, "method", "Vul in hoe de toestemming is gegeven."),
        ({"basis": Basis.LAW, "method": ""}, "legal_basis", "Kies de wettelijke grondslag."),
        (
            {"basis": "mondeling"},
            "basis",
            "Kies de grondslag: toestemming van de inwoner of een wettelijke grondslag.",
        ),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_saved(world, orgs, overrides, field, message):
    before = state()

    with pytest.raises(ValidationError) as error:
        _record(world, orgs, **overrides)

    assert error.value.message_dict[field] == [message]
    assert state() == before


def test_expiry_before_the_given_date_is_refused(world, orgs):
    # The expiry lies before the given date (the given date is also refused, being in the future).
    with pytest.raises(ValidationError) as error:
        _record(
            world,
            orgs,
            given_on=TODAY() + datetime.timedelta(days=2),
            expires_on=TODAY() + datetime.timedelta(days=1),
        )

    assert error.value.message_dict["expires_on"] == [
        "De geldigheid kan niet eindigen vóór de datum waarop de toestemming is gegeven."
    ]
    assert not Consent.objects.exists()


def test_care_provider_cannot_be_in_scope(world, orgs):
    with pytest.raises(ValidationError) as error:
        _record(world, orgs, organisations=[orgs.welzijn, orgs.provider])

    assert error.value.message_dict["organisations"] == [
        "Zorgaanbieders zien alleen hun eigen toewijzingen, nooit het plan of de uitvraag."
    ]
    assert not Consent.objects.exists()


def test_organisation_of_another_municipality_is_refused(world, orgs):
    other = OrganisationFactory(
        name="Gemeente Zuiderdijk", kind=OrganisationKind.MUNICIPALITY, municipality=world.zuid
    )

    with pytest.raises(ValidationError) as error:
        _record(world, orgs, organisations=[other])

    assert "organisations" in error.value.message_dict
    assert not Consent.objects.exists()


def test_law_basis_needs_no_method(world, orgs):
    consent = _record(world, orgs, basis=Basis.LAW, legal_basis=LegalBasis.WMO_ONDERZOEK, method="")

    assert consent.basis == Basis.LAW and consent.legal_basis == LegalBasis.WMO_ONDERZOEK
    assert TimelineEntry.objects.get(kind=TimelineKind.CONSENT).description.startswith(
        "Wettelijke grondslag vastgelegd"
    )


def test_consent_basis_drops_a_legal_basis_sent_along(world, orgs):
    consent = _record(world, orgs, legal_basis=LegalBasis.JEUGDWET)
    assert consent.legal_basis == ""


@pytest.mark.parametrize("name", ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"])
def test_record_for_a_household_out_of_reach_is_404_and_nothing_saved(world, orgs, name):
    before = state()

    with pytest.raises(Http404):
        _record(world, orgs, acting_user=world.user(name))

    assert state() == before


def test_a_former_member_cannot_get_a_new_consent(world, orgs):
    child = add_member(world.household, age=20)
    HouseholdMembership.objects.filter(resident=child).update(end_date=TODAY())

    with pytest.raises(Http404):
        _record(world, orgs, resident=child)


# -- withdrawal --------------------------------------------------------------------------------------------
def test_withdraw_takes_effect_at_once(world, orgs):
    consent = _record(world, orgs)
    assert selectors.consent_valid(consent.resident, orgs.welzijn, DossierPart.PLAN)

    services.consent_withdraw(acting_user=world.anna, consent=consent)

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not selectors.consent_valid(consent.resident, orgs.welzijn, DossierPart.PLAN)
    assert TimelineEntry.objects.filter(kind=TimelineKind.CONSENT).order_by("-pk")[0].description == (
        "Toestemming ingetrokken"
    )
    assert (
        AuditEvent.objects.filter(
            action=Action.UPDATE, object_uuid=consent.uuid, fields=["withdrawn_at"]
        ).count()
        == 1
    )


def test_withdraw_twice_is_refused_even_from_a_stale_copy(world, orgs):
    consent = _record(world, orgs)
    stale = Consent.objects.get(pk=consent.pk)
    services.consent_withdraw(acting_user=world.anna, consent=consent)
    first = Consent.objects.get(pk=consent.pk).withdrawn_at
    before = state()

    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(acting_user=world.teun, consent=stale)

    assert error.value.message_dict == {"consent": ["Deze toestemming is al ingetrokken."]}
    assert Consent.objects.get(pk=consent.pk).withdrawn_at == first
    assert state() == before


@pytest.mark.parametrize("name", ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"])
def test_withdraw_out_of_reach_is_404(world, orgs, name):
    consent = _record(world, orgs)
    before = state()

    with pytest.raises(Http404):
        services.consent_withdraw(acting_user=world.user(name), consent=consent)

    assert state() == before


# -- validity ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        ({}, True),
        ({"withdrawn": True}, False),
        ({"expired": True}, False),
        ({"by_law": True}, True),
        ({"expires_on": SUITE_TODAY}, True),
        ({"given_on": SUITE_TODAY + datetime.timedelta(days=1)}, False),
        ({"parts": ["uitvraag"]}, False),
    ],
)
def test_consent_valid(world, orgs, traits, expected):
    resident = head(world.household)
    ConsentFactory(resident=resident, organisations=[orgs.welzijn], **traits)

    assert selectors.consent_valid(resident, orgs.welzijn, DossierPart.PLAN) is expected
    assert selectors.consent_valid(resident, orgs.gemeente, DossierPart.PLAN) is False


def test_consent_valid_on_another_day(world, orgs):
    resident = head(world.household)
    ConsentFactory(
        resident=resident, organisations=[orgs.welzijn], expires_on=TODAY() + datetime.timedelta(days=5)
    )

    assert selectors.consent_valid(resident, orgs.welzijn, "plan", on=TODAY() + datetime.timedelta(days=5))
    assert not selectors.consent_valid(
        resident, orgs.welzijn, "plan", on=TODAY() + datetime.timedelta(days=6)
    )


def test_status_labels(world, orgs):
    resident = head(world.household)
    assert selectors.consent_status(ConsentFactory(resident=resident)) == "geldig"
    assert selectors.consent_status(ConsentFactory(resident=resident, expired=True)) == "verlopen"
    assert selectors.consent_status(ConsentFactory(resident=resident, withdrawn=True)) == "ingetrokken"


# -- the share check ---------------------------------------------------------------------------------------
def test_every_member_of_16_or_older_must_consent(world, orgs):
    adult = head(world.household)
    sixteen = add_member(world.household, age=16, surname="Zestien")
    add_member(world.household, age=15, surname="Vijftien")
    ConsentFactory(resident=adult, organisations=[orgs.welzijn])

    assert selectors.share_check(world.household, orgs.welzijn, "plan") == [sixteen]

    ConsentFactory(resident=sixteen, organisations=[orgs.welzijn])
    assert selectors.share_check(world.household, orgs.welzijn, "plan") == []


def test_a_household_of_minors_needs_the_head_only(world, orgs):
    household = HouseholdFactory(
        district=world.west_centrum, head__birth_date=born_aged(15), in_caseload_of=world.team_a
    )
    add_member(household, age=12)

    assert selectors.share_check(household, orgs.welzijn, "plan") == [head(household)]

    ConsentFactory(resident=head(household), organisations=[orgs.welzijn])
    assert selectors.share_check(household, orgs.welzijn, "plan") == []


def test_law_basis_counts_in_the_check(world, orgs):
    ConsentFactory(
        resident=head(world.household), organisations=[orgs.welzijn], by_law=True, parts=["uitvraag"]
    )

    assert selectors.share_check(world.household, orgs.welzijn, "uitvraag") == []
    assert selectors.share_check(world.household, orgs.welzijn, "plan") == [head(world.household)]


def test_former_members_do_not_count(world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    gone = add_member(world.household, age=30, relation=Relation.PARTNER)
    HouseholdMembership.objects.filter(resident=gone).update(end_date=TODAY())

    assert selectors.share_check(world.household, orgs.welzijn, "plan") == []


# -- sharing -----------------------------------------------------------------------------------------------
def test_share_is_refused_when_a_member_of_16_plus_lacks_consent(world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    add_member(world.household, age=17, given_names="Sem", surname="Visser")
    before = state()

    with pytest.raises(ValidationError) as error:
        services.share_create(
            acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="plan"
        )

    assert error.value.message_dict == {
        "organisation": [
            "Er is geen geldige toestemming voor dit onderdeel en deze organisatie van: Sem Visser. "
            "Leg eerst hun toestemming of de wettelijke grondslag vast."
        ]
    }
    assert state() == before


def test_share_is_made_when_all_have_consent(world, orgs):
    teen = add_member(world.household, age=17)
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    ConsentFactory(resident=teen, organisations=[orgs.welzijn], by_law=True)

    share = services.share_create(
        acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="plan"
    )

    assert share.ended_at is None and share.shared_by == world.anna
    line = TimelineEntry.objects.get(kind=TimelineKind.SHARED)
    assert line.description == "Huishoudplan gedeeld met Welzijn De Schans"
    assert AuditEvent.objects.filter(action=Action.CREATE, object_uuid=share.uuid).count() == 1


def test_share_to_a_care_provider_is_refused_whatever_the_consent(world, orgs):
    consent = ConsentFactory(resident=head(world.household), organisations=[orgs.provider])
    assert consent.pk
    before = state()

    with pytest.raises(ValidationError) as error:
        services.share_create(
            acting_user=world.anna, household=world.household, organisation=orgs.provider, part="plan"
        )

    assert error.value.message_dict == {
        "organisation": ["Zorgaanbieders zien alleen hun eigen toewijzingen, nooit het plan of de uitvraag."]
    }
    assert state() == before


def test_share_of_an_unknown_part_is_refused(world, orgs):
    with pytest.raises(ValidationError) as error:
        services.share_create(
            acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="medisch"
        )
    assert "part" in error.value.message_dict
    assert not Share.objects.exists()


def test_the_same_share_twice_is_refused(world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    services.share_create(
        acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="plan"
    )

    with pytest.raises(ValidationError) as error:
        services.share_create(
            acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="plan"
        )

    assert error.value.message_dict == {"part": ["Dit onderdeel is al gedeeld met deze organisatie."]}
    assert Share.objects.count() == 1


@pytest.mark.parametrize("name", ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"])
def test_share_out_of_reach_is_404(world, orgs, name):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    before = state()

    with pytest.raises(Http404):
        services.share_create(
            acting_user=world.user(name), household=world.household, organisation=orgs.welzijn, part="plan"
        )

    assert state() == before


def test_share_end_once(world, orgs):
    share = ShareFactory(household=world.household, organisation=orgs.welzijn)
    stale = Share.objects.get(pk=share.pk)

    services.share_end(acting_user=world.anna, share=share)
    with pytest.raises(ValidationError):
        services.share_end(acting_user=world.anna, share=stale)

    assert Share.objects.get(pk=share.pk).ended_at is not None
    assert TimelineEntry.objects.filter(kind=TimelineKind.SHARED).count() == 1


def test_check_shares_batches_and_matches_share_check(world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn], parts=["plan"])
    plan = ShareFactory(household=world.household, organisation=orgs.welzijn, part="plan")
    uitvraag = ShareFactory(household=world.household, organisation=orgs.welzijn, part="uitvraag")

    checked = {c.share.pk: c for c in selectors.check_shares([plan, uitvraag])}

    assert checked[plan.pk].passes and checked[plan.pk].lacking == []
    assert not checked[uitvraag.pk].passes and checked[uitvraag.pk].lacking == [head(world.household)]


def test_a_consent_recorded_through_break_the_glass_is_flagged(world, orgs, otto_through_glass):
    through_glass = _record(world, orgs, acting_user=otto_through_glass)
    ordinary = _record(world, orgs)

    assert change_rows_flagged(object_uuid=through_glass.uuid) == [True]
    assert change_rows_flagged(object_uuid=ordinary.uuid) == [False]
