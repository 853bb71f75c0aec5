"""Providers and contracts in the API. Read serializers describe the answers; input serializers check only the
shape (the services decide and answer in Dutch per field). References are uuids; amounts are eurocents."""

from typing import Any

from rest_framework import serializers

from wijkregie.core.api import VERSION_HELP, StrictSerializer
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.providers import selectors
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import Contract, ContractProduct, Provider


def _values(values: Any) -> str:
    return ", ".join(f"`{value}`" for value in values)


# Plain strings with the values in the help text: "kind" is an enum name in other apps already.
CONTRACT_KIND_HELP = f"Eén van {_values(ContractKind.values)}: open house, gebiedscontract, subsidie."
PROVIDER_KIND_HELP = (
    f"Soort organisatie: {_values([OrganisationKind.CARE_PROVIDER, OrganisationKind.MAIN_CONTRACTOR])}."
)
CENTS = "Vul een bedrag in eurocent in, als heel getal."
WHOLE = "Vul een heel getal in."
DATE = "Vul een datum in als JJJJ-MM-DD."
UUID = "Dit is geen geldige uuid."
LIST: dict[str, Any] = {"not_a_list": "Stuur een lijst.", "invalid": "Stuur een lijst."}
YES_NO: dict[str, Any] = {"invalid": "Kies true of false."}


class ContractPartySerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


# -- providers ---------------------------------------------------------------------------------------------
class ProviderContactSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    topic = serializers.CharField(read_only=True, help_text="Waarvoor: toewijzingen, facturen, klachten, ...")
    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)


class ProviderSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    kind = serializers.CharField(source="organisation.kind", read_only=True, help_text=PROVIDER_KIND_HELP)
    agb_code = serializers.CharField(read_only=True)
    kvk_number = serializers.CharField(read_only=True)
    active = serializers.BooleanField(read_only=True)
    municipalities = serializers.SerializerMethodField(help_text="De gemeenten die de aanbieder bedient.")
    districts = serializers.SerializerMethodField(
        help_text="De wijken die de aanbieder bedient; een gemeente zonder wijken hier: de hele gemeente."
    )
    contacts = ProviderContactSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True, help_text=VERSION_HELP)

    def get_municipalities(self, provider: Provider) -> list[str]:
        return [str(m.uuid) for m in provider.municipalities.all()]

    def get_districts(self, provider: Provider) -> list[str]:
        return [str(d.uuid) for d in provider.districts.all()]


class ProviderCreateInputSerializer(StrictSerializer):
    organisation = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Een bestaande zorgaanbieder-organisatie die nog niet geregistreerd is; anders `name`.",
        error_messages={"invalid": UUID},
    )
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text="De naam van een nieuwe organisatie."
    )
    kind = serializers.CharField(required=False, max_length=20, help_text=PROVIDER_KIND_HELP)
    agb_code = serializers.CharField(
        max_length=8, help_text="8 cijfers.", error_messages={"required": "Vul de AGB-code in."}
    )
    kvk_number = serializers.CharField(required=False, allow_blank=True, max_length=8, help_text="8 cijfers.")
    districts = serializers.ListField(
        child=serializers.UUIDField(error_messages={"invalid": UUID}),
        required=False,
        help_text="Uuids van wijken van uw gemeente; leeg: de hele gemeente.",
        error_messages=LIST,
    )


class ProviderUpdateInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=150)
    agb_code = serializers.CharField(max_length=8, help_text="8 cijfers.")
    kvk_number = serializers.CharField(allow_blank=True, max_length=8, help_text="8 cijfers.")
    districts = serializers.ListField(
        child=serializers.UUIDField(error_messages={"invalid": UUID}),
        help_text="De complete lijst wijken van uw gemeente; wijken van andere gemeenten blijven staan.",
        error_messages=LIST,
    )
    active = serializers.BooleanField(error_messages=YES_NO)


# -- contracts ---------------------------------------------------------------------------------------------
class ContractSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    municipality = serializers.UUIDField(source="municipality.uuid", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=CONTRACT_KIND_HELP)
    name = serializers.CharField(read_only=True)
    party = ContractPartySerializer(read_only=True, help_text="Zorgaanbieder, hoofdaannemer of organisatie.")
    subcontractors = ContractPartySerializer(many=True, read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True, help_text="De laatste dag van het contract.")
    extension_years = serializers.IntegerField(read_only=True)
    extensions_max = serializers.IntegerField(read_only=True)
    extensions_used = serializers.IntegerField(read_only=True)
    extensions_left = serializers.SerializerMethodField()
    review_on = serializers.DateField(read_only=True, allow_null=True)
    districts = serializers.SerializerMethodField(help_text="Het gebied (gebiedscontract): uuids van wijken.")
    lump_sum_cents = serializers.IntegerField(read_only=True, allow_null=True)
    baseline_clients = serializers.IntegerField(read_only=True, allow_null=True)
    risk_valve_percent = serializers.IntegerField(read_only=True, allow_null=True)
    risk_valve_threshold = serializers.SerializerMethodField(
        help_text="Boven dit aantal unieke cliënten per jaar geeft het risicoventiel een signaal."
    )
    subsidy_cents = serializers.IntegerField(read_only=True, allow_null=True)
    deliverables = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text=VERSION_HELP)

    def get_extensions_left(self, contract: Contract) -> int:
        return selectors.extensions_left(contract)

    def get_districts(self, contract: Contract) -> list[str]:
        return [str(d.uuid) for d in contract.districts.all()]

    def get_risk_valve_threshold(self, contract: Contract) -> int | None:
        return selectors.risk_valve_threshold(contract)


