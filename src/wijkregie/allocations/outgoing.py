"""The 301 (toewijzingsbericht) for an allocation: what the message standard carries about the resident and
the product, nothing more. Wmo allocations go as WMO301, Jeugdwet allocations as JW301."""

from uuid import uuid4

from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkregie.integrations.istandaarden.messages.build import build_301
from wijkregie.integrations.istandaarden.messages.types import (
    Address,
    AllocatedProduct,
    Allocation301,
    Client,
    Header,
    Standard,
)
from wijkregie.provisions.constants import ProvisionLaw

from .models import Allocation

STANDARD_BY_LAW: dict[str, Standard] = {ProvisionLaw.WMO: "iwmo", ProvisionLaw.YOUTH: "ijw"}
GENDER_UNKNOWN = "0"  # COD046: Wijkregie does not record gender; the standard allows "onbekend"
OWN_NAME = "1"  # COD700: eigen geslachtsnaam


def standard_for(law: str) -> Standard:
    standard = STANDARD_BY_LAW.get(law)
    if standard is None:
        raise ValidationError(
            {
                "__all__": [
                    "Toewijzen met een bericht kan voor Wmo en Jeugdwet; deze wet heeft geen iStandaard."
                ]
            }
        )
    return standard


def _client(allocation: Allocation) -> Client:
    resident = allocation.resident
    suffix = resident.house_number_suffix
    letter, addition = (suffix[:1], suffix[1:].strip()) if suffix[:1].isalpha() else ("", suffix)
    return Client(
        bsn=resident.bsn,
        birth_date=resident.birth_date,
        gender=GENDER_UNKNOWN,
        surname=resident.surname,
        surname_prefix=resident.surname_prefix,
        given_names=resident.given_names,
        initials="".join(ch for ch in resident.initials if ch.isalpha()),
        name_usage=OWN_NAME,
        address=Address(
            postcode=resident.postcode,
            house_number=resident.house_number,
            house_letter=letter,
            house_number_addition=addition[:4],
        ),
    )


def _product(allocation: Allocation, reason_for_change: str) -> AllocatedProduct:
    now = timezone.localtime()
    return AllocatedProduct(
        allocation_number=allocation.number,
        allocated_on=now.date(),
        allocated_at=now.time().replace(microsecond=0),
        start=allocation.start_date,
        end=allocation.end_date,
        product_category=allocation.product_category,
        product_code=allocation.product_code,
        volume=allocation.volume,
        unit=allocation.unit if allocation.volume is not None else "",
        frequency=allocation.frequency if allocation.volume is not None else "",
        budget_cents=allocation.budget_cents,
        reason_for_change=reason_for_change,
    )


def allocation_message(allocation: Allocation, reason_for_change: str = "") -> tuple[Standard, str, bytes]:
    """(standard, BerichtIdentificatie, the XML) of the 301 for one allocation; a changed or revoked
    allocation goes again under its own number with the reason (WMO002 / JZ002)."""
    standard = standard_for(allocation.law)
    identification = uuid4().hex[:12].upper()
    header = Header(
        standard=standard,
        message_type="301",
        sender=allocation.municipality.cbs_code,
        receiver=allocation.provider.agb_code,
        identification=identification,
        dated_on=timezone.localdate(),
    )
    products = (_product(allocation, reason_for_change),)
    message = Allocation301(header=header, client=_client(allocation), products=products)
    return standard, identification, build_301(message)
