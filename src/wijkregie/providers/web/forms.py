"""Forms for providers and contracts: they check the shape of the input (amounts in euro, dates); the
services decide what is allowed and answer in Dutch per field."""

from decimal import Decimal
from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm, multiple_choice, style_checkboxes
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Organisation
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import Contract, ContractProduct, Provider
from wijkregie.providers.policies import ContractPolicy
from wijkregie.providers.services import ContractData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOOSE = "Kies alleen uit de lijst."
DATE_INVALID = "Vul een geldige datum in."
WHOLE = "Vul een heel getal in."
EUROS = "Vul een bedrag in euro in, bijvoorbeeld 1250,00."
PROVIDER_KIND_CHOICES = [
    (OrganisationKind.CARE_PROVIDER.value, OrganisationKind.CARE_PROVIDER.label),
    (OrganisationKind.MAIN_CONTRACTOR.value, OrganisationKind.MAIN_CONTRACTOR.label),
]
# Service field name -> form field name, where the form asks for euros instead of cents.
EURO_FIELDS = {"lump_sum_cents": "lump_sum", "subsidy_cents": "subsidy", "tariff_cents": "tariff"}


def _checkboxes(label: str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return multiple_choice(label, help_text, invalid=CHOOSE)


def _date(label: str, *, required: bool = True, help_text: str = "", missing: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        help_text=help_text,
        error_messages={"required": missing or f"Vul de {label.lower()} in.", "invalid": DATE_INVALID},
    )


def _euros(
    label: str, *, required: bool = False, help_text: str = "", missing: str = ""
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        localize=True,
        max_digits=13,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "required": missing,
            "invalid": EUROS,
            "max_digits": EUROS,
            "max_decimal_places": "Gebruik hooguit 2 cijfers achter de komma.",
            "max_whole_digits": EUROS,
        },
    )


def _whole(
    label: str, *, required: bool = False, help_text: str = "", initial: Any = None, missing: str = ""
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        initial=initial,
        error_messages={"invalid": WHOLE, "required": missing},
    )


