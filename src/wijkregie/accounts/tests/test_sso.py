"""Single sign-on by OpenID Connect against the built-in stub provider on 127.0.0.1: the Django test client is
the browser on Wijkregie's side, `requests` the browser on the provider's side, and the redirects between
them are followed by hand."""

import logging
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
import time_machine
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import BACKEND_SESSION_KEY
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import TeamMembership, User
from wijkregie.accounts.web.sso import REFUSED
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.integrations.oidc_stub import StubPerson, running_provider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/inloggen/gemeente/terug/"
ANNA = StubPerson(
    sub="4f1c-anna",
    email="Anna.Bakker@Westerhoek.example",
    preferred_username="anna",
    name="Anna Bakker",
    groups=("wr-teamleiders", "wr-noord"),
)
STRANGER = StubPerson(sub="9d2e-stranger", email="iemand@elders.example", name="Iemand Anders")
PERSONAL = ("anna.bakker", "Anna Bakker", "Bakker", "iemand@elders", "Iemand Anders")


@pytest.fixture
def idp(settings, world):
    """The stub provider, with Wijkregie pointed at it as docs/config.md says; anna has her e-mail."""
    User.objects.filter(pk=world.anna.pk).update(email="anna.bakker@westerhoek.example")
    with running_provider(people=[ANNA, STRANGER], auto_login=ANNA.sub, redirect_uris=[CALLBACK]) as provider:
        settings.WIJKREGIE_REQUIRE_2FA = True
        settings.WIJKREGIE_OIDC_ENABLED = True
        settings.WIJKREGIE_OIDC_ISSUER = provider.issuer
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.endpoint("authorize")
        settings.OIDC_OP_TOKEN_ENDPOINT = provider.endpoint("token")
        settings.OIDC_OP_USER_ENDPOINT = provider.endpoint("userinfo")
        settings.OIDC_OP_JWKS_ENDPOINT = provider.endpoint("jwks")
        settings.WIJKREGIE_OIDC_END_SESSION_ENDPOINT = provider.endpoint("end_session")
        settings.OIDC_RP_CLIENT_ID = provider.client_id
        settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
        yield provider


def _sso_login(client, provider, *, start="/inloggen/gemeente/", browser=None):
    """Wijkregie → provider's authorize → back to the callback; returns (callback response, URLs seen)."""
    browser = browser or requests.Session()
    to_provider = client.get(start)
    assert to_provider.status_code == 302 and to_provider.url.startswith(provider.endpoint("authorize"))
    back = browser.get(to_provider.url, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    location = back.headers["Location"]
    assert location.startswith(CALLBACK)
    return client.get(location.removeprefix("http://testserver")), [to_provider.url, location]


def _logins(user, action=Action.LOGIN):
    return list(AuditEvent.objects.filter(actor=user, action=action).values_list("fields", flat=True))


def test_sso_login_opens_the_pages_without_totp_and_is_audited(client, idp, world, caplog):
    caplog.set_level(logging.DEBUG)

    landed, urls = _sso_login(client, idp, start="/inloggen/gemeente/?next=/werkvoorraad/")

    assert landed.status_code == 302 and landed.url == "/werkvoorraad/"
    assert client.get("/werkvoorraad/").status_code == 200  # 2FA required, no TOTP device: the provider's
    assert client.session[BACKEND_SESSION_KEY] == "wijkregie.accounts.web.sso.StaffOidcBackend"
    assert _logins(world.anna) == [["oidc", "second_factor_at_identity_provider"]]
    assert idp.requests[-1].startswith("/userinfo") and any(r.startswith("/token") for r in idp.requests)
    # Nothing personal travels in a URL (only codes, states, nonces) or lands in a log line.
    for text in [*urls, *idp.requests, caplog.text]:
        assert not any(part.lower() in text.lower() for part in PERSONAL), text


def test_the_api_takes_an_sso_session_as_verified_and_a_password_session_without_totp_not(
    client, idp, world, settings
):
    settings.WIJKREGIE_OIDC_PASSWORD_LOGIN = "all"  # otto, a consulent like anna, by password without TOTP
    world.otto.set_password("demo-wachtwoord")
    world.otto.save()
    _sso_login(client, idp)
    other = type(client)()
    other.post("/inloggen/", {"username": "otto", "password": "demo-wachtwoord"})

    assert client.get("/api/v1/tasks/").status_code == 200
    assert other.get("/api/v1/tasks/").status_code == 403


def test_the_authorization_request_is_the_code_flow_with_pkce_and_nonce(client, idp):
    query = parse_qs(urlsplit(client.get("/inloggen/gemeente/").url).query)

    assert query["response_type"] == ["code"] and query["scope"] == ["openid email profile"]
    assert query["client_id"] == ["wijkregie"] and query["redirect_uri"] == [CALLBACK]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]


