"""Every page and API route that answers GET and takes a uuid, as every demo role and anonymously: a uuid that
exists nowhere and a real object the user may not see both answer 404 (anonymous: the login page, or 401 from
the API), never 200, 403 or a server error. The owning role gets 200, so the probe can fail.

The demo is loaded once per module (and worker) inside a transaction that is rolled back afterwards; every
test runs in a savepoint inside it. Beside the ten demo logins, "outsiders" are added: for each role a user
of the other municipality, and staff of a provider that holds no allocation. They may see none of the
objects the probe opens, whatever the demo's caseloads are.

`TARGETS` names, for every uuid GET route, the object the probe opens and who owns it; a new uuid route
that it does not know fails `test_every_uuid_get_route_is_probed`.
"""

import functools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wijkregie.accounts.constants import CASEWORK_ROLES, Role
from wijkregie.accounts.models import User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.allocations.models import Allocation, InvoiceImport
from wijkregie.allocations.policies import AllocationPolicy
from wijkregie.assessment.constants import ReportStatus
from wijkregie.assessment.models import ConversationReport, Instrument
from wijkregie.consent.models import Consent, Share
from wijkregie.core.testclock import SUITE_NOW, clock_at
from wijkregie.decisions.models import Beschikking, Mandate, Objection
from wijkregie.early_warning.models import SignalFile, SignalLetter
from wijkregie.early_warning.policies import SignalCasePolicy
from wijkregie.households.models import Household, HouseholdMembership
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.intake.models import Melding, TriageRule
from wijkregie.organisation.constants import OrganisationKind, TeamKind
from wijkregie.organisation.models import DistrictContact, Municipality, Team
from wijkregie.organisation.tests.factories import OrganisationFactory, TeamFactory
from wijkregie.plans.models import Goal, MdoDecision, Plan
from wijkregie.providers.models import ContractProduct, Provider, ProviderContact
from wijkregie.provisions.models import Provision
from wijkregie.tasks.models import Task

