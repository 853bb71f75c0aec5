"""A small OpenID Connect provider for one machine: discovery, authorize, token, userinfo, jwks, end_session.

Only for trying SSO out and for the tests: it knows the people it is given, signs id_tokens with an RSA
key made when it starts (RS256, PyJWT), checks the client, the redirect URI and PKCE, and keeps its own
"logged in" state in a cookie. Time comes from django.utils.timezone.now(), so the tests' clock holds.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

TOKEN_SECONDS = 300
COOKIE = "stub_idp_session"


@dataclass(frozen=True)
class StubPerson:
    """Whom the stub can sign in, and the claims it gives (also in the id_token, as many providers do)."""

    sub: str
    email: str = ""
    preferred_username: str = ""
    name: str = ""
    given_name: str = ""
    family_name: str = ""
    groups: tuple[str, ...] = ()
    email_verified: bool = True

    def claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {"sub": self.sub, "groups": list(self.groups)}
        for key in ("email", "preferred_username", "name", "given_name", "family_name"):
            if getattr(self, key):
                claims[key] = getattr(self, key)
        if self.email:
            claims["email_verified"] = self.email_verified
        return claims


@dataclass
class StubProvider:
    client_id: str
    client_secret: str
    people: list[StubPerson]
    redirect_uris: list[str] = field(default_factory=list)  # empty: any redirect URI on this machine
    auto_login: str | None = None  # a `sub`: authorize signs that person in without the choice page
    issuer: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    kid: str = field(default_factory=lambda: secrets.token_hex(8))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    access_tokens: dict[str, str] = field(default_factory=dict)  # token -> sub
    sessions: dict[str, str] = field(default_factory=dict)  # cookie -> sub
    ended_sessions: list[dict[str, str]] = field(default_factory=list)  # what end_session was asked
    requests: list[str] = field(default_factory=list)  # every path asked, with its query
    lock: threading.Lock = field(default_factory=threading.Lock)

    # -- what Wijkregie's configuration needs -------------------------------------------------------------
    def endpoint(self, name: str) -> str:
        return f"{self.issuer}/{name}"

    def environment(self) -> dict[str, str]:
        """The WIJKREGIE_OIDC_* variables that point Wijkregie at this provider."""
        return {
            "WIJKREGIE_OIDC_ENABLED": "true",
            "WIJKREGIE_OIDC_ISSUER": self.issuer,
            "WIJKREGIE_OIDC_AUTHORIZATION_ENDPOINT": self.endpoint("authorize"),
            "WIJKREGIE_OIDC_TOKEN_ENDPOINT": self.endpoint("token"),
            "WIJKREGIE_OIDC_USERINFO_ENDPOINT": self.endpoint("userinfo"),
            "WIJKREGIE_OIDC_JWKS_ENDPOINT": self.endpoint("jwks"),
            "WIJKREGIE_OIDC_END_SESSION_ENDPOINT": self.endpoint("end_session"),
            "WIJKREGIE_OIDC_CLIENT_ID": self.client_id,
            "WIJKREGIE_OIDC_CLIENT_SECRET": self.client_secret,
        }

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.endpoint("authorize"),
            "token_endpoint": self.endpoint("token"),
            "userinfo_endpoint": self.endpoint("userinfo"),
            "jwks_uri": self.endpoint("jwks"),
            "end_session_endpoint": self.endpoint("end_session"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "preferred_username", "name", "groups"],
        }

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def person(self, sub: str | None) -> StubPerson | None:
        return next((p for p in self.people if p.sub == sub), None)

    def id_token(self, person: StubPerson, *, nonce: str | None, **overrides: Any) -> str:
        now = int(timezone.now().timestamp())
        claims = {
            **person.claims(),
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "auth_time": now,
            "exp": now + TOKEN_SECONDS,
            "amr": ["pwd", "otp"],
            **({"nonce": nonce} if nonce else {}),
            **overrides,
        }
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    # -- the steps of the code flow -----------------------------------------------------------------------
    def redirect_allowed(self, uri: str) -> bool:
        if self.redirect_uris:
            return uri in self.redirect_uris
        return urlsplit(uri).hostname in {"127.0.0.1", "localhost", "::1", "testserver"}

    def logout_redirect_allowed(self, uri: str) -> bool:
        """After end_session: any address on the origin of a registered redirect URI."""
        origin = urlsplit(uri)[:2]
        if self.redirect_uris:
            return any(urlsplit(registered)[:2] == origin for registered in self.redirect_uris)
        return self.redirect_allowed(uri)

    def issue_code(self, sub: str, params: dict[str, str]) -> str:
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {
                "sub": sub,
                "redirect_uri": params.get("redirect_uri", ""),
                "nonce": params.get("nonce"),
                "code_challenge": params.get("code_challenge"),
                "client_id": params.get("client_id"),
            }
        return code

    def exchange(self, form: dict[str, str], basic: tuple[str, str] | None) -> tuple[int, dict[str, Any]]:
        client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
        if client_id != self.client_id or not secrets.compare_digest(secret, self.client_secret):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)  # a code is good for one exchange
        if (
            grant is None
            or grant["client_id"] != client_id
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
            if digest.decode() != grant["code_challenge"]:
                return 400, {"error": "invalid_grant"}
        person = self.person(grant["sub"])
        if person is None:
            return 400, {"error": "invalid_grant"}
        access = secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[access] = person.sub
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "id_token": self.id_token(person, nonce=grant["nonce"]),
        }

    def userinfo(self, authorization: str) -> dict[str, Any] | None:
        token = authorization.removeprefix("Bearer ").strip()
        person = self.person(self.access_tokens.get(token))
        return person.claims() if person else None


def _redirect(uri: str, params: dict[str, str]) -> str:
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode(params)}"


def _choice_page(provider: StubProvider, params: dict[str, str]) -> bytes:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items()
    )
    buttons = "".join(
        f'<li><button type="submit" name="sub" value="{html.escape(p.sub)}">'
        f"{html.escape(p.name or p.preferred_username or p.email or p.sub)}</button>"
        f" {html.escape(p.email)} {html.escape(', '.join(p.groups))}</li>"
        for p in provider.people
    )
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Testinlog gemeente</title></head>'
        "<body><main><h1>Testinlog van de gemeente</h1>"
        "<p>Dit is de ingebouwde test-identiteitsprovider van Wijkregie. Kies wie u bent.</p>"
        f'<form method="post" action="authorize">{hidden}<ul>{buttons}</ul></form></main></body></html>'
    ).encode()


def _handler(provider: StubProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, payload: Any) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json")

        def _to(self, location: str, headers: dict[str, str] | None = None) -> None:
            self._send(302, b"", "text/plain", {"Location": location, **(headers or {})})

        def _cookie_sub(self) -> str | None:
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
            morsel = cookie.get(COOKIE)
            return provider.sessions.get(morsel.value) if morsel else None

        def _query(self) -> tuple[str, dict[str, str]]:
            parts = urlsplit(self.path)
            return parts.path.rstrip("/"), {k: v[0] for k, v in parse_qs(parts.query).items()}

        def _form(self) -> dict[str, str]:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0)).decode()
            return {k: v[0] for k, v in parse_qs(raw).items()}

        def _sign_in(self, sub: str, params: dict[str, str], new_session: bool) -> None:
            code = provider.issue_code(sub, params)
            headers = {}
            if new_session:
                session = secrets.token_urlsafe(16)
                provider.sessions[session] = sub
                headers["Set-Cookie"] = f"{COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax"
            answer = {"code": code, **({"state": params["state"]} if "state" in params else {})}
            self._to(_redirect(params["redirect_uri"], answer), headers)

        def _authorize(self, params: dict[str, str], chosen: str | None) -> None:
            if params.get("client_id") != provider.client_id or not provider.redirect_allowed(
                params.get("redirect_uri", "")
            ):
                self._send(400, b"Onbekende client of redirect_uri.", "text/plain; charset=utf-8")
                return
            if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
                self._to(
                    _redirect(
                        params["redirect_uri"], {"error": "invalid_request", "state": params.get("state", "")}
                    )
                )
                return
            if chosen is not None and provider.person(chosen):
                self._sign_in(chosen, params, new_session=True)
                return
            current = self._cookie_sub()
            if current and provider.person(current):
                self._sign_in(current, params, new_session=False)
            elif (
                provider.auto_login
                and provider.person(provider.auto_login)
                and params.get("prompt") != "none"
            ):
                self._sign_in(provider.auto_login, params, new_session=True)
            elif params.get("prompt") == "none":
                self._to(
                    _redirect(
                        params["redirect_uri"], {"error": "login_required", "state": params.get("state", "")}
                    )
                )
            else:
                self._send(200, _choice_page(provider, params), "text/html; charset=utf-8")

        def do_GET(self) -> None:
            path, params = self._query()
            provider.requests.append(self.path)
            if path.endswith("/.well-known/openid-configuration"):
                self._json(200, provider.discovery())
            elif path.endswith("/jwks"):
                self._json(200, provider.jwks())
            elif path.endswith("/authorize"):
                self._authorize(params, None)
            elif path.endswith("/userinfo"):
                claims = provider.userinfo(self.headers.get("Authorization", ""))
                self._json(200, claims) if claims else self._json(401, {"error": "invalid_token"})
            elif path.endswith("/end_session"):
                self._end_session(params)
            else:
                self._send(404, b"Niet gevonden.", "text/plain; charset=utf-8")

        def do_POST(self) -> None:
            path, _ = self._query()
            provider.requests.append(self.path)
            form = self._form()
            if path.endswith("/authorize"):
                chosen = form.pop("sub", None)
                self._authorize(form, chosen)
            elif path.endswith("/token"):
                basic = None
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    user, _, secret = base64.b64decode(header[6:]).decode().partition(":")
                    basic = (user, secret)
                status, payload = provider.exchange(form, basic)
                self._json(status, payload)
            else:
                self._send(404, b"Niet gevonden.", "text/plain; charset=utf-8")

        def _end_session(self, params: dict[str, str]) -> None:
            hint = params.get("id_token_hint", "")
            try:
                jwt.decode(
                    hint,
                    provider.key.public_key(),
                    algorithms=["RS256"],
                    audience=provider.client_id,
                    options={"verify_exp": False},
                )
            except jwt.InvalidTokenError:
                self._send(400, b"Ongeldige id_token_hint.", "text/plain; charset=utf-8")
                return
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
            if (morsel := cookie.get(COOKIE)) is not None:
                provider.sessions.pop(morsel.value, None)
            provider.ended_sessions.append(params)
            clear = {"Set-Cookie": f"{COOKIE}=; Path=/; Max-Age=0"}
            target = params.get("post_logout_redirect_uri")
            if target and provider.logout_redirect_allowed(target):
                self._to(
                    _redirect(target, {"state": params["state"]}) if "state" in params else target, clear
                )
            else:
                self._send(200, b"U bent uitgelogd bij de testinlog.", "text/plain; charset=utf-8", clear)

        def log_message(self, format: str, *args: Any) -> None:  # the query strings carry codes and tokens
            pass

    return Handler


@contextmanager
def running_provider(
    *, people: list[StubPerson], host: str = "127.0.0.1", port: int = 0, **options: Any
) -> Iterator[StubProvider]:
    """The stub provider, serving in a thread until the block ends (port 0: a free port)."""
    provider = StubProvider(people=people, **{"client_id": "wijkregie", "client_secret": "geheim", **options})
    server = ThreadingHTTPServer((host, port), _handler(provider))
    server.daemon_threads = True
    bound_host, bound_port = server.server_address[:2]
    provider.issuer = provider.issuer or f"http://{bound_host!s}:{bound_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
