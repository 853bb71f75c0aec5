"""Writes for meldingen, their routing and the triage rules.

A melding is routed the moment it is created: the municipality's rules pick a target (intake.triage), the
target becomes a concrete team serving the household, the household goes into that team's caseload, and the
legal terms the melding starts become tasks for that team. Each service owns its transaction and leaves an
audit row and a timeline line for every step; bad input leaves nothing saved.
"""

import hashlib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.identifiers import normalise_postcode
from wijkregie.core.text import plain_line, plain_text
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import CaseloadEntry, Household, Resident
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import is_current_member
from wijkregie.households.services import (
    ResidentData,
    caseload_hand_over,
    household_lock,
    household_log,
    registering_team_for,
    resident_register,
)
from wijkregie.organisation.models import District, Municipality, Team
from wijkregie.organisation.selectors import district_for_postcode
from wijkregie.tasks.constants import Term
from wijkregie.tasks.services import tasks_reassign_for_source, term_task_open

from . import selectors, triage
from .constants import AcuteThreat, Law, MeldingChannel, MeldingStatus, MultiProblem, RouteTarget, Urgency
from .letters import receipt_pdf
from .models import Melding, Routing, TriageRule
from .policies import MeldingPolicy, TriageRulePolicy

MAX_DOMAINS = 13  # the ZRM's life domains
REROUTE_REASON_MIN = 10
OUTSIDE_SERVED_AREA = "Deze postcode ligt niet in een wijk van een gemeente die u bedient."
KEEP_REASON_ERROR = f"Beschrijf in {REROUTE_REASON_MIN} tot 300 tekens waarom uw team de melding houdt."
UNKNOWN_CHOICE = "Kies alleen uit de lijst."
ACUTE_THREAT_NEEDS_DEBT = (
    "Een acute dreiging hoort bij een schuldhulpvraag: kies ook Schuldhulpverlening of laat dit leeg."
)

# Which legal term a law starts with a melding (the table of terms lives in tasks.terms).
_TERMS_BY_LAW = {Law.WMO: Term.WMO_RESEARCH, Law.YOUTH: Term.YOUTH_PLAN, Law.DEBT: Term.DEBT_FIRST_TALK}


# -- melding input -------------------------------------------------------------------------------------------
@dataclass
class MeldingData:
    """What a melding says. `channel` is how it came in (MeldingChannel), not the web/API channel."""

    channel: str
    question: str
    laws: list[str]
    urgency: str
    resident_informed: bool
    life_domain_count: int = 1
    acute_threat: str = AcuteThreat.NONE
    reporter_name: str = ""
    reporter_contact: str = ""
    received_on: date | None = None


def _cleaned(errors: dict[str, list[str]], name: str, clean: Any, value: str | None) -> str:
    """`clean(value)`, or "" with its Dutch message under `name`."""
    try:
        return str(clean(value))
    except ValidationError as exc:
        errors[name] = list(exc.messages)
        return ""


