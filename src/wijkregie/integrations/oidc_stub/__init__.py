"""The built-in stand-in for a municipality's identity provider (OpenID Connect), like the BRP fake: for
trying SSO on one machine (`wijkregie oidc-stub`) and for the tests, which run it in a thread on 127.0.0.1.

Public face: `running_provider(people=[StubPerson(...)], ...)` and `StubPerson`.
"""

from .server import StubPerson, StubProvider, running_provider

__all__ = ["StubPerson", "StubProvider", "running_provider"]