def test_a_password_session_without_totp_stays_closed_with_sso_on(client, idp, world):
    """The acceptance is for SSO sessions only: a password login still needs its own second factor."""
    world.fenna.set_password("demo-wachtwoord")
    world.fenna.save()

    client.post("/inloggen/", {"username": "fenna", "password": "demo-wachtwoord"})

    assert client.get("/").url == "/tweestapsverificatie/instellen/"
    assert _logins(world.fenna) == [["password"]]


def test_with_a_mapping_role_and_teams_follow_the_groups_claim(client, idp, world, settings):
    settings.WIJKREGIE_OIDC_ROLE_MAP = {"wr-consulenten": Role.CONSULENT, "wr-teamleiders": Role.TEAMLEIDER}
    settings.WIJKREGIE_OIDC_TEAM_MAP = {"wr-centrum": "Wijkteam Centrum", "wr-noord": "Wijkteam Noord"}
    TeamMembership.objects.create(user=world.anna, team=world.welfare)  # no mapping names it: it stays
    assert world.anna.role == Role.CONSULENT and world.anna.teams.filter(pk=world.team_a.pk).exists()

    landed, _ = _sso_login(client, idp)

    anna = User.objects.get(pk=world.anna.pk)
    assert landed.status_code == 302 and anna.role == Role.TEAMLEIDER
    assert set(anna.teams.all()) == {world.team_b, world.welfare}
    change = AuditEvent.objects.get(object_uuid=anna.uuid, action=Action.UPDATE)
    assert change.fields == ["role", "teams"] and change.channel == Channel.SYSTEM and change.actor is None


def test_without_a_mapping_role_and_teams_stay_as_wijkregie_has_them(client, idp, world):
    before = set(world.anna.teams.all())

    _sso_login(client, idp)

    anna = User.objects.get(pk=world.anna.pk)
    assert anna.role == Role.CONSULENT and set(anna.teams.all()) == before
    assert not AuditEvent.objects.filter(object_uuid=anna.uuid, action=Action.UPDATE).exists()


def _refused(client, landed, reason):
    assert landed.status_code == 302 and landed.url == "/inloggen/"
    page = client.get("/inloggen/").content.decode()
    assert REFUSED[reason] in page
    assert client.get("/").status_code == 302
    assert BACKEND_SESSION_KEY not in client.session


def test_a_role_mapping_that_gives_no_role_refuses(client, idp, world, settings):
    settings.WIJKREGIE_OIDC_ROLE_MAP = {"wr-consulenten": Role.CONSULENT}

    landed, _ = _sso_login(client, idp)

    _refused(client, landed, "no_role")
    assert User.objects.get(pk=world.anna.pk).role == Role.CONSULENT
    refusal = AuditEvent.objects.get(action=Action.LOGIN_REFUSED)
    assert refusal.object_uuid == world.anna.uuid and refusal.fields == ["no_role"]


def test_an_unknown_person_is_refused_and_no_account_is_made(client, idp, world):
    idp.auto_login = STRANGER.sub
    users = User.objects.count()

    landed, _ = _sso_login(client, idp)

    _refused(client, landed, "unknown_user")
    assert User.objects.count() == users
    refusal = AuditEvent.objects.get(action=Action.LOGIN_REFUSED)
    assert refusal.object_uuid is None and refusal.fields == ["unknown_user"] and refusal.actor is None


def test_an_unknown_person_gets_an_account_only_when_a_setting_says_so_and_a_role_maps(
    client, idp, world, settings
):
    idp.people.append(StubPerson(sub="n3w", email="nieuw@westerhoek.example", preferred_username="nieuw",
                                 groups=("wr-consulenten", "wr-centrum")))  # fmt: skip
    idp.auto_login = "n3w"
    settings.WIJKREGIE_OIDC_CREATE_USERS = True

    first, _ = _sso_login(client, idp)  # no role mapping: still refused
    settings.WIJKREGIE_OIDC_ROLE_MAP = {"wr-consulenten": Role.CONSULENT}
    settings.WIJKREGIE_OIDC_TEAM_MAP = {"wr-centrum": "Wijkteam Centrum"}
    second, _ = _sso_login(client, idp)

    assert first.url == "/inloggen/" and second.url == "/"
    made = User.objects.get(username="nieuw")
    assert made.role == Role.CONSULENT and list(made.teams.all()) == [world.team_a]
    assert not made.has_usable_password()
    assert AuditEvent.objects.get(object_uuid=made.uuid, action=Action.CREATE).channel == Channel.SYSTEM


