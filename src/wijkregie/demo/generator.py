"""The demo dataset: two fictional municipalities sharing one backoffice, staff logins and N households.

This is seed data, not casework. Organisations, teams and staff go through the ORM; households, residents,
memberships, caseload and timeline are generated in Python and written in chunks with COPY (PostgreSQL) or
one prepared INSERT per chunk (SQLite): no services, no audit row per record, every constraint and index
stays on. One audit event records the load. A fixed seed makes every load of the same size the same.
After the bulk, in the same transaction, stages.py takes a fixed set of 15 households (counted in N) through
every step of the casework with the real services, as the demo users.
"""

import random
import string
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate, count
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import TeamMembership, User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.bulk import DbValues, insert_rows, reserve_ids
from wijkregie.core.identifiers import bsn_with_check_digit, search_key
from wijkregie.demo.early_warning import stage_early_warning
from wijkregie.demo.history import stage_history
from wijkregie.households.constants import Relation, TimelineKind
from wijkregie.households.models import CaseloadEntry, Household, HouseholdMembership, Resident, TimelineEntry
from wijkregie.monitoring.services import store_refresh_nightly
from wijkregie.organisation.constants import OrganisationKind, TeamKind
from wijkregie.organisation.models import (
    District,
    DistrictContact,
    Municipality,
    Organisation,
    PostcodeArea,
    Team,
)
from wijkregie.providers.demo_contracts import load_demo_contracts
from wijkregie.provisions.demo_catalogue import load_demo_catalogue
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.terms import TERMS, plan_date_due

from . import data
from .data import LOGINS, MUNICIPALITIES
from .stages import STAGE_BSN_BASE, STAGED_HOUSEHOLDS, STAGED_WORKLIST, stage_households

SEED = 20261124
DEFAULT_HOUSEHOLDS = 900
DEMO_PASSWORD = "demo"
CHUNK = 5_000  # households generated and inserted per round: bounded memory at any scale
BSN_BASE = 30_000_000  # demo BSNs come from 8-digit bases upward from here

# Werkvoorraad per worker: (assigned households, of which the worker is also regisseur). Anna and zoe also
# get the staged households (stages.py), so their bulk share is that much smaller.
NAMED_CASELOAD = {
    "anna": (20 - STAGED_WORKLIST["anna"], 3),
    "otto": (18, 6),
    "zoe": (18 - STAGED_WORKLIST["zoe"], 5),
}
COLLEAGUE_CASELOAD = (25, 10)
COLLEAGUES_PER_DISTRICT_TEAM = 4
TEAMLEIDER_REGIE = 4  # households where the teamleider is regisseur
FIRST_FOR = {"sanne": 15, "bo": 12}  # first households that also enter the welfare / backoffice caseload
WELFARE_SHARE = 0.04
BACKOFFICE_SHARE = 0.03

BACKOFFICE = "Backoffice Westerhoek-Zuiderdijk"
WELFARE = "Basisondersteuning De Schans"
FLEXPOOL = "Flexpool sociaal domein"
LETTER_PAIRS = tuple(
    a + b for a in string.ascii_uppercase for b in string.ascii_uppercase if a + b not in {"SA", "SD", "SS"}
)


class DemoConflict(Exception):
    """Existing data clashes with the demo (a username or postcode area is already in use)."""


@dataclass(frozen=True)
class DemoResult:
    created: bool
    households: int
    residents: int
    seconds: float
    staged: int = 0  # households taken through every stage of the casework (stages.py)
    history: int = 0  # households of the steering history (history.py), not counted in `households`


Slot = tuple[int | None, int | None]  # (assigned worker, regisseur)


@dataclass
class _TeamSlots:
    pk: int
    name: str
    lead: int | None
    slots: deque[Slot] = field(default_factory=deque)


@dataclass
class _DistrictInfo:
    pk: int
    municipality: int
    city: str
    postcodes: tuple[str, ...]
    streets: tuple[str, ...]
    team: _TeamSlots


@dataclass
class _World:
    districts: list[list[_DistrictInfo]]  # per municipality, in MUNICIPALITIES order
    welfare: _TeamSlots
    backoffice: _TeamSlots
    names: dict[int, str]