def _clean_melding(data: MeldingData) -> MeldingData:
    """Normalise and validate; Dutch messages per field, never echoing a value."""
    errors: dict[str, list[str]] = {}
    question = _cleaned(errors, "question", plain_text, data.question)
    reporter = {
        name: _cleaned(errors, name, plain_line, getattr(data, name))
        for name in ("reporter_name", "reporter_contact")
    }
    if not question and "question" not in errors:
        errors["question"] = ["Beschrijf de vraag in de woorden van de inwoner."]
    if data.channel not in MeldingChannel.values:
        errors["channel"] = ["Kies hoe de melding binnenkwam uit de lijst."]
    laws = list(dict.fromkeys(data.laws or []))
    if not laws:
        errors["laws"] = ["Kies minstens één wet, of ‘Geen’."]
    elif any(law not in Law.values for law in laws):
        errors["laws"] = ["Kies alleen wetten uit de lijst."]
    elif Law.NONE in laws and len(laws) > 1:
        errors["laws"] = ["‘Geen’ kan niet samen met een wet worden gekozen."]
    if data.urgency not in Urgency.values:
        errors["urgency"] = ["Kies de urgentie: crisis, spoed of regulier."]
    count = data.life_domain_count
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        errors["life_domain_count"] = ["De vraag raakt minstens één leefgebied."]
    elif count > MAX_DOMAINS:
        errors["life_domain_count"] = [f"Er zijn hooguit {MAX_DOMAINS} leefgebieden."]
    threat = data.acute_threat or AcuteThreat.NONE
    if threat not in AcuteThreat.values:
        errors["acute_threat"] = [UNKNOWN_CHOICE]
    elif threat and Law.DEBT not in laws:
        errors["acute_threat"] = [ACUTE_THREAT_NEEDS_DEBT]
    received = data.received_on or timezone.localdate()
    if received > timezone.localdate():
        errors["received_on"] = ["De datum van ontvangst kan niet in de toekomst liggen."]
    for name, value in reporter.items():
        if len(value) > 200:
            errors[name] = ["Gebruik hooguit 200 tekens."]
    if not isinstance(data.resident_informed, bool):
        errors["resident_informed"] = ["Geef aan of de inwoner van de melding weet."]
    if errors:
        raise ValidationError(errors)
    ordered_laws = [law for law in Law.values if law in laws]
    return replace(
        data,
        question=question,
        laws=ordered_laws,
        acute_threat=threat,
        reporter_name=reporter["reporter_name"],
        reporter_contact=reporter["reporter_contact"],
        received_on=received,
    )


# -- create and route ----------------------------------------------------------------------------------------
def melding_create(
    *,
    acting_user: User,
    household: Household,
    resident: Resident,
    data: MeldingData,
    channel: Channel = Channel.WEB,
) -> Melding:
    """A melding about a current member of a household the user may see; routed at once. For a known
    household the receiving team is added to the caseload and nobody loses access."""
    if not MeldingPolicy(acting_user).can_create(household):
        raise Http404
    if not is_current_member(household, resident):
        raise ValidationError({"resident": ["Deze inwoner is geen lid van dit huishouden."]})
    data = _clean_melding(data)
    with transaction.atomic():
        return _create_and_route(acting_user, household, resident, data, channel, registering_team=None)


def melding_create_for_new_resident(
    *,
    acting_user: User,
    resident_data: ResidentData,
    data: MeldingData,
    keep_reason: str = "",
    channel: Channel = Channel.WEB,
) -> Melding:
    """Register a resident in a new household and take their melding, in one transaction. The registering
    team held the household only to take the melding: once routed elsewhere it no longer sees it. With a
    `keep_reason` the registering team keeps the melding where the rules would send it elsewhere: the
    rules' routing is recorded and then the keeping, as a re-routing with that reason."""
    if not HouseholdPolicy(acting_user).can_register():
        raise Http404
    melding_errors: dict[str, list[str]] = {}
    try:
        data = _clean_melding(data)
    except ValidationError as error:
        melding_errors = error.message_dict
    keep_reason = (keep_reason or "").strip()
    if keep_reason and not REROUTE_REASON_MIN <= len(keep_reason) <= 300:
        melding_errors["keep_reason"] = [KEEP_REASON_ERROR]
    with transaction.atomic():
        try:
            resident = resident_register(acting_user=acting_user, data=resident_data, channel=channel)
        except ValidationError as error:
            raise ValidationError({**error.message_dict, **melding_errors}) from error
        if melding_errors:
            raise ValidationError(melding_errors)  # rolls back the registration too
        membership = resident.memberships.current().select_related("household").get()
        household = membership.household
        entry = (
            CaseloadEntry.objects.filter(household=household, ended_at__isnull=True)
            .select_related("team")
            .first()
        )
        return _create_and_route(
            acting_user,
            household,
            resident,
            data,
            channel,
            registering_team=entry.team if entry else None,
            keep_reason=keep_reason,
        )


def melding_create_for_early_signal(
    *,
    acting_user: User,
    household: Household,
    resident: Resident,
    data: MeldingData,
    channel: Channel = Channel.WEB,
) -> Melding:
    """The warm handover of a vroegsignaalzaak: a melding in the household's dossier, routed by the rules like
    any other. The outreach worker does not see the dossier; the zaak's policy decided that they may hand
    it over (early_warning.services.outreach), so only membership is checked here."""
    if not is_current_member(household, resident):
        raise ValidationError({"resident": ["Deze inwoner is geen lid van dit huishouden."]})
    data = _clean_melding(data)
    with transaction.atomic():
        return _create_and_route(acting_user, household, resident, data, channel, registering_team=None)


