"""The DDAS Vroegsignalering v1.2 exchange document (standards/ddas-vroegsignalering-1.2), described for the
OpenAPI document (OpenAPI 3.0): the same keys, value lists and required keys as the published JSON schema,
so the generated requests' answers are checked against what CBS checks. The tests validate real documents
against the published schema itself."""

from typing import Any

from ..constants import CaseResult, ContactKind, DayPart, PartnerType, Sex
from ..ddas import DDAS_STATUSES

DATE = {"type": "string", "format": "date"}


def _enum(values: list[str], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


def _object(properties: dict[str, Any], *, required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return {**schema, **extra}


CLIENT = _object(
    {
        "burgerservicenummer": {"type": "string", "minLength": 9, "maxLength": 9},
        "postcode": {"type": "string"},
        "huisnummer": {"type": "string"},
        "huisnummertoevoeging": {"type": "string"},
        "geboortedatum": DATE,
        "geslachtsaanduiding": _enum(Sex.values),
    },
    description="Met een BSN alleen `burgerservicenummer`; zonder BSN `postcode` en `huisnummer`, met "
    "toevoeging, geboortedatum en geslacht als die bekend zijn.",
    oneOf=[
        {"required": ["burgerservicenummer"], "maxProperties": 1},
        {"not": {"required": ["burgerservicenummer"]}, "required": ["postcode", "huisnummer"]},
    ],
)

SIGNAL = _object(
    {
        "ID": {"type": "string", "description": "Het kenmerk dat de signaalpartner het signaal gaf."},
        "crisissignaal": {"type": "boolean"},
        "warmeOverdracht": {"type": "boolean"},
        "bedrag": {"type": "integer", "description": "Hele euro's."},
        "ontstaansdatum": DATE,
        "signaaldatum": DATE,
        "status": _enum(
            DDAS_STATUSES,
            "In een zaak: Opgepakt of Nog niet opgepakt; anders de reden. Ontbreekt zolang het signaal "
            "op matching wacht.",
        ),
        "signaalpartner": _object({"type": _enum(PartnerType.values)}),
        "client": CLIENT,
    },
    required=("ID", "client", "signaalpartner"),
)

CASE = _object(
    {
        "resultaat": _enum(CaseResult.values),
        "matchingsdatum": DATE,
        "startdatumMatchingperiode": DATE,
        "einddatumMatchingperiode": DATE,
        "datumOpgepakt": DATE,
        "vroegsignalen": {
            "type": "array",
            "items": _object({"ID": {"type": "string"}}, required=("ID",)),
            "minItems": 1,
            "uniqueItems": True,
        },
        "contactpogingen": {
            "type": "array",
            "items": _object(
                {
                    "soort": _enum(ContactKind.values),
                    "bereikt": {"type": "boolean"},
                    "datum": DATE,
                    "dagdeel": _enum(DayPart.values),
                }
            ),
        },
    }
)

CONTACT = _object(
    {
        "naam": {"type": "string"},
        "telefoonnummer": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "functietitel": {"type": "string"},
    }
)

DELIVERY = _object(
    {
        "teller": {"type": "integer"},
        "gemeentecode": {"type": "string"},
        "aanleverendeOrganisatie": _object(
            {
                "naam": {"type": "string"},
                "kvk-nummer": {"type": "string"},
                "contactpersonen": {"type": "array", "items": CONTACT, "minItems": 1, "uniqueItems": True},
            }
        ),
        "vroegsignalen": {"type": "array", "items": SIGNAL},
        "vroegsignaalzaken": {"type": "array", "items": CASE},
    },
    required=("aanleverendeOrganisatie", "gemeentecode", "teller"),
)

EXCHANGE_DOCUMENT = _object(
    {
        "startdatumLevering": DATE,
        "einddatumLevering": DATE,
        "aanleverdatumEnTijd": {"type": "string", "format": "date-time"},
        "codeGegevensleverancier": {"type": "string"},
        "leveringen": {"type": "array", "items": DELIVERY, "minItems": 1, "uniqueItems": True},
    },
    required=("aanleverdatumEnTijd", "codeGegevensleverancier", "einddatumLevering", "startdatumLevering"),
    description="Het uitwisselmodel van DDAS Vroegsignalering v1.2.",
)

PAGING = _object(
    {
        "pageSize": {"type": "integer", "minimum": 1, "description": "Vroegsignalen per pagina."},
        "currentPage": {"type": "integer", "minimum": 1},
        "totalPages": {"type": "integer", "minimum": 1},
        "totalRecords": {"type": "integer", "minimum": 0, "description": "Vroegsignalen in de levering."},
    },
    required=("pageSize", "currentPage", "totalPages", "totalRecords"),
)

PULLED_PAGE = _object(
    {"paginering": PAGING, "gegevens": EXCHANGE_DOCUMENT}, required=("paginering", "gegevens")
)
