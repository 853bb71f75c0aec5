"""The inzage document: all data about the resident and who accessed it; nothing about anyone else."""

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.households import services as household_services
from wijkregie.households.constants import Relation, RepresentativeKind, TimelineKind
from wijkregie.households.models import CaseloadEntry, HouseholdMembership, Representative, TimelineEntry
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory
from wijkregie.oversight.inzage import FORMAT, inzage_document
from wijkregie.oversight.services import inzage_export


@pytest.fixture
def partner(world, trail):
    """Another member of the same household, with data that must not leak into the resident's export."""
    other = ResidentFactory(surname="Oosterhuis", phone="0612345678")
    HouseholdMembership.objects.create(
        household=world.household, resident=other, relation=Relation.PARTNER, start_date=date(2021, 3, 1)
    )
    household_services.representative_add(
        acting_user=world.anna, resident=other, kind=RepresentativeKind.LEGAL, name="Mr. Bewindvoerder Zwart"
    )
    return other


def _access(document, actor, action):
    return [a for a in document["toegang"] if a["medewerker"] == actor.display_name and a["actie"] == action]


def test_every_app_adds_its_own_part_in_the_order_of_the_apps(world, trail):
    document = inzage_document(trail.resident)

    assert list(document) == [
        "formaat", "aangemaakt_op",
        "inwoner", "vertegenwoordigers", "vertegenwoordigt", "huishoudens",  # households
        "scores", "meldingen", "toestemmingen", "plandoelen", "akkoord_op_plan",  # casework apps
        "maatwerk", "toewijzingen", "vroegsignalen", "sturingsgegevens",  # decisions, allocations, ...
        "sturingsgegevens_effect",
        "toegang",
    ]  # fmt: skip


def test_two_apps_may_not_claim_the_same_part(monkeypatch):
    from wijkregie.intake import inzage as intake_inzage
    from wijkregie.oversight import inzage

    monkeypatch.setattr(intake_inzage, "SECTIONS", {"scores": intake_inzage.meldingen_of})
    inzage.sections.cache_clear()
    try:
        with pytest.raises(ValueError, match="scores"):
            inzage.sections()
    finally:
        monkeypatch.undo()
        inzage.sections.cache_clear()


def test_document_holds_the_resident_and_who_looked(world, trail, partner):
    household_services.representative_add(
        acting_user=world.anna, resident=trail.resident, kind=RepresentativeKind.AUTHORISED, name="Ria Visser"
    )

    document = inzage_export(acting_user=world.fenna, bsn=trail.resident.bsn)

    assert document["formaat"] == FORMAT
    me = document["inwoner"]
    assert (me["uuid"], me["bsn"], me["geslachtsnaam"], me["geboortedatum"], me["postcode"]) == (
        str(trail.resident.uuid),
        trail.resident.bsn,
        "Visser",
        "1980-05-17",
        "9711AB",
    )
    representatives = [(r["soort"], r["naam"]) for r in document["vertegenwoordigers"]]
    assert representatives == [("Gemachtigde", "Ria Visser")]
    [home] = document["huishoudens"]
    assert (home["huishouden_uuid"], home["relatie"], home["lid_vanaf"], home["lid_tot"]) == (
        str(world.household.uuid),
        "Hoofdbewoner",
        "2020-01-01",
        None,
    )
    assert home["gemeente"] == {"naam": "Westerhoek", "cbs_code": "9901"}
    assert home["wijk"]["naam"] == "Centrum"
    assert [(c["team"], c["medewerker"]) for c in home["werkvoorraad"]] == [
        ("Wijkteam Centrum", world.anna.display_name)
    ]
    assert "Toegang buiten werkvoorraad geopend" in [t["omschrijving"] for t in home["tijdlijn"]]

    [anna_read] = _access(document, world.anna, Action.READ)
    assert (anna_read["rol"], anna_read["kanaal"], anna_read["doorbroken_toegang"]) == (
        "Wijkteammedewerker / consulent",
        "Web",
        False,
    )
    [otto_glass] = _access(document, world.otto, Action.BREAK_GLASS)
    [otto_read] = _access(document, world.otto, Action.READ)
    assert otto_glass["doorbroken_toegang"] is True and otto_read["doorbroken_toegang"] is True
    assert otto_glass["actie_omschrijving"] == "Toegang doorbroken"
    assert otto_glass["moment"] == timezone.localtime(trail.otto_glass.occurred_at).isoformat()