def _optional_int(help_text: str, message: str = CENTS) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=help_text,
        error_messages={"invalid": message, "max_string_length": message},
    )


class ContractInputSerializer(StrictSerializer):
    kind = serializers.CharField(
        max_length=20, help_text=CONTRACT_KIND_HELP, error_messages={"required": "Kies de soort contract."}
    )
    name = serializers.CharField(
        max_length=200, error_messages={"required": "Vul de naam van het contract in."}
    )
    party = serializers.UUIDField(
        help_text="De uuid van de organisatie van de zorgaanbieder (open house, gebied), of van de "
        "organisatie (subsidie).",
        error_messages={"required": "Kies de contractpartij.", "invalid": UUID},
    )
    subcontractors = serializers.ListField(
        child=serializers.UUIDField(error_messages={"invalid": UUID}),
        required=False,
        help_text="Gebiedscontract: uuids van de organisaties van de onderaannemers.",
        error_messages=LIST,
    )
    start_date = serializers.DateField(
        error_messages={"required": "Vul de ingangsdatum in.", "invalid": DATE}
    )
    end_date = serializers.DateField(
        help_text="De laatste dag van het contract.",
        error_messages={"required": "Vul de einddatum in.", "invalid": DATE},
    )
    extension_years = serializers.IntegerField(
        required=False, default=0, help_text="Jaren per verlenging.", error_messages={"invalid": WHOLE}
    )
    extensions_max = serializers.IntegerField(
        required=False, default=0, help_text="Hoe vaak te verlengen.", error_messages={"invalid": WHOLE}
    )
    review_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Open house: de jaarlijkse toetsing.",
        error_messages={"invalid": DATE},
    )
    districts = serializers.ListField(
        child=serializers.UUIDField(error_messages={"invalid": UUID}),
        required=False,
        help_text="Gebiedscontract: uuids van de wijken van het gebied.",
        error_messages=LIST,
    )
    lump_sum_cents = _optional_int("Gebiedscontract: de lumpsum per jaar in eurocent.")
    baseline_clients = _optional_int("Gebiedscontract: de basis van unieke cliënten per jaar.", WHOLE)
    risk_valve_percent = _optional_int("Gebiedscontract: het risicoventiel, 1 tot en met 100 (%).", WHOLE)
    subsidy_cents = _optional_int("Subsidie: het bedrag in eurocent.")
    deliverables = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Subsidie: de prestaties."
    )


# -- products ----------------------------------------------------------------------------------------------
class ContractProductSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    product_category = serializers.CharField(read_only=True, help_text="WMO020 of JZ020.")
    category_name = serializers.SerializerMethodField()
    product_code = serializers.CharField(read_only=True, help_text="Leeg: de hele categorie.")
    unit = serializers.CharField(read_only=True, help_text="WJ756.")
    tariff_cents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Eurocent per eenheid; null: binnen de lumpsum."
    )
    valid_from = serializers.DateField(read_only=True)
    valid_until = serializers.DateField(read_only=True, allow_null=True, help_text="Tot en met; null: open.")

    def get_category_name(self, product: ContractProduct) -> str:
        return selectors.category_name(product.product_category)


class ContractProductInputSerializer(StrictSerializer):
    product_category = serializers.CharField(
        max_length=2,
        help_text="2 cijfers uit WMO020 (Wmo) of JZ020 (Jeugdwet).",
        error_messages={"required": "Vul de productcategorie in."},
    )
    product_code = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5, help_text="Leeg: de hele categorie."
    )
    unit = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2, help_text="WJ756, bijvoorbeeld 04 (uur)."
    )
    tariff_cents = _optional_int("Eurocent per eenheid; verplicht bij open house.")
    valid_from = serializers.DateField(
        error_messages={"required": "Vul in vanaf wanneer het tarief geldt.", "invalid": DATE}
    )
    valid_until = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Tot en met.",
        error_messages={"invalid": DATE},
    )
