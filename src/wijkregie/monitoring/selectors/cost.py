"""Reading the steering store: cost per unique client. Reads only the store's tables (never a person),
a fixed number of queries whatever the size, and hides cells of 1–4 persons and the cells that would give
them away by subtraction from a total."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum, TextChoices

from wijkregie.core.small_cells import hidden_cells
from wijkregie.organisation.models import District, Municipality
from wijkregie.providers.models import Provider
from wijkregie.provisions.constants import ProvisionLaw

from ..constants import WmoCategory
from ..models import CareYear, StoreState


class Per(TextChoices):
    LAW = "law", "Wet"
    DISTRICT = "district", "Wijk"
    WMO_CATEGORY = "wmo_category", "Categorie Wmo (CBS)"
    PRODUCT_CATEGORY = "product_category", "Productcategorie"
    PROVIDER = "provider", "Aanbieder"


FIELD = {
    Per.LAW: "law",
    Per.DISTRICT: "district_id",
    Per.WMO_CATEGORY: "wmo_category",
    Per.PRODUCT_CATEGORY: "product_category",
    Per.PROVIDER: "provider_id",
}


@dataclass(frozen=True)
class CostCell:
    """One line of the table; clients, spend and cost per client None when hidden."""

    key: str
    label: str
    clients: int | None
    spend_cents: int | None
    declared_cents: int | None
    suppressed: bool

    @property
    def per_client_cents(self) -> int | None:
        if self.clients is None or self.spend_cents is None or not self.clients:
            return None
        return round(self.spend_cents / self.clients)

    @property
    def declared_percent(self) -> int | None:
        """How much of the spend is declared; the rest is expected cost still to be declared."""
        if self.spend_cents is None or self.declared_cents is None or not self.spend_cents:
            return None
        return round(100 * self.declared_cents / self.spend_cents)


@dataclass(frozen=True)
class CostPerClient:
    municipality: Municipality
    year: int
    law: str
    per: str
    rows: list[CostCell]
    total: CostCell
    residents: int | None  # registered residents at the last refresh, for "per 1,000 residents"
    refreshed: StoreState | None

    @property
    def per_label(self) -> str:
        return str(Per(self.per).label)

    @property
    def law_label(self) -> str:
        return str(ProvisionLaw(self.law).label) if self.law else "alle wetten"

    @property
    def per_thousand(self) -> float | None:
        if self.total.clients is None or not self.residents:
            return None
        return round(1000 * self.total.clients / self.residents, 1)

    @property
    def any_suppressed(self) -> bool:
        return self.total.suppressed or any(row.suppressed for row in self.rows)


def _labels(per: str, keys: list[Any]) -> dict[Any, str]:
    if per == Per.LAW:
        return {key: str(ProvisionLaw(key).label) if key in ProvisionLaw.values else key for key in keys}
    if per == Per.WMO_CATEGORY:
        return {key: str(WmoCategory(key).label) if key else "Geen Wmo-categorie" for key in keys}
    if per == Per.DISTRICT:
        names = dict(District.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
        return {key: names.get(key, "Onbekende wijk") for key in keys}
    if per == Per.PROVIDER:
        names = dict(
            Provider.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "organisation__name")
        )
        return {key: names.get(key, "Onbekende aanbieder") for key in keys}
    return {key: key for key in keys}


def _cell(key: str, label: str, row: dict[str, Any], hidden: bool) -> CostCell:
    if hidden:
        return CostCell(key, label, None, None, None, True)
    return CostCell(key, label, row["clients"], row["spend"] or 0, row["declared"] or 0, False)


def cost_per_client(
    municipality: Municipality, year: int, *, law: str = "", per: str = Per.LAW
) -> CostPerClient:
    """Realised spend (declared, else expected) over the distinct persons with a trajectory overlapping the
    year, per law or per group within one law; three queries (four with labels)."""
    field = FIELD[Per(per)]
    years = CareYear.objects.filter(municipality=municipality, year=year)
    if law:
        years = years.filter(law=law)
    sums = {
        "clients": Count("person", distinct=True),
        "spend": Sum("realised_cents"),
        "declared": Sum("declared_cents"),
    }
    grouped = list(years.values(field).annotate(**sums).order_by(field))
    total = years.aggregate(**sums)
    labels = _labels(per, [row[field] for row in grouped])
    sizes: dict[Any, int] = {("row", row[field]): row["clients"] for row in grouped}
    sizes[("total",)] = total["clients"]
    hidden = hidden_cells(sizes, [([("row", row[field]) for row in grouped], ("total",))])
    rows = [
        _cell(str(row[field] or ""), labels[row[field]], row, ("row", row[field]) in hidden)
        for row in grouped
    ]
    rows.sort(key=lambda cell: cell.label.lower())
    state = StoreState.objects.filter(municipality=municipality).first()
    return CostPerClient(
        municipality=municipality,
        year=year,
        law=law,
        per=str(Per(per)),
        rows=rows,
        total=_cell("", "Totaal", total, ("total",) in hidden),
        residents=state.residents if state else None,
        refreshed=state,
    )


def cost_table(answer: CostPerClient) -> list[list[Any]]:
    """The table as it is on the page: hidden cells "<5" with their amounts left empty."""
    rows: list[list[Any]] = [
        [f"{answer.municipality.name} {answer.year}", "Unieke cliënten", "Uitgaven (euro)",
         "Per unieke cliënt (euro)", "Gedeclareerd (%)"],
    ]  # fmt: skip
    for cell in [*answer.rows, answer.total]:
        if cell.suppressed:
            rows.append([cell.label, "<5", None, None, None])
            continue
        per_client = cell.per_client_cents
        rows.append(
            [
                cell.label,
                cell.clients,
                round((cell.spend_cents or 0) / 100),
                None if per_client is None else round(per_client / 100),
                cell.declared_percent,
            ]
        )
    return rows