def test_document_holds_nothing_about_anyone_else(world, trail, partner):
    Representative.objects.create(
        resident=partner,
        kind=RepresentativeKind.AUTHORISED,
        name="J.P. Visser",
        represented_by=trail.resident,
        start_date=date(2022, 2, 1),
    )

    document = inzage_export(acting_user=world.fenna, bsn=trail.resident.bsn)
    text = json.dumps(document, ensure_ascii=False)

    assert document["vertegenwoordigt"] == [
        {"soort": "Gemachtigde", "ingangsdatum": "2022-02-01", "einddatum": None}
    ]
    for other in (partner, trail.zuid_resident):
        for value in (other.bsn, other.surname, str(other.uuid), other.phone or "geen-telefoon"):
            assert value not in text
    assert "Bewindvoerder Zwart" not in text  # the partner's representative
    assert str(world.zuid_household.uuid) not in text
    assert world.zoe.display_name not in text and world.bo.display_name not in text


def test_export_writes_one_export_row_without_the_bsn(world, trail):
    inzage_export(acting_user=world.teun, bsn=trail.resident.bsn, channel=Channel.API)

    export = AuditEvent.objects.get(action=Action.EXPORT)
    assert (export.actor, export.actor_role, export.channel) == (world.teun, "teamleider", Channel.API)
    assert (export.object_type, export.object_uuid, export.household_uuid) == (
        "households.resident",
        trail.resident.uuid,
        world.household.uuid,
    )
    assert trail.resident.bsn not in json.dumps([str(v) for v in AuditEvent.objects.values_list()])


def test_an_earlier_export_is_itself_in_the_next_one(world, trail):
    inzage_export(acting_user=world.teun, bsn=trail.resident.bsn)

    document = inzage_export(acting_user=world.fenna, bsn=trail.resident.bsn)

    assert len(_access(document, world.teun, Action.EXPORT)) == 1


@pytest.mark.parametrize("bsn", ["", "123456789", "999990019"])
def test_unknown_or_invalid_bsn_is_404_and_writes_nothing(world, trail, bsn):
    before = AuditEvent.objects.count()

    with pytest.raises(Http404):
        inzage_export(acting_user=world.fenna, bsn=bsn)

    assert AuditEvent.objects.count() == before


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def test_history_shows_each_household_only_for_the_time_of_membership(world, trail):
    """The resident lived in an earlier household until 31-12-2023: its lines after that are not theirs."""
    earlier = HouseholdFactory(district=world.west_noord, head=ResidentFactory(surname="Eerder"))
    HouseholdMembership.objects.create(
        household=earlier,
        resident=trail.resident,
        relation=Relation.CHILD,
        start_date=date(2010, 1, 1),
        end_date=date(2019, 12, 31),
    )
    TimelineEntry.objects.bulk_create(
        [
            TimelineEntry(
                household=earlier,
                occurred_at=_at(date(2009, 6, 1)),
                kind=TimelineKind.ASSIGNED,
                description="voor",
            ),
            TimelineEntry(
                household=earlier,
                occurred_at=_at(date(2019, 12, 31), 23),
                kind=TimelineKind.ASSIGNED,
                description="tijdens",
            ),
            TimelineEntry(
                household=earlier,
                occurred_at=_at(date(2020, 1, 1), 0),
                kind=TimelineKind.ASSIGNED,
                description="na",
            ),
        ]
    )
    CaseloadEntry.objects.bulk_create(
        [
            CaseloadEntry(
                household=earlier,
                team=world.team_b,
                started_at=_at(date(2008, 1, 1)),
                ended_at=_at(date(2009, 12, 31)),
            ),
            CaseloadEntry(
                household=earlier,
                team=world.backoffice,
                started_at=_at(date(2015, 1, 1)),
                ended_at=_at(date(2016, 1, 1)),
            ),
            CaseloadEntry(household=earlier, team=world.welfare, started_at=_at(date(2021, 1, 1))),
        ]
    )
    AuditEvent.objects.create(
        occurred_at=_at(date(2009, 1, 1)),
        actor=world.bo,
        action=Action.READ,
        object_type="households.household",
        household_uuid=earlier.uuid,
    )
    AuditEvent.objects.create(
        occurred_at=_at(date(2015, 3, 1)),
        actor=world.sanne,
        action=Action.READ,
        object_type="households.household",
        household_uuid=earlier.uuid,
    )

    document = inzage_export(acting_user=world.fenna, bsn=trail.resident.bsn)

    former, current = document["huishoudens"]
    assert (former["huishouden_uuid"], former["relatie"], former["lid_tot"]) == (
        str(earlier.uuid),
        "Kind",
        "2019-12-31",
    )
    assert current["huishouden_uuid"] == str(world.household.uuid)
    assert [t["omschrijving"] for t in former["tijdlijn"]] == ["tijdens"]
    assert [c["team"] for c in former["werkvoorraad"]] == ["Backoffice"]
    assert _access(document, world.sanne, Action.READ) and not _access(document, world.bo, Action.READ)
    assert "Eerder" not in json.dumps(document)


