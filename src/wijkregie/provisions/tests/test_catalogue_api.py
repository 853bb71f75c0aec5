import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.provisions.models import Provision

from .test_catalogue_import import CUSTOM, GENERAL, _csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def client_for(name):
        client = APIClient()
        if name is not None:
            user = world.user(name) if isinstance(name, str) else name
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _provision(world, name="Inloop", municipality=None):
    return Provision.objects.create(municipality=municipality or world.west, kind="algemeen", name=name)


def _snapshot():
    return list(Provision.objects.values().order_by("pk"))


def test_anonymous_is_refused(api, world):
    assert api(None).get("/api/v1/provisions/").status_code == 401


@pytest.mark.parametrize("name", ["anna", "bo", "teun", "carla", "fenna"])
def test_staff_of_west_read(api, world, name):
    p = _provision(world)
    _provision(world, "Zuidelijk", municipality=world.zuid) if name != "bo" else None
    response = api(name).get("/api/v1/provisions/")
    assert response.status_code == 200
    names = [r["name"] for r in response.json()["results"]]
    assert "Inloop" in names and "Zuidelijk" not in names
    assert api(name).get(f"/api/v1/provisions/{p.uuid}/").status_code == 200


def test_other_municipality_cannot_read(api, world):
    p = _provision(world)
    assert api("zoe").get(f"/api/v1/provisions/{p.uuid}/").status_code == 404
    assert api("zoe").get("/api/v1/provisions/").json()["results"] == []


@pytest.mark.parametrize("name", ["anna", "bo", "zoe", "carla", "zara"])
def test_only_the_beheerder_writes(api, world, name):
    user = (
        UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)
        if name == "zara"
        else name
    )
    p = _provision(world)
    before = _snapshot()
    client = api(user)
    if name != "zara":  # zara's POST would create in her own municipality's catalogue
        assert (
            client.post("/api/v1/provisions/", {"kind": "algemeen", "name": "X"}, format="json").status_code
            == 404
        )
    assert client.patch(f"/api/v1/provisions/{p.uuid}/", {"name": "Y"}, format="json").status_code == 404
    upload = SimpleUploadedFile("c.csv", _csv(GENERAL), "text/csv")
    if name != "zara":  # zara's import goes to her own catalogue (and Centrum is no district of hers)
        assert (
            client.post("/api/v1/provisions/import/", {"file": upload}, format="multipart").status_code == 404
        )
    assert _snapshot() == before


def test_fenna_creates_updates_imports(api, world):
    client = api("fenna")
    response = client.post(
        "/api/v1/provisions/",
        {"kind": "algemeen", "name": "Inloop", "districts": ["Noord"], "domains": ["financien"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["districts"] == ["Noord"]
    uuid = response.json()["uuid"]
    response = client.patch(f"/api/v1/provisions/{uuid}/", {"capacity": 12}, format="json")
    assert response.status_code == 200 and response.json()["capacity"] == 12
    assert response.json()["districts"] == ["Noord"]
    bad = client.patch(f"/api/v1/provisions/{uuid}/", {"domains": ["geluk"]}, format="json")
    assert bad.status_code == 400
    upload = SimpleUploadedFile("c.csv", _csv(GENERAL, CUSTOM), "text/csv")
    response = client.post("/api/v1/provisions/import/", {"file": upload}, format="multipart")
    assert response.json() == {"new": 2, "changed": 0, "unchanged": 0}


def test_import_errors_are_400_with_lines(api, world):
    upload = SimpleUploadedFile("c.csv", _csv(GENERAL, CUSTOM.replace(";wmo;", ";;")), "text/csv")
    response = api("fenna").post("/api/v1/provisions/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"] == ["Regel 3: wet ontbreekt."]
    assert not Provision.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export(api, world, file_format):
    _provision(world)
    response = api("anna").get(f"/api/v1/provisions/export/?format={file_format}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="catalogus-9901.{file_format}"'
    assert (
        api("zoe").get(f"/api/v1/provisions/export/?format=csv&gemeente={world.west.uuid}").status_code == 404
    )
    assert api("anna").get("/api/v1/provisions/export/?format=pdf").status_code == 400
