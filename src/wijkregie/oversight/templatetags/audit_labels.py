"""Dutch labels for codes stored on audit rows (the role at the time, the kind of object)."""

from django import template

from wijkregie.accounts.constants import Role

register = template.Library()

_OBJECTS = {
    "households.household": "Huishouden",
    "households.resident": "Inwoner",
    "households.representative": "Vertegenwoordiger",
    "households.search": "Zoekopdracht",
    "brp.persoon": "Persoon in de BRP",
    "accounts.user": "Medewerker",
}


@register.filter
def role_label(code: str) -> str:
    return dict(Role.choices).get(code, code or "–")


@register.filter
def object_label(code: str) -> str:
    return _OBJECTS.get(code, code or "–")
