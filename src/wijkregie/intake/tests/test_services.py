"""Meldingen: create and route at once, new residents, legal terms as tasks, re-routing, triage rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import change_rows_flagged
from wijkregie.core.calendar import add_working_days, term_end
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import CaseloadEntry
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.intake import selectors, services
from wijkregie.intake.constants import (
    AcuteThreat,
    Law,
    MeldingChannel,
    MeldingStatus,
    MultiProblem,
    RouteTarget,
    Urgency,
)
from wijkregie.intake.models import Melding, Routing, TriageRule
from wijkregie.intake.policies import MeldingPolicy
from wijkregie.intake.services import ACUTE_THREAT_NEEDS_DEBT
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.tests.factories import TeamFactory
from wijkregie.tasks.constants import Term
from wijkregie.tasks.models import Task

from .conftest import melding_data, resident_data, snapshot

pytestmark = pytest.mark.django_db

PINKSTEREN_FRIDAY = datetime.date(2025, 6, 6)  # Pinksteren 8 June, tweede Pinksterdag 9 June 2025


def _head(household):
    return household.memberships.current().get().resident


def _create(world, user="anna", household=None, **overrides):
    household = household or world.household
    return services.melding_create(
        acting_user=world.user(user),
        household=household,
        resident=_head(household),
        data=melding_data(**overrides),
    )


def _active_teams(household):
    return set(
        CaseloadEntry.objects.filter(household=household, ended_at__isnull=True).values_list(
            "team__name", flat=True
        )
    )


# -- create and route ----------------------------------------------------------------------------------------
def test_known_household_melding_is_routed_at_once_with_reason_and_timeline(world):
    melding = _create(world)  # a light question, one domain, no law: basisondersteuning

    melding.refresh_from_db()
    assert (melding.status, melding.team) == (MeldingStatus.ROUTED, world.welfare)
    routing = melding.routings.get()
    assert routing.target == RouteTarget.WELFARE
    assert routing.rule.name == "Lichte vraag zonder wet"
    assert routing.reason == routing.rule.reason
    assert (routing.is_rerouting, routing.from_team, routing.routed_by) == (False, None, world.anna)
    # known household: the welfare team is added, nobody loses access
    assert _active_teams(world.household) == {"Wijkteam Centrum", "Basisondersteuning"}
    lines = list(world.household.timeline.order_by("pk").values_list("kind", "description"))
    assert lines == [
        (TimelineKind.MELDING, "Melding ontvangen via inwoner zelf (regulier; Geen)"),
        (TimelineKind.ROUTED, f"Gerouteerd naar Basisondersteuning: {routing.reason}"),
    ]
    audit = list(
        AuditEvent.objects.filter(household_uuid=world.household.uuid)
        .order_by("pk")
        .values_list("action", "object_type")
    )
    assert audit == [(Action.CREATE, "intake.melding"), (Action.UPDATE, "intake.melding")]


def test_first_melding_installs_the_default_rules_once(world):
    assert not TriageRule.objects.exists()

    _create(world)
    _create(world)

    rules = list(TriageRule.objects.filter(municipality=world.west).order_by("position"))
    assert [r.position for r in rules] == [1, 2, 3, 4, 5, 6]
    assert [r.target for r in rules] == [
        RouteTarget.CRISIS,
        RouteTarget.DISTRICT_TEAM,
        RouteTarget.DISTRICT_TEAM,
        RouteTarget.DISTRICT_TEAM,
        RouteTarget.WELFARE,
        RouteTarget.WELFARE,
    ]
    assert not TriageRule.objects.filter(municipality=world.zuid).exists()
    assert AuditEvent.objects.filter(object_type="intake.triagerule", channel=Channel.SYSTEM).count() == 6


@pytest.mark.parametrize(
    ("overrides", "team"),
    [
        ({"laws": [Law.WMO]}, "Wijkteam Centrum"),
        ({"laws": [Law.NONE], "life_domain_count": 3}, "Wijkteam Centrum"),
        ({"laws": [Law.DEBT], "acute_threat": AcuteThreat.EVICTION}, "Wijkteam Centrum"),
        ({"laws": [Law.DEBT]}, "Basisondersteuning"),
        ({"laws": [Law.DEBT], "urgency": Urgency.URGENT}, "Wijkteam Centrum"),
        ({"laws": [Law.DEBT, Law.PARTICIPATION]}, "Wijkteam Centrum"),
    ],
)
def test_default_rules_route_to_the_right_team(world, overrides, team):
    assert _create(world, **overrides).team.name == team


def test_no_matching_rule_goes_to_district_team_with_the_fixed_reason(world):
    TriageRule.objects.create(
        municipality=world.west,
        position=1,
        name="Alleen school",
        channels=["school"],
        target="welzijn",
        reason="x",
    )
    melding = _create(world)

    routing = melding.routings.get()
    assert (routing.team, routing.target, routing.rule) == (world.team_a, RouteTarget.DISTRICT_TEAM, None)
    assert routing.reason == "Geen regel van toepassing: wijkteam van de wijk"


def test_crisis_without_crisis_team_falls_back_to_district_team_and_says_so(world):
    melding = _create(world, urgency=Urgency.CRISIS)

    routing = melding.routings.get()
    assert (routing.team, routing.target) == (world.team_a, RouteTarget.DISTRICT_TEAM)
    assert routing.reason == (
        "Crisis: direct naar de crisisdienst. "
        "(geen team voor ‘Crisisdienst’ gevonden: naar het wijkteam van de wijk)"
    )


def test_crisis_goes_to_the_crisis_team_serving_the_municipality(world):
    crisis = TeamFactory(name="Crisisdienst West", kind=TeamKind.CRISIS, municipalities=[world.west])
    TeamFactory(name="Crisisdienst Zuid", kind=TeamKind.CRISIS, municipalities=[world.zuid])

    assert _create(world, urgency=Urgency.CRISIS).team == crisis


def test_target_resolution_by_district_and_municipality(world):
    household = world.household  # Centrum
    assert selectors.team_for_target(RouteTarget.DISTRICT_TEAM, household) == world.team_a
    assert selectors.team_for_target(RouteTarget.WELFARE, household) == world.welfare
    assert selectors.team_for_target(RouteTarget.BACKOFFICE, household) == world.backoffice
    assert selectors.team_for_target(RouteTarget.CRISIS, household) is None
    # zuid: no welfare team there; backoffice is shared
    assert selectors.team_for_target(RouteTarget.WELFARE, world.zuid_household) is None
    assert selectors.team_for_target(RouteTarget.DISTRICT_TEAM, world.zuid_household) == world.team_z
    assert selectors.team_for_target(RouteTarget.BACKOFFICE, world.zuid_household) == world.backoffice
    # a welfare team without districts serves the whole municipality
    whole = TeamFactory(name="Welzijn Zuid", kind=TeamKind.WELFARE, municipalities=[world.zuid])
    assert selectors.team_for_target(RouteTarget.WELFARE, world.zuid_household) == whole


def test_welfare_target_in_a_municipality_without_welfare_falls_back(world):
    melding = _create(world, user="zoe", household=world.zuid_household)
    routing = melding.routings.get()
    assert routing.team == world.team_z
    assert "geen team voor ‘Basisondersteuning (welzijnsorganisatie)’ gevonden" in routing.reason


# -- new resident --------------------------------------------------------------------------------------------
def test_new_resident_melding_routed_to_welfare_leaves_the_registering_team(world):
    melding = services.melding_create_for_new_resident(
        acting_user=world.anna, resident_data=resident_data(), data=melding_data()
    )

    household = melding.household
    assert melding.team == world.welfare
    assert _active_teams(household) == {"Basisondersteuning"}
    assert HouseholdPolicy(world.sanne).can_view(household)
    assert MeldingPolicy(world.sanne).can_view(melding)
    assert not HouseholdPolicy(world.anna).can_view(household)
    assert not MeldingPolicy(world.anna).can_view(melding)
    kinds = list(household.timeline.order_by("pk").values_list("kind", flat=True))
    assert kinds == [TimelineKind.REGISTERED, TimelineKind.MELDING, TimelineKind.ROUTED]


def test_new_resident_melding_to_own_district_team_keeps_access(world):
    melding = services.melding_create_for_new_resident(
        acting_user=world.anna, resident_data=resident_data(), data=melding_data(laws=[Law.WMO])
    )
    assert melding.team == world.team_a
    assert HouseholdPolicy(world.anna).can_view(melding.household)


@pytest.mark.parametrize(
    ("resident", "melding", "errors"),
    [
        ({}, {"question": "  "}, {"question": ["Beschrijf de vraag in de woorden van de inwoner."]}),
        ({}, {"laws": []}, {"laws": ["Kies minstens één wet, of ‘Geen’."]}),
        ({}, {"laws": [Law.NONE, Law.WMO]}, {"laws": ["‘Geen’ kan niet samen met een wet worden gekozen."]}),
        ({}, {"laws": ["belasting"]}, {"laws": ["Kies alleen wetten uit de lijst."]}),
        ({}, {"life_domain_count": 0}, {"life_domain_count": ["De vraag raakt minstens één leefgebied."]}),
        ({}, {"urgency": "morgen"}, {"urgency": ["Kies de urgentie: crisis, spoed of regulier."]}),
        ({}, {"channel": "fax"}, {"channel": ["Kies hoe de melding binnenkwam uit de lijst."]}),
        (
            {},
            {"acute_threat": AcuteThreat.EVICTION, "laws": [Law.WMO]},
            {"acute_threat": [ACUTE_THREAT_NEEDS_DEBT]},
        ),
        (
            {},
            {"received_on": datetime.date(2999, 1, 1)},
            {"received_on": ["De datum van ontvangst kan niet in de toekomst liggen."]},
        ),
        (
            {"surname": " "},
            {"question": ""},
            {
                "surname": ["Vul de geslachtsnaam in."],
                "question": ["Beschrijf de vraag in de woorden van de inwoner."],
            },
        ),
        (
            {"postcode": "9721AB"},
            {},
            {"postcode": ["Deze postcode ligt niet in een wijk van een gemeente die u bedient."]},
        ),
    ],
)
def test_new_resident_bad_input_saves_nothing_not_even_the_resident(world, resident, melding, errors):
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.melding_create_for_new_resident(
            acting_user=world.anna, resident_data=resident_data(**resident), data=melding_data(**melding)
        )

    assert error.value.message_dict == errors
    assert snapshot() == before


def test_no_district_team_at_all_rolls_everything_back(world):
    from wijkregie.organisation.models import Team

    Team.objects.filter(kind=TeamKind.DISTRICT_TEAM).update(kind=TeamKind.FLEXPOOL)
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.melding_create_for_new_resident(
            acting_user=world.anna, resident_data=resident_data(), data=melding_data(laws=[Law.WMO])
        )

    assert "Er is geen wijkteam voor de wijk" in error.value.messages[0]
    assert snapshot() == before


def test_known_household_needs_a_current_member_and_access(world):
    before = snapshot()
    with pytest.raises(Http404):
        services.melding_create(
            acting_user=world.otto,
            household=world.household,
            resident=_head(world.household),
            data=melding_data(),
        )
    with pytest.raises(ValidationError) as error:
        services.melding_create(
            acting_user=world.anna,
            household=world.household,
            resident=_head(world.zuid_household),
            data=melding_data(),
        )
    assert error.value.message_dict == {"resident": ["Deze inwoner is geen lid van dit huishouden."]}
    assert snapshot() == before


@pytest.mark.parametrize("name", ["otto", "zoe", "piet", "carla", "bea", "fenna"])
def test_not_allowed_users_cannot_create(world, name):
    before = snapshot()
    with pytest.raises(Http404):
        _create(world, user=name)
    assert snapshot() == before


# -- terms -> tasks ------------------------------------------------------------------------------------------
def test_laws_open_term_tasks_with_atw_due_dates(world):
    melding = _create(
        world,
        laws=[Law.WMO, Law.YOUTH, Law.DEBT],
        acute_threat=AcuteThreat.ENERGY_CUTOFF,
        received_on=PINKSTEREN_FRIDAY,
    )

    tasks = {t.term: t for t in Task.objects.filter(source_uuid=melding.uuid)}
    assert set(tasks) == {Term.WMO_RESEARCH, Term.YOUTH_PLAN, Term.DEBT_FIRST_TALK_ACUTE}
    # 3 working days after a Friday before Pinksteren: Monday 9 June is tweede Pinksterdag
    assert tasks[Term.DEBT_FIRST_TALK_ACUTE].due_on == datetime.date(2025, 6, 12)
    assert tasks[Term.DEBT_FIRST_TALK_ACUTE].due_on == add_working_days(PINKSTEREN_FRIDAY, 3)
    assert (
        tasks[Term.WMO_RESEARCH].due_on == term_end(PINKSTEREN_FRIDAY, weeks=6) == datetime.date(2025, 7, 18)
    )
    assert tasks[Term.YOUTH_PLAN].due_on == datetime.date(2025, 7, 18)
    assert {t.team for t in tasks.values()} == {world.team_a}
    assert {t.start_date for t in tasks.values()} == {PINKSTEREN_FRIDAY}
    assert melding.household.timeline.filter(kind=TimelineKind.TASK).count() == 3


def test_debt_term_ending_on_tweede_pinksterdag_moves_to_tuesday(world):
    melding = _create(world, laws=[Law.DEBT], received_on=datetime.date(2025, 5, 12))

    task = Task.objects.get(source_uuid=melding.uuid)
    assert task.term == Term.DEBT_FIRST_TALK
    assert task.due_on == datetime.date(2025, 6, 10)
    assert task.team == world.welfare  # light debt question: triage by the welfare organisation


def test_no_law_no_task(world):
    melding = _create(world, laws=[Law.NONE])
    assert not Task.objects.filter(source_uuid=melding.uuid).exists()
    melding = _create(world, laws=[Law.PARTICIPATION])
    assert not Task.objects.filter(source_uuid=melding.uuid).exists()


# -- re-routing ----------------------------------------------------------------------------------------------
def _welfare_melding_for_new_resident(world, **overrides):
    return services.melding_create_for_new_resident(
        acting_user=world.anna, resident_data=resident_data(), data=melding_data(**overrides)
    )


def test_reroute_hands_over_counts_and_moves_tasks(world):
    melding = _welfare_melding_for_new_resident(world, laws=[Law.DEBT])
    household = melding.household

    routing = services.melding_reroute(
        acting_user=world.sanne,
        melding=melding,
        target=RouteTarget.DISTRICT_TEAM,
        reason="Ook zorgen over opvoeding: integraal oppakken.",
    )

    melding.refresh_from_db()
    assert (melding.team, melding.status) == (world.team_a, MeldingStatus.ROUTED)
    assert (routing.is_rerouting, routing.from_team, routing.team) == (True, world.welfare, world.team_a)
    assert _active_teams(household) == {"Wijkteam Centrum"}
    assert not HouseholdPolicy(world.sanne).can_view(household)
    assert HouseholdPolicy(world.anna).can_view(household)
    assert Task.objects.get(source_uuid=melding.uuid).team == world.team_a
    assert household.timeline.filter(kind=TimelineKind.REROUTED).get().description == (
        "Omgerouteerd van Basisondersteuning naar Wijkteam Centrum"
    )
    stats = selectors.routing_stats(world.west.pk, melding.received_on, melding.received_on, suppress=False)
    assert (stats.total, stats.rerouted, stats.reroutings, stats.percentage) == (1, 1, 1, 100.0)


def test_reroute_keeps_the_team_that_still_has_another_open_melding(world):
    first = _create(world, laws=[Law.WMO])  # team_a
    second = _create(world, laws=[Law.WMO])  # team_a

    services.melding_reroute(
        acting_user=world.anna,
        melding=second,
        target=RouteTarget.WELFARE,
        reason="Lichte vraag, hoort bij welzijn.",
    )

    assert _active_teams(world.household) == {"Wijkteam Centrum", "Basisondersteuning"}
    assert first.routings.count() == 1


@pytest.mark.parametrize(
    ("target", "reason", "errors"),
    [
        (
            "welzijn",
            "te kort",
            {"reason": ["Beschrijf in minstens 10 tekens waarom de melding ergens anders hoort."]},
        ),
        (
            "elders",
            "Een goede reden om om te routeren.",
            {"target": ["Kies waar de melding wel hoort uit de lijst."]},
        ),
        (
            "wijkteam",
            "Een goede reden om om te routeren.",
            {"target": ["De melding ligt al bij dit team; kies een andere bestemming."]},
        ),
    ],
)
def test_reroute_bad_input_changes_nothing(world, target, reason, errors):
    melding = _create(world, laws=[Law.WMO])
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.melding_reroute(acting_user=world.anna, melding=melding, target=target, reason=reason)

    assert error.value.message_dict == errors
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("anna", True),
        ("teun", True),
        ("bo", True),
        ("otto", False),
        ("zoe", False),
        ("sanne", False),
        ("fenna", False),
    ],
)
def test_who_may_reroute(world, name, allowed):
    melding = _create(world, laws=[Law.WMO])  # at team_a
    before = snapshot()
    call = lambda: services.melding_reroute(  # noqa: E731
        acting_user=world.user(name),
        melding=melding,
        target="backoffice",
        reason="Maatwerkbesluit nodig, backoffice.",
    )
    if allowed:
        assert call().team == world.backoffice
    else:
        with pytest.raises(Http404):
            call()
        assert snapshot() == before


def test_accept_and_close_by_the_receiving_team_only(world):
    melding = _create(world, laws=[Law.WMO])
    before = snapshot()
    for name in ("sanne", "otto", "bo", "zoe"):
        with pytest.raises(Http404):
            services.melding_accept(acting_user=world.user(name), melding=melding)
    assert snapshot() == before

    services.melding_accept(acting_user=world.anna, melding=melding)
    assert Melding.objects.get(pk=melding.pk).status == MeldingStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.melding_accept(acting_user=world.anna, melding=melding)
    services.melding_close(acting_user=world.teun, melding=melding)
    assert Melding.objects.get(pk=melding.pk).status == MeldingStatus.CLOSED
    with pytest.raises(ValidationError) as error:
        services.melding_reroute(
            acting_user=world.anna, melding=melding, target="welzijn", reason="Toch bij welzijn."
        )
    assert error.value.message_dict == {
        "__all__": ["Een afgesloten melding kan niet meer worden omgerouteerd."]
    }


# -- triage rules --------------------------------------------------------------------------------------------
def _rule(**overrides):
    values = {
        "name": "Politie",
        "target": RouteTarget.DISTRICT_TEAM,
        "reason": "Signaal van de politie.",
        "channels": [MeldingChannel.POLICE],
    }
    return services.TriageRuleData(**{**values, **overrides})


def test_rule_create_appends_and_audits_without_household(world):
    services.triage_rules_install_defaults(acting_user=world.fenna, municipality=world.west)

    rule = services.triage_rule_create(acting_user=world.fenna, data=_rule())

    assert (rule.position, rule.municipality) == (7, world.west)
    event = AuditEvent.objects.get(object_uuid=rule.uuid)
    assert (event.action, event.household_uuid, event.actor) == (Action.CREATE, None, world.fenna)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"name": " "}, {"name": ["Geef de regel een naam."]}),
        ({"reason": ""}, {"reason": ["Schrijf de reden op: die staat bij elke routering door deze regel."]}),
        ({"channels": ["fax"]}, {"channels": ["Kies alleen uit de lijst."]}),
        ({"laws": ["belasting"]}, {"laws": ["Kies alleen uit de lijst."]}),
        ({"urgencies": ["ooit"]}, {"urgencies": ["Kies alleen uit de lijst."]}),
        ({"multi_problem": "veel"}, {"multi_problem": ["Kies alleen uit de lijst."]}),
        ({"target": "buurman"}, {"target": ["Kies waar de melding heen gaat uit de lijst."]}),
    ],
)
def test_rule_bad_input_refused_in_dutch(world, overrides, errors):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.triage_rule_create(acting_user=world.fenna, data=_rule(**overrides))
    assert error.value.message_dict == errors
    assert snapshot() == before


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "bea", "carla", "piet"])
def test_only_the_beheerder_edits_rules(world, name):
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    before = snapshot()
    with pytest.raises(Http404):
        services.triage_rule_create(acting_user=world.user(name), data=_rule())
    with pytest.raises(Http404):
        services.triage_rule_move(acting_user=world.user(name), rule=rules[1], direction="up")
    with pytest.raises(Http404):
        services.triage_rule_deactivate(acting_user=world.user(name), rule=rules[1])
    assert snapshot() == before


def test_beheerder_of_another_municipality_cannot_touch_rules(world):
    from wijkregie.accounts.constants import Role
    from wijkregie.accounts.tests.factories import UserFactory

    zuid_admin = UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    before = snapshot()
    with pytest.raises(Http404):
        services.triage_rule_update(acting_user=zuid_admin, rule=rules[0], data=_rule())
    with pytest.raises(Http404):
        services.triage_rules_install_defaults(acting_user=zuid_admin, municipality=world.west)
    assert snapshot() == before


def test_move_swaps_positions_and_stops_at_the_ends(world):
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    names = lambda: list(TriageRule.objects.order_by("position").values_list("name", flat=True))  # noqa: E731
    start = names()

    services.triage_rule_move(acting_user=world.fenna, rule=rules[2], direction="up")
    assert names() == [start[0], start[2], start[1], *start[3:]]
    assert sorted(TriageRule.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]

    services.triage_rule_move(acting_user=world.fenna, rule=rules[0], direction="up")  # already first
    services.triage_rule_move(acting_user=world.fenna, rule=rules[5], direction="down")  # already last
    assert names() == [start[0], start[2], start[1], *start[3:]]
    with pytest.raises(ValidationError):
        services.triage_rule_move(acting_user=world.fenna, rule=rules[0], direction="sideways")


def test_move_with_a_stale_position_is_refused_not_corrupted(world):
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    stale = TriageRule.objects.get(pk=rules[2].pk)
    services.triage_rule_move(acting_user=world.fenna, rule=rules[2], direction="up")  # someone else moved it

    services.triage_rule_move(acting_user=world.fenna, rule=stale, direction="up")  # reads position afresh

    assert sorted(TriageRule.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert TriageRule.objects.get(pk=stale.pk).position == 1


def test_deactivated_rule_no_longer_routes(world):
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    services.triage_rule_deactivate(acting_user=world.fenna, rule=rules[4])  # light question -> welfare

    assert _create(world).team == world.team_a
    assert AuditEvent.objects.filter(
        object_uuid=rules[4].uuid, action=Action.UPDATE, fields=["active"]
    ).exists()


def test_install_defaults_adds_nothing_when_rules_exist(world):
    services.triage_rule_create(acting_user=world.fenna, data=_rule())
    assert services.triage_rules_install_defaults(acting_user=world.fenna, municipality=world.west) == []
    assert TriageRule.objects.count() == 1


def test_update_records_changed_fields(world):
    rule = services.triage_rule_create(acting_user=world.fenna, data=_rule())
    services.triage_rule_update(
        acting_user=world.fenna,
        rule=rule,
        data=_rule(target=RouteTarget.CRISIS, multi_problem=MultiProblem.MULTIPLE),
    )
    rule.refresh_from_db()
    assert (rule.target, rule.multi_problem) == (RouteTarget.CRISIS, MultiProblem.MULTIPLE)
    event = AuditEvent.objects.filter(object_uuid=rule.uuid, action=Action.UPDATE).get()
    assert event.fields == ["multi_problem", "target"]


def test_routing_stats_per_target_channel_and_month(world):
    a = _create(world, laws=[Law.WMO], channel=MeldingChannel.GP, received_on=datetime.date(2025, 3, 3))
    _create(world, channel=MeldingChannel.GP, received_on=datetime.date(2025, 3, 20))
    _create(world, received_on=datetime.date(2025, 4, 2))
    _create(world, user="zoe", household=world.zuid_household, received_on=datetime.date(2025, 4, 2))  # other
    services.melding_reroute(
        acting_user=world.anna, melding=a, target="welzijn", reason="Toch een lichte vraag."
    )

    stats = selectors.routing_stats(
        world.west.pk, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), suppress=False
    )

    assert (stats.total, stats.rerouted, stats.percentage) == (3, 1, 33.3)
    assert [(r.key, r.count, r.rerouted) for r in stats.per_target] == [("welzijn", 2, 0), ("wijkteam", 1, 1)]
    assert [(r.key, r.count, r.rerouted) for r in stats.per_channel] == [
        ("inwoner", 1, 0),
        ("huisarts", 2, 1),
    ]
    assert [(r.key, r.count, r.rerouted) for r in stats.per_month] == [("2025-03", 2, 1), ("2025-04", 1, 0)]


def test_trial_explains_without_saving(world):
    services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    before = snapshot()
    from wijkregie.intake.triage import MeldingAttrs

    result = services.triage_trial(
        acting_user=world.fenna,
        attrs=MeldingAttrs(channel="inwoner", laws=["schuldhulp"], urgency="regulier", life_domain_count=1),
    )

    assert result.target == RouteTarget.WELFARE
    assert result.rule.name == "Lichte schuldvraag"
    assert [c.matches for c in result.checks] == [False, False, False, False, False, True]
    assert snapshot() == before
    with pytest.raises(Http404):
        services.triage_trial(acting_user=world.anna, attrs=MeldingAttrs("inwoner", ["geen"], "regulier"))


def test_routing_table_rows_exist(world):
    _create(world)
    assert Routing.objects.count() == 1


def test_reroute_never_takes_away_a_household_the_team_held_before(world):
    melding = _create(world, laws=[Law.WMO])  # team_a held the household before this melding
    assert melding.routings.get().took_into_caseload is False

    services.melding_reroute(
        acting_user=world.anna,
        melding=melding,
        target=RouteTarget.WELFARE,
        reason="Lichte vraag, past bij welzijn.",
    )

    assert _active_teams(world.household) == {"Wijkteam Centrum", "Basisondersteuning"}
    assert HouseholdPolicy(world.anna).can_view(world.household)
    assert HouseholdPolicy(world.teun).can_view(world.household)
    assert HouseholdPolicy(world.sanne).can_view(world.household)


def test_reroute_takes_the_household_from_a_team_that_only_held_it_for_this_melding(world):
    melding = _create(world)  # welfare gets the known household through this melding
    assert melding.routings.get().took_into_caseload is True

    services.melding_reroute(
        acting_user=world.sanne,
        melding=melding,
        target=RouteTarget.DISTRICT_TEAM,
        reason="Toch een maatwerkvraag.",
    )

    assert _active_teams(world.household) == {"Wijkteam Centrum"}
    assert not HouseholdPolicy(world.sanne).can_view(world.household)
    assert HouseholdPolicy(world.anna).can_view(world.household)


def test_a_melding_made_through_break_the_glass_is_flagged_with_its_terms(world, otto_through_glass):
    melding = _create(world, user="otto", laws=[Law.WMO])
    term = Task.objects.get(source_uuid=melding.uuid)

    assert change_rows_flagged(object_uuid=melding.uuid) == [True, True]  # created, routed
    assert change_rows_flagged(object_uuid=term.uuid) == [True]
    ordinary = _create(world, user="anna", laws=[Law.WMO])
    assert change_rows_flagged(object_uuid=ordinary.uuid) == [False, False]
