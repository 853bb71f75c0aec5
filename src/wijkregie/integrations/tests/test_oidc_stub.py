"""The stub identity provider on its own: discovery, keys, and the checks of its token endpoint."""

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from django.core.management import call_command

from wijkregie.integrations.management.commands import __name__ as commands_package
from wijkregie.integrations.oidc_stub import StubPerson, running_provider

REDIRECT = "http://127.0.0.1:9/terug/"
PERSON = StubPerson(sub="s1", email="a@example.org", preferred_username="a", groups=("g1",))
VERIFIER = "v" * 50
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()


@pytest.fixture
def provider():
    with running_provider(people=[PERSON], auto_login="s1") as stub:
        yield stub


def _code(provider, **extra):
    params = {"response_type": "code", "scope": "openid email", "client_id": provider.client_id,
              "redirect_uri": REDIRECT, "state": "st", "nonce": "n1", **extra}  # fmt: skip
    answer = requests.get(
        f"{provider.endpoint('authorize')}?{urlencode(params)}", allow_redirects=False, timeout=5
    )
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["state"] == ["st"]
    return query["code"][0]


def _token(provider, code, **extra):
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
            "client_id": provider.client_id, "client_secret": provider.client_secret, **extra}  # fmt: skip
    return requests.post(provider.endpoint("token"), data=form, timeout=5)


def test_discovery_names_every_endpoint_and_the_key_verifies_the_id_token(provider):
    discovery = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=5).json()
    code = _code(provider, code_challenge=CHALLENGE, code_challenge_method="S256")
    answer = _token(provider, code, code_verifier=VERIFIER).json()

    [key] = requests.get(discovery["jwks_uri"], timeout=5).json()["keys"]
    claims = jwt.decode(answer["id_token"], jwt.PyJWK(key), algorithms=["RS256"], audience=provider.client_id)
    assert discovery["end_session_endpoint"] == provider.endpoint("end_session")
    assert claims["sub"] == "s1" and claims["nonce"] == "n1" and claims["iss"] == provider.issuer
    assert claims["exp"] - claims["iat"] == 300
    userinfo = requests.get(
        discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {answer['access_token']}"},
        timeout=5,
    ).json()
    assert userinfo == {"sub": "s1", "email": "a@example.org", "email_verified": True,
                        "preferred_username": "a", "groups": ["g1"]}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"client_secret": "fout"}, 401),
        ({"redirect_uri": "http://127.0.0.1:9/elders/"}, 400),
        ({"code_verifier": "w" * 50}, 400),
        ({}, 200),
    ],
)
def test_the_token_endpoint_checks_client_redirect_and_pkce(provider, change, status):
    code = _code(provider, code_challenge=CHALLENGE, code_challenge_method="S256")

    answer = _token(provider, code, **{"code_verifier": VERIFIER, **change})

    assert answer.status_code == status
    assert ("id_token" in answer.json()) is (status == 200)


def test_a_code_is_good_for_one_exchange(provider):
    code = _code(provider)

    assert _token(provider, code).status_code == 200
    assert _token(provider, code).status_code == 400


def test_without_a_session_prompt_none_answers_login_required(provider):
    provider.auto_login = None
    params = {"response_type": "code", "scope": "openid", "client_id": provider.client_id,
              "redirect_uri": REDIRECT, "state": "st", "prompt": "none"}  # fmt: skip

    answer = requests.get(
        f"{provider.endpoint('authorize')}?{urlencode(params)}", allow_redirects=False, timeout=5
    )
    page = requests.get(
        f"{provider.endpoint('authorize')}?{urlencode({**params, 'prompt': 'login'})}", timeout=5
    )

    assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["login_required"]
    assert page.status_code == 200 and 'name="sub" value="s1"' in page.text


def test_the_command_offers_the_people_of_a_file(tmp_path):
    from importlib import import_module

    command = import_module(f"{commands_package}.oidc-stub").Command()
    file = tmp_path / "mensen.json"
    file.write_text(json.dumps([{"sub": "x", "email": "x@example.org", "groups": ["g"]}]), encoding="utf-8")

    [person] = command._people(file, [])

    assert person == StubPerson(sub="x", email="x@example.org", groups=("g",))
    with pytest.raises(Exception, match="Cannot read"):
        call_command("oidc-stub", "--people", str(tmp_path / "ontbreekt.json"))
