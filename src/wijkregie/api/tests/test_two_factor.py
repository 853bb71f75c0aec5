"""The API does not become a way around two-factor login."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_session_without_second_factor_gets_no_dossier(client, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = True
    client.force_login(world.anna)

    response = client.get(f"/api/v1/households/{world.household.uuid}/")

    assert response.status_code == 403
    assert "Visser" not in response.content.decode()


def test_verified_session_gets_the_dossier(client, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=world.anna, name="app", confirmed=True)
    client.force_login(world.anna)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    assert client.get(f"/api/v1/households/{world.household.uuid}/").status_code == 200


def test_token_counts_as_verified(client, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = True
    token = Token.objects.create(user=world.anna)

    response = client.get(
        f"/api/v1/households/{world.household.uuid}/", HTTP_AUTHORIZATION=f"Token {token.key}"
    )

    assert response.status_code == 200