def _create_and_route(
    acting_user: User,
    household: Household,
    resident: Resident,
    data: MeldingData,
    channel: Channel,
    *,
    registering_team: Team | None,
    keep_reason: str = "",
) -> Melding:
    if not selectors.has_rules(household.municipality_id):
        triage_rules_install_defaults(acting_user=None, municipality=household.municipality)
    household_lock(household)  # who holds the household is decided below, one routing at a time
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    melding = Melding.objects.create(
        municipality_id=household.municipality_id,
        household=household,
        resident=resident,
        status=MeldingStatus.NEW,
        created_by=acting_user,
        **values,
    )
    household_log(
        acting_user,
        household,
        action=Action.CREATE,
        obj=melding,
        kind=TimelineKind.MELDING,
        description=(
            f"Melding ontvangen via {MeldingChannel(data.channel).label.lower()} "
            f"({Urgency(data.urgency).label.lower()}; {_laws_text(data.laws)})"
        ),
        fields=list(values),
        channel=channel,
    )
    rule, target, reason = triage.route(melding, selectors.active_rules(household.municipality_id))
    team, target, reason = selectors.routing_destination(target, reason, household)
    # A new household is held only for this melding; a known one is "taken" only by a team new to it.
    took = registering_team is not None or not _holds(household, team)
    Routing.objects.create(
        melding=melding,
        target=target,
        team=team,
        rule=rule,  # type: ignore[misc]
        reason=reason,
        took_into_caseload=took,
        routed_at=timezone.now(),
        routed_by=acting_user,
    )
    household_log(
        acting_user,
        household,
        action=Action.UPDATE,
        obj=melding,
        kind=TimelineKind.ROUTED,
        description=f"Gerouteerd naar {team.name}: {reason}"[:300],
        fields=["team", "status"],
        channel=channel,
    )
    if keep_reason and registering_team is not None and team.pk != registering_team.pk:
        team = _kept(
            acting_user, melding, household, routed_to=team, keeper=registering_team, why=keep_reason
        )
    Melding.objects.filter(pk=melding.pk).update(team=team, status=MeldingStatus.ROUTED)
    melding.team, melding.status = team, MeldingStatus.ROUTED
    caseload_hand_over(household=household, to_team=team, from_team=registering_team)
    _open_terms(acting_user, melding, team, channel)
    return melding


def _kept(
    acting_user: User, melding: Melding, household: Household, *, routed_to: Team, keeper: Team, why: str
) -> Team:
    """The worker keeps the melding in their own team where the rules sent it elsewhere: a re-routing
    from the rules' team back to the keeper, with the reason, counted as such in the routing figures."""
    Routing.objects.create(
        melding=melding,
        target=RouteTarget(keeper.kind),
        team=keeper,
        from_team=routed_to,
        reason=f"Bij {keeper.name} gehouden: {why}"[:300],
        is_rerouting=True,
        took_into_caseload=False,
        routed_at=timezone.now(),
        routed_by=acting_user,
    )
    household_log(
        acting_user,
        household,
        action=Action.UPDATE,
        obj=melding,
        kind=TimelineKind.REROUTED,
        description=f"Bij {keeper.name} gehouden in plaats van {routed_to.name}: {why}"[:300],
        fields=["team", "routing.reason"],
        channel=Channel.WEB,
    )
    return keeper


# -- before saving: where a melding would go ---------------------------------------------------------------
@dataclass(frozen=True)
class RoutingPreview:
    """Where the triage rules would send a melding and why, and the worker's own team that may keep it."""

    team: Team
    reason: str
    own_team: Team | None

    @property
    def goes_elsewhere(self) -> bool:
        return self.own_team is not None and self.team.pk != self.own_team.pk


