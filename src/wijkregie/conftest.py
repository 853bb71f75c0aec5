"""Shared test fixtures: a small world shaped like the demo (two municipalities, one shared backoffice),
and (loaded as a plugin by the top-level conftest.py) Chromium through Playwright."""

from dataclasses import dataclass

import pytest

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.assessment.services import builtin_instruments_install
from wijkregie.households.models import Household
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory
from wijkregie.organisation.constants import OrganisationKind, TeamKind
from wijkregie.organisation.models import District, Municipality, Team
from wijkregie.organisation.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    OrganisationFactory,
    TeamFactory,
)


@dataclass
class World:
    west: Municipality
    zuid: Municipality
    west_centrum: District
    west_noord: District
    zuid_dorp: District
    team_a: Team
    team_b: Team
    team_z: Team
    backoffice: Team
    welfare: Team
    anna: User
    otto: User
    teun: User
    bo: User
    sanne: User
    piet: User
    carla: User
    bea: User
    fenna: User
    zoe: User
    household: Household  # in team_a's caseload, anna is the worker
    zuid_household: Household  # in team_z's caseload

    def user(self, name: str) -> User:
        return getattr(self, name)


@pytest.fixture(autouse=True)
def _message_folders(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Each test its own in- and out-folder for iWmo/iJw messages: parallel workers share the var folder."""
    folder = tmp_path_factory.mktemp("berichten")
    settings.WIJKREGIE_MESSAGES_IN = str(folder / "in")
    settings.WIJKREGIE_MESSAGES_OUT = str(folder / "uit")


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    # The data migration installs the built-in instruments; a browser test before this one in the same
    # process flushed them with every table. Put them back, whatever ran before (idempotent).
    builtin_instruments_install()
    west = MunicipalityFactory(name="Westerhoek", cbs_code="9901")
    zuid = MunicipalityFactory(name="Zuiderdijk", cbs_code="9902")
    west_centrum = DistrictFactory(municipality=west, name="Centrum", postcodes=["9711"])
    west_noord = DistrictFactory(municipality=west, name="Noord", postcodes=["9712"])
    zuid_dorp = DistrictFactory(municipality=zuid, name="Dorp", postcodes=["9721"])
    gemeente = OrganisationFactory(name="Gemeente Westerhoek", kind=OrganisationKind.MUNICIPALITY)
    welzijn = OrganisationFactory(name="Welzijn De Schans", kind=OrganisationKind.WELFARE)
    provider = OrganisationFactory(name="Zorg Thuis", kind=OrganisationKind.CARE_PROVIDER)
    team_a = TeamFactory(
        name="Wijkteam Centrum", organisation=gemeente, municipalities=[west], districts=[west_centrum]
    )
    team_b = TeamFactory(
        name="Wijkteam Noord", organisation=gemeente, municipalities=[west], districts=[west_noord]
    )
    team_z = TeamFactory(
        name="Wijkteam Dorp", organisation=gemeente, municipalities=[zuid], districts=[zuid_dorp]
    )
    backoffice = TeamFactory(
        name="Backoffice", kind=TeamKind.BACKOFFICE, organisation=gemeente, municipalities=[west, zuid]
    )
    welfare = TeamFactory(
        name="Basisondersteuning",
        kind=TeamKind.WELFARE,
        organisation=welzijn,
        municipalities=[west],
        districts=[west_centrum, west_noord],
    )
    providers = TeamFactory(
        name="Zorg Thuis team", kind=TeamKind.PROVIDER, organisation=provider, municipalities=[west]
    )
    anna = UserFactory(username="anna", role=Role.CONSULENT, teams=[team_a])
    household = HouseholdFactory(
        district=west_centrum,
        in_caseload_of=(team_a, anna),
        head=ResidentFactory(postcode="9711AB", surname="Visser"),
    )
    zuid_household = HouseholdFactory(
        district=zuid_dorp, in_caseload_of=team_z, head=ResidentFactory(postcode="9721CD", city="Zuiderdijk")
    )
    return World(
        west=west,
        zuid=zuid,
        west_centrum=west_centrum,
        west_noord=west_noord,
        zuid_dorp=zuid_dorp,
        team_a=team_a,
        team_b=team_b,
        team_z=team_z,
        backoffice=backoffice,
        welfare=welfare,
        anna=anna,
        otto=UserFactory(username="otto", role=Role.CONSULENT, teams=[team_b]),
        teun=UserFactory(username="teun", role=Role.TEAMLEIDER, teams=[team_a]),
        bo=UserFactory(username="bo", role=Role.BACKOFFICE, teams=[backoffice]),
        sanne=UserFactory(username="sanne", role=Role.SOCIAL_WORKER, teams=[welfare]),
        piet=UserFactory(username="piet", role=Role.PROVIDER_STAFF, teams=[providers]),
        carla=UserFactory(username="carla", role=Role.CONTRACT_MANAGER, municipality=west),
        bea=UserFactory(username="bea", role=Role.POLICY_OFFICER, municipality=west),
        fenna=UserFactory(username="fenna", role=Role.FUNCTIONAL_ADMIN, municipality=west),
        zoe=UserFactory(username="zoe", role=Role.CONSULENT, teams=[team_z]),
        household=household,
        zuid_household=zuid_household,
    )


GLASS_REASON = "Crisisdienst: de politie meldt buiten kantoortijd acute zorgen om dit gezin."


@pytest.fixture
def otto_through_glass(world: World) -> User:
    """otto (consulent of Wijkteam Noord, not on world.household's caseload) opens world.household through
    break-the-glass: what he changes there must be flagged in the audit trail."""
    from wijkregie.households.services import break_glass_open

    head = world.household.memberships.heads().get().resident
    break_glass_open(acting_user=world.otto, bsn=head.bsn, reason=GLASS_REASON)
    return world.otto


def change_rows_flagged(**lookup: object) -> list[bool]:
    """The break-the-glass flags of the change rows (not the reads) that match `lookup`, oldest first."""
    from wijkregie.audit.constants import Action
    from wijkregie.audit.models import AuditEvent

    rows = AuditEvent.objects.filter(**lookup).exclude(action__in=[Action.READ, Action.BREAK_GLASS])
    return list(rows.order_by("pk").values_list("break_glass", flat=True))
