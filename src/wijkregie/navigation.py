"""The main navigation and what the pages may offer, from the policies: a link is shown when the policy
behind its page would let the user open it, never from a role name in a template. Every question here is
answered without a query (roles, teams and municipalities already on the user), so the header costs no
database work on any page. Sits with the URL configuration above the apps, as it names their pages."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from wijkregie.accounts.policies import StaffPolicy
from wijkregie.allocations.policies import AllocationPolicy, MessagePolicy
from wijkregie.allocations.selectors.ledger import LedgerAccess
from wijkregie.assessment.policies import InstrumentPolicy
from wijkregie.decisions.policies import DeviationReportPolicy
from wijkregie.early_warning.policies import EarlyWarningPolicy
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.intake.policies import RoutingStatsPolicy, TriageRulePolicy
from wijkregie.monitoring.policies import SteeringPolicy
from wijkregie.oversight.policies import AuditPolicy
from wijkregie.providers.policies import ContractPolicy
from wijkregie.provisions.policies import CataloguePolicy
from wijkregie.tasks.policies import TaskPolicy

Check = Callable[[Any], bool]


def _casework(user: Any) -> bool:
    return HouseholdPolicy(user).can_register()


# What a page or part of a page may offer, by name: `{% if may.break_glass %}` in a template.
MAY: dict[str, Check] = {
    "casework": _casework,
    "notifications": _casework,
    "break_glass": lambda user: HouseholdPolicy(user).can_break_glass(),
    "caseload": lambda user: TaskPolicy(user).can_see_caseload(),
    "routing_stats": lambda user: RoutingStatsPolicy(user).is_reporter(),
    "deviations": lambda user: DeviationReportPolicy(user).can_view(),
    "early_warning_monitoring": lambda user: EarlyWarningPolicy(user).may_monitor(),
    "early_warning_retention": lambda user: EarlyWarningPolicy(user).may_configure(),
    "contracts": lambda user: ContractPolicy(user).can_view(),
    "ledger": lambda user: LedgerAccess(user).can_view(),
    "steering": lambda user: SteeringPolicy(user).can_view(),
    "messages": lambda user: MessagePolicy(user).can_handle(),
    "provider_worklist": lambda user: AllocationPolicy(user).is_provider_staff(),
    "audit_review": lambda user: AuditPolicy(user).can_review(),
    "catalogue": lambda user: CataloguePolicy(user).manages_a_catalogue(),
    "triage_rules": lambda user: TriageRulePolicy(user).can_manage(),
    "instruments": lambda user: InstrumentPolicy(user).is_admin(),
    "beheer": lambda user: StaffPolicy(user).can_manage(),
    "ddas_delivery": lambda user: EarlyWarningPolicy(user).delivers_somewhere(),
}


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    may: str  # a key of MAY


LINKS = (
    Link("Mijn werkvoorraad", "households:worklist", "casework"),
    Link("Taken", "tasks:my_tasks", "casework"),
    Link("Meldingen", "intake:team_meldingen", "casework"),
    Link("Nieuwe melding", "intake:melding_new", "casework"),
    Link("Zoeken", "households:search", "casework"),
    Link("Inwoner registreren", "households:register", "casework"),
    Link("Gedeeld met ons", "consent:shared_with_us", "casework"),
    Link("Sociale kaart", "provisions:social_map", "casework"),
    Link("Vroegsignalering", "early_warning:queue", "casework"),
    Link("Caseload", "tasks:caseload", "caseload"),
    Link("Routering", "intake:routing_stats", "routing_stats"),
    Link("Afwijkingen", "decisions:deviations", "deviations"),
    Link("Monitoring vroegsignalering", "early_warning:monitoring", "early_warning_monitoring"),
    Link("Zorgaanbieders", "providers:provider_list", "contracts"),
    Link("Contracten", "providers:contract_list", "contracts"),
    Link("Contracttoetsing", "allocations:contract_review", "ledger"),
    Link("Kosten", "allocations:ledger", "ledger"),
    Link("Kosten per cliënt", "monitoring:cost", "steering"),
    Link("Toegang en termijnen", "monitoring:access", "steering"),
    Link("Treden van de ladder", "monitoring:ladder", "steering"),
    Link("Effect", "monitoring:effect", "steering"),
    Link("Berichten", "allocations:messages", "messages"),
    Link("Toewijzingen", "allocations:provider_worklist", "provider_worklist"),
    Link("Auditlogboek", "audit:review", "audit_review"),
    Link("Voorzieningen", "provisions:catalogue", "catalogue"),
    Link("Triageregels", "intake:triage_rules", "triage_rules"),
    Link("Instrumenten", "assessment:instruments", "instruments"),
    Link("Bewaartermijnen vroegsignalering", "early_warning:retention", "early_warning_retention"),
    Link("Beheer", "accounts:beheer_overview", "beheer"),
    Link("Levering aan CBS", "early_warning:delivery", "ddas_delivery"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `nav_links` [(label, url)] and `may` {name: bool} for the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "may": {}}
    may = {name: check(user) for name, check in MAY.items()}
    return {
        "nav_links": [(link.label, reverse(link.url_name)) for link in LINKS if may[link.may]],
        "may": may,
    }
