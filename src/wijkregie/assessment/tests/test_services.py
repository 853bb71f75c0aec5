"""The brede uitvraag: a report per household, every member scored per domain, finalised once; the rules
and the bad input, and the audit row and timeline line that come with every write."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.assessment import selectors, services
from wijkregie.assessment.constants import ReportStatus, ScoringMoment
from wijkregie.assessment.models import ConversationReport, DomainScore, Instrument, Scoring
from wijkregie.assessment.services import DomainScoreData
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import change_rows_flagged
from wijkregie.core.testclock import clock_at
from wijkregie.households.constants import Relation, TimelineKind
from wijkregie.households.models import HouseholdMembership, TimelineEntry
from wijkregie.households.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    """These tests run on TODAY: the dates of their contracts and decisions are fixed."""
    with clock_at(TODAY):
        yield


def _head(world):
    return world.household.memberships.get(relation=Relation.HEAD).resident


def _report(world, **kwargs):
    values = {"held_on": TODAY, "story": "Huur achterstand, zorgen om zoon.", "wishes": "Rust in huis."}
    return services.report_create(acting_user=world.anna, household=world.household, **{**values, **kwargs})


def _score(world, report, resident=None, scores=None, **kwargs):
    return services.scoring_record(
        acting_user=world.anna,
        household=world.household,
        resident=resident or _head(world),
        instrument=report.instrument,
        moment=ScoringMoment.INTAKE,
        scores=scores
        if scores is not None
        else [
            DomainScoreData(
                "financien", 2, situation="Schulden bij de verhuurder", own_strength="Houdt post bij"
            ),
            DomainScoreData("huisvesting", 3, network_strength="Zus helpt met papieren"),
        ],
        scored_on=kwargs.pop("scored_on", TODAY),
        report=report,
        **kwargs,
    )


def _counts():
    return (
        ConversationReport.objects.count(),
        Scoring.objects.count(),
        DomainScore.objects.count(),
        AuditEvent.objects.exclude(action=Action.READ).count(),
        TimelineEntry.objects.count(),
    )


def test_a_report_is_made_on_zrm_by_default_with_audit_and_timeline(world, zrm):
    report = _report(world)

    assert (report.instrument, report.status, report.held_by) == (zrm, ReportStatus.DRAFT, world.anna)
    event = AuditEvent.objects.get(object_uuid=report.uuid)
    assert (event.action, event.household_uuid) == (Action.CREATE, world.household.uuid)
    line = world.household.timeline.get(kind=TimelineKind.UITVRAAG)
    assert line.description == "Brede uitvraag vastgelegd (Zelfredzaamheid-Matrix (ZRM 2017))"
    assert selectors.latest_report(world.household) == report


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"held_on": datetime.date(2025, 3, 11)}, {"held_on": ["Deze datum ligt in de toekomst."]}),
        ({"story": "   "}, {"story": ["Schrijf het verhaal van het huishouden op."]}),
    ],
)
def test_a_report_needs_a_story_and_a_date_not_in_the_future(world, changes, errors):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _report(world, **changes)
    assert caught.value.message_dict == errors
    assert _counts() == before


def test_a_report_is_on_an_instrument_of_the_households_municipality(world, zara):
    from .conftest import OWN_INSTRUMENT

    zuid_own = services.instrument_import(
        acting_user=zara, municipality=world.zuid, content=OWN_INSTRUMENT, format="json"
    )
    inactive = Instrument.objects.get(key="positieve-gezondheid")
    Instrument.objects.filter(pk=inactive.pk).update(active=False)
    before = _counts()
    for instrument in (zuid_own, inactive):
        with pytest.raises(ValidationError) as caught:
            _report(world, instrument=instrument)
        assert caught.value.message_dict == {"instrument": ["Kies een instrument dat uw gemeente gebruikt."]}
    assert _counts() == before


@pytest.mark.parametrize("name", ["otto", "zoe", "piet", "carla", "bea", "fenna"])
def test_who_cannot_see_the_household_cannot_write_its_report(world, name):
    before = _counts()
    with pytest.raises(Http404):
        services.report_create(
            acting_user=world.user(name), household=world.household, held_on=TODAY, story="Verhaal"
        )
    assert _counts() == before


def test_scoring_a_member_stores_every_domain_with_the_residents_words(world):
    report = _report(world)
    scoring = _score(world, report)

    rows = {s.domain.code: s for s in scoring.scores.select_related("domain")}
    assert rows["financien"].value == 2
    assert rows["financien"].situation == "Schulden bij de verhuurder"
    assert rows["financien"].own_strength == "Houdt post bij"
    assert rows["huisvesting"].network_strength == "Zus helpt met papieren"
    assert (scoring.moment, scoring.report, scoring.scored_by) == (ScoringMoment.INTAKE, report, world.anna)
    assert world.household.timeline.filter(description__startswith="Hoofdbewoner gescoord op").count() == 1
    event = AuditEvent.objects.get(object_uuid=scoring.uuid)
    assert event.fields == ["scored_on", "scores.financien", "scores.huisvesting"]


def test_scoring_the_same_member_again_on_a_draft_replaces_it(world):
    report = _report(world)
    first = _score(world, report)
    second = _score(world, report, scores=[DomainScoreData("justitie", 5)])

    assert second.uuid == first.uuid
    assert Scoring.objects.filter(report=report).count() == 1
    assert list(second.scores.values_list("domain__code", "value")) == [("justitie", 5)]
    assert AuditEvent.objects.filter(object_uuid=first.uuid).values_list("action", flat=True).count() == 2


@pytest.mark.parametrize(
    ("scores", "errors"),
    [
        (
            [DomainScoreData("wonen", 3)],
            ["Leefgebied 'wonen' hoort niet bij Zelfredzaamheid-Matrix (ZRM 2017)."],
        ),
        ([DomainScoreData("financien", 6)], ["Financiën: kies een score van 1 tot en met 5."]),
        ([DomainScoreData("financien", 0)], ["Financiën: kies een score van 1 tot en met 5."]),
        (
            [DomainScoreData("financien", 2), DomainScoreData("financien", 3)],
            ["Financiën staat er twee keer in."],
        ),
        ([DomainScoreData("financien", None)], ["Vul minstens één leefgebied in."]),
        ([], ["Vul minstens één leefgebied in."]),
    ],
)
def test_bad_scores_are_refused_and_nothing_saved(world, scores, errors):
    report = _report(world)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _score(world, report, scores=scores)
    assert caught.value.message_dict == {"scores": errors}
    assert _counts() == before


def test_only_a_current_member_is_scored(world):
    report = _report(world)
    stranger = ResidentFactory()
    child = ResidentFactory()
    HouseholdMembership.objects.create(
        household=world.household,
        resident=child,
        relation=Relation.CHILD,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2024, 1, 1),
    )
    before = _counts()
    for resident in (stranger, child):
        with pytest.raises(ValidationError) as caught:
            _score(world, report, resident=resident)
        assert caught.value.message_dict == {"resident": ["Deze inwoner is geen lid van dit huishouden."]}
    assert _counts() == before


def test_a_scoring_date_in_the_future_is_refused(world):
    report = _report(world)
    with pytest.raises(ValidationError) as caught:
        _score(world, report, scored_on=datetime.date(2025, 4, 1))
    assert caught.value.message_dict == {"scored_on": ["Deze datum ligt in de toekomst."]}


def test_a_finalised_report_is_not_changed_again(world):
    report = _report(world)
    _score(world, report)
    services.report_finalise(acting_user=world.anna, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL and report.finalised_at is not None
    assert world.household.timeline.filter(description="Brede uitvraag vastgesteld").count() == 1
    before = _counts()

    with pytest.raises(ValidationError) as caught:
        _score(world, report)
    assert caught.value.messages == ["Deze brede uitvraag is vastgesteld en kan niet meer worden gewijzigd."]
    with pytest.raises(ValidationError):
        services.report_update(acting_user=world.anna, report=report, held_on=TODAY, story="Ander verhaal")
    with pytest.raises(ValidationError):
        services.report_finalise(acting_user=world.anna, report=report)

    assert _counts() == before
    report.refresh_from_db()
    assert report.story == "Huur achterstand, zorgen om zoon."


def test_a_stale_draft_in_hand_cannot_score_a_report_finalised_meanwhile(world):
    report = _report(world)
    stale = ConversationReport.objects.get(pk=report.pk)
    services.report_finalise(acting_user=world.anna, report=report)
    before = _counts()
    with pytest.raises(ValidationError):
        _score(world, stale)
    assert _counts() == before


def test_a_draft_report_can_be_corrected(world):
    report = _report(world)
    services.report_update(
        acting_user=world.anna, report=report, held_on=TODAY, story="Beter verhaal", wishes=""
    )
    report.refresh_from_db()
    assert (report.story, report.wishes) == ("Beter verhaal", "")
    assert AuditEvent.objects.get(object_uuid=report.uuid, action=Action.UPDATE).fields == ["story", "wishes"]


def test_evaluation_scoring_and_latest_scores(world):
    report = _report(world)
    head = _head(world)
    _score(world, report)
    assert selectors.latest_scores(world.household) == {head.pk: {"financien": 2, "huisvesting": 3}}

    evaluation = "6f1c1f0e-8c1e-4a53-9d1a-0b7a3d1f9f10"
    services.scoring_record(
        acting_user=world.anna,
        household=world.household,
        resident=head,
        instrument=report.instrument,
        moment=ScoringMoment.EVALUATION,
        scores=[DomainScoreData("financien", 4)],
        scored_on=TODAY,
        evaluation_uuid=evaluation,
    )
    services.scoring_record(
        acting_user=world.anna,
        household=world.household,
        resident=head,
        instrument=report.instrument,
        moment=ScoringMoment.EVALUATION,
        scores=[DomainScoreData("financien", 5)],
        scored_on=TODAY,
        evaluation_uuid=evaluation,
    )

    assert Scoring.objects.filter(evaluation_uuid=evaluation).count() == 1  # replaced, not added
    assert selectors.latest_scores(world.household) == {head.pk: {"financien": 5}}
    assert selectors.latest_scores(world.household, moment=ScoringMoment.INTAKE) == {
        head.pk: {"financien": 2, "huisvesting": 3}
    }
    assert world.household.timeline.filter(kind=TimelineKind.EVALUATION).count() == 2


def test_report_detail_lays_out_every_member_and_domain(world):
    report = _report(world)
    child = ResidentFactory()
    HouseholdMembership.objects.create(
        household=world.household,
        resident=child,
        relation=Relation.CHILD,
        start_date=datetime.date(2021, 1, 1),
    )
    _score(world, report)
    detail = selectors.report_detail(report)
    members = list(world.household.memberships.current().select_related("resident"))

    laid_out = selectors.member_scorings(detail, members)

    assert len(laid_out) == 2
    head_rows = next(m for m in laid_out if m.membership.resident_id == _head(world).pk).rows
    assert len(head_rows) == 13
    assert (head_rows[0].domain.code, head_rows[0].score.value, head_rows[0].label) == (
        "financien",
        2,
        "Niet zelfredzaam",
    )
    assert head_rows[1].score is None and head_rows[1].label == ""
    assert next(m for m in laid_out if m.membership.resident_id == child.pk).scoring is None


def test_an_uitvraag_written_through_break_the_glass_is_flagged(world, otto_through_glass):
    values = {"held_on": TODAY, "story": "Huur achterstand.", "wishes": "Rust in huis."}
    report = services.report_create(acting_user=otto_through_glass, household=world.household, **values)
    services.report_update(
        acting_user=world.anna, report=report, held_on=TODAY, story="Huur.", wishes="Werk."
    )

    assert change_rows_flagged(object_uuid=report.uuid) == [True, False]