def _cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def _amount(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


class _ServiceErrorsMixin:
    def apply_service_errors(self, error: Any) -> None:
        """The service names amounts in cents; the form asks for euros."""
        message_dict = getattr(error, "error_dict", None)
        if message_dict is not None:
            for service_name, form_name in EURO_FIELDS.items():
                if service_name in message_dict and form_name in self.fields:  # type: ignore[attr-defined]
                    message_dict[form_name] = message_dict.pop(service_name)
        super().apply_service_errors(error)  # type: ignore[misc]


# -- providers ---------------------------------------------------------------------------------------------
class _ProviderFields(StyledForm):
    agb_code = forms.CharField(
        label="AGB-code",
        max_length=8,
        help_text="8 cijfers. De AGB-code staat in de iWmo- en iJw-berichten.",
        error_messages={"required": "Vul de AGB-code in."},
    )
    kvk_number = forms.CharField(label="KvK-nummer", max_length=8, required=False, help_text="8 cijfers.")
    districts = _checkboxes("Wijken", "Geen wijk aangevinkt: de zorgaanbieder werkt in de hele gemeente.")

    def __init__(self, *args: Any, policy: ContractPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = policy.districts().order_by("name")  # type: ignore[attr-defined]
        style_checkboxes(self)


class ProviderCreateForm(_ProviderFields):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Bestaande organisatie",
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label="(geen: een nieuwe organisatie)",
        help_text="Een zorgaanbieder die Wijkregie al kent, bijvoorbeeld omdat haar medewerkers al een "
        "account hebben. Anders: vul hieronder de naam in.",
        error_messages={"invalid_choice": CHOOSE},
    )
    name = forms.CharField(label="Naam (nieuwe organisatie)", max_length=150, required=False)
    kind = forms.ChoiceField(
        label="Soort",
        choices=PROVIDER_KIND_CHOICES,
        initial=OrganisationKind.CARE_PROVIDER,
        error_messages={"required": "Kies zorgaanbieder of hoofdaannemer.", "invalid_choice": CHOOSE},
    )

    field_order = ["organisation", "name", "kind", "agb_code", "kvk_number", "districts"]

    def __init__(self, *args: Any, policy: ContractPolicy, **kwargs: Any) -> None:
        super().__init__(*args, policy=policy, **kwargs)
        self.fields["organisation"].queryset = policy.unregistered_provider_organisations().order_by(  # type: ignore[attr-defined]
            "name"
        )


class ProviderUpdateForm(_ProviderFields):
    name = forms.CharField(
        label="Naam", max_length=150, error_messages={"required": "Vul de naam van de zorgaanbieder in."}
    )
    active = forms.BooleanField(
        label="Actief",
        required=False,
        help_text="Zet uit als de zorgaanbieder geen nieuwe cliënten meer krijgt.",
    )

    field_order = ["name", "agb_code", "kvk_number", "districts", "active"]

    @staticmethod
    def initial_for(provider: Provider, policy: ContractPolicy) -> dict[str, Any]:
        return {
            "name": provider.organisation.name,
            "agb_code": provider.agb_code,
            "kvk_number": provider.kvk_number,
            "districts": list(provider.districts.filter(municipality_id=policy.own_municipality_id())),
            "active": provider.active,
        }


class ContactForm(StyledForm):
    topic = forms.CharField(
        label="Waarvoor",
        max_length=100,
        help_text="Bijvoorbeeld ‘toewijzingen’, ‘facturen’ of ‘klachten’.",
        error_messages={"required": "Vul in waarvoor dit contactpunt is."},
    )
    name = forms.CharField(label="Naam", max_length=200, required=False)
    email = forms.EmailField(
        label="E-mail", required=False, error_messages={"invalid": "Vul een geldig e-mailadres in."}
    )
    phone = forms.CharField(label="Telefoon", max_length=30, required=False)


# -- contracts ---------------------------------------------------------------------------------------------
PARTY_LABELS = {
    ContractKind.OPEN_HOUSE: ("Zorgaanbieder", "Een zorgaanbieder die uw gemeente bedient."),
    ContractKind.AREA: ("Hoofdaannemer", "De zorgaanbieder die het gebied met de lumpsum bedient."),
    ContractKind.SUBSIDY: ("Organisatie", "De organisatie die de subsidie ontvangt."),
}


class ContractForm(_ServiceErrorsMixin, StyledForm):
    """The fields of one kind of contract: an area contract asks for its area and lump sum, a subsidy for
    its amount and deliverables, an open house for its yearly review."""

    name = forms.CharField(
        label="Naam", max_length=200, error_messages={"required": "Vul de naam van het contract in."}
    )
    party: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Contractpartij",
        queryset=None,
        to_field_name="uuid",
        empty_label="(kies)",
        error_messages={"required": "Kies de contractpartij.", "invalid_choice": CHOOSE},
    )
    start_date = _date("Ingangsdatum")
    end_date = _date(
        "Einddatum",
        help_text="De laatste dag van het contract. ‘Tot 1 januari 2027’ is einddatum 31 december 2026.",
    )
    extensions_max = _whole(
        "Verlengingsopties",
        initial=0,
        help_text="Hoe vaak het contract verlengd kan worden, bijvoorbeeld 2 bij ‘twee keer een jaar’.",
    )
    extension_years = _whole("Jaren per verlenging", initial=0, help_text="Bijvoorbeeld 1.")
    review_on = _date(
        "Jaarlijkse toetsing", required=False, missing="Vul de datum van de jaarlijkse toetsing in."
    )
    districts = _checkboxes("Gebied", "De wijken die het gebiedscontract bedient.")
    subcontractors = _checkboxes("Onderaannemers", "Zorgaanbieders die onder de hoofdaannemer werken.")
    lump_sum = _euros("Lumpsum per jaar (euro)", required=True, missing="Vul de lumpsum per jaar in.")
    baseline_clients = _whole(
        "Basis unieke cliënten per jaar",
        required=True,
        help_text="Het aantal unieke cliënten per jaar waarop de lumpsum rekent.",
        missing="Vul de basis in: het aantal unieke cliënten per jaar.",
    )
    risk_valve_percent = _whole(
        "Risicoventiel (%)",
        required=True,
        help_text="Een signaal als de instroom van unieke cliënten zoveel procent boven de basis komt, "
        "bijvoorbeeld 10.",
        missing="Vul het risicoventiel in: een percentage van 1 tot en met 100.",
    )
    subsidy = _euros("Subsidiebedrag (euro)", required=True, missing="Vul het subsidiebedrag in.")
    deliverables = forms.CharField(
        label="Prestaties",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat de organisatie voor de subsidie levert.",
    )

    AREA_FIELDS = ("districts", "subcontractors", "lump_sum", "baseline_clients", "risk_valve_percent")
    SUBSIDY_FIELDS = ("subsidy", "deliverables")

    def __init__(
        self, *args: Any, policy: ContractPolicy, kind: str, contract: Contract | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        unused: list[str] = []
        if kind != ContractKind.AREA:
            unused += self.AREA_FIELDS
        if kind != ContractKind.SUBSIDY:
            unused += self.SUBSIDY_FIELDS
        for name in unused:
            del self.fields[name]
        party = self.fields["party"]
        label, help_text = PARTY_LABELS[ContractKind(kind)]
        party.label, party.help_text = label, help_text
        current = (
            Organisation.objects.filter(pk=contract.party_id) if contract else Organisation.objects.none()
        )
        party.queryset = (policy.party_organisations(kind) | current).distinct().order_by("name")  # type: ignore[attr-defined]
        if kind == ContractKind.OPEN_HOUSE:
            self.fields["review_on"].required = True
            self.fields["review_on"].help_text = "De jaarlijkse toetsing: wie stopt, wat ontbreekt."
        if kind == ContractKind.AREA:
            self.fields["districts"].queryset = policy.districts().order_by("name")  # type: ignore[attr-defined]
            subs = contract.subcontractors.all() if contract else Organisation.objects.none()
            self.fields["subcontractors"].queryset = (  # type: ignore[attr-defined]
                (policy.provider_organisations() | subs).distinct().order_by("name")
            )
        style_checkboxes(self)
        for name in ("party", "review_on"):  # help texts set above: point to them as the mixin does
            attrs = self.fields[name].widget.attrs
            if self.fields[name].help_text and "aria-describedby" not in attrs:
                attrs["aria-describedby"] = f"{self._element_id(name)}_help"

    @staticmethod
    def initial_for(contract: Contract) -> dict[str, Any]:
        data = ContractData.of(contract)
        return {
            "name": data.name,
            "party": data.party,
            "start_date": data.start_date,
            "end_date": data.end_date,
            "extensions_max": data.extensions_max,
            "extension_years": data.extension_years,
            "review_on": data.review_on,
            "districts": data.districts,
            "subcontractors": data.subcontractors,
            "lump_sum": _amount(data.lump_sum_cents),
            "baseline_clients": data.baseline_clients,
            "risk_valve_percent": data.risk_valve_percent,
            "subsidy": _amount(data.subsidy_cents),
            "deliverables": data.deliverables,
        }

    def contract_data(self) -> ContractData:
        data = self.cleaned_data
        return ContractData(
            kind=self.kind,
            name=data["name"],
            party=data["party"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            extension_years=data.get("extension_years") or 0,
            extensions_max=data.get("extensions_max") or 0,
            review_on=data.get("review_on"),
            subcontractors=list(data.get("subcontractors") or []),
            districts=list(data.get("districts") or []),
            lump_sum_cents=_cents(data.get("lump_sum")),
            baseline_clients=data.get("baseline_clients"),
            risk_valve_percent=data.get("risk_valve_percent"),
            subsidy_cents=_cents(data.get("subsidy")),
            deliverables=data.get("deliverables", ""),
        )


class ProductForm(_ServiceErrorsMixin, StyledForm):
    product_category = forms.CharField(
        label="Productcategorie",
        max_length=2,
        help_text="2 cijfers uit WMO020 (Wmo) of JZ020 (Jeugdwet), bijvoorbeeld 02 (begeleiding).",
        error_messages={"required": "Vul de productcategorie in."},
    )
    product_code = forms.CharField(
        label="Productcode",
        max_length=5,
        required=False,
        help_text="De code uit de productcodelijst, bijvoorbeeld 02A01. Leeg: de hele categorie.",
    )
    unit = forms.CharField(
        label="Eenheid", max_length=2, required=False, help_text="Uit WJ756, bijvoorbeeld 04 (uur)."
    )
    tariff = _euros("Tarief (euro per eenheid)", help_text="Verplicht bij open house.")
    valid_from = _date("Geldig vanaf", missing="Vul in vanaf wanneer het tarief geldt.")
    valid_until = _date("Geldig tot en met", required=False, help_text="Leeg: zolang het contract loopt.")

    @staticmethod
    def initial_for(product: ContractProduct) -> dict[str, Any]:
        return {
            "product_category": product.product_category,
            "product_code": product.product_code,
            "unit": product.unit,
            "tariff": _amount(product.tariff_cents),
            "valid_from": product.valid_from,
            "valid_until": product.valid_until,
        }

    def product_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["tariff_cents"] = _cents(data.pop("tariff"))
        return data


class ProductEndForm(StyledForm):
    valid_until = _date("Laatste dag", missing="Vul de laatste dag in waarop het tarief geldt.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "einde")
        super().__init__(*args, **kwargs)
