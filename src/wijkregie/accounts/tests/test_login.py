"""Login with TOTP two-factor authentication, enforced unless WIJKREGIE_REQUIRE_2FA=false."""

import base64
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from wijkregie.accounts.models import EnrolmentCode, User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.accounts.web.forms import ACTIVATION_WRONG

pytestmark = pytest.mark.django_db

PASSWORD = "demo-wachtwoord"


def _code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:06d}"


@pytest.fixture
def user():
    return UserFactory(username="kees")


SETUP = "/tweestapsverificatie/instellen/"


def _activated(client, user, settings):
    """Logged in with the password, and past the activation code."""
    from wijkregie.accounts.services import enrolment_code_issue

    settings.WIJKREGIE_REQUIRE_2FA = True
    code = enrolment_code_issue(acting_user=None, user=user)
    client.post("/inloggen/", {"username": "kees", "password": PASSWORD})
    assert client.post(SETUP, {"code": code.lower().replace("-", " ")}).url == SETUP


def test_without_a_device_login_leads_to_enrolment_and_pages_stay_closed(client, user, settings):
    _activated(client, user, settings)

    assert client.get("/").url == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200 and b"<svg" in page.content

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    typed = base64.b32encode(device.bin_key).decode().rstrip("=")  # the key as text, for who cannot scan
    assert " ".join(typed[i : i + 4] for i in range(0, len(typed), 4)) in page.content.decode()
    confirmed = client.post(SETUP, {"token": _code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert not EnrolmentCode.objects.filter(user=user).exists()  # used up


def test_a_wrong_enrolment_code_keeps_pages_closed(client, user, settings):
    _activated(client, user, settings)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(SETUP, {"token": "000000" if _code(device) != "000000" else "111111"})

    assert "Deze code klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302


def test_a_password_alone_enrols_no_authenticator(client, user, settings):
    """A stolen password of an account that has not enrolled yet is not enough."""
    settings.WIJKREGIE_REQUIRE_2FA = True
    client.post("/inloggen/", {"username": "kees", "password": PASSWORD})

    page = client.get(SETUP)
    wrong = client.post(SETUP, {"code": "AAAA-BBBB-CCCC"})

    assert b"<svg" not in page.content and "Activeringscode" in page.content.decode()
    assert ACTIVATION_WRONG in wrong.content.decode() and b"<svg" not in wrong.content
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/").url == SETUP


def test_an_expired_or_another_users_code_does_not_activate(client, user, settings):
    from wijkregie.accounts.services import enrolment_code_issue

    settings.WIJKREGIE_REQUIRE_2FA = True
    others = enrolment_code_issue(acting_user=None, user=UserFactory(username="els"))
    expired = enrolment_code_issue(acting_user=None, user=user)
    EnrolmentCode.objects.filter(user=user).update(expires_at=timezone.now())
    client.post("/inloggen/", {"username": "kees", "password": PASSWORD})

    for code in (others, expired):
        assert ACTIVATION_WRONG in client.post(SETUP, {"code": code}).content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_beheerder_issues_a_code_once_and_sees_who_has_not_enrolled(client, world, settings):
    from django.urls import reverse

    settings.WIJKREGIE_REQUIRE_2FA = False
    TOTPDevice.objects.create(user=world.otto, name="app", confirmed=True)
    client.force_login(world.fenna)

    listed = client.get(reverse("accounts:staff_list")).content.decode()
    response = client.post(reverse("accounts:staff_two_factor_reset", args=[world.anna.uuid]), follow=True)

    row = lambda name: listed[listed.index(name) :].split("</tr>")[0]  # noqa: E731
    assert "ingesteld" in row(world.otto.display_name) and "nog niet" in row(world.anna.display_name)
    shown = re.search(r"activeringscode ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", response.content.decode())
    assert shown is not None
    from wijkregie.accounts.services import enrolment_code_valid

    assert enrolment_code_valid(user=world.anna, code=shown.group(1))
    again = client.get(reverse("accounts:staff_list")).content.decode()
    assert "activeringscode uitgegeven" in again and shown.group(1) not in again


def test_with_a_device_the_code_is_required(client, user, settings):
    settings.WIJKREGIE_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    refused = client.post("/inloggen/", {"username": "kees", "password": PASSWORD, "otp_token": ""})
    assert refused.status_code == 200
    assert "Gebruikersnaam, wachtwoord of verificatiecode klopt niet." in refused.content.decode()
    assert client.get("/").status_code == 302

    accepted = client.post(
        "/inloggen/", {"username": "kees", "password": PASSWORD, "otp_token": _code(device)}
    )
    assert accepted.status_code == 302
    assert client.get("/").status_code == 200


def test_when_two_factor_is_off_the_login_page_says_so(client, user, settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    page = client.get("/inloggen/").content.decode()
    assert "tweestapsverificatie staat uit" in page
    assert "Verificatiecode" not in page

    client.post("/inloggen/", {"username": "kees", "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_in_dutch(client, user):
    response = client.post("/inloggen/", {"username": "kees", "password": "fout"})
    assert "Gebruikersnaam, wachtwoord of verificatiecode klopt niet." in response.content.decode()


def test_api_token_command_prints_a_stable_token(user, capsys):
    call_command("api-token", "kees")
    first = capsys.readouterr().out.strip()
    call_command("api-token", "kees")
    assert capsys.readouterr().out.strip() == first == Token.objects.get(user=user).key


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "worker": "nooit gezien"}


def test_security_headers(client):
    response = client.get("/inloggen/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_repeated_failures_lock_the_account_out(client, user, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/inloggen/", {"username": "kees", "password": "fout"})

    response = client.post("/inloggen/", {"username": "kees", "password": PASSWORD})

    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert client.get("/").status_code == 302


def test_new_staff_member_gets_a_one_time_link_to_set_a_password(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    from wijkregie.accounts import services
    from wijkregie.accounts.constants import Role

    with django_capture_on_commit_callbacks(execute=True):
        services.staff_create(
            acting_user=world.fenna,
            username="nina",
            first_name="Nina",
            last_name="Smit",
            email="nina@example.org",
            role=Role.CONSULENT,
            teams=[world.team_a],
        )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nina@example.org"]
    code = re.search(r"\n([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\n", mailoutbox[0].body).group(1)
    assert services.enrolment_code_valid(user=User.objects.get(username="nina"), code=code)
    path = re.search(r"https?://[^/]+(/wachtwoord-instellen/\S+/)", mailoutbox[0].body).group(1)

    form = client.get(path, follow=True)
    assert "Wachtwoord opslaan" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Lange-zin-voor-Nina-42", "new_password2": "Lange-zin-voor-Nina-42"},
    )
    assert done.status_code == 302

    assert client.login(username="nina", password="Lange-zin-voor-Nina-42")
    assert "niet (meer) geldig" in client.get(path, follow=True).content.decode()


@pytest.mark.parametrize(("name", "status"), [("fenna", 302), ("teun", 404), ("anna", 404), ("zoe", 404)])
def test_beheerder_resets_two_factor_of_own_staff(client, world, settings, name, status):
    from wijkregie.audit.models import AuditEvent

    settings.WIJKREGIE_REQUIRE_2FA = False
    TOTPDevice.objects.create(user=world.anna, name="app", confirmed=True)
    client.force_login(world.user(name))

    response = client.post(f"/beheer/medewerkers/{world.anna.uuid}/tweestapsverificatie-herstellen/")

    assert response.status_code == status
    assert TOTPDevice.objects.filter(user=world.anna).exists() is (status != 302)
    assert AuditEvent.objects.filter(object_uuid=world.anna.uuid, fields=["two_factor_device"]).exists() is (
        status == 302
    )


def test_beheerder_of_another_municipality_cannot_reset(client, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    zara = UserFactory(username="zara", role="beheerder", municipality=world.zuid)
    TOTPDevice.objects.create(user=world.otto, name="app", confirmed=True)
    client.force_login(zara)

    response = client.post(f"/beheer/medewerkers/{world.otto.uuid}/tweestapsverificatie-herstellen/")

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=world.otto).exists()


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def _fail(client, username, **meta):
    for _ in range(3):
        client.post("/inloggen/", {"username": username, "password": "fout"}, **meta)


def _login(client, username, **meta):
    return client.post("/inloggen/", {"username": username, "password": PASSWORD}, **meta).status_code


def test_a_locked_out_user_does_not_lock_out_the_office_behind_the_same_address(client, user, throttled):
    UserFactory(username="els", role=user.role)
    _fail(client, "kees", REMOTE_ADDR="10.0.0.7")

    assert _login(Client(), "els", REMOTE_ADDR="10.0.0.7") == 302  # a colleague at the next desk
    assert _login(client, "kees", REMOTE_ADDR="10.0.0.7") == 429


def test_nobody_locks_out_a_named_user_from_another_address(client, user, throttled):
    _fail(client, "kees", REMOTE_ADDR="203.0.113.9")

    assert _login(client, "kees", REMOTE_ADDR="10.0.0.7") == 302


def test_a_forwarded_address_is_ignored_unless_its_header_is_configured(client, user, throttled):
    _fail(client, "kees", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert _login(client, "kees", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2") == 429


def test_behind_a_configured_proxy_the_forwarded_address_is_the_clients(client, user, throttled):
    throttled.WIJKREGIE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    _fail(client, "kees", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.50")

    assert _login(client, "kees", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.50") == 429
    assert _login(client, "kees", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.51") == 302
