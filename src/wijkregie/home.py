"""The landing page: each role lands on what waits for it. The consulent on Mijn werkvoorraad, the social
worker on the meldingen routed to their team, the provider's staff on their allocations, the teamleider on
the team's queue (second signatures, households without a worker, overdue terms, tasks nobody has yet), the
backoffice on its queue per municipality (aanvragen in research, signatures, deviations, provider requests,
bezwaren); the steering and beheer roles on a page that says what they can do here. Sits above the apps
with the URL configuration and the navigation, as it gathers their lists; each list is one selector."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wijkregie.accounts.constants import Role
from wijkregie.allocations.selectors.allocation import open_provider_requests
from wijkregie.allocations.web.views import provider_worklist
from wijkregie.audit.services import record_reads
from wijkregie.decisions import selectors as decisions
from wijkregie.decisions.constants import DecisionKind
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.web.views import worklist
from wijkregie.intake.web.views import team_meldingen
from wijkregie.navigation import LINKS, MAY
from wijkregie.tasks import selectors as tasks
from wijkregie.tasks.constants import TaskKind

QUEUE_LIST = "lijst.wachtrij"  # the audit row of a queue read names the list

# What each page in the menu is for, in a sentence: the page for roles without a queue of their own.
PURPOSE = {
    "providers:provider_list": "de zorgaanbieders van uw gemeente en hun gegevens",
    "providers:contract_list": "contracten met hun producten, tarieven en looptijd",
    "allocations:contract_review": "toetsing van declaraties aan contract en toewijzing",
    "allocations:ledger": "verwachte en werkelijke kosten per maand, per wet en per aanbieder",
    "monitoring:cost": "unieke cliënten, uitgaven en kosten per unieke cliënt per wet, wijk en categorie",
    "monitoring:access": "meldingen per kanaal, wijk, wet en team, tijd tot plan en beschikking, termijnen",
    "monitoring:ladder": "het aandeel van de acties per trede van de ladder, per kwartaal en wijk",
    "monitoring:effect": "doelrealisatie per voorziening, trede, wet en wijk, en de scoreverandering",
    "intake:routing_stats": "hoe meldingen worden gerouteerd en omgerouteerd, zonder personen",
    "decisions:deviations": "besluiten die afwijken van de regels, geteld per voorziening",
    "audit:review": "het auditlogboek: wie wat heeft ingezien en gewijzigd",
    "provisions:catalogue": "de voorzieningen in de catalogus en op de sociale kaart",
    "intake:triage_rules": "de triageregels die bepalen waar een melding heen gaat",
    "assessment:instruments": "de instrumenten voor de brede uitvraag en hun ankerteksten",
    "accounts:beheer_overview": "medewerkers, teams, wijken en instellingen van uw gemeente",
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request.user, "role", "")
    if role == Role.TEAMLEIDER:
        return _teamleider(request)
    if role == Role.BACKOFFICE:
        return _backoffice(request)
    if role == Role.SOCIAL_WORKER:
        return team_meldingen(request)
    if role == Role.PROVIDER_STAFF:
        return provider_worklist(request)
    if HouseholdPolicy(request.user).can_register():
        return worklist(request)
    return _what_you_can_do(request)


def _shown(request: HttpRequest, rows: Iterable[tuple[Any, Any]]) -> None:
    """Each listed household is an access row (the list shows names)."""
    record_reads(actor=request.user, object_type=QUEUE_LIST, shown=list(rows))


def _teamleider(request: HttpRequest) -> HttpResponse:
    user = request.user
    signatures = decisions.awaiting_second_signature(user)
    caseload = tasks.caseload(user)
    team_tasks = tasks.team_tasks(user)
    overdue = [t for t in team_tasks if t.is_overdue and t.kind == TaskKind.LEGAL_TERM]  # type: ignore[attr-defined]
    queued = [t for t in team_tasks if t.assignee_id is None]
    waiting = [entry for team in caseload for entry in team.unassigned]
    _shown(
        request,
        [(r.uuid, r.household.uuid) for r in signatures]
        + [(t.uuid, t.household.uuid) for t in overdue + queued]
        + [(e.household.uuid, e.household.uuid) for e in waiting],
    )
    context = {
        "signatures": signatures,
        "caseload": caseload,
        "overdue": overdue,
        "queued": queued,
        "limit": decisions.QUEUE_LIMIT,
        "task_limit": tasks.LIST_LIMIT,
    }
    return render(request, "home/teamleider.html", context)


def _backoffice(request: HttpRequest) -> HttpResponse:
    user = request.user
    per_municipality: dict[Any, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    signatures = decisions.awaiting_second_signature(user)
    for request_ in decisions.open_requests(user):
        per_municipality[request_.household.municipality]["research"].append(request_)
    for request_ in signatures:
        kind = "deviations" if request_.reverse_test.decision_kind == DecisionKind.DEVIATION else "signatures"
        per_municipality[request_.household.municipality][kind].append(request_)
    for asked in open_provider_requests(user):
        per_municipality[asked.municipality]["provider_requests"].append(asked)
    for objection in decisions.open_objections(user):
        objection.term = decisions.objection_term(objection)  # type: ignore[attr-defined]
        per_municipality[objection.beschikking.request.household.municipality]["objections"].append(objection)
    rows = [(r.uuid, r.household.uuid) for m in per_municipality.values() for r in m["research"]]
    rows += [(r.uuid, r.household.uuid) for r in signatures]
    _shown(request, rows)
    municipalities = sorted(per_municipality.items(), key=lambda item: item[0].name)
    context = {
        "municipalities": [(m, dict(queues)) for m, queues in municipalities],
        "limit": decisions.QUEUE_LIMIT,
    }
    return render(request, "home/backoffice.html", context)


def _what_you_can_do(request: HttpRequest) -> HttpResponse:
    may = {name: check(request.user) for name, check in MAY.items()}
    pages = [
        (link.label, reverse(link.url_name), PURPOSE.get(link.url_name, ""))
        for link in LINKS
        if may[link.may]
    ]
    return render(request, "home/other_roles.html", {"pages": pages})