def routing_preview(
    *, acting_user: User, data: MeldingData, postcode: str = "", household: Household | None = None
) -> RoutingPreview:
    """Where a melding would go, and why, before anything is saved: for a new resident at `postcode`, or
    for a known `household` (a municipality without rules yet is previewed on the default rules its first
    melding would install)."""
    if not HouseholdPolicy(acting_user).can_register():
        raise Http404
    if household is not None:  # a known household: where it lives decides, and its team keeps it anyway
        if not MeldingPolicy(acting_user).can_create(household):
            raise Http404
        district: District = household.district
    else:
        found = district_for_postcode(normalise_postcode(postcode or ""))
        served = HouseholdPolicy(acting_user).served_municipality_ids()
        if found is None or not served.filter(municipality_id=found.municipality_id):
            raise ValidationError({"postcode": [OUTSIDE_SERVED_AREA]})
        district = found
        household = Household(municipality=district.municipality, district=district)  # never saved
    data = _clean_melding(data)
    rules: list[Any] = selectors.active_rules(district.municipality_id)
    if not rules and not selectors.has_rules(district.municipality_id):
        rules = [
            TriageRule(position=position, **{f.name: getattr(rule, f.name) for f in fields(rule)})
            for position, rule in enumerate(DEFAULT_RULES, start=1)
        ]  # never saved
    _rule, target, reason = triage.route(data, rules)
    team, _target, reason = selectors.routing_destination(target, reason, household)
    return RoutingPreview(team=team, reason=reason, own_team=registering_team_for(acting_user, district))


def _holds(household: Household, team: Team) -> bool:
    return CaseloadEntry.objects.filter(household=household, team=team, ended_at__isnull=True).exists()


def _laws_text(laws: list[str]) -> str:
    return ", ".join(str(Law(law).label) for law in laws)


def _open_terms(acting_user: User, melding: Melding, team: Team, channel: Channel) -> None:
    """Each law the melding touches may start a legal term: a task for the receiving team."""
    for law in melding.laws:
        term = _TERMS_BY_LAW.get(Law(law))
        if term is None:
            continue
        if term == Term.DEBT_FIRST_TALK and melding.acute_threat:
            term = Term.DEBT_FIRST_TALK_ACUTE
        task = term_task_open(
            household=melding.household,
            term=term,
            start_date=melding.received_on,
            source=melding,
            team=team,
        )
        household_log(
            acting_user,
            melding.household,
            action=Action.CREATE,
            obj=task,
            kind=TimelineKind.TASK,
            description=f"Termijn gestart: {task.title}, uiterlijk {task.due_on:%d-%m-%Y}",
            fields=["term", "due_on", "team"],
            channel=channel,
        )


# -- working on a melding ------------------------------------------------------------------------------------
def melding_open(*, acting_user: User, melding_uuid: Any, channel: Channel = Channel.WEB) -> Melding:
    """Read one melding and write the access row (404 when missing or not allowed)."""
    with transaction.atomic():
        melding = selectors.melding_visible(acting_user, melding_uuid)
        record(
            actor=acting_user,
            action=Action.READ,
            obj=melding,
            household_uuid=melding.household.uuid,
            channel=channel,
        )
    return melding