@dataclass
class _Draft:
    household: tuple[Any, ...]  # uuid, municipality, district, regisseur, last activity
    members: list[tuple[tuple[Any, ...], str, date]]  # (uuid, *RESIDENT_FIELDS[4:-1]), relation, start
    caseload: list[tuple[int, int | None]]
    registered: datetime
    timeline: list[tuple[datetime, str, str, int | None]]
    tasks: list[tuple[Any, ...]] = field(default_factory=list)  # TASK_FIELDS[0] and [4:]


HOUSEHOLD_FIELDS = ("id", "uuid", "created_at", "updated_at", "municipality", "district", "regisseur",
                    "last_activity_at")  # fmt: skip
RESIDENT_FIELDS = ("id", "uuid", "created_at", "updated_at", "bsn", "given_names", "initials",
                   "surname_prefix", "surname", "surname_search", "birth_date", "postcode", "house_number",
                   "house_number_suffix", "street", "city", "phone", "email", "version")  # fmt: skip


TASK_FIELDS = ("uuid", "created_at", "updated_at", "household", "team", "assignee", "kind", "term", "title",
               "start_date", "original_due_on", "due_on", "status", "suspension_reason", "suspended_days",
               "extension_reason", "done_on", "source_type")  # fmt: skip
BULK_MODELS = (Household, Resident, HouseholdMembership, CaseloadEntry, TimelineEntry, Task)
LEGAL_TERM_SHARE = 0.35  # households whose melding touched a law with a term
PLAN_SHARE = 0.5  # households with a worker that have an evaluation date on their task list
CRISIS = "Crisisdienst Westerhoek-Zuiderdijk"


def demo_exists() -> bool:
    return Municipality.objects.filter(cbs_code__in=[m.cbs_code for m in MUNICIPALITIES]).exists()


def colleague_plan() -> list[tuple[str, Role, str]]:
    """Staff without a demo login (unusable password) so that teams and caseloads look real."""
    plan: list[tuple[str, Role, str]] = []
    for spec in MUNICIPALITIES:
        for district in spec.districts:
            team, slug = f"Wijkteam {district.name}", district.name.lower()
            if not any(login.team == team and login.role == Role.TEAMLEIDER for login in LOGINS):
                plan.append((f"{slug}-tl", Role.TEAMLEIDER, team))
            plan += [
                (f"{slug}-{i}", Role.CONSULENT, team) for i in range(1, COLLEAGUES_PER_DISTRICT_TEAM + 1)
            ]
    plan += [
        ("backoffice-1", Role.BACKOFFICE, BACKOFFICE),
        ("backoffice-2", Role.BACKOFFICE, BACKOFFICE),
        ("schans-1", Role.SOCIAL_WORKER, WELFARE),
        ("flexpool-1", Role.CONSULENT, FLEXPOOL),
        ("flexpool-2", Role.CONSULENT, FLEXPOOL),
        ("anker-1", Role.PROVIDER_STAFF, "Het Anker Thuiszorg"),
    ]
    return plan


def load_demo(
    households: int = DEFAULT_HOUSEHOLDS,
    *,
    seed: int = SEED,
    progress: Callable[[int, int], None] | None = None,
    history: bool = False,
) -> DemoResult:
    """Load the demo once. When it is already there, change nothing and say so (created=False). `history`:
    also the steering history (history.py) of four years before this one, at the seeds' scale for the
    default number of households and proportionally smaller below it."""
    if demo_exists():
        return _existing()
    usernames = [login.username for login in LOGINS] + [name for name, _, _ in colleague_plan()]
    taken = sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    if taken:
        raise DemoConflict(f"Deze gebruikersnamen bestaan al buiten de demo: {', '.join(taken)}.")
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not a secret)
    try:
        with transaction.atomic():
            world = _structure(rng)
            bulk = max(0, households - STAGED_HOUSEHOLDS)
            residents = _households(world, bulk, rng, progress)
            _analyse_bulk()  # the staged households' queries then use the indexes, at any scale
            taken_for_stages = _taken_bsns(STAGE_BSN_BASE, stop=BSN_BASE)
            load_demo_catalogue()  # before the stages: their maatwerk requests choose from it
            load_demo_contracts()  # and their allocations go to these contracted providers
            staged = stage_households(bsns=_bsns(taken_for_stages, start=STAGE_BSN_BASE))
            stage_early_warning(today=timezone.localdate(), seed=seed)
            former = 0
            if history:
                scale = min(1.0, households / DEFAULT_HOUSEHOLDS)
                former = stage_history(world, today=timezone.localdate(), seed=seed, scale=scale).households
            store_refresh_nightly()  # the steering pages show the demo's figures from the start
            record(
                actor=None,
                action=Action.CREATE,
                object_type="demo.dataset",
                channel=Channel.SYSTEM,
                fields=["households", "residents", "teams", "users"],
            )
    except IntegrityError as exc:
        if demo_exists():  # loaded by a concurrent run in the meantime
            return _existing()
        raise DemoConflict("De demo botst met bestaande gegevens (bijvoorbeeld een postcodegebied).") from exc
    with connection.cursor() as cursor:  # fresh planner statistics after a bulk load
        cursor.execute("ANALYZE")
    seconds = time.monotonic() - started
    return DemoResult(
        True, bulk + staged.households, residents + staged.residents, seconds, staged.households, former
    )


