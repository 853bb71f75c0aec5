"""The requests of signed-in staff, for the type checker: behind `login_required` (pages) and the API's
authentication, `request.user` is a staff member, never the anonymous user."""

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from .models import User


class StaffRequest(HttpRequest):
    user: User


class StaffApiRequest(Request):
    user: User


def staff_of(request: HttpRequest | Request) -> User:
    """The staff member behind a request whose type cannot say so (a method a library class defines)."""
    if not isinstance(request.user, User):
        raise NotAuthenticated
    return request.user
