"""Triage: which target a melding goes to, decided by a municipality's own ordered rules.

Pure functions over plain values: no database, no clock. A rule is anything with the attributes of
`models.TriageRule` (position, active, channels, laws, urgencies, multi_problem, acute_threat, target,
reason); a melding is anything with channel, laws, urgency, life_domain_count and acute_threat. The first
active rule in position order whose conditions all hold decides; an empty condition list means "any value".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .constants import Law, MeldingChannel, MultiProblem, RouteTarget, Urgency

NO_RULE_REASON = "Geen regel van toepassing: wijkteam van de wijk"


class RuleLike(Protocol):
    position: int
    active: bool
    name: str
    channels: Any
    laws: Any
    urgencies: Any
    multi_problem: str
    acute_threat: bool
    target: str
    reason: str


@dataclass(frozen=True)
class MeldingAttrs:
    """What triage looks at. `acute_threat` is truthy when the melding names an acute threat."""

    channel: str
    laws: Sequence[str]
    urgency: str
    life_domain_count: int = 1
    acute_threat: Any = ""


@dataclass
class RuleCheck:
    """One rule tried against a melding, for the proefroutering: which conditions failed, in Dutch."""

    rule: Any
    failed: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.failed


def _labels(values: Iterable[str], choices: Any) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values)


def check(melding: Any, rule: RuleLike) -> RuleCheck:
    """Every condition of one rule against one melding (an inactive rule never matches)."""
    failed: list[str] = []
    if not rule.active:
        failed.append("De regel staat uit.")
    channels = list(rule.channels or [])
    if channels and melding.channel not in channels:
        failed.append(f"Kanaal is niet een van: {_labels(channels, MeldingChannel)}.")
    laws = list(rule.laws or [])
    if laws and not set(melding.laws or []) & set(laws):
        failed.append(f"Geen van de wetten {_labels(laws, Law)}.")
    urgencies = list(rule.urgencies or [])
    if urgencies and melding.urgency not in urgencies:
        failed.append(f"Urgentie is niet een van: {_labels(urgencies, Urgency)}.")
    count = int(melding.life_domain_count or 0)
    if rule.multi_problem == MultiProblem.SINGLE and count != 1:
        failed.append("De vraag raakt niet precies één leefgebied.")
    if rule.multi_problem == MultiProblem.MULTIPLE and count < 2:
        failed.append("De vraag raakt niet meerdere leefgebieden.")
    if rule.acute_threat and not melding.acute_threat:
        failed.append("Er is geen acute dreiging.")
    return RuleCheck(rule=rule, failed=failed)


def ordered(rules: Iterable[RuleLike]) -> list[RuleLike]:
    return sorted(rules, key=lambda rule: rule.position)


def route(melding_attrs: Any, rules: Iterable[RuleLike]) -> tuple[RuleLike | None, RouteTarget, str]:
    """(the deciding rule or None, the target, the reason). No rule: the district's wijkteam."""
    for rule in ordered(rules):
        if check(melding_attrs, rule).matches:
            return rule, RouteTarget(rule.target), rule.reason
    return None, RouteTarget.DISTRICT_TEAM, NO_RULE_REASON


def explain(melding_attrs: Any, rules: Iterable[RuleLike]) -> list[RuleCheck]:
    """Every rule in order with what held and what did not: the proefroutering shows why."""
    return [check(melding_attrs, rule) for rule in ordered(rules)]