def _analyse_bulk() -> None:
    """Planner statistics for the tables just filled, inside the load's transaction (PostgreSQL counts the
    transaction's own rows): without them the services behind the staged households plan sequential scans."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in BULK_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(t) for t in tables)}")


def _existing() -> DemoResult:
    codes = [m.cbs_code for m in MUNICIPALITIES]
    households = Household.objects.filter(municipality__cbs_code__in=codes)
    residents = HouseholdMembership.objects.current().filter(household__in=households)
    return DemoResult(False, households.count(), residents.count(), 0.0)


# -- organisation and staff -------------------------------------------------------------------------------


def _structure(rng: random.Random) -> _World:
    municipalities: dict[str, Municipality] = {}
    districts: dict[str, District] = {}
    for spec in MUNICIPALITIES:
        municipality = Municipality.objects.create(name=spec.name, cbs_code=spec.cbs_code)
        municipalities[spec.cbs_code] = municipality
        for d in spec.districts:
            district = District.objects.create(
                municipality=municipality,
                name=d.name,
                wijkpunt_name=d.wijkpunt_name,
                wijkpunt_address=d.wijkpunt_address,
            )
            PostcodeArea.objects.bulk_create(PostcodeArea(district=district, pc4=pc4) for pc4 in d.postcodes)
            districts[d.name] = district
    west, zuid = municipalities["9901"], municipalities["9902"]
    own = {
        code: Organisation.objects.create(
            name=f"Gemeente {m.name}", kind=OrganisationKind.MUNICIPALITY, municipality=m
        )
        for code, m in municipalities.items()
    }
    schans = Organisation.objects.create(name="Welzijn De Schans", kind=OrganisationKind.WELFARE)
    noorderlicht = Organisation.objects.create(
        name="Zorggroep Noorderlicht", kind=OrganisationKind.CARE_PROVIDER
    )
    anker = Organisation.objects.create(name="Thuiszorg Het Anker", kind=OrganisationKind.CARE_PROVIDER)

    teams: dict[str, Team] = {}

    def team(
        name: str,
        kind: TeamKind,
        organisation: Organisation,
        serves: list[Municipality],
        areas: list[District] | tuple[()] = (),
    ) -> None:
        teams[name] = Team.objects.create(name=name, kind=kind, organisation=organisation)
        teams[name].municipalities.set(serves)
        teams[name].districts.set(areas)

    for spec in MUNICIPALITIES:
        for d in spec.districts:
            team(
                f"Wijkteam {d.name}",
                TeamKind.DISTRICT_TEAM,
                own[spec.cbs_code],
                [municipalities[spec.cbs_code]],
                [districts[d.name]],
            )
    west_districts = [districts[d.name] for d in MUNICIPALITIES[0].districts]
    team(BACKOFFICE, TeamKind.BACKOFFICE, own["9901"], [west, zuid])
    team(FLEXPOOL, TeamKind.FLEXPOOL, own["9901"], [west, zuid])
    team(CRISIS, TeamKind.CRISIS, own["9901"], [west, zuid])
    team(WELFARE, TeamKind.WELFARE, schans, [west], west_districts)
    team("Noorderlicht Wijkzorg", TeamKind.PROVIDER, noorderlicht, [west, zuid])
    team("Het Anker Thuiszorg", TeamKind.PROVIDER, anker, [west, zuid])

    staff: list[tuple[User, str]] = []
    for login in LOGINS:
        user = User(
            username=login.username,
            first_name=login.first_name,
            last_name=login.last_name,
            role=login.role,
            municipality=municipalities.get(login.municipality),
        )
        user.set_password(DEMO_PASSWORD)
        staff.append((user, login.team))
    for username, role, team_name in colleague_plan():
        user = User(
            username=username,
            first_name=rng.choice(data.FEMALE_NAMES + data.MALE_NAMES),
            last_name=" ".join(part for part in _surname(rng) if part),
            role=role,
        )
        user.set_unusable_password()
        staff.append((user, team_name))
    _district_contacts(districts, own, schans, noorderlicht)
    User.objects.bulk_create([user for user, _ in staff])
    TeamMembership.objects.bulk_create(TeamMembership(user=u, team=teams[t]) for u, t in staff if t)
    return _world(teams, districts, staff)


def _district_contacts(
    districts: dict[str, District], own: dict[str, Organisation], schans: Organisation, provider: Organisation
) -> None:
    """The fixed partner contacts per district, invited to its MDO's."""
    contacts = []
    for n, district in enumerate(districts.values()):
        municipality = own[district.municipality.cbs_code]
        for organisation, role, first in (
            (schans, "Opbouwwerker", data.FEMALE_NAMES),
            (provider, "Wijkverpleegkundige", data.FEMALE_NAMES),
            (municipality, "Leerplichtambtenaar", data.MALE_NAMES),
        ):
            prefix, surname = data.COMMON_SURNAMES[(n * 7 + len(role)) % len(data.COMMON_SURNAMES)]
            name = " ".join(part for part in (first[(n + len(role)) % len(first)], prefix, surname) if part)
            contacts.append(
                DistrictContact(district=district, organisation=organisation, name=name, role=role)
            )
    DistrictContact.objects.bulk_create(contacts)


