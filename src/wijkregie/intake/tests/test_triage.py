"""Triage as a pure function: first active rule in position order wins, empty conditions mean any."""

from dataclasses import dataclass, field

import pytest

from wijkregie.intake.constants import Law, MeldingChannel, MultiProblem, RouteTarget, Urgency
from wijkregie.intake.triage import NO_RULE_REASON, MeldingAttrs, explain, route


@dataclass
class Rule:
    position: int
    target: str
    reason: str = "reden"
    name: str = "regel"
    active: bool = True
    channels: list[str] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)
    urgencies: list[str] = field(default_factory=list)
    multi_problem: str = MultiProblem.ANY
    acute_threat: bool = False


def melding(**kwargs):
    values = {"channel": MeldingChannel.RESIDENT, "laws": [Law.NONE], "urgency": Urgency.REGULAR}
    return MeldingAttrs(**{**values, **kwargs})


def test_no_rules_means_district_team_with_the_fixed_reason():
    assert route(melding(), []) == (None, RouteTarget.DISTRICT_TEAM, NO_RULE_REASON)
    assert NO_RULE_REASON == "Geen regel van toepassing: wijkteam van de wijk"


def test_first_matching_rule_in_position_order_wins_not_list_order():
    later = Rule(position=2, target=RouteTarget.BACKOFFICE, reason="tweede")
    first = Rule(position=1, target=RouteTarget.WELFARE, reason="eerste")

    rule, target, reason = route(melding(), [later, first])

    assert (rule, target, reason) == (first, RouteTarget.WELFARE, "eerste")


def test_inactive_rules_are_skipped():
    off = Rule(position=1, target=RouteTarget.CRISIS, active=False)
    on = Rule(position=2, target=RouteTarget.WELFARE)

    assert route(melding(), [off, on])[0] is on


def test_empty_conditions_match_anything():
    anything = Rule(position=1, target=RouteTarget.BACKOFFICE)
    for attrs in (
        melding(channel=MeldingChannel.POLICE, urgency=Urgency.CRISIS, laws=[Law.WMO, Law.DEBT]),
        melding(life_domain_count=7, acute_threat="huisuitzetting", laws=[Law.DEBT]),
    ):
        assert route(attrs, [anything])[1] == RouteTarget.BACKOFFICE


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        (melding(channel=MeldingChannel.GP), RouteTarget.WELFARE),
        (melding(channel=MeldingChannel.SCHOOL), RouteTarget.WELFARE),
        (melding(channel=MeldingChannel.RESIDENT), RouteTarget.DISTRICT_TEAM),
    ],
)
def test_channel_list_is_any_of(attrs, expected):
    rule = Rule(position=1, target=RouteTarget.WELFARE, channels=[MeldingChannel.GP, MeldingChannel.SCHOOL])
    assert route(attrs, [rule])[1] == expected


def test_laws_match_when_any_law_overlaps():
    rule = Rule(position=1, target=RouteTarget.WELFARE, laws=[Law.DEBT])
    assert route(melding(laws=[Law.WMO, Law.DEBT]), [rule])[1] == RouteTarget.WELFARE
    assert route(melding(laws=[Law.WMO]), [rule])[1] == RouteTarget.DISTRICT_TEAM


def test_urgency_condition():
    rule = Rule(position=1, target=RouteTarget.CRISIS, urgencies=[Urgency.CRISIS])
    assert route(melding(urgency=Urgency.CRISIS), [rule])[1] == RouteTarget.CRISIS
    assert route(melding(urgency=Urgency.URGENT), [rule])[1] == RouteTarget.DISTRICT_TEAM


@pytest.mark.parametrize(
    ("condition", "count", "matches"),
    [
        (MultiProblem.SINGLE, 1, True),
        (MultiProblem.SINGLE, 2, False),
        (MultiProblem.MULTIPLE, 1, False),
        (MultiProblem.MULTIPLE, 2, True),
        (MultiProblem.MULTIPLE, 5, True),
        (MultiProblem.ANY, 1, True),
        (MultiProblem.ANY, 9, True),
    ],
)
def test_multi_problem(condition, count, matches):
    rule = Rule(position=1, target=RouteTarget.WELFARE, multi_problem=condition)
    assert (route(melding(life_domain_count=count), [rule])[0] is rule) is matches


def test_acute_threat_flag_needs_a_threat():
    rule = Rule(position=1, target=RouteTarget.DISTRICT_TEAM, acute_threat=True, reason="dreiging")
    fallback = Rule(position=2, target=RouteTarget.WELFARE)
    threatened = melding(laws=[Law.DEBT], acute_threat="afsluiting_energie")

    assert route(threatened, [rule, fallback])[0] is rule
    assert route(melding(laws=[Law.DEBT]), [rule, fallback])[0] is fallback


def test_all_conditions_must_hold():
    rule = Rule(
        position=1,
        target=RouteTarget.WELFARE,
        laws=[Law.DEBT],
        urgencies=[Urgency.REGULAR],
        multi_problem=MultiProblem.SINGLE,
    )
    assert route(melding(laws=[Law.DEBT]), [rule])[0] is rule
    assert route(melding(laws=[Law.DEBT], urgency=Urgency.URGENT), [rule])[0] is None
    assert route(melding(laws=[Law.DEBT], life_domain_count=2), [rule])[0] is None


def test_explain_says_why_each_rule_did_not_match():
    rules = [
        Rule(position=1, target=RouteTarget.CRISIS, urgencies=[Urgency.CRISIS], name="Crisis"),
        Rule(position=2, target=RouteTarget.WELFARE, name="Licht", active=False),
        Rule(position=3, target=RouteTarget.WELFARE, name="Rest"),
    ]

    checks = explain(melding(), rules)

    assert [c.matches for c in checks] == [False, False, True]
    assert checks[0].failed == ["Urgentie is niet een van: Crisis."]
    assert checks[1].failed == ["De regel staat uit."]