def test_document_is_a_fixed_number_of_queries(world, trail, partner, django_assert_num_queries):
    for day in range(30):
        TimelineEntry.objects.create(
            household=world.household,
            actor=world.anna,
            occurred_at=_at(date(2022, 1, 1) + timedelta(day)),
            kind=TimelineKind.DETAILS_CHANGED,
            description="Gegevens gewijzigd",
        )
        household_services.dossier_open(acting_user=world.anna, household_uuid=world.household.uuid)

    # memberships (for the households and for the accesses), representatives, represented by them,
    # caseload, timeline, accesses, and one query each for the casework sections (meldingen, scores, plan
    # goals, agreements, consents, maatwerk, allocations, vroegsignalen, steering rows) when they are empty
    with django_assert_num_queries(22):
        document = inzage_document(trail.resident)

    assert len(document["huishoudens"][0]["tijdlijn"]) >= 30
    assert len(document["toegang"]) >= 33


def test_the_casework_the_resident_is_part_of_is_in_the_document_and_the_partners_is_not(
    world, trail, partner
):
    from wijkregie.assessment.constants import ZRM_2017, ScoringMoment
    from wijkregie.assessment.models import Instrument
    from wijkregie.assessment.services import DomainScoreData, builtin_instruments_install, scoring_record
    from wijkregie.consent.services import consent_record
    from wijkregie.intake.services import MeldingData, melding_create
    from wijkregie.organisation.models import Organisation
    from wijkregie.plans import services as plans

    resident = trail.resident
    builtin_instruments_install()
    zrm = Instrument.objects.get(key=ZRM_2017, municipality=None)
    melding_create(
        acting_user=world.anna,
        household=world.household,
        resident=resident,
        data=MeldingData(
            channel="huisarts",
            question="Ik kom mijn huis niet meer uit.",
            laws=["wmo"],
            urgency="regulier",
            resident_informed=True,
            reporter_name="Dokter Geheim",
        ),
    )
    melding_create(
        acting_user=world.anna,
        household=world.household,
        resident=partner,
        data=MeldingData(
            channel="school",
            question="Vraag van de partner.",
            laws=["geen"],
            urgency="regulier",
            resident_informed=True,
        ),
    )
    scoring_record(
        acting_user=world.anna,
        household=world.household,
        resident=resident,
        instrument=zrm,
        moment=ScoringMoment.INTAKE,
        scored_on=date(2026, 11, 2),
        scores=[
            DomainScoreData(
                domain_code=zrm.domains.first().code, value=2, situation="Rekeningen stapelen op."
            )
        ],
    )
    plan = plans.plan_create(acting_user=world.anna, household=world.household)
    plans.goal_add(
        acting_user=world.anna,
        plan=plan,
        domain=zrm.domains.first(),
        members=[resident],
        description="Weer overzicht over de post.",
    )
    welzijn = Organisation.objects.get(name="Welzijn De Schans")
    consent_record(
        acting_user=world.anna,
        resident=resident,
        organisations=[welzijn],
        parts=["plan"],
        purpose="Samen aan het plan werken",
        given_on=date(2026, 11, 2),
        method="mondeling",
    )

    document = inzage_document(resident)

    assert [m["vraag"] for m in document["meldingen"]] == ["Ik kom mijn huis niet meer uit."]
    assert "Dokter Geheim" not in json.dumps(document)  # the reporter is someone else's data
    assert document["scores"][0]["leefgebieden"][0]["betekenis"] == "Niet zelfredzaam"
    assert document["plandoelen"][0]["doel"] == "Weer overzicht over de post."
    assert document["toestemmingen"][0]["organisaties"] == ["Welzijn De Schans"]
    assert "Vraag van de partner." not in json.dumps(document)