def _world(teams: dict[str, Team], districts: dict[str, District], staff: list[tuple[User, str]]) -> _World:
    """Who gets which households: named logins first, so that even a small demo fills their werkvoorraad."""
    by_team: dict[str, list[User]] = {}
    for user, team_name in staff:
        by_team.setdefault(team_name, []).append(user)

    def slots(team_name: str) -> _TeamSlots:
        members = by_team.get(team_name, [])
        lead = next((u.pk for u in members if u.role == Role.TEAMLEIDER), None)
        entry = _TeamSlots(teams[team_name].pk, team_name, lead)
        for user in members:
            if user.role == Role.CONSULENT:
                assigned, regie = NAMED_CASELOAD.get(user.username, COLLEAGUE_CASELOAD)
                entry.slots += [(user.pk, user.pk if i < regie else None) for i in range(assigned)]
            elif user.username in FIRST_FOR:
                entry.slots += [(user.pk, None)] * FIRST_FOR[user.username]
            if user.pk == lead:
                entry.slots += [(None, lead)] * TEAMLEIDER_REGIE
        return entry

    info = [
        [
            _DistrictInfo(
                districts[d.name].pk,
                districts[d.name].municipality_id,
                spec.name,
                d.postcodes,
                d.streets,
                slots(f"Wijkteam {d.name}"),
            )
            for d in spec.districts
        ]
        for spec in MUNICIPALITIES
    ]
    names = {user.pk: user.display_name for user, _ in staff}
    return _World(info, slots(WELFARE), slots(BACKOFFICE), names)


# -- households -------------------------------------------------------------------------------------------