def test_an_inactive_staff_member_is_refused(client, idp, world):
    User.objects.filter(pk=world.anna.pk).update(is_active=False)

    landed, _ = _sso_login(client, idp)

    _refused(client, landed, "inactive")
    assert AuditEvent.objects.get(action=Action.LOGIN_REFUSED).fields == ["inactive"]
    assert not _logins(world.anna)


def test_the_preferred_username_can_name_the_staff_member(client, idp, world, settings):
    settings.WIJKREGIE_OIDC_USER_CLAIM = "preferred_username"
    User.objects.filter(pk=world.anna.pk).update(email="")

    landed, _ = _sso_login(client, idp)

    assert landed.url == "/" and _logins(world.anna)


def test_an_unverified_email_names_nobody(client, idp, world):
    idp.people[0] = StubPerson(**{**ANNA.__dict__, "email_verified": False})

    landed, _ = _sso_login(client, idp)

    _refused(client, landed, "unknown_user")


def _unverified(token):
    return jwt.decode(token, options={"verify_signature": False})


def _other_key(sign, kid, person, nonce):
    other = rsa.generate_private_key(65537, 2048)
    return jwt.encode(_unverified(sign(person, nonce=nonce)), other, algorithm="RS256", headers={"kid": kid})


def _payload_edited(sign, kid, person, nonce):
    header, _payload, signature = sign(person, nonce=nonce).split(".")
    forged = jwt.encode({**_unverified(sign(person, nonce=nonce)), "sub": "iemand-anders"}, "k" * 32)
    return f"{header}.{forged.split('.')[1]}.{signature}"


TAMPERED = {
    "payload changed after signing": _payload_edited,
    "signed with another key": _other_key,
    "for another client": lambda sign, kid, person, nonce: sign(person, nonce=nonce, aud="een-ander"),
    "from another issuer": lambda sign, kid, person, nonce: sign(person, nonce=nonce, iss="http://127.0.0.2"),
    "expired": lambda sign, kid, person, nonce: sign(
        person, nonce=nonce, exp=int(timezone.now().timestamp()) - 60
    ),
    "another nonce": lambda sign, kid, person, nonce: sign(person, nonce="een-andere-nonce"),
    "unsigned": lambda sign, kid, person, nonce: jwt.encode(
        _unverified(sign(person, nonce=nonce)), None, algorithm="none"
    ),
}