DEMO_USERS = ("anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "fenna", "zoe")
WEST, ZUID = "9901", "9902"


# -- the routes ---------------------------------------------------------------------------------------------
def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback


@dataclass(frozen=True)
class Route:
    params: list[str]  # uuids and slugs, in order
    view: Any


@functools.cache
def uuid_routes() -> dict[str, Route]:
    """Every named route with a uuid in it."""
    from django.urls.resolvers import RoutePattern

    return {
        name: Route(list(RoutePattern(route).converters), view)
        for name, route, view in _walk(get_resolver().url_patterns)
        if "<uuid:" in route
    }


# -- the objects --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    kwargs: dict[str, Any]  # a superset of the route's parameters
    household: Household | None  # the dossier behind it, when there is one
    municipality: str | None  # the cbs code it belongs to; None: shared by every municipality
    seen_by: Callable[[User], bool] | None = None  # besides who may see the household (provider, partner)

    def may_be_seen_by(self, user: User) -> bool:
        """What the policies say; without a household behind it, the page's own role check decides."""
        if self.seen_by is not None and self.seen_by(user):
            return True
        if self.household is None:
            return True
        return HouseholdPolicy(user).visible().filter(pk=self.household.pk).exists()


def _of_household(
    household: Household, seen_by: Callable[[User], bool] | None = None, **kwargs: Any
) -> Target:
    return Target(
        {"household_uuid": household.uuid, **kwargs},
        household,
        household.district.municipality.cbs_code,
        seen_by,
    )


def _sees(username: str) -> Any:
    return HouseholdPolicy(User.objects.get(username=username)).q


def household(owner: str) -> Target:
    return _of_household(Household.objects.filter(_sees(owner)()).exclude(plans=None).order_by("pk").first())


def resident(owner: str) -> Target:
    membership = HouseholdMembership.objects.filter(_sees(owner)("household")).order_by("pk").first()
    return _of_household(membership.household, resident_uuid=membership.resident.uuid)


def melding(owner: str) -> Target:
    found = (
        Melding.objects.filter(_sees(owner)("household"), receipt_letter__isnull=False).order_by("pk").first()
    )
    return _of_household(found.household, melding_uuid=found.uuid)


def _report(owner: str, status: str) -> Target:
    found = (
        ConversationReport.objects.filter(_sees(owner)("household"), status=status)
        .exclude(status=ReportStatus.FINAL, letter=None)
        .exclude(scorings=None)
        .order_by("pk")
        .first()
    )
    scoring = found.scorings.order_by("pk").first()
    return _of_household(found.household, report_uuid=found.uuid, resident_uuid=scoring.resident.uuid)


def report(owner: str) -> Target:
    return _report(owner, ReportStatus.FINAL)


def draft_report(owner: str) -> Target:
    return _report(owner, ReportStatus.DRAFT)


def consent(owner: str) -> Target:
    found = Consent.objects.filter(_sees(owner)("resident__memberships__household")).order_by("pk").first()
    membership = found.resident.memberships.order_by("pk").first()
    return _of_household(membership.household, consent_uuid=found.uuid)


def share(owner: str) -> Target:
    found = Share.objects.order_by("pk").first()

    def partner(user: User) -> bool:
        return user.teams.filter(organisation=found.organisation).exists()

    return _of_household(found.household, partner, share_uuid=found.uuid)


def plan(owner: str) -> Target:
    found = Plan.objects.filter(_sees(owner)("household")).exclude(goals__actions=None).order_by("pk").first()
    goal = found.goals.exclude(actions=None).order_by("pk").first()
    return _of_household(
        found.household,
        plan_uuid=found.uuid,
        goal_uuid=goal.uuid,
        action_uuid=goal.actions.order_by("pk").first().uuid,
        version_uuid=found.versions.order_by("pk").first().uuid,
    )


def mdo(owner: str) -> Target:
    decision = MdoDecision.objects.filter(_sees(owner)("mdo__household")).order_by("pk").first()
    return _of_household(decision.mdo.household, mdo_uuid=decision.mdo.uuid, decision_uuid=decision.uuid)


def task(owner: str) -> Target:
    found = Task.objects.filter(_sees(owner)("household")).order_by("pk").first()
    return _of_household(found.household, task_uuid=found.uuid)


def maatwerk(owner: str) -> Target:
    beschikking = (
        Beschikking.objects.filter(_sees(owner)("request__household"), signed_on__isnull=False)
        .order_by("pk")
        .first()
    )
    request = beschikking.request
    return _of_household(request.household, request_uuid=request.uuid, beschikking_uuid=beschikking.uuid)


def objection(owner: str) -> Target:
    found = Objection.objects.filter(_sees(owner)("beschikking__request__household")).order_by("pk").first()
    return _of_household(found.beschikking.request.household, objection_uuid=found.uuid)


def allocation(owner: str) -> Target:
    found = Allocation.objects.filter(_sees(owner)("household")).order_by("pk").first()

    def provider_staff(user: User) -> bool:
        return Allocation.objects.filter(AllocationPolicy(user).q(), pk=found.pk).exists()

    return _of_household(
        found.household, provider_staff, allocation_uuid=found.uuid, beschikking_uuid=found.beschikking.uuid
    )


def signal_case(owner: str) -> Target:
    """A Westerhoek zaak of the demo with a letter: its outreach team works it, its caseworkers read it."""
    letter = (
        SignalLetter.objects.filter(case__municipality__cbs_code=WEST)
        .select_related("case")
        .order_by("pk")
        .first()
    )
    case = letter.case

    def outreach(user: User) -> bool:
        return SignalCasePolicy(user).visible().filter(pk=case.pk).exists()

    return _of_household(case.household, outreach, case_uuid=case.uuid, letter_uuid=letter.uuid)


def signal_file(owner: str) -> Target:
    return _west(file_uuid=SignalFile.objects.filter(municipality__cbs_code=WEST).order_by("pk").first().uuid)


def _west(**kwargs: Any) -> Target:
    return Target(kwargs, None, WEST)


def staff(owner: str) -> Target:
    return _west(user_uuid=User.objects.get(username="anna").uuid)


def triage_rule(owner: str) -> Target:
    return _west(rule_uuid=TriageRule.objects.filter(municipality__cbs_code=WEST).order_by("pk").first().uuid)


def instrument(owner: str) -> Target:
    return Target({"instrument_uuid": Instrument.objects.order_by("pk").first().uuid}, None, None)


def provision(owner: str) -> Target:
    return _west(
        provision_uuid=Provision.objects.filter(municipality__cbs_code=WEST).order_by("pk").first().uuid
    )


def mandate(owner: str) -> Target:
    return _west(mandate_uuid=Mandate.objects.filter(municipality__cbs_code=WEST).order_by("pk").first().uuid)


def provider(owner: str) -> Target:
    contact = (  # a provider of Westerhoek alone: staff of Zuiderdijk may not see it
        ProviderContact.objects.filter(provider__municipalities__cbs_code=WEST)
        .exclude(provider__municipalities__cbs_code=ZUID)
        .order_by("pk")
        .first()
    )
    return _west(provider_uuid=contact.provider.uuid, contact_uuid=contact.uuid)


def contract(owner: str) -> Target:
    product = ContractProduct.objects.filter(contract__municipality__cbs_code=WEST).order_by("pk").first()
    return _west(contract_uuid=product.contract.uuid, product_uuid=product.uuid)


def invoice_import(owner: str) -> Target:
    return _west(import_uuid=InvoiceImport.objects.get(municipality__cbs_code=WEST).uuid)


def district(owner: str) -> Target:
    contact = DistrictContact.objects.filter(district__municipality__cbs_code=WEST).order_by("pk").first()
    return _west(district_uuid=contact.district.uuid, contact_uuid=contact.uuid)


def team(owner: str) -> Target:
    return _west(team_uuid=Team.objects.get(name="Wijkteam Centrum").uuid)


def _shown(target: Target) -> str:
    return "200"


def _to_consents(target: Target) -> str:
    """A form without a page of its own: GET goes to the household's consent page."""
    assert target.household is not None
    return f"302 {reverse('consent:household_consents', kwargs={'household_uuid': target.household.uuid})}"


@dataclass(frozen=True)
class Probe:
    make: Callable[[str], Target]  # the object, given its owner
    owner: str  # a demo login that may see it
    owner_answer: Callable[[Target], str] = _shown


def _probes(
    owner: str, make: Callable[[str], Target], *names: str, answer: Callable[[Target], str] = _shown
) -> dict[str, Probe]:
    return {name: Probe(make, owner, answer) for name in names}


# Every uuid route that answers GET, with the object to open and its owner.
TARGETS: dict[str, Probe] = {
    **_probes("fenna", staff, "accounts:staff_update"),
    **_probes(
        "anna",
        household,
        "households:dossier",
        "households:timeline",
        "households:member_new",
        "intake:household_meldingen",
        "intake:household_melding_new",
        "assessment:household_reports",
        "assessment:report_new",
        "consent:household_consents",
        "plans:household_plan",
        "plans:evaluation_new",
        "plans:household_mdos",
        "tasks:household_tasks",
        "decisions:household_requests",
        "api:v1:households:household-detail",
        "api:v1:households:household-timeline",
        "api:v1:intake:household-meldingen",
        "api:v1:assessment:household-reports",
        "api:v1:plans:household-plans",
        "api:v1:plans:household-mdos",
        "api:v1:household-maatwerk-requests",
    ),
    **_probes("teun", household, "tasks:household_assign"),
    **_probes(
        "anna",
        resident,
        "households:resident_edit",
        "households:representative_new",
        "households:member_end",
        "api:v1:households:resident-detail",
    ),
    **_probes(
        "anna", melding, "intake:melding_receipt", "intake:melding_reroute", "api:v1:intake:melding-detail"
    ),
    **_probes("anna", household, "consent:consent_new", "consent:share_new", answer=_to_consents),
    **_probes("anna", consent, "consent:consent_withdraw"),
    **_probes("anna", share, "consent:share_end"),
    **_probes(
        "anna",
        report,
        "assessment:report_detail",
        "assessment:report_letter",
        "api:v1:assessment:report-detail",
    ),
    **_probes("zoe", draft_report, "assessment:report_edit", "assessment:scoring_edit"),
    **_probes("fenna", triage_rule, "intake:triage_rule_edit", "api:v1:intake:triage-rule-detail"),
    **_probes(
        "fenna",
        instrument,
        "assessment:instrument_detail",
        "assessment:anchor_import",
        "api:v1:assessment:instrument-detail",
    ),
    **_probes("sanne", share, "consent:shared_detail", "api:v1:consent:shared-detail"),
    **_probes(
        "anna",
        plan,
        "plans:goal_edit",
        "plans:action_edit",
        "plans:version_pdf",
        "api:v1:plans:plan-detail",
        "api:v1:plans:plan-evaluations",
        "api:v1:plans:version-pdf",
    ),
    **_probes("anna", mdo, "plans:decision_action"),
    **_probes("anna", task, "api:v1:tasks:task-detail"),
    **_probes("fenna", provision, "provisions:provision_edit", "api:v1:provisions:provision-detail"),
    **_probes(
        "anna",
        maatwerk,
        "decisions:request_detail",
        "decisions:request_objections",
        "decisions:beschikking_letter",
        "api:v1:maatwerk-request-objections",
        "api:v1:maatwerk-request-detail",
        "api:v1:maatwerk-request-signers",
        "api:v1:beschikking-letter",
    ),
    **_probes("zoe", objection, "decisions:objection_detail", "api:v1:objection-detail"),
    **_probes("fenna", mandate, "decisions:beheer_mandate_edit", "api:v1:mandate-detail"),
    **_probes(
        "carla",
        provider,
        "providers:provider_detail",
        "providers:provider_update",
        "api:v1:providers:provider-detail",
    ),
    **_probes(
        "carla",
        contract,
        "providers:contract_detail",
        "providers:contract_update",
        "providers:contract_product_update",
        "api:v1:providers:contract-detail",
        "api:v1:providers:contract-products",
    ),
    **_probes("bo", allocation, "allocations:allocate"),
    **_probes("anna", allocation, "allocations:allocation_detail", "api:v1:allocation-detail"),
    **_probes("carla", invoice_import, "allocations:invoice_import_detail"),
    **_probes("fenna", district, "organisation:district_update", "organisation:district_contacts"),
    **_probes("fenna", team, "organisation:team_update"),
    **_probes("sanne", signal_file, "early_warning:partner_feedback"),
    **_probes(
        "sanne", signal_case, "early_warning:case", "early_warning:letter", "api:v1:early_warning:case"
    ),
}


# -- the world ----------------------------------------------------------------------------------------------
OUTSIDER_ROLES = (
    Role.CONSULENT,
    Role.TEAMLEIDER,
    Role.BACKOFFICE,
    Role.SOCIAL_WORKER,
    Role.CONTRACT_MANAGER,
    Role.POLICY_OFFICER,
    Role.FUNCTIONAL_ADMIN,
)
TEAM_KIND = {Role.BACKOFFICE: TeamKind.BACKOFFICE, Role.SOCIAL_WORKER: TeamKind.WELFARE}


def _outsiders() -> None:
    """Per municipality a user of every role who serves only that one, and staff of a provider with no
    allocation: `outsider-<cbs>-<role>` and `outsider-aanbieder`."""
    gemeente = OrganisationFactory(name="Gemeente elders", kind=OrganisationKind.MUNICIPALITY)
    for municipality in Municipality.objects.filter(cbs_code__in=(WEST, ZUID)):
        for role in OUTSIDER_ROLES:
            name = f"outsider-{municipality.cbs_code}-{role}"
            if role in CASEWORK_ROLES:
                kind = TEAM_KIND.get(role, TeamKind.DISTRICT_TEAM)
                team = TeamFactory(name=name, kind=kind, organisation=gemeente, municipalities=[municipality])
                UserFactory(username=name, role=role, teams=[team])
            else:
                UserFactory(username=name, role=role, municipality=municipality)
    elsewhere = OrganisationFactory(name="Zorg Elders", kind=OrganisationKind.CARE_PROVIDER)
    Provider.objects.create(organisation=elsewhere, agb_code="99999999")
    team = TeamFactory(name="Zorg Elders team", kind=TeamKind.PROVIDER, organisation=elsewhere)
    UserFactory(username="outsider-aanbieder", role=Role.PROVIDER_STAFF, teams=[team])


def _invoice_import() -> None:
    from wijkregie.allocations.services import ledger

    carla = User.objects.get(username="carla")
    west = Municipality.objects.get(cbs_code=WEST)
    content = (
        f"{HEADER}\n999999;{Provider.objects.order_by('pk').first().agb_code};2026-10;02;02A01;1;10,00\n"
    )
    ledger.invoice_import(acting_user=carla, municipality=west, content=content.encode(), filename="d.csv")


def _letters() -> None:
    """A confirmation of receipt and a written report, made by anna: their GETs download them."""
    from wijkregie.assessment.services import report_letter_make
    from wijkregie.intake.services import melding_receipt_make

    anna = User.objects.get(username="anna")
    melding = Melding.objects.filter(_sees("anna")("household")).order_by("pk").first()
    melding_receipt_make(acting_user=anna, melding=melding)
    report = (
        ConversationReport.objects.filter(_sees("anna")("household"), status=ReportStatus.FINAL)
        .exclude(scorings=None)
        .order_by("pk")
        .first()
    )
    report_letter_make(acting_user=anna, report=report)


HEADER = "toewijzingnummer;agb;maand (jjjj-mm);productcategorie;productcode;aantal;bedrag"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo (60 households, every stage), the outsiders and one invoice import, loaded once for the
    module inside a transaction that is rolled back at the end."""
    folder = tmp_path_factory.mktemp("berichten")
    with (
        django_db_blocker.unblock(),
        clock_at(SUITE_NOW),
        override_settings(
            WIJKREGIE_REQUIRE_2FA=False,
            WIJKREGIE_MESSAGES_IN=str(folder / "in"),
            WIJKREGIE_MESSAGES_OUT=str(folder / "uit"),
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", "--households=60", stdout=StringIO())
            _outsiders()
            _invoice_import()
            _letters()
            yield _sessions()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def probe_db(demo, db, settings):  # type: ignore[no-untyped-def]
    settings.WIJKREGIE_REQUIRE_2FA = False
    SESSIONS.update(demo)


def _sessions() -> dict[str, str]:
    """A signed-in session per user, made once for the module: username → session cookie."""
    cookies = {}
    for user in User.objects.filter(username__in=[*DEMO_USERS]) | User.objects.filter(
        username__startswith="outsider-"
    ):
        client = Client()
        client.force_login(user)
        cookies[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


SESSIONS: dict[str, str] = {}


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.cookies[settings.SESSION_COOKIE_NAME] = SESSIONS[username]
    return client


def _get(client: Client, name: str, kwargs: dict[str, Any]) -> Any:
    return client.get(reverse(name, kwargs=kwargs))


def _nowhere(params: list[str]) -> dict[str, Any]:
    """A uuid that exists nowhere for each uuid parameter; a slug gets a word the view knows."""
    return {p: uuid.uuid4() if p.endswith("uuid") else "afronden" for p in params}


def _answers_get(client: Client, name: str, route: Route) -> bool:
    """An API view says which methods it has; a page's view refuses another method (require_POST) before
    it looks anything up, so a signed-in GET of a uuid that exists nowhere answers 405."""
    drf_view = getattr(route.view, "cls", None)
    if drf_view is not None:
        actions = getattr(route.view, "actions", None)
        return "get" in actions if actions else hasattr(drf_view, "get")
    return _get(client, name, _nowhere(route.params)).status_code != 405


def get_routes() -> list[str]:
    """The uuid routes that answer GET."""
    client = _client("anna")
    return [name for name, route in uuid_routes().items() if _answers_get(client, name, route)]


def test_every_uuid_get_route_is_probed(probe_db):
    routes = get_routes()

    assert sorted(set(routes) - set(TARGETS)) == []  # a new uuid route: add it to TARGETS
    assert sorted(set(TARGETS) - set(routes)) == []  # a route gone or no longer answering GET


def _answer(response: Any) -> str:
    """The status, and for a redirect where it goes (without its query)."""
    if response.status_code in (301, 302):
        return f"{response.status_code} {response['Location'].split('?')[0]}"
    return str(response.status_code)


def _not_found(name: str) -> str:
    return "404"


def _anonymous(name: str) -> str:
    return "401" if name.startswith("api:") else f"302 {reverse('accounts:login')}"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_uuid_route_shows_its_object_only_to_who_may_see_it(probe_db, name):
    probe = TARGETS[name]
    params = uuid_routes()[name].params
    target = probe.make(probe.owner)
    kwargs = {p: target.kwargs[p] for p in params}
    outsiders = (
        []  # shared by every municipality (the built-in instruments)
        if target.municipality is None
        else [
            user.username
            for user in User.objects.filter(username__startswith="outsider-")
            if f"-{target.municipality}-" not in user.username
        ]
    )
    seen: dict[tuple[str, str], str] = {}

    owner = _client(probe.owner)
    seen[(probe.owner, "object")] = _answer(_get(owner, name, kwargs))
    for param in params:  # the others real and visible to the owner: the view checks each of them
        if param.endswith("uuid") and len(params) > 1:
            seen[(probe.owner, f"no {param}")] = _answer(_get(owner, name, {**kwargs, param: uuid.uuid4()}))
    for username in (None, *DEMO_USERS):
        client = owner if username == probe.owner else _client(username)
        seen[(str(username), "nowhere")] = _answer(_get(client, name, {**kwargs, **_nowhere(params)}))
        if username != probe.owner:
            seen[(str(username), "object")] = _answer(_get(client, name, kwargs))
    for username in outsiders:
        seen[(username, "object")] = _answer(_get(_client(username), name, kwargs))

    shown = probe.owner_answer(target)
    expected = {}
    for (username, case), answer in seen.items():
        if username == "None":
            expected[(username, case)] = _anonymous(name)
        elif case != "object" or username.startswith("outsider-"):
            expected[(username, case)] = "404"
        elif username == probe.owner:
            expected[(username, case)] = shown
        elif answer == shown and not target.may_be_seen_by(User.objects.get(username=username)):
            expected[(username, case)] = "404"  # shown to someone the policies do not let see it
        else:
            expected[(username, case)] = answer if answer in (shown, "404") else f"{shown} or 404"
    assert seen == expected


# -- stored markup ------------------------------------------------------------------------------------------
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
ESCAPED = {
    MARKUP[0]: "&lt;script&gt;alert(1)&lt;/script&gt;",
    MARKUP[1]: "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
}


def _household_name(markup: str) -> tuple[str, Target]:
    target = household("anna")
    assert target.household is not None
    head = target.household.memberships.heads().get().resident
    type(head).objects.filter(pk=head.pk).update(surname=markup)
    return "anna", Target({**target.kwargs, "resident_uuid": head.uuid}, target.household, WEST)


def _goal(markup: str) -> tuple[str, Target]:
    target = plan("anna")
    Goal.objects.filter(uuid=target.kwargs["goal_uuid"]).update(description=markup)
    return "anna", target


def _melding(markup: str) -> tuple[str, Target]:
    target = melding("anna")
    Melding.objects.filter(uuid=target.kwargs["melding_uuid"]).update(question=markup)
    return "anna", target


def _provider_name(markup: str) -> tuple[str, Target]:
    target = allocation("anna")
    found = Allocation.objects.select_related("provider__organisation").get(
        uuid=target.kwargs["allocation_uuid"]
    )
    type(found.provider.organisation).objects.filter(pk=found.provider.organisation_id).update(name=markup)
    return "anna", Target({**target.kwargs, "provider_uuid": found.provider.uuid}, target.household, WEST)


# What holds free text, and the pages that show it (as whom).
SHOWN_ON: dict[str, tuple[Callable[[str], tuple[str, Target]], list[tuple[str, str]]]] = {
    "household name": (
        _household_name,
        [
            ("anna", "households:dossier"),
            ("anna", "households:timeline"),
            ("anna", "households:worklist"),
            ("anna", "intake:household_meldingen"),
            ("anna", "plans:household_plan"),
            ("anna", "households:resident_edit"),
        ],
    ),
    "goal description": (_goal, [("anna", "plans:household_plan"), ("anna", "plans:goal_edit")]),
    "melding text": (_melding, [("anna", "intake:household_meldingen")]),
    "provider name": (
        _provider_name,
        [
            ("carla", "providers:provider_list"),
            ("carla", "providers:provider_detail"),
            ("anna", "allocations:allocation_detail"),
        ],
    ),
}


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", sorted(SHOWN_ON))
def test_stored_markup_is_shown_escaped_on_every_page_that_shows_it(probe_db, field, markup):
    store, pages = SHOWN_ON[field]
    _, target = store(markup)
    shown: dict[str, tuple[int, bool, bool]] = {}

    for username, name in pages:
        params = uuid_routes()[name].params if name in uuid_routes() else []
        response = _get(_client(username), name, {p: target.kwargs[p] for p in params})
        page = response.content.decode()
        shown[name] = (response.status_code, markup in page, ESCAPED[markup] in page)

    assert shown == {name: (200, False, True) for _, name in pages}