def _households(
    world: _World, total: int, rng: random.Random, progress: Callable[[int, int], None] | None
) -> int:
    bsns = _bsns(_taken_bsns(BSN_BASE))
    now = timezone.now()
    today = timezone.localdate()
    to_db = DbValues()
    stamp = to_db.moment(now)
    residents = done = 0
    while done < total:
        drafts = [_draft(world, rng, bsns, today, now) for _ in range(min(CHUNK, total - done))]
        people = sum(len(d.members) for d in drafts)
        resident_ids = iter(reserve_ids(Resident, people))
        households, persons, members, caseload, timeline, tasks = [], [], [], [], [], []
        for household_id, d in zip(reserve_ids(Household, len(drafts)), drafts, strict=True):
            key, municipality, district, regisseur, last_activity = d.household
            households.append((household_id, to_db.uuid(key), stamp, stamp, municipality, district, regisseur,
                               to_db.moment(last_activity)))  # fmt: skip
            for (key, *values), relation, start in d.members:
                resident_id = next(resident_ids)
                values[6] = to_db.day(values[6])  # birth date
                persons.append((resident_id, to_db.uuid(key), stamp, stamp, *values, 1))  # version 1
                members.append((household_id, resident_id, relation, to_db.day(start)))
            started = to_db.moment(d.registered)
            caseload += [(household_id, team, worker, started) for team, worker in d.caseload]
            timeline += [(household_id, to_db.moment(at), *line) for at, *line in d.timeline]
            tasks += [_task_row(to_db, stamp, household_id, task) for task in d.tasks]
        insert_rows(Household, HOUSEHOLD_FIELDS, households)
        insert_rows(Resident, RESIDENT_FIELDS, persons)
        insert_rows(HouseholdMembership, ("household", "resident", "relation", "start_date"), members)
        insert_rows(CaseloadEntry, ("household", "team", "worker", "started_at"), caseload)
        insert_rows(TimelineEntry, ("household", "occurred_at", "kind", "description", "actor"), timeline)
        insert_rows(Task, TASK_FIELDS, tasks)
        residents += people
        done += len(drafts)
        if progress:
            progress(done, total)
    return residents


@dataclass(frozen=True)
class FormerHousehold:
    """A household of the steering history: its ids, where it lives, and its members (id, relation, born)."""

    pk: int
    uuid: uuid.UUID
    municipality: int
    district: int
    members: list[tuple[int, str, date]]


def former_households(world: _World, registered: list[datetime], rng: random.Random) -> list[FormerHousehold]:
    """Households helped in the past years, one per moment in `registered`: members and address as the
    bulk makes them, registered on that moment, without a worker, regisseur or open task."""
    bsns = _bsns(_taken_bsns(BSN_BASE))
    now, today = timezone.now(), timezone.localdate()
    to_db = DbValues()
    stamp = to_db.moment(now)
    drafts = [_draft(world, rng, bsns, today, now) for _ in registered]
    resident_ids = iter(reserve_ids(Resident, sum(len(d.members) for d in drafts)))
    households, persons, members, timeline, made = [], [], [], [], []
    for household_id, d, moment in zip(reserve_ids(Household, len(drafts)), drafts, registered, strict=True):
        key, municipality, district, _regisseur, _last = d.household
        households.append((household_id, to_db.uuid(key), stamp, stamp, municipality, district, None,
                           to_db.moment(moment)))  # fmt: skip
        mine = []
        for (person, *values), relation, _start in d.members:
            resident_id = next(resident_ids)
            born = values[6]
            values[6] = to_db.day(born)
            persons.append((resident_id, to_db.uuid(person), stamp, stamp, *values, 1))
            members.append(
                (household_id, resident_id, relation, to_db.day(max(born, min(_start, moment.date()))))
            )
            mine.append((resident_id, relation, born))
        timeline.append(
            (household_id, to_db.moment(moment), TimelineKind.REGISTERED, "Huishouden geregistreerd", None)
        )
        made.append(FormerHousehold(household_id, key, municipality, district, mine))
    insert_rows(Household, HOUSEHOLD_FIELDS, households)
    insert_rows(Resident, RESIDENT_FIELDS, persons)
    insert_rows(HouseholdMembership, ("household", "resident", "relation", "start_date"), members)
    insert_rows(TimelineEntry, ("household", "occurred_at", "kind", "description", "actor"), timeline)
    return made


def _task_row(to_db: "DbValues", stamp: Any, household_id: int, task: tuple[Any, ...]) -> tuple[Any, ...]:
    key, *values = task
    days = (to_db.day(v) if isinstance(v, date) else v for v in values)
    return (to_db.uuid(key), stamp, stamp, household_id, *days)