def melding_reroute(
    *, acting_user: User, melding: Melding, target: str, reason: str, channel: Channel = Channel.WEB
) -> Routing:
    """'Hoort bij de ander': send the melding to another target, with the reason. Counted as a re-routing.
    The household moves from the current team's caseload to the new team's, and open terms go along. The
    current team keeps the household when it held it before this melding reached it, or when another open
    melding of the household still sits there: a re-routing never takes away a team's own work."""
    if not MeldingPolicy(acting_user).can_reroute(melding):
        raise Http404
    errors: dict[str, list[str]] = {}
    if target not in RouteTarget.values:
        errors["target"] = ["Kies waar de melding wel hoort uit de lijst."]
    reason = (reason or "").strip()
    if len(reason) < REROUTE_REASON_MIN:
        errors["reason"] = [
            f"Beschrijf in minstens {REROUTE_REASON_MIN} tekens waarom de melding ergens anders hoort."
        ]
    elif len(reason) > 300:
        errors["reason"] = ["Gebruik hooguit 300 tekens."]
    if melding.status == MeldingStatus.CLOSED:
        errors["__all__"] = ["Een afgesloten melding kan niet meer worden omgerouteerd."]
    if errors:
        raise ValidationError(errors)
    household = Household.objects.select_related("municipality", "district").get(pk=melding.household_id)
    team, resolved, full_reason = selectors.routing_destination(target, reason, household)
    current = melding.team
    if current is not None and team.pk == current.pk:
        raise ValidationError({"target": ["De melding ligt al bij dit team; kies een andere bestemming."]})
    with transaction.atomic():
        household_lock(household)
        moved = (
            Melding.objects.filter(pk=melding.pk, team=current)
            .exclude(status=MeldingStatus.CLOSED)
            .update(team=team, status=MeldingStatus.ROUTED)
        )
        if not moved:
            raise ValidationError({"__all__": ["De melding is intussen gewijzigd. Laad de pagina opnieuw."]})
        took_by_current = (
            Routing.objects.filter(melding=melding, team=current)
            .order_by("-routed_at", "-pk")
            .values_list("took_into_caseload", flat=True)
            .first()
        )
        routing = Routing.objects.create(
            melding=melding,
            target=resolved,
            team=team,
            from_team=current,
            reason=full_reason,
            is_rerouting=True,
            took_into_caseload=not _holds(household, team),
            routed_at=timezone.now(),
            routed_by=acting_user,
        )
        keeps = (
            current is None
            or not took_by_current
            or Melding.objects.filter(household=household, team=current)
            .exclude(status=MeldingStatus.CLOSED)
            .exists()
        )
        caseload_hand_over(household=household, to_team=team, from_team=None if keeps else current)
        tasks_reassign_for_source(source_uuid=melding.uuid, team=team)
        melding.team, melding.status = team, MeldingStatus.ROUTED
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=melding,
            kind=TimelineKind.REROUTED,
            description=f"Omgerouteerd van {current.name if current else 'geen team'} naar {team.name}",
            fields=["team", "status", "routing.reason"],
            channel=channel,
        )
    return routing


def _set_status(
    acting_user: User,
    melding: Melding,
    *,
    allowed_from: tuple[str, ...],
    to: MeldingStatus,
    refused: str,
    description: str,
    channel: Channel,
) -> Melding:
    team_id = melding.team_id
    if team_id is None or not MeldingPolicy(acting_user).can_handle(melding):
        raise Http404
    with transaction.atomic():
        changed = Melding.objects.filter(pk=melding.pk, status__in=allowed_from, team_id=team_id).update(
            status=to
        )
        if not changed:
            raise ValidationError({"__all__": [refused]})
        melding.status = to
        household = Household.objects.get(pk=melding.household_id)
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=melding,
            kind=TimelineKind.MELDING,
            description=description,
            fields=["status"],
            channel=channel,
        )
    return melding


def melding_accept(*, acting_user: User, melding: Melding, channel: Channel = Channel.WEB) -> Melding:
    """The receiving team takes the melding into behandeling."""
    team_name = melding.team.name if melding.team else ""
    return _set_status(
        acting_user,
        melding,
        allowed_from=(MeldingStatus.ROUTED,),
        to=MeldingStatus.IN_PROGRESS,
        refused="Alleen een gerouteerde melding kan in behandeling worden genomen.",
        description=f"Melding in behandeling genomen door {team_name}",
        channel=channel,
    )


def melding_close(*, acting_user: User, melding: Melding, channel: Channel = Channel.WEB) -> Melding:
    """The receiving team closes the melding (the household's dossier and its terms go on)."""
    return _set_status(
        acting_user,
        melding,
        allowed_from=(MeldingStatus.ROUTED, MeldingStatus.IN_PROGRESS),
        to=MeldingStatus.CLOSED,
        refused="Deze melding is al afgesloten.",
        description="Melding afgesloten",
        channel=channel,
    )


# -- triage rules --------------------------------------------------------------------------------------------
@dataclass
class TriageRuleData:
    name: str
    target: str
    reason: str
    channels: list[str] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)
    urgencies: list[str] = field(default_factory=list)
    multi_problem: str = MultiProblem.ANY
    acute_threat: bool = False
    active: bool = True


