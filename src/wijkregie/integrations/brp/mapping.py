"""Map a Haal Centraal 'Persoon' (response item of RaadpleegMetBurgerservicenummer) to a BrpPerson."""

from datetime import date
from typing import Any

from .types import BrpPerson, BrpUnavailable

FIELDS = [
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorletters",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "verblijfplaats.verblijfadres",
    "gemeenteVanInschrijving",
    "overlijden.datum",
]


def _date(value: Any) -> date | None:
    """Haal Centraal dates are objects with a type; only a full date ('Datum') is usable here."""
    if isinstance(value, dict) and value.get("type") == "Datum" and value.get("datum"):
        return date.fromisoformat(value["datum"])
    return None


def person_from_json(item: dict[str, Any]) -> BrpPerson:
    try:
        name = item.get("naam") or {}
        address = (item.get("verblijfplaats") or {}).get("verblijfadres") or {}
        number = address.get("huisnummer")
        suffix = "".join(str(address.get(k) or "") for k in ("huisletter", "huisnummertoevoeging"))
        return BrpPerson(
            bsn=str(item["burgerservicenummer"]),
            given_names=name.get("voornamen", ""),
            initials=name.get("voorletters", ""),
            surname_prefix=name.get("voorvoegsel", ""),
            surname=name.get("geslachtsnaam", ""),
            birth_date=_date((item.get("geboorte") or {}).get("datum")),
            street=address.get("officieleStraatnaam") or address.get("korteStraatnaam") or "",
            house_number=int(number) if number is not None else None,
            house_number_suffix=suffix,
            postcode=(address.get("postcode") or "").replace(" ", "").upper(),
            city=address.get("woonplaats", ""),
            municipality_code=((item.get("gemeenteVanInschrijving") or {}).get("code") or ""),
            deceased_on=_date((item.get("overlijden") or {}).get("datum")),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise BrpUnavailable("Het antwoord van de BRP had een onverwachte vorm.") from exc
