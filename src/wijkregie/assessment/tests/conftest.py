import pytest

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.assessment import services
from wijkregie.assessment.constants import ZRM_2017
from wijkregie.assessment.models import Instrument

OWN_INSTRUMENT = """{
  "key": "wonen-west",
  "name": "Woonladder Westerhoek",
  "version": "1",
  "scale": {"min": 1, "max": 3, "labels": {"1": "Zorgelijk", "2": "Wisselend", "3": "Goed"}},
  "domains": [
    {"code": "woning", "name": "Woning"},
    {"code": "buurt", "name": "Buurt"}
  ],
  "anchors": [
    {"domain": "woning", "score": 1, "text": "Dreigende uitzetting."}
  ]
}
"""


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _built_ins(request):
    """The data migration loads them; a transactional test elsewhere may have emptied the database since."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        if Instrument.objects.filter(municipality__isnull=True).count() < 2:
            services.builtin_instruments_install()


@pytest.fixture
def zara(world):
    """The functioneel beheerder of the other municipality (zuid)."""
    return UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


@pytest.fixture
def zrm(db):
    return Instrument.objects.get(key=ZRM_2017, municipality__isnull=True)


@pytest.fixture
def own_instrument(world):
    """West's own instrument, imported by fenna (west's beheerder)."""
    return services.instrument_import(
        acting_user=world.fenna, municipality=world.west, content=OWN_INSTRUMENT, format="json"
    )