def _clean_rule(data: TriageRuleData) -> TriageRuleData:
    errors: dict[str, list[str]] = {}
    name, reason = (data.name or "").strip(), (data.reason or "").strip()
    if not name:
        errors["name"] = ["Geef de regel een naam."]
    elif len(name) > 150:
        errors["name"] = ["Gebruik hooguit 150 tekens."]
    if not reason:
        errors["reason"] = ["Schrijf de reden op: die staat bij elke routering door deze regel."]
    elif len(reason) > 300:
        errors["reason"] = ["Gebruik hooguit 300 tekens."]
    if data.target not in RouteTarget.values:
        errors["target"] = ["Kies waar de melding heen gaat uit de lijst."]
    for name_, choices in (("channels", MeldingChannel), ("laws", Law), ("urgencies", Urgency)):
        values = getattr(data, name_)
        if not isinstance(values, list | tuple) or any(v not in choices.values for v in values):
            errors[name_] = [UNKNOWN_CHOICE]
    if (data.multi_problem or "") not in MultiProblem.values:
        errors["multi_problem"] = [UNKNOWN_CHOICE]
    if errors:
        raise ValidationError(errors)

    def ordered(values: Any, choices: Any) -> list[str]:
        return [v for v in choices.values if v in set(values)]

    return replace(
        data,
        name=name,
        reason=reason,
        channels=ordered(data.channels, MeldingChannel),
        laws=ordered(data.laws, Law),
        urgencies=ordered(data.urgencies, Urgency),
        multi_problem=data.multi_problem or MultiProblem.ANY,
        acute_threat=bool(data.acute_threat),
        active=bool(data.active),
    )


def _rule_policy_or_404(acting_user: User) -> TriageRulePolicy:
    policy = TriageRulePolicy(acting_user)
    if not policy.can_manage():
        raise Http404
    return policy


def _owned(policy: TriageRulePolicy, rule: TriageRule) -> None:
    if rule.municipality_id != policy.municipality_id:
        raise Http404


def triage_rule_create(
    *, acting_user: User, data: TriageRuleData, channel: Channel = Channel.WEB
) -> TriageRule:
    """A new rule at the end of the municipality's list."""
    municipality_id = _rule_policy_or_404(acting_user).municipality_id
    assert municipality_id is not None  # a beheerder manages exactly one municipality
    data = _clean_rule(data)
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    try:
        with transaction.atomic():
            last = TriageRule.objects.filter(municipality_id=municipality_id).aggregate(m=Max("position"))
            rule = TriageRule.objects.create(
                municipality_id=municipality_id, position=(last["m"] or 0) + 1, **values
            )
            record(actor=acting_user, action=Action.CREATE, obj=rule, fields=list(values), channel=channel)
    except IntegrityError as exc:  # another rule took the same place at the same moment
        raise ValidationError({"__all__": [_CONCURRENT]}) from exc
    return rule


_CONCURRENT = "Iemand anders wijzigde de regels tegelijk. Probeer het opnieuw."


