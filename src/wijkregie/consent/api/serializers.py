"""Consent API serializers. Output serializers only read; input serializers only validate and resolve uuids.
The rules of consent and sharing (and their Dutch messages) live in consent.services."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wijkregie.core.api import QuerySerializer, StrictSerializer
from wijkregie.households.models import Resident
from wijkregie.organisation.models import Organisation
from wijkregie.plans.models import Goal, Plan, PlanAction

from .. import selectors
from ..constants import Basis, ConsentMethod, DossierPart, LegalBasis
from ..models import Consent, Share

UNKNOWN_ORGANISATION = "Er is geen organisatie met deze uuid."


PARTS_HELP = "Onderdelen van het dossier: `uitvraag` (brede uitvraag) en/of `plan` (huishoudplan)."


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name", "kind"]

    # A plain string: the organisation kinds are named in the organisation API, not redefined here.
    kind = serializers.CharField(
        read_only=True, help_text="gemeente, welzijn, hoofdaannemer of zorgaanbieder"
    )


class ResidentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resident
        fields = ["uuid", "full_name"]

    full_name = serializers.CharField(read_only=True)


# -- consents ----------------------------------------------------------------------------------------------
class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = [
            "uuid",
            "resident",
            "basis",
            "legal_basis",
            "organisations",
            "parts",
            "purpose",
            "given_on",
            "method",
            "expires_on",
            "withdrawn_at",
            "status",
            "created_at",
        ]

    resident = serializers.UUIDField(source="resident.uuid", read_only=True)
    organisations = OrganisationRefSerializer(many=True, read_only=True)
    parts = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=PARTS_HELP)
    status = serializers.SerializerMethodField(
        help_text="geldig, verlopen, ingetrokken of nog niet geldig (vandaag)."
    )

    def get_status(self, consent: Consent) -> str:
        return selectors.consent_status(consent)


class ConsentListQuerySerializer(QuerySerializer):
    household = serializers.UUIDField(required=False, help_text="Alle huidige leden van dit huishouden.")
    resident = serializers.UUIDField(required=False, help_text="Eén inwoner.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("household")) == bool(attrs.get("resident")):
            raise serializers.ValidationError(
                {"household": ["Geef precies één van beide op: een huishouden of een inwoner."]}
            )
        return attrs


class ConsentCreateSerializer(StrictSerializer):
    resident = serializers.UUIDField(help_text="Een huidig lid van een huishouden dat u mag zien.")
    basis = serializers.ChoiceField(
        choices=Basis.choices,
        default=Basis.CONSENT,
        error_messages={"invalid_choice": "Kies de grondslag: toestemming of wettelijk."},
    )
    legal_basis = serializers.ChoiceField(
        choices=LegalBasis.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": "Kies een wettelijke grondslag uit de lijst."},
    )
    organisations = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)
    parts = serializers.ListField(
        child=serializers.CharField(max_length=20), allow_empty=True, help_text=PARTS_HELP
    )
    purpose = serializers.CharField(allow_blank=True, max_length=300)
    given_on = serializers.DateField()
    method = serializers.ChoiceField(
        choices=ConsentMethod.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": "Kies hoe de toestemming is gegeven uit de lijst."},
    )
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_parts(self, value: list[str]) -> list[str]:
        if any(part not in DossierPart.values for part in value):
            raise serializers.ValidationError("Kies alleen onderdelen van het dossier uit de lijst.")
        return value

    def validate_organisations(self, value: list[Any]) -> list[Organisation]:
        found = {o.uuid: o for o in Organisation.objects.filter(uuid__in=value)}
        if any(uuid not in found for uuid in value):
            raise serializers.ValidationError(UNKNOWN_ORGANISATION)
        return [found[uuid] for uuid in value]


# -- shares ------------------------------------------------------------------------------------------------
class ShareSerializer(serializers.ModelSerializer):
    class Meta:
        model = Share
        fields = [
            "uuid",
            "household",
            "organisation",
            "part",
            "shared_at",
            "ended_at",
            "consent_ok",
            "lacking",
        ]

    household = serializers.UUIDField(source="household.uuid", read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    consent_ok = serializers.SerializerMethodField(
        help_text="Of de toestemming nu in orde is (alleen voor lopende delingen; anders null)."
    )
    lacking = serializers.SerializerMethodField(help_text="Leden van wie geldige toestemming nu ontbreekt.")

    def _check(self, share: Share) -> selectors.CheckedShare | None:
        return self.context.get("checks", {}).get(share.pk)

    def get_consent_ok(self, share: Share) -> bool | None:
        check = self._check(share)
        return None if check is None else check.passes

    @extend_schema_field(ResidentRefSerializer(many=True))
    def get_lacking(self, share: Share) -> list[dict[str, Any]]:
        check = self._check(share)
        return [] if check is None else list(ResidentRefSerializer(check.lacking, many=True).data)


class ShareListQuerySerializer(QuerySerializer):
    household = serializers.UUIDField(help_text="Het huishouden.")


class ShareCreateSerializer(StrictSerializer):
    household = serializers.UUIDField()
    organisation = serializers.UUIDField()
    part = serializers.ChoiceField(
        choices=DossierPart.choices,
        error_messages={"invalid_choice": "Kies het onderdeel van het dossier dat u wilt delen."},
    )

    def validate_organisation(self, value: Any) -> Organisation:
        organisation = Organisation.objects.filter(uuid=value).first()
        if organisation is None:
            raise serializers.ValidationError(UNKNOWN_ORGANISATION)
        return organisation


# -- the partner's view ------------------------------------------------------------------------------------
class SharedHouseholdSerializer(serializers.Serializer):
    name = serializers.SerializerMethodField(help_text="De achternaam van de hoofdbewoner.")
    district = serializers.CharField(source="household.district.name", read_only=True)
    municipality = serializers.CharField(source="household.municipality.name", read_only=True)

    def get_name(self, share: Share) -> str:
        head = selectors.head_of(share)
        return head.formal_surname if head else ""


class SharedSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Share
        fields = ["uuid", "part", "organisation", "shared_at", "household"]

    organisation = OrganisationRefSerializer(read_only=True)
    household = SharedHouseholdSerializer(source="*", read_only=True)


class SharedActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = [
            "rung",
            "description",
            "performer",
            "performer_name",
            "organisation",
            "provision",
            "start_date",
            "end_date",
            "status",
        ]

    organisation = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True, default=None
    )


class SharedGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["domain", "description", "status", "members", "actions"]

    domain = serializers.CharField(source="domain.name", read_only=True)
    members = ResidentRefSerializer(many=True, read_only=True)
    actions = SharedActionSerializer(many=True, read_only=True)


class SharedPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["status", "start_date", "evaluation_date", "goals"]

    goals = SharedGoalSerializer(many=True, read_only=True)


class SharedScoreSerializer(serializers.Serializer):
    domain = serializers.CharField(source="domain.name", read_only=True)
    value = serializers.IntegerField(read_only=True, allow_null=True)
    situation = serializers.CharField(read_only=True)
    own_strength = serializers.CharField(read_only=True)
    network_strength = serializers.CharField(read_only=True)


class SharedScoringSerializer(serializers.Serializer):
    resident = ResidentRefSerializer(read_only=True)
    scores = SharedScoreSerializer(many=True, read_only=True)


class SharedReportSerializer(serializers.Serializer):
    held_on = serializers.DateField(source="report.held_on", read_only=True)
    instrument = serializers.CharField(source="report.instrument.name", read_only=True)
    story = serializers.CharField(source="report.story", read_only=True)
    wishes = serializers.CharField(source="report.wishes", read_only=True)
    scorings = SharedScoringSerializer(many=True, read_only=True)


class SharedDetailSerializer(serializers.Serializer):
    share = SharedSummarySerializer(read_only=True)
    plan = SharedPlanSerializer(
        read_only=True, allow_null=True, help_text="Bij onderdeel `plan`: het lopende plan."
    )
    report = SharedReportSerializer(
        read_only=True,
        allow_null=True,
        help_text="Bij onderdeel `uitvraag`: de laatste vastgestelde brede uitvraag.",
    )