def _draft(world: _World, rng: random.Random, bsns: Iterator[str], today: date, now: datetime) -> _Draft:
    municipality = rng.choices(world.districts, cum_weights=_municipality_weights())[0]
    district = rng.choice(municipality)
    letters = rng.randrange(len(LETTER_PAIRS))
    address = (  # postcode, house number, suffix, street, city
        rng.choice(district.postcodes) + LETTER_PAIRS[letters],
        rng.randint(1, 160),
        rng.choice(("A", "B", "1", "2")) if rng.random() < 0.08 else "",
        district.streets[letters % len(district.streets)],
        district.city,
    )
    worker, regisseur = district.team.slots.popleft() if district.team.slots else (None, None)
    caseload: list[tuple[_TeamSlots, int | None]] = [(district.team, worker)]
    extra = [world.backoffice] + ([world.welfare] if district.city == MUNICIPALITIES[0].name else [])
    for team in extra:
        share = WELFARE_SHARE if team is world.welfare else BACKOFFICE_SHARE
        if team.slots or rng.random() < share:
            caseload.append((team, team.slots.popleft()[0] if team.slots else None))

    registered = now - timedelta(days=rng.uniform(1, 60) if worker or regisseur else rng.uniform(1, 720))
    ages = _composition(rng)
    adult_min = min(age for relation, age in ages if relation != Relation.CHILD)
    formed = registered.date().toordinal() - rng.randint(0, max(0, min(15, adult_min - 20)) * 365)
    family = _surname(rng)
    members: list[tuple[tuple[Any, ...], str, date]] = []
    timeline: list[tuple[datetime, str, str, int | None]] = []
    for relation, age in ages:
        born = date.fromordinal(today.toordinal() - age * 365 - rng.randrange(365))
        if relation in (Relation.HEAD, Relation.CHILD) or (
            relation == Relation.PARTNER and rng.random() < 0.35
        ):
            prefix, surname = family
        else:
            prefix, surname = _surname(rng)
        given = _given_names(rng, adult=relation != Relation.CHILD)
        email = ""
        if relation != Relation.CHILD and rng.random() < 0.2:
            email = (
                f"{given.split()[0]}.{prefix}{surname}@example.org".lower().replace(" ", "").replace("'", "")
            )
        initials = "".join(f"{n[0]}." for n in given.split())
        email = email.encode("ascii", "ignore").decode()
        values = (_uuid(rng), next(bsns), given, initials, prefix, surname,
                  search_key(surname), born, *address, "", email)  # fmt: skip
        members.append((values, relation, date.fromordinal(max(formed, born.toordinal()))))
        if born > registered.date():  # born after the household came in: it joined later
            moment = min(
                datetime.combine(born, datetime.min.time(), registered.tzinfo) + timedelta(hours=12), now
            )
            timeline.append((moment, TimelineKind.MEMBER_JOINED, "Kind toegevoegd", worker))

    moment = registered
    present = sum(1 for _, _, start in members if start <= registered.date())
    source = rng.choice(data.SOURCES)
    size = f"{present} {'lid' if present == 1 else 'leden'}"
    timeline.append(
        (moment, TimelineKind.REGISTERED, f"Melding via {source}; huishouden met {size} geregistreerd", None)
    )
    steps = [
        (TimelineKind.ASSIGNED, f"Toegewezen aan {team.name}: {world.names[w]}", team.lead)
        for team, w in caseload
        if w
    ]
    if regisseur:
        steps.append((TimelineKind.REGISSEUR_SET, f"Regisseur: {world.names[regisseur]}", district.team.lead))
    steps += [
        (TimelineKind.DETAILS_CHANGED, rng.choice(data.NOTES), worker) for _ in range(rng.randint(0, 2))
    ]
    for kind, text, actor in steps:
        moment = min(moment + timedelta(hours=rng.uniform(2, 120)), now)
        timeline.append((moment, kind, text, actor))
    timeline.sort(key=lambda line: line[0])

    household = (_uuid(rng), district.municipality, district.pk, regisseur, timeline[-1][0])
    tasks = _tasks(rng, district.team.pk, worker, registered.date(), today)
    return _Draft(household, members, [(team.pk, w) for team, w in caseload], registered, timeline, tasks)


def _tasks(
    rng: random.Random, team: int, worker: int | None, registered: date, today: date
) -> list[tuple[Any, ...]]:
    """A legal term from the melding (done when it ran out long ago) and, for households with a worker,
    the plan's evaluation date: some overdue, most ahead."""
    tasks = []
    if rng.random() < LEGAL_TERM_SHARE:
        term = rng.choice(
            (Term.WMO_RESEARCH, Term.YOUTH_PLAN, Term.DEBT_FIRST_TALK, Term.DEBT_FIRST_TALK_ACUTE)
        )
        rule = TERMS[term]
        due = rule.end(registered)
        done = due < today - timedelta(days=14) or rng.random() < 0.3
        status, done_on = (TaskStatus.DONE, min(due, today)) if done else (TaskStatus.OPEN, None)
        tasks.append((_uuid(rng), team, worker, TaskKind.LEGAL_TERM, term, rule.title,
                      registered, due, due, status, "", 0, "", done_on, "intake.melding"))  # fmt: skip
    if worker is not None and rng.random() < PLAN_SHARE:
        due = plan_date_due(today + timedelta(days=rng.randint(-10, 90)))
        start = min(registered, due)
        tasks.append((_uuid(rng), team, worker, TaskKind.PLAN_DATE, Term.PLAN_EVALUATION, "Plan evalueren",
                      start, due, due, TaskStatus.OPEN, "", 0, "", None, "plans.plan"))  # fmt: skip
    return tasks