def triage_rule_update(
    *,
    acting_user: User,
    rule: TriageRule,
    data: TriageRuleData,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> TriageRule:
    """Change a rule (all its values) on the rule as stored now: EditedMeanwhile when `expected_version`
    is older."""
    policy = _rule_policy_or_404(acting_user)
    _owned(policy, rule)
    data = _clean_rule(data)
    with transaction.atomic():
        rule = locked_current(rule, expected_version)
        changed = [f.name for f in fields(data) if getattr(rule, f.name) != getattr(data, f.name)]
        if not changed:
            return rule
        for name in changed:
            setattr(rule, name, getattr(data, name))
        save_new_version(rule, [*changed, "updated_at"])
        record(actor=acting_user, action=Action.UPDATE, obj=rule, fields=changed, channel=channel)
    return rule


def triage_rule_deactivate(
    *, acting_user: User, rule: TriageRule, channel: Channel = Channel.WEB
) -> TriageRule:
    """Switch a rule off: it keeps its place and history (routings name it) and can be switched on again."""
    policy = _rule_policy_or_404(acting_user)
    _owned(policy, rule)
    with transaction.atomic():
        switched_off = TriageRule.objects.filter(pk=rule.pk, active=True)
        if switched_off.update(active=False, version=F("version") + 1):
            record(actor=acting_user, action=Action.UPDATE, obj=rule, fields=["active"], channel=channel)
        rule.active = False
    return rule


def triage_rule_move(
    *, acting_user: User, rule: TriageRule, direction: str, channel: Channel = Channel.WEB
) -> TriageRule:
    """Swap a rule with its neighbour above ("up") or below ("down"). Race-safe: each update is
    conditional on the position read, inside one transaction, with the unique position as the last guard."""
    policy = _rule_policy_or_404(acting_user)
    _owned(policy, rule)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": ["Kies omhoog of omlaag."]})
    siblings = TriageRule.objects.filter(municipality_id=rule.municipality_id)
    try:
        with transaction.atomic():
            current = siblings.get(pk=rule.pk).position
            neighbours = (
                siblings.filter(position__lt=current).order_by("-position")
                if direction == "up"
                else siblings.filter(position__gt=current).order_by("position")
            )
            other = neighbours.first()
            if other is None:
                return rule  # already first or last
            parked = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
            steps = (
                siblings.filter(pk=rule.pk, position=current).update(position=parked),
                siblings.filter(pk=other.pk, position=other.position).update(position=current),
                siblings.filter(pk=rule.pk, position=parked).update(position=other.position),
            )
            if not all(steps):
                raise IntegrityError("position changed underneath")
            record(actor=acting_user, action=Action.UPDATE, obj=rule, fields=["position"], channel=channel)
            record(actor=acting_user, action=Action.UPDATE, obj=other, fields=["position"], channel=channel)
            rule.position = other.position
    except IntegrityError as exc:
        raise ValidationError({"__all__": [_CONCURRENT]}) from exc
    return rule


DEFAULT_RULES: tuple[TriageRuleData, ...] = (
    TriageRuleData(
        name="Crisis",
        urgencies=[Urgency.CRISIS],
        target=RouteTarget.CRISIS,
        reason="Crisis: direct naar de crisisdienst.",
    ),
    TriageRuleData(
        name="Schulden met acute dreiging",
        laws=[Law.DEBT],
        acute_threat=True,
        target=RouteTarget.DISTRICT_TEAM,
        reason=(
            "Schuldvraag met dreigende uitzetting of afsluiting: wijkteam, eerste gesprek binnen 3 werkdagen."
        ),
    ),
    TriageRuleData(
        name="Meerdere leefgebieden",
        multi_problem=MultiProblem.MULTIPLE,
        target=RouteTarget.DISTRICT_TEAM,
        reason="De vraag raakt meerdere leefgebieden: integraal, door het wijkteam.",
    ),
    TriageRuleData(
        name="Maatwerk Wmo, Jeugdwet of Participatiewet",
        laws=[Law.WMO, Law.YOUTH, Law.PARTICIPATION],
        target=RouteTarget.DISTRICT_TEAM,
        reason="Mogelijk maatwerk (of meerdere wetten): onderzoek door het wijkteam.",
    ),
    TriageRuleData(
        name="Lichte vraag zonder wet",
        laws=[Law.NONE],
        multi_problem=MultiProblem.SINGLE,
        target=RouteTarget.WELFARE,
        reason="Lichte vraag op één leefgebied zonder wettelijke grondslag: basisondersteuning.",
    ),
    TriageRuleData(
        name="Lichte schuldvraag",
        laws=[Law.DEBT],
        urgencies=[Urgency.REGULAR],
        multi_problem=MultiProblem.SINGLE,
        target=RouteTarget.WELFARE,
        reason="Lichte schuldvraag op één leefgebied: triage door de welzijnsorganisatie.",
    ),
)


def triage_rules_install_defaults(
    *, acting_user: User | None, municipality: Municipality, channel: Channel = Channel.SYSTEM
) -> list[TriageRule]:
    """A sensible starter set for a municipality without rules (none are added when it has any). With an
    acting user, only that municipality's functioneel beheerder may install them."""
    if acting_user is not None:
        policy = _rule_policy_or_404(acting_user)
        if policy.municipality_id != municipality.pk:
            raise Http404
    created: list[TriageRule] = []
    try:
        with transaction.atomic():
            if TriageRule.objects.filter(municipality=municipality).exists():
                return []
            for position, data in enumerate(DEFAULT_RULES, start=1):
                values = {f.name: getattr(data, f.name) for f in fields(data)}
                rule = TriageRule.objects.create(municipality=municipality, position=position, **values)
                record(
                    actor=acting_user, action=Action.CREATE, obj=rule, fields=list(values), channel=channel
                )
                created.append(rule)
    except IntegrityError:  # installed at the same moment by someone else: theirs stand
        return []
    return created


# -- proefroutering ------------------------------------------------------------------------------------------
@dataclass
class TrialResult:
    checks: list[triage.RuleCheck]
    rule: Any
    target: RouteTarget
    reason: str


def triage_trial(*, acting_user: User, attrs: triage.MeldingAttrs) -> TrialResult:
    """Try the municipality's rules on a made-up melding: which rule matches and why (nothing is saved)."""
    policy = _rule_policy_or_404(acting_user)
    assert policy.municipality_id is not None
    rules = selectors.rules_of(policy.municipality_id)
    rule, target, reason = triage.route(attrs, rules)
    return TrialResult(checks=triage.explain(attrs, rules), rule=rule, target=target, reason=reason)


__all__ = [
    "MeldingData",
    "ResidentData",
    "TriageRuleData",
    "melding_accept",
    "melding_close",
    "melding_create",
    "melding_create_for_new_resident",
    "melding_open",
    "melding_reroute",
    "triage_rule_create",
    "triage_rule_deactivate",
    "triage_rule_move",
    "triage_rule_update",
    "triage_rules_install_defaults",
    "triage_trial",
]


# -- the confirmation of receipt (Wmo 2015 art. 2.3.2 lid 1) ---------------------------------------------
RECEIPT_UNAVAILABLE = "De brief kan nu niet worden gemaakt; probeer het later opnieuw."


def melding_receipt_make(*, acting_user: User, melding: Melding, channel: Channel = Channel.WEB) -> Melding:
    """Make the written confirmation of receipt for the resident, once: a second call returns the letter
    already made. Kept as sent (PDF and its SHA-256), with an audit row and a timeline line. Who may see
    the melding's household may make it (404 otherwise)."""
    if not MeldingPolicy(acting_user).is_caseworker():
        raise Http404
    with transaction.atomic():
        found = (
            MeldingPolicy(acting_user)
            .visible()
            .select_for_update(of=("self",))
            .select_related("household__municipality", "resident", "team")
            .filter(pk=melding.pk)
            .first()
        )
        if found is None:
            raise Http404
        if found.receipt_sent_on is not None:
            return found
        today = timezone.localdate()
        try:
            pdf = receipt_pdf(found, today)
        except (ImportError, OSError) as error:  # WeasyPrint without Pango: refuse, nothing is saved
            raise ValidationError({"__all__": [RECEIPT_UNAVAILABLE]}) from error
        found.receipt_letter = pdf
        found.receipt_letter_sha256 = hashlib.sha256(pdf).hexdigest()
        found.receipt_sent_on = today
        found.save(update_fields=["receipt_letter", "receipt_letter_sha256", "receipt_sent_on", "updated_at"])
        household_log(
            acting_user,
            found.household,
            action=Action.UPDATE,
            obj=found,
            kind=TimelineKind.MELDING,
            description="Ontvangstbevestiging van de melding gemaakt (Wmo 2015 art. 2.3.2 lid 1)",
            fields=["receipt_letter", "receipt_sent_on"],
            channel=channel,
        )
    return found


def melding_receipt_letter(*, acting_user: User, melding_uuid: Any, channel: Channel = Channel.WEB) -> bytes:
    """The confirmation of receipt exactly as it was made; every download leaves an EXPORT row."""
    with transaction.atomic():
        melding = selectors.melding_visible(acting_user, melding_uuid)
        if melding.receipt_letter is None:
            raise Http404
        record(
            actor=acting_user,
            action=Action.EXPORT,
            obj=melding,
            household_uuid=melding.household.uuid,
            channel=channel,
            fields=["receipt_letter"],
        )
    return bytes(melding.receipt_letter)
