"""The casework flow in the demo: a fixed set of households taken through the real services, one per stage.

`stage_households()` runs once, inside `load_demo`'s transaction, after the bulk load. Unlike the bulk
households (ADR 0004), these go through the services as the demo users would work them: anna in Wijkteam
Centrum, zoe in Wijkteam Dorp, sanne at Basisondersteuning De Schans, teun as teamleider of Centrum. So their
audit trail and timeline are the real ones. It touches only its own households, so it takes the same short
time at any scale.

Dates are relative to today, so the demo always looks current. What a service refuses in the future (an
uitvraag, an MDO, an evaluation) lies in the past; a plan version is made today, so its agreement is today.
All people are fictional.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.allocations.constants import Direction
from wijkregie.allocations.models import Allocation
from wijkregie.allocations.services import allocation as allocations
from wijkregie.allocations.services import messages as incoming_messages
from wijkregie.assessment import services as assessment
from wijkregie.assessment.constants import ScoringMoment
from wijkregie.assessment.models import ConversationReport, Instrument, InstrumentDomain
from wijkregie.assessment.selectors import default_instrument
from wijkregie.consent import services as consent
from wijkregie.consent.constants import Basis, ConsentMethod, DossierPart
from wijkregie.decisions import services as decisions
from wijkregie.decisions.constants import DecisionKind, Outcome
from wijkregie.decisions.models import Beschikking, MaatwerkRequest
from wijkregie.households.constants import Relation
from wijkregie.households.models import Household, Resident
from wijkregie.households.services import (
    ResidentData,
    household_set_regisseur,
    resident_register,
)
from wijkregie.intake import services as intake
from wijkregie.intake.constants import AcuteThreat, Law, MeldingChannel, RouteTarget, Urgency
from wijkregie.intake.models import Melding
from wijkregie.integrations.istandaarden import fake_provider
from wijkregie.integrations.istandaarden.transport import FolderTransport, Incoming
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import DistrictContact, Municipality, Organisation
from wijkregie.plans import services as plans
from wijkregie.plans.constants import (
    ActionStatus,
    AgreementMethod,
    GoalStatus,
    Performer,
    PlanOutcome,
    Rung,
)
from wijkregie.plans.models import Goal, Plan, PlanAction
from wijkregie.providers.models import Provider
from wijkregie.provisions.constants import ProvisionKind
from wijkregie.provisions.models import Provision
from wijkregie.tasks import services as tasks
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task

# BSNs of the staged residents: 8-digit bases from here up, below the bulk range (generator.BSN_BASE).
STAGE_BSN_BASE = 29_900_000
WELFARE_ORGANISATION = "Welzijn De Schans"

# How many staged households land in a named worker's werkvoorraad (the generator gives them that many
# fewer bulk households, so the werkvoorraad keeps its size).
STAGED_WORKLIST = {"anna": 15, "zoe": 4}


@dataclass(frozen=True)
class Person:
    given_names: str
    surname: str
    age: int  # years old today
    prefix: str = ""
    relation: Relation = Relation.HEAD
    days: int = 0  # days on top of the years, so that birthdays differ


@dataclass(frozen=True)
class Address:
    postcode: str
    house_number: int
    street: str
    city: str


@dataclass
class _Context:
    today: date
    bsns: Iterator[str]
    users: dict[str, User]
    welfare: Organisation
    instrument: Instrument
    domains: dict[str, InstrumentDomain]
    residents: int = 0
    pending_messages: list[bytes] = field(default_factory=list)  # left in the in-folder at the end

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def ahead(self, days: int) -> date:
        return self.today + timedelta(days=days)


# The 13 life domains of the ZRM, in the instrument's order.
ZRM_CODES = (
    "financien",
    "werk-opleiding",
    "tijdsbesteding",
    "huisvesting",
    "huiselijke-relaties",
    "geestelijke-gezondheid",
    "lichamelijke-gezondheid",
    "middelengebruik",
    "basale-adl",
    "instrumentele-adl",
    "sociaal-netwerk",
    "maatschappelijke-participatie",
    "justitie",
)

CENTRUM = "Westerhoek"
DORP = "Zuiderdijk"


@dataclass(frozen=True)
class Staged:
    households: int
    residents: int


def stage_households(*, bsns: Iterator[str]) -> Staged:
    """Install what the flow needs (built-in instruments, default triage rules) and take the fixed set of
    households through every stage of the casework."""
    assessment.builtin_instruments_install()
    for municipality in Municipality.objects.filter(cbs_code__in=("9901", "9902")).order_by("cbs_code"):
        intake.triage_rules_install_defaults(acting_user=None, municipality=municipality)
    users = {u.username: u for u in User.objects.filter(username__in=("anna", "teun", "sanne", "zoe"))}
    west = Municipality.objects.get(cbs_code="9901")
    instrument = default_instrument(west)
    assert instrument is not None  # installed just above
    ctx = _Context(
        today=timezone.localdate(),
        bsns=bsns,
        users=users,
        welfare=Organisation.objects.get(name=WELFARE_ORGANISATION, kind=OrganisationKind.WELFARE),
        instrument=instrument,
        domains={d.code: d for d in InstrumentDomain.objects.filter(instrument=instrument)},
    )
    for stage in STAGES:
        stage(ctx)
    _leave_in_folder(ctx.pending_messages)
    return Staged(len(STAGES), ctx.residents)


# -- building blocks ----------------------------------------------------------------------------------------


def _resident_data(ctx: _Context, person: Person, address: Address) -> ResidentData:
    ctx.residents += 1
    return ResidentData(
        bsn=next(ctx.bsns),
        given_names=person.given_names,
        surname_prefix=person.prefix,
        surname=person.surname,
        birth_date=ctx.today - timedelta(days=round(person.age * 365.25) + person.days),
        postcode=address.postcode,
        house_number=address.house_number,
        street=address.street,
        city=address.city,
    )


def _melding(
    ctx: _Context,
    *,
    channel: str,
    question: str,
    laws: list[str],
    urgency: str = Urgency.REGULAR,
    domains: int = 1,
    days_ago: int = 0,
    reporter: str = "",
    acute_threat: str = AcuteThreat.NONE,
) -> intake.MeldingData:
    return intake.MeldingData(
        channel=channel,
        question=question,
        laws=laws,
        urgency=urgency,
        resident_informed=True,
        life_domain_count=domains,
        acute_threat=acute_threat,
        reporter_name=reporter,
        received_on=ctx.ago(days_ago),
    )


def _new_household(
    ctx: _Context, worker: str, address: Address, people: list[Person], melding: intake.MeldingData
) -> tuple[Household, list[Resident], Melding]:
    """The melding registers the head in a new household; the worker then adds the other members."""
    head, *others = people
    taken = intake.melding_create_for_new_resident(
        acting_user=ctx.users[worker], resident_data=_resident_data(ctx, head, address), data=melding
    )
    household = taken.household
    members = [taken.resident, *_add_members(ctx, worker, household, address, others)]
    return household, members, taken


def _add_members(
    ctx: _Context, worker: str, household: Household, address: Address, people: list[Person]
) -> list[Resident]:
    return [
        resident_register(
            acting_user=ctx.users[worker],
            data=_resident_data(ctx, person, address),
            household=household,
            relation=person.relation,
        )
        for person in people
    ]


def _scores(
    values: dict[str, int], notes: dict[str, tuple[str, str, str]] | None = None
) -> list[assessment.DomainScoreData]:
    """Scores per domain code, with (situation, own strength, network strength) where given."""
    notes = notes or {}
    return [
        assessment.DomainScoreData(code, value, *notes.get(code, ("", "", "")))
        for code, value in values.items()
    ]


# One member's scoring at the uitvraag: scores per domain code, and (situation, own, network) texts per code.
_ScoringInput = tuple[Resident, dict[str, int], dict[str, tuple[str, str, str]]]


def _all_domains(values: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(ZRM_CODES, values, strict=True))


def _uitvraag(
    ctx: _Context,
    worker: str,
    household: Household,
    *,
    held_days_ago: int,
    story: str,
    wishes: str,
    scorings: list[_ScoringInput],
    finalise: bool,
) -> ConversationReport:
    user = ctx.users[worker]
    held_on = ctx.ago(held_days_ago)
    report = assessment.report_create(
        acting_user=user, household=household, held_on=held_on, story=story, wishes=wishes
    )
    for resident, values, notes in scorings:
        assessment.scoring_record(
            acting_user=user,
            household=household,
            resident=resident,
            instrument=report.instrument,
            moment=ScoringMoment.INTAKE,
            scores=_scores(values, notes),
            scored_on=held_on,
            report=report,
        )
    if finalise:
        assessment.report_finalise(acting_user=user, report=report)
    return report


RESEARCH_TERMS = (Term.WMO_RESEARCH, Term.DEBT_FIRST_TALK, Term.DEBT_FIRST_TALK_ACUTE)


def _research_done(ctx: _Context, worker: str, household: Household, on: date) -> None:
    """The Wmo research and the Wgs first conversation the melding started are done at the uitvraag."""
    open_terms = Task.objects.filter(
        household=household, kind=TaskKind.LEGAL_TERM, term__in=RESEARCH_TERMS, status=TaskStatus.OPEN
    ).order_by("pk")
    for task in open_terms:
        tasks.task_complete(acting_user=ctx.users[worker], task=task, on=on)


def _regisseur(ctx: _Context, household: Household, worker: str) -> None:
    """The teamleider makes the worker regisseur of the household."""
    household_set_regisseur(acting_user=ctx.users["teun"], household=household, regisseur=ctx.users[worker])


def _goal(ctx: _Context, worker: str, plan: Plan, domain: str, members: list[Resident], text: str) -> Goal:
    return plans.goal_add(
        acting_user=ctx.users[worker],
        plan=plan,
        domain=ctx.domains[domain],
        members=members,
        description=text,
    )


def _activate_and_agree(
    ctx: _Context, worker: str, plan: Plan, *, start_days_ago: int, evaluation: date, agreed_by: Resident
) -> None:
    user = ctx.users[worker]
    plans.plan_activate(
        acting_user=user, plan=plan, start_date=ctx.ago(start_days_ago), evaluation_date=evaluation
    )
    version = plan.versions.get(number=1)
    plans.plan_agreement_record(
        acting_user=user,
        version=version,
        agreed_on=ctx.today,
        method=AgreementMethod.SIGNED,
        agreed_by=agreed_by,
    )


# A household that has been through the uitvraag: the steps the plan stages share.
@dataclass
class _Started:
    household: Household
    members: list[Resident]
    plan: Plan


def _through_uitvraag(
    ctx: _Context,
    address: Address,
    people: list[Person],
    melding: intake.MeldingData,
    *,
    held_days_ago: int,
    story: str,
    wishes: str,
    scores: list[dict[str, int]],
) -> _Started:
    """Melding, regisseur, a finalised uitvraag with the adults scored, the Wmo research done, a draft
    plan: where every plan stage in Centrum starts (anna's, with teun assigning her as regisseur)."""
    household, members, _ = _new_household(ctx, "anna", address, people, melding)
    _regisseur(ctx, household, "anna")
    scored: list[_ScoringInput] = [(m, values, {}) for m, values in zip(members, scores, strict=False)]
    _uitvraag(
        ctx,
        "anna",
        household,
        held_days_ago=held_days_ago,
        story=story,
        wishes=wishes,
        scorings=scored,
        finalise=True,
    )
    _research_done(ctx, "anna", household, ctx.ago(held_days_ago))
    plan = plans.plan_create(acting_user=ctx.users["anna"], household=household)
    return _Started(household, members, plan)


# -- the stages ---------------------------------------------------------------------------------------------


def _new_melding(ctx: _Context) -> None:
    """A melding from the GP, urgent, just routed to Wijkteam Centrum: new in anna's team inbox."""
    _new_household(
        ctx,
        "anna",
        Address("9711KL", 14, "Kerkstraat", CENTRUM),
        [Person("Hendrika Johanna", "Brink", 83, prefix="van den", days=41)],
        _melding(
            ctx,
            channel=MeldingChannel.GP,
            question=(
                "Mevrouw woont alleen en is na een val in huis onzeker geworden. Ze redt de boodschappen "
                "en het huishouden niet meer en durft 's nachts niet naar het toilet."
            ),
            laws=[Law.WMO],
            urgency=Urgency.URGENT,
            domains=3,
            days_ago=1,
            reporter="POH ouderenzorg, huisartsenpraktijk De Linde",
        ),
    )


def _crisis_melding(ctx: _Context) -> None:
    """A known household (school's melding last week) gets a crisis melding from the wijkagent: routed to
    the crisis duty, while the household stays in anna's werkvoorraad."""
    household, members, _ = _new_household(
        ctx,
        "anna",
        Address("9712PT", 3, "Molenstraat", CENTRUM),
        [
            Person("Samira", "Bouzid", 34, days=120),
            Person("Yasmina", "Bouzid", 12, relation=Relation.CHILD, days=200),
            Person("Adam", "Bouzid", 8, relation=Relation.CHILD, days=15),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.SCHOOL,
            question=(
                "De kinderen komen vaak te laat en zonder ontbijt. Moeder geeft aan dat het thuis zwaar is "
                "sinds de scheiding."
            ),
            laws=[Law.YOUTH],
            domains=2,
            days_ago=8,
            reporter="Intern begeleider, basisschool De Regenboog",
        ),
    )
    intake.melding_create(
        acting_user=ctx.users["anna"],
        household=household,
        resident=members[0],
        data=_melding(
            ctx,
            channel=MeldingChannel.POLICE,
            question=(
                "Na een melding van buren is de wijkagent vannacht langs geweest: de ex-partner stond "
                "verhaal te halen. Moeder en kinderen zijn geschrokken en willen vandaag hulp."
            ),
            laws=[Law.NONE],
            urgency=Urgency.CRISIS,
            domains=2,
            reporter="Wijkagent Westerhoek-Centrum",
        ),
    )


def _routed_to_welfare(ctx: _Context) -> None:
    """A light question without a law: routed to Basisondersteuning De Schans (sanne's inbox). Anna
    registered it, but it is no longer hers: she does not see the household any more."""
    _new_household(
        ctx,
        "anna",
        Address("9711MN", 27, "Torenstraat", CENTRUM),
        [Person("Geertruida", "Haan", 74, prefix="de", days=300)],
        _melding(
            ctx,
            channel=MeldingChannel.RESIDENT,
            question=(
                "Sinds mijn man is overleden zit ik veel alleen thuis. Ik zou graag mensen ontmoeten, "
                "bijvoorbeeld bij een koffieochtend in de buurt."
            ),
            laws=[Law.NONE],
            days_ago=3,
        ),
    )


def _rerouted(ctx: _Context) -> None:
    """A light debt question went to De Schans; sanne found more going on and re-routed it to the wijkteam
    ('hoort bij de ander', counted in the routing figures); teun assigned it to anna."""
    address = Address("9712BR", 56, "Raadhuisstraat", CENTRUM)
    household, _, melding = _new_household(
        ctx,
        "anna",
        address,
        [Person("Marco", "Schouten", 41, days=77)],
        _melding(
            ctx,
            channel=MeldingChannel.EARLY_WARNING,
            question="Twee maanden achterstand op de energierekening; meneer wil hulp bij een regeling.",
            laws=[Law.DEBT],
            days_ago=6,
            reporter="Vroegsignalering Westerhoek",
        ),
    )
    intake.melding_reroute(
        acting_user=ctx.users["sanne"],
        melding=melding,
        target=RouteTarget.DISTRICT_TEAM,
        reason=(
            "Bij het eerste gesprek bleek dat meneer sinds kort alleen voor zijn zoon zorgt en zijn werk "
            "dreigt te verliezen: meerdere leefgebieden, dus integraal door het wijkteam."
        ),
    )
    tasks.caseload_assign(acting_user=ctx.users["teun"], household=household, worker=ctx.users["anna"])
    _add_members(
        ctx, "anna", household, address, [Person("Daan", "Schouten", 15, relation=Relation.CHILD, days=90)]
    )


def _uitvraag_final(ctx: _Context) -> None:
    """A finalised brede uitvraag: both partners scored on all 13 ZRM domains."""
    household, members, _ = _new_household(
        ctx,
        "anna",
        Address("9711CV", 8, "Achterom", CENTRUM),
        [
            Person("Willem", "Bosman", 68, days=10),
            Person("Aaltje", "Bosman", 66, relation=Relation.PARTNER, days=180),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.NETWORK,
            question=(
                "Dochter maakt zich zorgen: vader wordt vergeetachtig, moeder doet alles alleen en raakt "
                "uitgeput. Post blijft liggen."
            ),
            laws=[Law.WMO],
            domains=4,
            days_ago=20,
            reporter="Dochter (mantelzorger)",
        ),
    )
    willem, aaltje = members
    _uitvraag(
        ctx,
        "anna",
        household,
        held_days_ago=6,
        story=(
            "Meneer Bosman vergeet afspraken en raakt de weg kwijt in de administratie, die hij altijd "
            "deed. Mevrouw neemt steeds meer over en slaapt slecht. Hun dochter woont in de buurt en komt "
            "twee keer per week."
        ),
        wishes="Samen thuis blijven wonen; mevrouw wil weer tijd voor haar koor.",
        scorings=[
            (
                willem,
                _all_domains((3, 4, 3, 4, 3, 3, 3, 5, 4, 2, 3, 3, 5)),
                {
                    "instrumentele-adl": (
                        "Vergeet rekeningen en afspraken.",
                        "Wil graag zelf blijven doen.",
                        "Dochter helpt bij de post.",
                    )
                },
            ),
            (
                aaltje,
                _all_domains((4, 4, 2, 4, 3, 2, 4, 5, 5, 4, 3, 2, 5)),
                {
                    "geestelijke-gezondheid": (
                        "Uitgeput, slaapt slecht.",
                        "Weet wat ze nodig heeft.",
                        "Dochter en buurvrouw.",
                    )
                },
            ),
        ],
        finalise=True,
    )


def _draft_plan(ctx: _Context) -> None:
    """A draft plan with goals, made after the uitvraag; not active yet."""
    started = _through_uitvraag(
        ctx,
        Address("9712HG", 112, "Nieuwe Gracht", CENTRUM),
        [
            Person("Kees", "Dijkstra", 52, days=31),
            Person("Petra", "Dijkstra", 49, relation=Relation.PARTNER, days=222),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.RESIDENT,
            question="Meneer is afgekeurd na een hernia; het inkomen daalt en hij zit thuis zonder werk.",
            laws=[Law.WMO, Law.PARTICIPATION],
            domains=3,
            days_ago=30,
        ),
        held_days_ago=16,
        story="Meneer Dijkstra kan zijn werk als stratenmaker niet meer doen en voelt zich nutteloos.",
        wishes="Een zinvolle dag en grip op het geld.",
        scores=[
            {"financien": 3, "werk-opleiding": 2, "tijdsbesteding": 2, "lichamelijke-gezondheid": 3},
            {"financien": 3, "huiselijke-relaties": 4},
        ],
    )
    kees, petra = started.members
    goal = _goal(
        ctx,
        "anna",
        started.plan,
        "tijdsbesteding",
        [kees],
        "Meneer heeft drie dagdelen per week een zinvolle bezigheid.",
    )
    plans.action_add(
        acting_user=ctx.users["anna"],
        goal=goal,
        rung=Rung.GENERAL,
        description="Kennismaken bij het buurtcentrum met de klussengroep.",
        performer=Performer.ORGANISATION,
        organisation=ctx.welfare,
    )
    _goal(
        ctx, "anna", started.plan, "financien", [kees, petra], "Het huishouden heeft een sluitende begroting."
    )


def _active_plan(ctx: _Context) -> None:
    """An active plan, agreed on version 1, with actions on several rungs of the ladder, among them a
    lichte maatwerkvoorziening with its reason."""
    started = _through_uitvraag(
        ctx,
        Address("9711RT", 5, "Poststraat", CENTRUM),
        [Person("Johanna", "Vermeulen", 79, days=12)],
        _melding(
            ctx,
            channel=MeldingChannel.GP,
            question="Mevrouw heeft COPD, is snel buiten adem en kan het huis niet meer schoonhouden.",
            laws=[Law.WMO],
            domains=2,
            days_ago=55,
            reporter="Huisarts, praktijk Centrum",
        ),
        held_days_ago=40,
        story="Mevrouw Vermeulen wil thuis blijven wonen. Haar zoon woont ver weg; de buurvrouw kijkt om.",
        wishes="Een schoon huis en af en toe een praatje.",
        scores=[{"instrumentele-adl": 2, "lichamelijke-gezondheid": 2, "sociaal-netwerk": 3}],
    )
    user, plan, (johanna,) = ctx.users["anna"], started.plan, started.members
    home = _goal(ctx, "anna", plan, "instrumentele-adl", [johanna], "Het huis is schoon en leefbaar.")
    plans.action_add(
        acting_user=user,
        goal=home,
        rung=Rung.OWN_STRENGTH,
        description="Mevrouw doet zelf de lichte taken, verdeeld over de week.",
        performer=Performer.RESIDENT,
        status=ActionStatus.RUNNING,
    )
    plans.action_add(
        acting_user=user,
        goal=home,
        rung=Rung.LIGHT_CUSTOM,
        description="Huishoudelijke ondersteuning, drie uur per week.",
        performer=Performer.ORGANISATION,
        performer_name="Thuiszorg Het Anker",
        provision="Hulp bij het huishouden",
        start_date=ctx.ago(21),
        end_date=ctx.ahead(340),
        status=ActionStatus.RUNNING,
        maatwerk_reason=(
            "Mevrouw kan door haar COPD het zware schoonmaakwerk niet zelf; haar zoon woont te ver weg, de "
            "buurvrouw helpt al met boodschappen en er is geen algemene voorziening voor schoonmaakhulp."
        ),
    )
    contact = _goal(
        ctx, "anna", plan, "sociaal-netwerk", [johanna], "Mevrouw heeft wekelijks contact buiten huis."
    )
    plans.action_add(
        acting_user=user,
        goal=contact,
        rung=Rung.NETWORK,
        description="De buurvrouw gaat op dinsdag mee naar de markt.",
        performer=Performer.NETWORK,
        performer_name="Buurvrouw",
    )
    plans.action_add(
        acting_user=user,
        goal=contact,
        rung=Rung.VOLUNTEERS,
        description="Een maatje van De Schans komt eens per week op bezoek.",
        performer=Performer.VOLUNTEER,
        organisation=ctx.welfare,
    )
    _activate_and_agree(ctx, "anna", plan, start_days_ago=21, evaluation=ctx.ahead(70), agreed_by=johanna)


def _second_version(ctx: _Context) -> None:
    """An active plan, agreed on version 1, changed since: version 2 awaits the household's agreement."""
    started = _through_uitvraag(
        ctx,
        Address("9712DW", 40, "Marktplein", CENTRUM),
        [
            Person("Erik", "Kok", 38, days=5),
            Person("Lotte", "Kok", 36, relation=Relation.PARTNER, days=140),
            Person("Finn", "Kok", 6, relation=Relation.CHILD, days=60),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.HOUSING,
            question="Huurachterstand en klachten over geluidsoverlast; het gezin lijkt het overzicht kwijt.",
            laws=[Law.DEBT, Law.YOUTH],
            domains=3,
            days_ago=70,
            reporter="Woonconsulent, woningcorporatie",
        ),
        held_days_ago=56,
        story="Na het ontslag van meneer zijn de rekeningen blijven liggen. Finn slaapt slecht en is druk.",
        wishes="Rust in huis en geen schulden meer.",
        scores=[{"financien": 2, "werk-opleiding": 2}, {"financien": 2, "huiselijke-relaties": 3}],
    )
    user, plan = ctx.users["anna"], started.plan
    erik, lotte, finn = started.members
    money = _goal(ctx, "anna", plan, "financien", [erik, lotte], "De huurachterstand is afgelost.")
    plans.action_add(
        acting_user=user,
        goal=money,
        rung=Rung.GENERAL,
        description="Samen met de vrijwillige thuisadministratie een betalingsregeling treffen.",
        performer=Performer.ORGANISATION,
        organisation=ctx.welfare,
        status=ActionStatus.RUNNING,
    )
    _activate_and_agree(ctx, "anna", plan, start_days_ago=42, evaluation=ctx.ahead(49), agreed_by=erik)
    sleep = _goal(
        ctx,
        "anna",
        plan,
        "huiselijke-relaties",
        [lotte, finn],
        "Finn slaapt door en het gezin heeft een vast avondritme.",
    )
    plans.action_add(
        acting_user=user,
        goal=sleep,
        rung=Rung.OWN_STRENGTH,
        description="Ouders houden twee weken een slaapdagboek bij.",
        performer=Performer.RESIDENT,
    )
    plans.plan_version_make(acting_user=user, plan=plan)


def _mdo(ctx: _Context) -> None:
    """An MDO with the district's fixed contacts; its decision became an action in the plan."""
    started = _through_uitvraag(
        ctx,
        Address("9711ZB", 71, "Kerkstraat", CENTRUM),
        [
            Person("Johan", "Veenstra", 45, days=250),
            Person("Tess", "Veenstra", 16, relation=Relation.CHILD, days=30),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.SCHOOL,
            question="Tess verzuimt veel; vader lijkt somber en heeft weinig contact met de school.",
            laws=[Law.YOUTH, Law.WMO],
            domains=4,
            days_ago=60,
            reporter="Mentor, Westerhoek College",
        ),
        held_days_ago=45,
        story="Vader is sinds een jaar alleen met Tess. Hij werkt in ploegendienst en slaapt overdag.",
        wishes="Tess haalt haar diploma; vader wil weer grip op zijn leven.",
        scores=[{"geestelijke-gezondheid": 2, "sociaal-netwerk": 2}, {"werk-opleiding": 2}],
    )
    user, plan, household = ctx.users["anna"], started.plan, started.household
    johan, tess = started.members
    school = _goal(ctx, "anna", plan, "werk-opleiding", [tess], "Tess gaat weer elke dag naar school.")
    plans.action_add(
        acting_user=user,
        goal=school,
        rung=Rung.OWN_STRENGTH,
        description="Tess en vader maken met de mentor een rooster voor de ochtend.",
        performer=Performer.RESIDENT,
        status=ActionStatus.RUNNING,
    )
    network = _goal(
        ctx, "anna", plan, "sociaal-netwerk", [johan], "Vader heeft iemand om op terug te vallen."
    )
    _activate_and_agree(ctx, "anna", plan, start_days_ago=35, evaluation=ctx.ahead(56), agreed_by=johan)
    contacts = DistrictContact.objects.filter(district_id=household.district_id).select_related(
        "organisation"
    )
    own = Organisation.objects.get(
        kind=OrganisationKind.MUNICIPALITY, municipality_id=household.municipality_id
    )
    participants = [(c.name, c.organisation, c.role) for c in contacts.order_by("pk")]
    participants.append((user.display_name, own, "Regisseur, Wijkteam Centrum"))
    mdo = plans.mdo_create(
        acting_user=user,
        household=household,
        held_on=ctx.ago(7),
        discussed="Verzuim van Tess, de somberheid van vader en wie hem kan steunen.",
        participants=participants,
    )
    decision = plans.mdo_decision_add(
        acting_user=user,
        mdo=mdo,
        text="De opbouwwerker koppelt vader aan de lotgenotengroep voor alleenstaande ouders.",
    )
    plans.mdo_decision_add(
        acting_user=user, mdo=mdo, text="De leerplichtambtenaar sluit aan bij het volgende gesprek op school."
    )
    plans.mdo_decision_to_action(
        acting_user=user,
        decision=decision,
        goal=network,
        rung=Rung.GENERAL,
        performer=Performer.ORGANISATION,
        organisation=ctx.welfare,
    )


def _shared_with_welfare(ctx: _Context) -> None:
    """Both adults consented in writing; the plan is shared with Welzijn De Schans (sanne sees it under
    /gedeeld/)."""
    started = _through_uitvraag(
        ctx,
        Address("9712LN", 19, "Torenstraat", CENTRUM),
        [
            Person("Fatima", "El Amrani", 42, days=99),
            Person("Youssef", "El Amrani", 45, relation=Relation.PARTNER, days=12),
            Person("Nadia", "El Amrani", 9, relation=Relation.CHILD, days=270),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.RESIDENT,
            question="Mevrouw zoekt werk, maar heeft geen opvang voor Nadia en spreekt weinig Nederlands.",
            laws=[Law.PARTICIPATION],
            domains=3,
            days_ago=48,
        ),
        held_days_ago=35,
        story="Het gezin woont twee jaar in Westerhoek. Meneer werkt; mevrouw wil ook bijdragen.",
        wishes="Mevrouw wil de taal leren en vrijwilligerswerk doen als opstap naar betaald werk.",
        scores=[{"werk-opleiding": 2, "maatschappelijke-participatie": 2}, {"werk-opleiding": 4}],
    )
    user, plan, household = ctx.users["anna"], started.plan, started.household
    fatima, youssef, _nadia = started.members
    goal = _goal(
        ctx,
        "anna",
        plan,
        "maatschappelijke-participatie",
        [fatima],
        "Mevrouw volgt een taalcursus en doet vrijwilligerswerk.",
    )
    plans.action_add(
        acting_user=user,
        goal=goal,
        rung=Rung.GENERAL,
        description="Taalcafé en vrijwilligersvacaturebank van De Schans.",
        performer=Performer.ORGANISATION,
        organisation=ctx.welfare,
        status=ActionStatus.RUNNING,
    )
    _activate_and_agree(ctx, "anna", plan, start_days_ago=28, evaluation=ctx.ahead(63), agreed_by=fatima)
    for adult in (fatima, youssef):
        consent.consent_record(
            acting_user=user,
            resident=adult,
            basis=Basis.CONSENT,
            organisations=[ctx.welfare],
            parts=[DossierPart.PLAN],
            purpose="Samenwerken met de opbouwwerker van De Schans aan taal en vrijwilligerswerk.",
            given_on=ctx.ago(14),
            method=ConsentMethod.WRITTEN,
            expires_on=ctx.ahead(351),
        )
    consent.share_create(
        acting_user=user, household=household, organisation=ctx.welfare, part=DossierPart.PLAN
    )


def _evaluation_overdue(ctx: _Context) -> None:
    """An active plan whose evaluation date has passed: the evaluation task is overdue on anna's list."""
    started = _through_uitvraag(
        ctx,
        Address("9711GX", 33, "Molenstraat", CENTRUM),
        [Person("Gerrit", "Post", 63, days=160)],
        _melding(
            ctx,
            channel=MeldingChannel.PROVIDER,
            question="Meneer drinkt meer sinds zijn vrouw is opgenomen in het verpleeghuis en eet slecht.",
            laws=[Law.WMO],
            domains=3,
            days_ago=130,
            reporter="Wijkverpleegkundige",
        ),
        held_days_ago=115,
        story="Meneer Post bezoekt zijn vrouw dagelijks en vergeet zichzelf. Hij drinkt 's avonds alleen.",
        wishes="Gezond blijven voor zijn vrouw.",
        scores=[{"middelengebruik": 2, "lichamelijke-gezondheid": 3, "sociaal-netwerk": 3}],
    )
    (gerrit,) = started.members
    goal = _goal(
        ctx, "anna", started.plan, "middelengebruik", [gerrit], "Meneer drinkt niet meer alleen 's avonds."
    )
    plans.action_add(
        acting_user=ctx.users["anna"],
        goal=goal,
        rung=Rung.GENERAL,
        description="Gesprekken bij de verslavingszorg, inloopspreekuur in het wijkpunt.",
        performer=Performer.ORGANISATION,
        performer_name="Verslavingszorg regio",
        status=ActionStatus.RUNNING,
    )
    _activate_and_agree(
        ctx, "anna", started.plan, start_days_ago=100, evaluation=ctx.ago(8), agreed_by=gerrit
    )


def _evaluated_and_closed(ctx: _Context) -> None:
    """A plan evaluated with Goal Attainment Scaling and a re-scoring, then closed with its outcome."""
    started = _through_uitvraag(
        ctx,
        Address("9712WS", 2, "Achterom", CENTRUM),
        [
            Person("Bram", "Horst", 29, prefix="ter", days=80),
            Person("Lieke", "Horst", 28, prefix="ter", relation=Relation.PARTNER, days=33),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.EARLY_WARNING,
            question="Betalingsachterstand bij de zorgverzekeraar en de woningcorporatie.",
            laws=[Law.DEBT],
            domains=2,
            days_ago=200,
            reporter="Vroegsignalering Westerhoek",
        ),
        held_days_ago=185,
        story="Het stel verloor het overzicht na de geboorte van hun eerste kind en een baanwissel.",
        wishes="Zelf de administratie bijhouden.",
        scores=[{"financien": 2, "huisvesting": 3}, {"financien": 2, "huisvesting": 3}],
    )
    user, plan = ctx.users["anna"], started.plan
    bram, lieke = started.members
    money = _goal(ctx, "anna", plan, "financien", [bram, lieke], "Alle vaste lasten worden op tijd betaald.")
    plans.action_add(
        acting_user=user,
        goal=money,
        rung=Rung.VOLUNTEERS,
        description="Een vrijwilliger van de thuisadministratie komt wekelijks langs.",
        performer=Performer.VOLUNTEER,
        organisation=ctx.welfare,
        status=ActionStatus.DONE,
    )
    home = _goal(ctx, "anna", plan, "huisvesting", [bram, lieke], "De woning is niet meer in gevaar.")
    plans.action_add(
        acting_user=user,
        goal=home,
        rung=Rung.OWN_STRENGTH,
        description="Betalingsregeling met de woningcorporatie nakomen.",
        performer=Performer.RESIDENT,
        status=ActionStatus.DONE,
    )
    _activate_and_agree(ctx, "anna", plan, start_days_ago=170, evaluation=ctx.ago(12), agreed_by=bram)
    rescore = {"financien": 4, "huisvesting": 4}
    plans.evaluation_record(
        acting_user=user,
        plan=plan,
        held_on=ctx.ago(5),
        notes="Beide doelen gehaald; het stel doet de administratie zelf met een vast maandritme.",
        attainments={
            money.uuid: (1, "Sneller dan verwacht zelfstandig.", GoalStatus.ACHIEVED),
            home.uuid: (0, "Regeling loopt volgens afspraak.", GoalStatus.ACHIEVED),
        },
        rescoring=[(bram, _scores(rescore)), (lieke, _scores(rescore))],
    )
    plans.plan_close(acting_user=user, plan=plan, outcome=PlanOutcome.GOALS_MET, closed_on=ctx.today)


def _uitvraag_draft(ctx: _Context) -> None:
    """Zoe's brede uitvraag in draft: the conversation held, a few domains scored so far."""
    household, (ria, *_), _ = _new_household(
        ctx,
        "zoe",
        Address("9721GH", 12, "Dorpsstraat", DORP),
        [
            Person("Ria", "Meer", 57, prefix="van der", days=201),
            Person("Jan", "Meer", 60, prefix="van der", relation=Relation.PARTNER, days=3),
        ],
        _melding(
            ctx,
            channel=MeldingChannel.RESIDENT,
            question="Mevrouw zorgt voor haar man met beginnende Parkinson en heeft zelf rugklachten.",
            laws=[Law.WMO],
            domains=2,
            days_ago=10,
        ),
    )
    _uitvraag(
        ctx,
        "zoe",
        household,
        held_days_ago=2,
        story="Mevrouw doet het huishouden en de zorg voor haar man alleen; de kinderen wonen ver.",
        wishes="Het samen thuis volhouden.",
        scorings=[
            (
                ria,
                {"lichamelijke-gezondheid": 3, "instrumentele-adl": 3, "sociaal-netwerk": 3},
                {
                    "lichamelijke-gezondheid": (
                        "Rugklachten door tillen.",
                        "Doet oefeningen van de fysio.",
                        "",
                    )
                },
            )
        ],
        finalise=False,
    )


def _debt_acute_threat(ctx: _Context) -> None:
    """A Wgs melding with a threatened eviction: the first conversation within 3 working days (Wgs art. 4
    lid 2), in Wijkteam Dorp."""
    _new_household(
        ctx,
        "zoe",
        Address("9722AK", 4, "Dijkweg", DORP),
        [Person("Dennis", "Kramer", 33, days=140)],
        _melding(
            ctx,
            channel=MeldingChannel.HOUSING,
            question="Vier maanden huurachterstand; de woningcorporatie heeft ontruiming aangevraagd.",
            laws=[Law.DEBT],
            urgency=Urgency.URGENT,
            domains=2,
            days_ago=1,
            reporter="Woonconsulent, woningcorporatie",
            acute_threat=AcuteThreat.EVICTION,
        ),
    )


def _suspended_term(ctx: _Context) -> None:
    """A Wmo research term that zoe suspended while waiting for medical information."""
    household, _, _ = _new_household(
        ctx,
        "zoe",
        Address("9721BP", 88, "Voorstraat", DORP),
        [Person("Grietje", "Smits", 88, days=66)],
        _melding(
            ctx,
            channel=MeldingChannel.RESIDENT,
            question="Mevrouw vraagt een scootmobiel aan; lopen naar de winkel lukt niet meer.",
            laws=[Law.WMO],
            domains=2,
            days_ago=12,
        ),
    )
    task = Task.objects.get(household=household, term=Term.WMO_RESEARCH, status=TaskStatus.OPEN)
    tasks.task_suspend(
        acting_user=ctx.users["zoe"],
        task=task,
        reason="Wachten op medische informatie van de huisarts, met toestemming van mevrouw opgevraagd.",
        on=ctx.ago(4),
    )


# -- maatwerk: from the plan's action to a beschikking ------------------------------------------------------


def _catalogue(household: Household, name: str) -> Provision:
    return Provision.objects.get(
        municipality_id=household.municipality_id, kind=ProvisionKind.CUSTOM, name=name
    )


def _maatwerk_plan(
    ctx: _Context, address: Address, person: Person, *, question: str, days_ago: int, action: str, reason: str
) -> tuple[Household, Resident, PlanAction]:
    """A household in Centrum through the uitvraag, with an active plan whose goal has a light maatwerk
    action and its reason: where a maatwerk request starts."""
    started = _through_uitvraag(
        ctx,
        address,
        [person],
        _melding(ctx, channel=MeldingChannel.RESIDENT, question=question, laws=[Law.WMO], days_ago=days_ago),
        held_days_ago=days_ago - 5,
        story=question,
        wishes="Zelfstandig thuis blijven wonen.",
        scores=[{"instrumentele-adl": 2, "sociaal-netwerk": 3}],
    )
    (resident,) = started.members
    goal = _goal(ctx, "anna", started.plan, "instrumentele-adl", [resident], "Zelfstandig en veilig thuis.")
    plan_action = plans.action_add(
        acting_user=ctx.users["anna"],
        goal=goal,
        rung=Rung.LIGHT_CUSTOM,
        description=action,
        performer=Performer.ORGANISATION,
        performer_name="Noorderlicht Wijkzorg",
        maatwerk_reason=reason,
    )
    _activate_and_agree(
        ctx, "anna", started.plan, start_days_ago=days_ago - 8, evaluation=ctx.ahead(90), agreed_by=resident
    )
    return started.household, resident, plan_action


def _maatwerk_request(
    ctx: _Context,
    worker: str,
    household: Household,
    resident: Resident,
    provision: str,
    *,
    received_days_ago: int,
    plan_action: PlanAction | None = None,
    steps: dict[str, Any],
) -> MaatwerkRequest:
    request = decisions.request_create(
        acting_user=ctx.users[worker],
        household=household,
        resident=resident,
        provision=_catalogue(household, provision),
        plan_action=plan_action,
        received_on=ctx.ago(received_days_ago),
    )
    decisions.reverse_test_save(acting_user=ctx.users[worker], request=request, **steps)
    return request


TOETS = {
    "needed_outcome": "Een schoon en veilig huis waarin mevrouw zelfstandig kan blijven wonen.",
    "own_strength_network_general": "Mevrouw doet de lichte taken zelf; de buurvrouw doet de boodschappen.",
    "why_not_enough": "Het zware schoonmaakwerk lukt mevrouw niet meer; het netwerk kan het niet overnemen.",
    "law_intent": "De Wmo beoogt dat inwoners zo lang mogelijk zelfstandig thuis wonen (art. 2.3.5 lid 3).",
    "outcome_fits_law": True,
    "rules": "Beleidsregels Westerhoek art. 4: hulp bij het huishouden vanaf een indicatie van drie uur.",
}


def _maatwerk_in_research(ctx: _Context) -> None:
    """A Wmo request from the plan's action, the omgekeerde toets half filled: anna can finish the toets and
    decide (one hour a week is within her mandate) before the two-week term ends."""
    household, resident, action = _maatwerk_plan(
        ctx,
        Address("9711PB", 9, "Prinsengracht", CENTRUM),
        Person("Willem", "Jong", 81, prefix="de", days=40),
        question="Meneer is sinds de dood van zijn vrouw veel alleen en raakt het overzicht in huis kwijt.",
        days_ago=30,
        action="Individuele begeleiding, een uur per week, om structuur in de dag te houden.",
        reason="De kinderen wonen in het buitenland en de inloop in het wijkpunt is voor meneer niet genoeg.",
    )
    steps = {k: v for k, v in TOETS.items() if k in ("needed_outcome", "own_strength_network_general")}
    _maatwerk_request(
        ctx,
        "anna",
        household,
        resident,
        "Begeleiding individueel",
        received_days_ago=3,
        plan_action=action,
        steps=steps,
    )


def _beschikking_co_signed(ctx: _Context) -> None:
    """A motivated deviation decided by anna and co-signed by teun: a signed beschikking with its letter,
    and the herindicatie reminder eight weeks before the end."""
    household, resident, action = _maatwerk_plan(
        ctx,
        Address("9711RT", 21, "Poststraat", CENTRUM),
        Person("Grietje", "Smit", 77, days=90),
        question="Mevrouw heeft reuma; schoonmaken lukt niet meer en ze schaamt zich om hulp te vragen.",
        days_ago=40,
        action="Huishoudelijke ondersteuning, twee uur per week.",
        reason="De dochter werkt fulltime; de schoonmaakhulp van de buurt heeft een wachtlijst van een jaar.",
    )
    request = _maatwerk_request(
        ctx,
        "anna",
        household,
        resident,
        "Hulp bij het huishouden licht",
        received_days_ago=8,
        plan_action=action,
        steps=TOETS,
    )
    decisions.request_decide(
        acting_user=ctx.users["anna"],
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.DEVIATION,
        deviation_motivation=(
            "Twee uur ligt onder de drempel van de beleidsregel, maar zonder deze hulp verliest mevrouw haar "
            "zelfstandigheid; dat is wat de wet wil voorkomen."
        ),
        decided_on=ctx.ago(2),
        product=decisions.Product(start_date=ctx.today, end_date=ctx.ahead(364), volume=2),
    )
    decisions.request_approve(acting_user=ctx.users["teun"], request=request)
    allocation = _allocate(ctx, "anna", request, "Thuiszorg Het Anker", resident_choice=True)
    sent = _sent_301(allocation)
    _provider_replies(fake_provider.retour_302(sent, dated_on=ctx.today))
    # The start of care waits in the in-folder until "Berichten ophalen" or `wijkregie berichten`.
    identification = f"S{allocation.number:07d}"
    ctx.pending_messages.append(
        fake_provider.start_care_305(sent, started_on=ctx.today, identification=identification)
    )


def _awaiting_second_signature(ctx: _Context) -> None:
    """A deviation anna decided today, waiting for teun's second signature."""
    household, resident, action = _maatwerk_plan(
        ctx,
        Address("9711KL", 33, "Kerkstraat", CENTRUM),
        Person("Hendrik", "Bos", 84, days=12),
        question="Meneer is slechtziend geworden en kan zijn huis niet meer goed schoonhouden.",
        days_ago=35,
        action="Huishoudelijke ondersteuning, anderhalf uur per week.",
        reason="Meneer heeft geen netwerk in de buurt; een algemene voorziening voor schoonmaak is er niet.",
    )
    request = _maatwerk_request(
        ctx,
        "anna",
        household,
        resident,
        "Hulp bij het huishouden licht",
        received_days_ago=5,
        plan_action=action,
        steps=TOETS,
    )
    decisions.request_decide(
        acting_user=ctx.users["anna"],
        request=request,
        outcome=Outcome.PARTLY_GRANTED,
        decision_kind=DecisionKind.DEVIATION,
        deviation_motivation="Minder dan de drempel, omdat meneer een deel met hulpmiddelen zelf kan.",
        decided_on=ctx.today,
        product=decisions.Product(start_date=ctx.ahead(7), end_date=ctx.ahead(371), volume=1),
    )


def _herindicatie_due(ctx: _Context) -> None:
    """A beschikking from last year that ends in five weeks: its herindicatie reminder is due today, or on the
    next working day when the demo is loaded on a weekend or public holiday (Algemene termijnenwet)."""
    household, resident, action = _maatwerk_plan(
        ctx,
        Address("9711AB", 3, "Hoofdstraat", CENTRUM),
        Person("Ans", "Meijer", 72, days=230),
        question="Mevrouw heeft na een herseninfarct hulp nodig om haar dagen te plannen.",
        days_ago=360,
        action="Individuele begeleiding, een uur per week.",
        reason="Mevrouw woont alleen; haar zoon helpt in het weekend, maar door de week is er niemand.",
    )
    request = _maatwerk_request(
        ctx,
        "anna",
        household,
        resident,
        "Begeleiding individueel",
        received_days_ago=340,
        plan_action=action,
        steps={
            **TOETS,
            "question_situation": "Na een herseninfarct kan mevrouw haar dagen niet meer zelf plannen.",
        },
    )
    decisions.request_decide(
        acting_user=ctx.users["anna"],
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=ctx.ago(333),
        product=decisions.Product(start_date=ctx.ago(330), end_date=ctx.ahead(35), volume=1),
    )
    # Allocated to Noorderlicht, where piet works; the provider answered and started care.
    allocation = _allocate(ctx, "anna", request, "Zorggroep Noorderlicht")
    sent = _sent_301(allocation)
    _provider_replies(
        fake_provider.retour_302(sent, dated_on=ctx.ago(329)),
        fake_provider.start_care_305(
            sent, started_on=ctx.ago(328), identification=f"S{allocation.number:07d}"
        ),
    )


def _bezwaar_received(ctx: _Context) -> None:
    """In Zuiderdijk: a refused request (the letter in Zuiderdijk's own house style), and the resident's
    bezwaar against it, with the term to decide on it."""
    household, (resident,), _ = _new_household(
        ctx,
        "zoe",
        Address("9721KL", 7, "Molenweg", DORP),
        [Person("Kees", "Dijkstra", 69, days=55)],
        _melding(
            ctx,
            channel=MeldingChannel.RESIDENT,
            question="Meneer vraagt hulp bij het huishouden sinds zijn heupoperatie.",
            laws=[Law.WMO],
            days_ago=50,
        ),
    )
    request = _maatwerk_request(
        ctx,
        "zoe",
        household,
        resident,
        "Hulp bij het huishouden licht",
        received_days_ago=30,
        steps={
            **TOETS,
            "question_situation": "Meneer herstelt van een heupoperatie en kan tijdelijk niet stofzuigen.",
            "why_not_enough": "Meneer herstelt binnen zes weken; tot dan helpt zijn dochter.",
            "outcome_fits_law": False,
        },
    )
    decisions.request_decide(
        acting_user=ctx.users["zoe"],
        request=request,
        outcome=Outcome.REFUSED,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=ctx.ago(24),
    )
    decisions.objection_register(acting_user=ctx.users["zoe"], request=request, received_on=ctx.ago(6))


# -- toewijzing and the messages with the provider ----------------------------------------------------------


def _allocate(
    ctx: _Context, worker: str, request: MaatwerkRequest, organisation: str, *, resident_choice: bool = False
) -> Allocation:
    provider = Provider.objects.get(organisation__name=organisation)
    beschikking = Beschikking.objects.get(request=request)
    return allocations.allocation_create(
        acting_user=ctx.users[worker],
        beschikking=beschikking,
        provider=provider,
        resident_choice=resident_choice,
    )


def _sent_301(allocation: Allocation) -> bytes:
    return bytes(allocation.messages.get(direction=Direction.OUT).content)


def _provider_replies(*replies: bytes) -> None:
    """The fake provider's answers go through the in-folder like real ones, and are processed (only these:
    whatever else lies in the folder is left for the backoffice)."""
    transport = FolderTransport()
    for path in _leave_in_folder(list(replies)):
        content = path.read_bytes()
        outcome, _ = incoming_messages.message_receive(path.name, content)
        incoming = Incoming(name=path.name, content=content, handle=str(path))
        transport.acknowledge(incoming, accepted=outcome != incoming_messages.REJECTED)


def _leave_in_folder(messages: list[bytes]) -> list[Path]:
    folder = FolderTransport().in_dir
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{hashlib.sha256(content).hexdigest()[:16]}.xml" for content in messages]
    for path, content in zip(paths, messages, strict=True):
        path.write_bytes(content)
    return paths


# One household per stage, in the order of the casework.
STAGES = (
    _new_melding,
    _crisis_melding,
    _routed_to_welfare,
    _rerouted,
    _uitvraag_final,
    _draft_plan,
    _active_plan,
    _second_version,
    _mdo,
    _shared_with_welfare,
    _evaluation_overdue,
    _evaluated_and_closed,
    _uitvraag_draft,
    _debt_acute_threat,
    _suspended_term,
    _maatwerk_in_research,
    _beschikking_co_signed,
    _awaiting_second_signature,
    _herindicatie_due,
    _bezwaar_received,
)
STAGED_HOUSEHOLDS = len(STAGES)

__all__ = ["STAGED_HOUSEHOLDS", "STAGED_WORKLIST", "STAGE_BSN_BASE", "Staged", "stage_households"]