@pytest.mark.parametrize("make_token", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_or_foreign_id_token_is_refused(client, idp, world, make_token):
    genuine = idp.id_token
    idp.id_token = lambda person, *, nonce: make_token(genuine, idp.kid, person, nonce)

    landed, _ = _sso_login(client, idp)

    _refused(client, landed, "failed")
    assert not _logins(world.anna)


def test_the_genuine_token_of_the_same_setup_is_accepted(client, idp, world):
    """The tampering test's counterpart: the same replacement with the genuine token logs in."""
    genuine = idp.id_token
    idp.id_token = lambda person, *, nonce: genuine(person, nonce=nonce)

    landed, _ = _sso_login(client, idp)

    assert landed.url == "/" and _logins(world.anna)


def test_a_replayed_callback_is_refused(client, idp, world):
    landed, urls = _sso_login(client, idp)
    client.post("/uitloggen/")

    again = client.get(urls[1].removeprefix("http://testserver"))

    assert landed.url == "/" and again.url == "/inloggen/"
    assert client.get("/").status_code == 302


def test_logout_ends_the_session_at_the_provider(client, idp, world):
    browser = requests.Session()
    _sso_login(client, idp, browser=browser)
    id_token = client.session["oidc_id_token"]
    assert idp.sessions  # the provider's own login

    out = client.post("/uitloggen/")

    assert out.status_code == 302 and out.url.startswith(idp.endpoint("end_session") + "?")
    query = parse_qs(urlsplit(out.url).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/inloggen/"]
    back = browser.get(out.url, allow_redirects=False, timeout=5)
    assert back.status_code == 302 and back.headers["Location"] == "http://testserver/inloggen/"
    assert not idp.sessions and len(idp.ended_sessions) == 1
    assert client.get("/").status_code == 302
    assert _logins(world.anna, Action.LOGOUT) == [["user"]]


def test_logout_without_an_end_session_endpoint_or_after_a_password_login_stays_here(
    client, idp, world, settings
):
    settings.WIJKREGIE_OIDC_END_SESSION_ENDPOINT = ""
    _sso_login(client, idp)
    assert client.post("/uitloggen/").url == "/inloggen/"

    settings.WIJKREGIE_OIDC_END_SESSION_ENDPOINT = idp.endpoint("end_session")
    settings.WIJKREGIE_REQUIRE_2FA = False
    world.fenna.set_password("demo-wachtwoord")
    world.fenna.save()
    client.post("/inloggen/", {"username": "fenna", "password": "demo-wachtwoord"})
    assert client.post("/uitloggen/").url == "/inloggen/"
    assert _logins(world.fenna, Action.LOGOUT) == [["user"]]


def test_the_sso_session_is_rechecked_at_the_provider_and_ends_with_it(client, idp, world, settings):
    browser = requests.Session()
    _sso_login(client, idp, browser=browser)
    later = timezone.now() + timedelta(seconds=settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS + 60)

    with time_machine.travel(later, tick=True):
        from_htmx = client.get("/werkvoorraad/", headers={"HX-Request": "true"})
        assert from_htmx.status_code == 204 and "prompt=none" in from_htmx["HX-Redirect"]
        recheck = client.get("/werkvoorraad/")
        assert recheck.status_code == 302 and "prompt=none" in recheck.url
        answer = browser.get(recheck.url, allow_redirects=False, timeout=5)
        renewed = client.get(answer.headers["Location"].removeprefix("http://testserver"))
        assert renewed.url == "/werkvoorraad/" and client.get("/werkvoorraad/").status_code == 200

    idp.sessions.clear()  # signed out at the provider, or the provider ended the session
    with time_machine.travel(later + timedelta(seconds=settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS + 60)):
        recheck = client.get("/werkvoorraad/")
        answer = browser.get(recheck.url, allow_redirects=False, timeout=5)
        assert "error=login_required" in answer.headers["Location"]
        ended = client.get(answer.headers["Location"].removeprefix("http://testserver"))

    _refused(client, ended, "provider")
    assert _logins(world.anna) == [["oidc", "second_factor_at_identity_provider"]]  # a recheck is no login
    assert _logins(world.anna, Action.LOGOUT) == [["identity_provider"]]


def test_a_session_ends_after_the_idle_time(client, world, settings):
    settings.WIJKREGIE_SESSION_IDLE_SECONDS = 30 * 60
    settings.WIJKREGIE_REQUIRE_2FA = False
    client.force_login(world.anna)
    assert client.get("/").status_code == 200
    start = timezone.now()

    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # active again: the idle time starts anew
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        out = client.get("/werkvoorraad/")
        assert out.status_code == 302 and out.url == "/inloggen/?next=%2Fwerkvoorraad%2F"
        assert "30 minuten niets hebt gedaan" in client.get(out.url).content.decode()
        assert client.get("/").status_code == 302
    assert _logins(world.anna, Action.LOGOUT) == [["idle_timeout"]]


def test_with_sso_off_there_is_no_button_and_no_sso_url(client, world, settings):
    settings.WIJKREGIE_OIDC_ENABLED = False

    page = client.get("/inloggen/").content.decode()

    assert "Inloggen via de gemeente" not in page and "/inloggen/gemeente/" not in page
    assert client.get("/inloggen/gemeente/").status_code == 404
    assert client.get("/inloggen/gemeente/terug/?code=x&state=y").status_code == 404


def test_with_sso_on_the_login_page_offers_it_and_the_password_login_for_the_beheerder(client, idp):
    page = client.get("/inloggen/?next=/werkvoorraad/").content.decode()

    assert 'href="/inloggen/gemeente/?next=/werkvoorraad/"' in page and "Inloggen via de gemeente" in page
    assert "alleen functioneel beheer" in page and 'name="password"' in page


@pytest.mark.parametrize(
    ("allowed", "name", "status"),
    [("beheerder", "fenna", 302), ("beheerder", "anna", 200), ("all", "anna", 302), ("none", "fenna", 200)],
)
def test_with_sso_on_the_password_login_is_for_whom_the_setting_says(
    client, idp, world, settings, allowed, name, status
):
    settings.WIJKREGIE_REQUIRE_2FA = False
    settings.WIJKREGIE_OIDC_PASSWORD_LOGIN = allowed
    world.user(name).set_password("demo-wachtwoord")
    world.user(name).save()

    response = client.post("/inloggen/", {"username": name, "password": "demo-wachtwoord"})

    assert response.status_code == status
    assert (client.get("/").status_code == 200) is (status == 302)
    if status == 200:
        said = "staat uit" if allowed == "none" else "logt alleen de functioneel beheerder in"
        assert said in response.content.decode()
    if allowed == "none":
        assert 'name="password"' not in client.get("/inloggen/").content.decode()


def test_refused_sso_logins_never_lock_out_the_address(client, idp, world, settings):
    """SSO attempts carry no user name: counted by django-axes they would lock out a whole office."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    idp.auto_login = STRANGER.sub
    for _ in range(4):
        _sso_login(client, idp)

    idp.auto_login = ANNA.sub
    landed, _ = _sso_login(client, idp)

    assert landed.url == "/" and client.get("/").status_code == 200
