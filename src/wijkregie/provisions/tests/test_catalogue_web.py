import pytest
from django.urls import reverse

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.models import AuditEvent
from wijkregie.provisions import catalogue_io
from wijkregie.provisions.models import Provision

from .test_catalogue_import import CUSTOM, GENERAL, _csv


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _provision(world, name="Inloop", municipality=None):
    return Provision.objects.create(municipality=municipality or world.west, kind="algemeen", name=name)


PAGES = ["provisions:catalogue", "provisions:provision_new", "provisions:catalogue_import"]


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_is_sent_to_login(client, world, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("name", ["anna", "otto", "zoe", "bo", "teun", "piet", "carla", "bea"])
def test_non_beheerders_get_404(client, world, url_name, name):
    assert _as(client, world, name).get(reverse(url_name)).status_code == 404


@pytest.mark.parametrize("url_name", PAGES)
def test_fenna_sees_the_pages(client, world, url_name):
    assert _as(client, world, "fenna").get(reverse(url_name)).status_code == 200


def test_list_query_count_does_not_grow(client, world, django_assert_num_queries):
    _as(client, world, "fenna")
    _provision(world)
    client.get(reverse("provisions:catalogue"))
    # session, user, municipality, provisions (with organisation), districts
    with django_assert_num_queries(5):
        client.get(reverse("provisions:catalogue"))
    for i in range(5):
        p = _provision(world, f"Extra {i}")
        p.districts.set([world.west_centrum])
    with django_assert_num_queries(5):
        response = client.get(reverse("provisions:catalogue"))
    assert b"Extra 4" in response.content


def test_other_municipality_only_sees_its_own(client, world):
    _provision(world, "Westelijk")
    _provision(world, "Zuidelijk", municipality=world.zuid)
    response = _as(client, world, "fenna").get(reverse("provisions:catalogue"))
    assert b"Westelijk" in response.content and b"Zuidelijk" not in response.content


def test_import_upload_shows_line_errors_and_saves_nothing(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("c.csv", _csv(GENERAL, CUSTOM.replace(";6500;", ";-5;")), "text/csv")
    response = _as(client, world, "fenna").post(reverse("provisions:catalogue_import"), {"bestand": bad})
    assert response.status_code == 400
    assert "Regel 3: tarief mag niet negatief zijn." in response.content.decode()
    assert not Provision.objects.exists()
    good = SimpleUploadedFile("c.csv", _csv(GENERAL, CUSTOM), "text/csv")
    response = client.post(reverse("provisions:catalogue_import"), {"bestand": good})
    assert response.status_code == 302 and Provision.objects.count() == 2


def test_other_beheerder_cannot_edit_or_deactivate(client, world):
    zara = UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)
    provision = _provision(world)
    client.force_login(zara)
    assert client.get(reverse("provisions:provision_edit", args=[provision.uuid])).status_code == 404
    assert client.post(reverse("provisions:provision_deactivate", args=[provision.uuid])).status_code == 404
    provision.refresh_from_db()
    assert provision.active


def test_new_edit_deactivate(client, world):
    _as(client, world, "fenna")
    response = client.post(
        reverse("provisions:provision_new"),
        {
            "kind": "maatwerk",
            "name": "Hulp",
            "law": "schuldhulp",
            "product_category": "SH",
            "weight": "licht",
            "districts": [world.west_noord.pk],
            "domains": ["financien"],
        },
    )
    assert response.status_code == 302
    provision = Provision.objects.get(name="Hulp")
    assert list(provision.districts.all()) == [world.west_noord] and provision.domains == ["financien"]
    response = client.post(
        reverse("provisions:provision_edit", args=[provision.uuid]),
        {
            "kind": "maatwerk",
            "name": "Hulp",
            "law": "schuldhulp",
            "product_category": "SH",
            "weight": "zwaar",
            "tariff_cents": "-1",
        },
    )
    assert response.status_code == 200 and "niet negatief" in response.content.decode()
    provision.refresh_from_db()
    assert provision.weight == "licht"
    client.post(reverse("provisions:provision_deactivate", args=[provision.uuid]))
    provision.refresh_from_db()
    assert not provision.active
    assert AuditEvent.objects.filter(object_uuid=provision.uuid).count() == 2


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_is_an_attachment(client, world, file_format):
    _provision(world)
    response = _as(client, world, "fenna").get(reverse("provisions:catalogue_export", args=[file_format]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="catalogus-9901.{file_format}"'
    if file_format == "csv":
        assert response.content.decode("utf-8-sig").startswith(";".join(catalogue_io.COLUMNS))


def test_export_refused_for_others(client, world):
    assert (
        _as(client, world, "anna").get(reverse("provisions:catalogue_export", args=["csv"])).status_code
        == 404
    )
    assert not AuditEvent.objects.filter(object_type="provisions.catalogue").exists()
