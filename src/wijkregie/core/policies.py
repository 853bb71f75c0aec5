"""The Policy base: one class per aggregate answers "may this user do X to this object" and
"which objects may this user see". Pages and API turn a refusal into 404 (see ADR 0002)."""

from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class Policy(Generic[M]):
    model: ClassVar[type[models.Model]]

    def __init__(self, user: Any) -> None:
        self.user = user

    def visible(self) -> "models.QuerySet[M]":
        raise NotImplementedError

    def can_view(self, obj: M) -> bool:
        return self.visible().filter(pk=obj.pk).exists()

    def get_visible_or_404(self, **lookup: Any) -> M:
        """The one way pages and API fetch an object by uuid: missing and not allowed look the same."""
        return get_or_404(self.visible(), **lookup)


def get_or_404(queryset: "models.QuerySet[Any]", **lookup: Any) -> Any:
    """`queryset.get(**lookup)`, with missing, malformed and not allowed all answered by Http404."""
    try:
        return queryset.get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