def _composition(rng: random.Random) -> list[tuple[str, int]]:
    """Relations and ages: 1–6 members, partners adult, children at least 20 years younger than a parent."""
    roll = rng.random()
    if roll < 0.38:
        return [(Relation.HEAD, rng.randint(18, 92))]
    if roll < 0.66:
        head = rng.randint(20, 88)
        return [(Relation.HEAD, head), (Relation.PARTNER, max(18, head + rng.randint(-6, 6)))]
    if roll < 0.88:
        head = rng.randint(24, 55)
        partner = max(20, head + rng.randint(-5, 5))
        children = rng.choices((1, 2, 3, 4), weights=(35, 40, 18, 7))[0]
        return [
            (Relation.HEAD, head),
            (Relation.PARTNER, partner),
            *_children(rng, min(head, partner), children),
        ]
    if roll < 0.96:
        head = rng.randint(20, 55)
        return [(Relation.HEAD, head), *_children(rng, head, rng.randint(1, 3))]
    return [(Relation.HEAD, rng.randint(25, 80)), (Relation.OTHER, rng.randint(18, 80))]


def _children(rng: random.Random, parent_age: int, number: int) -> list[tuple[str, int]]:
    oldest = min(parent_age - 20, 25)
    return [(Relation.CHILD, rng.randint(0, oldest)) for _ in range(number)] if oldest >= 0 else []


def _given_names(rng: random.Random, *, adult: bool) -> str:
    names = data.FEMALE_NAMES if rng.random() < 0.5 else data.MALE_NAMES
    first = rng.choice(names)
    if adult and rng.random() < 0.4:
        return f"{first} {rng.choice(names)}"
    return first


@cache
def _surnames() -> tuple[tuple[tuple[str, str], ...], tuple[float, ...]]:
    """A fifth of the people carry one of the common surnames (falling frequency, the most common about
    0.7%); the rest share a long tail of composed ones (each about 0.015%)."""
    common = data.COMMON_SURNAMES
    tail = [
        ("van de" if i % 10 == 3 else "ter" if i % 10 == 7 else "", f"{first}{second}{end}")
        for i, (first, second, end) in enumerate(
            (f, s, e)
            for f in data.SURNAME_FIRST
            for s in data.SURNAME_SECOND
            for e in data.SURNAME_ENDINGS
            if f.lower() != s
        )
    ]
    zipf = [1 / (rank + 20) for rank in range(len(common))]
    weights = [w / sum(zipf) * 0.2 for w in zipf] + [0.8 / len(tail)] * len(tail)
    return (*common, *tail), tuple(accumulate(weights))


def _surname(rng: random.Random) -> tuple[str, str]:
    names, cum_weights = _surnames()
    return rng.choices(names, cum_weights=cum_weights)[0]


@cache
def _municipality_weights() -> tuple[float, ...]:
    return tuple(accumulate(spec.share for spec in MUNICIPALITIES))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _taken_bsns(start: int, stop: int | None = None) -> set[str]:
    """BSNs already in use from this base up (to `stop`): residents outside the demo or of an earlier load."""
    taken = Resident.objects.filter(bsn__gte=f"{start:08d}0")
    if stop is not None:
        taken = taken.filter(bsn__lt=f"{stop:08d}0")
    return set(taken.values_list("bsn", flat=True))


def _bsns(taken: set[str], start: int = BSN_BASE) -> Iterator[str]:
    """Valid, unused BSNs: the bulk from BSN_BASE up, the staged households from STAGE_BSN_BASE up."""
    for base in count(start):
        bsn = bsn_with_check_digit(base)
        if bsn and bsn not in taken:
            yield bsn
