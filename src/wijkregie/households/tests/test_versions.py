"""A member's details edited by two people: the second, working on what they read before the first saved,
loses nothing of the first (the phone number a colleague just added stays) and gets a Dutch message with the
values as stored now."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.core.versioning import EDITED_MEANWHILE
from wijkregie.households import services
from wijkregie.households.models import Resident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _head(world) -> Resident:
    return world.household.memberships.get().resident


def test_an_edit_page_posted_after_a_colleague_saved_keeps_their_phone_number(client, world):
    resident = _head(world)
    url = reverse("households:resident_edit", args=[world.household.uuid, resident.uuid])
    client.force_login(world.anna)
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["version"] = form["version"].value()
    services.resident_update(acting_user=world.teun, resident=resident, changes={"phone": "0501234567"})
    data["email"] = "visser@example.nl"

    posted = client.post(url, data)
    again = client.get(posted["Location"])

    assert (posted.status_code, posted["Location"]) == (302, url)
    assert EDITED_MEANWHILE in again.content.decode()
    assert (again.context["form"]["phone"].value(), again.context["form"]["version"].value()) == (
        "0501234567",
        2,
    )
    resident.refresh_from_db()
    assert (resident.phone, resident.email, resident.version) == ("0501234567", "", 2)


def test_an_edit_page_posted_on_the_current_version_saves_and_raises_the_version(client, world):
    resident = _head(world)
    url = reverse("households:resident_edit", args=[world.household.uuid, resident.uuid])
    client.force_login(world.anna)
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(version=form["version"].value(), phone="0507654321")

    assert client.post(url, data).status_code == 302
    resident.refresh_from_db()
    assert (resident.phone, resident.version) == ("0507654321", 2)


def test_the_resident_api_carries_the_version_and_refuses_a_stale_if_match(world):
    resident = _head(world)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username='anna')}")
    url = f"/api/v1/residents/{resident.uuid}/"

    read = api.get(url)
    first = api.patch(url, {"phone": "0501234567"}, format="json", HTTP_IF_MATCH=read["ETag"])
    stale = api.patch(url, {"email": "visser@example.nl"}, format="json", HTTP_IF_MATCH=read["ETag"])

    assert (read["ETag"], read.json()["version"]) == ('"1"', 1)
    assert (first.status_code, first["ETag"]) == (200, '"2"')
    assert (stale.status_code, stale.json(), stale["ETag"]) == (412, {"detail": EDITED_MEANWHILE}, '"2"')
    resident.refresh_from_db()
    assert (resident.phone, resident.email) == ("0501234567", "")
