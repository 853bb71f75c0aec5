"""The resident's rows in the steering store, for the AVG inzage document: pseudonymised, yet still theirs.
Found by making their pseudonym again from their uuid with the store's key. One query."""

from typing import Any

from wijkregie.households.models import Resident

from .models import CareYear
from .pseudonyms import person_key


def steering_rows_of(resident: Resident) -> list[dict[str, Any]]:
    rows = (
        CareYear.objects.filter(person=person_key(resident.uuid))
        .select_related("district", "provider__organisation")
        .order_by("year", "first_day", "pk")
    )
    return [
        {
            "jaar": row.year,
            "wet": row.law,
            "productcategorie": row.product_category,
            "categorie_cbs": row.get_wmo_category_display() if row.wmo_category else "",
            "wijk": row.district.name if row.district else "",
            "aanbieder": row.provider.organisation.name if row.provider else "",
            "eerste_dag": row.first_day.isoformat(),
            "laatste_dag": row.last_day.isoformat(),
            "verwacht_in_eurocent": row.expected_cents,
            "gedeclareerd_in_eurocent": row.declared_cents,
            "gerealiseerd_in_eurocent": row.realised_cents,
        }
        for row in rows
    ]


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"sturingsgegevens": steering_rows_of}
