"""Intake API: meldingen (per household, the team's inbox, detail, re-route, accept, close), the beheerder's
triage rules and the routing figures. Thin: policies decide (404 for missing and not allowed alike), selectors
read, services write and audit with channel "api"."""

from datetime import date
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest, staff_of
from wijkregie.audit.constants import Channel
from wijkregie.audit.services import record_reads
from wijkregie.core.api import (
    IF_MATCH,
    NOT_FOUND,
    UNAUTHENTICATED,
    VERSION_ERRORS,
    checked_query,
    expected_version,
    with_version,
)
from wijkregie.core.api import validated as _valid
from wijkregie.households import services as household_services
from wijkregie.intake import selectors, services, triage
from wijkregie.intake.policies import MeldingPolicy, RoutingStatsPolicy, TriageRulePolicy

from . import serializers as s

INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen; `non_field_errors` of "
    "`__all__` "
    "voor meldingen over het geheel. Er is niets opgeslagen.",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}
HOUSEHOLD_PARAM = OpenApiParameter(
    "huishouden",
    OpenApiTypes.UUID,
    description="Alleen de meldingen van dit huishouden (het dossier wordt gelogd).",
)


def _caseworker_or_404(request: Request) -> MeldingPolicy:
    policy = MeldingPolicy(request.user)
    if not policy.is_caseworker():
        raise Http404
    return policy


def _melding_data(values: dict[str, Any]) -> services.MeldingData:
    values.setdefault("acute_threat", "")
    return services.MeldingData(**values)


def _detail(melding: Any) -> dict[str, Any]:
    fresh = selectors.melding_after_write(melding.pk)
    return s.MeldingDetailSerializer(fresh).data


# -- meldingen -----------------------------------------------------------------------------------------------
@extend_schema(tags=["meldingen"])
class MeldingListView(generics.ListAPIView):
    serializer_class = s.MeldingInboxSerializer

    @extend_schema(
        operation_id="meldingen_list",
        summary="Meldingen van mijn team(s), of van één huishouden",
        description="Zonder parameter: de open meldingen die naar uw team(s) zijn gerouteerd, crisis eerst "
        "en dan de oudste. Met `huishouden`: alle meldingen van dat huishouden (als u het mag zien).",
        parameters=[HOUSEHOLD_PARAM],
        responses={200: s.MeldingInboxSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _caseworker_or_404(request)
        checked_query(request, uuids=("huishouden",))
        household_uuid = request.query_params.get("huishouden")
        if household_uuid:
            household = household_services.dossier_open(
                acting_user=staff_of(request), household_uuid=household_uuid, channel=Channel.API
            )
            rows = selectors.household_meldingen(request.user, household)
        else:
            rows = selectors.team_inbox(request.user)
        page = self.paginate_queryset(rows) or []
        if not household_uuid:  # a household's own meldingen: its dossier read is the access row
            shown = [(m.uuid, m.household.uuid) for m in page]
            record_reads(actor=request.user, object_type="lijst.meldingen", shown=shown, channel=Channel.API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["meldingen"])
class HouseholdMeldingenView(generics.ListAPIView):
    serializer_class = s.MeldingDetailSerializer

    @extend_schema(
        operation_id="household_meldingen_list",
        summary="Meldingen van een huishouden",
        description="Nieuwste eerst, met hun routering. Elke inzage wordt gelogd.",
        responses={200: s.MeldingDetailSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, household_uuid: UUID) -> Response:  # type: ignore[override]
        household = household_services.dossier_open(
            acting_user=request.user, household_uuid=household_uuid, channel=Channel.API
        )
        page = self.paginate_queryset(selectors.household_meldingen(request.user, household))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="household_meldingen_create",
        summary="Melding over een lid van het huishouden",
        description="De melding wordt direct gerouteerd volgens de triageregels van de gemeente; wettelijke "
        "termijnen worden taken voor het ontvangende team.",
        request=s.MeldingCreateSerializer,
        responses={201: s.MeldingDetailSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        _caseworker_or_404(request)
        household = household_services.dossier_open(
            acting_user=request.user, household_uuid=household_uuid, channel=Channel.API
        )
        data = _valid(s.MeldingCreateSerializer, request)
        resident_uuid = str(data.pop("resident"))
        member = next(
            (m.resident for m in household.current_members if str(m.resident.uuid) == resident_uuid),  # type: ignore[attr-defined]
            None,
        )
        if member is None:
            return Response(
                {"resident": ["Deze inwoner is geen lid van dit huishouden."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        melding = services.melding_create(
            acting_user=request.user,
            household=household,
            resident=member,
            data=_melding_data(data),
            channel=Channel.API,
        )
        return Response(_detail(melding), status=status.HTTP_201_CREATED)


@extend_schema(tags=["meldingen"])
class MeldingDetailView(APIView):
    @extend_schema(
        operation_id="meldingen_retrieve",
        summary="Eén melding met haar routering",
        description="Elke inzage wordt gelogd.",
        responses={200: s.MeldingDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, melding_uuid: UUID) -> Response:
        melding = services.melding_open(
            acting_user=request.user, melding_uuid=melding_uuid, channel=Channel.API
        )
        return Response(s.MeldingDetailSerializer(melding).data)


@extend_schema(tags=["meldingen"])
class MeldingRerouteView(APIView):
    @extend_schema(
        operation_id="meldingen_reroute",
        summary="Hoort bij de ander: omrouteren",
        description="Voor het team waar de melding ligt (of de backoffice). Telt mee in de "
        "routeringscijfers; het huishouden gaat over naar het nieuwe team, open termijnen gaan mee.",
        request=s.RerouteSerializer,
        responses={200: s.MeldingRoutingSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, melding_uuid: UUID) -> Response:
        _caseworker_or_404(request)
        melding = selectors.melding_visible(request.user, melding_uuid)
        if not MeldingPolicy(request.user).can_reroute(melding):
            raise Http404
        data = _valid(s.RerouteSerializer, request)
        routing = services.melding_reroute(
            acting_user=request.user, melding=melding, channel=Channel.API, **data
        )
        return Response(s.MeldingRoutingSerializer(routing).data)


class _StatusView(APIView):
    write: Any = None

    def post(self, request: Request, melding_uuid: UUID) -> Response:
        _caseworker_or_404(request)
        melding = selectors.melding_visible(request.user, melding_uuid)
        type(self).write(acting_user=request.user, melding=melding, channel=Channel.API)
        return Response(_detail(melding))


@extend_schema(tags=["meldingen"])
class MeldingAcceptView(_StatusView):
    write = services.melding_accept

    @extend_schema(
        operation_id="meldingen_accept",
        summary="In behandeling nemen",
        description="Voor het team waar de melding naartoe is gerouteerd.",
        request=None,
        responses={200: s.MeldingDetailSerializer, **ERRORS},
    )
    def post(self, request: Request, melding_uuid: UUID) -> Response:
        return super().post(request, melding_uuid)


@extend_schema(tags=["meldingen"])
class MeldingCloseView(_StatusView):
    write = services.melding_close

    @extend_schema(
        operation_id="meldingen_close",
        summary="Afsluiten",
        description="Voor het team waar de melding ligt. Het dossier en de termijnen lopen door.",
        request=None,
        responses={200: s.MeldingDetailSerializer, **ERRORS},
    )
    def post(self, request: Request, melding_uuid: UUID) -> Response:
        return super().post(request, melding_uuid)


# -- triage rules --------------------------------------------------------------------------------------------
def _rules_policy_or_404(request: Request) -> TriageRulePolicy:
    policy = TriageRulePolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


def _rule_data(values: dict[str, Any]) -> services.TriageRuleData:
    values.setdefault("multi_problem", "")
    return services.TriageRuleData(**values)


@extend_schema(tags=["triage"])
class TriageRuleListView(generics.ListAPIView):
    serializer_class = s.TriageRuleSerializer

    @extend_schema(
        operation_id="triage_rules_list",
        summary="Triageregels van mijn gemeente, in volgorde",
        description="Voor de functioneel beheerder van de gemeente.",
        responses={200: s.TriageRuleSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy = _rules_policy_or_404(request)
        page = self.paginate_queryset(policy.rules().order_by("position"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="triage_rules_create",
        summary="Nieuwe triageregel (achteraan)",
        request=s.TriageRuleInputSerializer,
        responses={201: s.TriageRuleSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _rules_policy_or_404(request)
        data = _valid(s.TriageRuleInputSerializer, request)
        rule = services.triage_rule_create(
            acting_user=request.user, data=_rule_data(data), channel=Channel.API
        )
        return Response(s.TriageRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["triage"])
class TriageRuleDetailView(APIView):
    @extend_schema(
        operation_id="triage_rules_retrieve",
        summary="Eén triageregel",
        responses={200: s.TriageRuleSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, rule_uuid: UUID) -> Response:
        rule = _rules_policy_or_404(request).get_rule_or_404(rule_uuid)
        return with_version(Response(s.TriageRuleSerializer(rule).data), rule)

    @extend_schema(
        operation_id="triage_rules_update",
        summary="Triageregel wijzigen",
        description="Stuur de hele regel; de volgorde wijzigt met `move/`. Met `If-Match` (de ETag of "
        "`version`) alleen als niemand de regel intussen wijzigde.",
        request=s.TriageRuleInputSerializer,
        parameters=[IF_MATCH],
        responses={200: s.TriageRuleSerializer, 412: VERSION_ERRORS[412], **ERRORS},
    )
    def put(self, request: StaffApiRequest, rule_uuid: UUID) -> Response:
        rule = _rules_policy_or_404(request).get_rule_or_404(rule_uuid)
        data = _valid(s.TriageRuleInputSerializer, request)
        rule = services.triage_rule_update(
            acting_user=request.user,
            rule=rule,
            data=_rule_data(data),
            expected_version=expected_version(request),
            channel=Channel.API,
        )
        return with_version(Response(s.TriageRuleSerializer(rule).data), rule)


@extend_schema(tags=["triage"])
class TriageRuleDeactivateView(APIView):
    @extend_schema(
        operation_id="triage_rules_deactivate",
        summary="Triageregel uitzetten",
        description="De regel houdt zijn plaats en geschiedenis; aanzetten kan met een wijziging (`active`).",
        request=None,
        responses={200: s.TriageRuleSerializer, **READ_ERRORS},
    )
    def post(self, request: StaffApiRequest, rule_uuid: UUID) -> Response:
        rule = _rules_policy_or_404(request).get_rule_or_404(rule_uuid)
        rule = services.triage_rule_deactivate(acting_user=request.user, rule=rule, channel=Channel.API)
        return Response(s.TriageRuleSerializer(rule).data)


@extend_schema(tags=["triage"])
class TriageRuleMoveView(APIView):
    @extend_schema(
        operation_id="triage_rules_move",
        summary="Triageregel een plaats omhoog of omlaag",
        request=s.TriageMoveSerializer,
        responses={200: s.TriageRuleSerializer(many=True), **ERRORS},
    )
    def post(self, request: StaffApiRequest, rule_uuid: UUID) -> Response:
        policy = _rules_policy_or_404(request)
        rule = policy.get_rule_or_404(rule_uuid)
        direction = _valid(s.TriageMoveSerializer, request)["direction"]
        services.triage_rule_move(
            acting_user=request.user, rule=rule, direction=direction, channel=Channel.API
        )
        return Response(s.TriageRuleSerializer(policy.rules().order_by("position"), many=True).data)


@extend_schema(tags=["triage"])
class TriageTrialView(APIView):
    @extend_schema(
        operation_id="triage_trial",
        summary="Proefroutering",
        description="Welke regel past op deze (verzonnen) melding, en waarom de andere niet. Er wordt niets "
        "opgeslagen.",
        request=s.TriageTrialSerializer,
        responses={200: s.TriageTrialResultSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _rules_policy_or_404(request)
        attrs = triage.MeldingAttrs(**_valid(s.TriageTrialSerializer, request))
        result = services.triage_trial(acting_user=request.user, attrs=attrs)
        body = {
            "target": result.target.value,
            "reason": result.reason,
            "rule": result.rule,
            "checks": [{"rule": c.rule, "matches": c.matches, "failed": c.failed} for c in result.checks],
        }
        return Response(s.TriageTrialResultSerializer(body).data)


# -- routing figures -----------------------------------------------------------------------------------------
@extend_schema(tags=["triage"])
class RoutingStatsView(APIView):
    @extend_schema(
        operation_id="routing_stats",
        summary="Routeringscijfers (alleen aantallen)",
        description="Meldingen per eerste bestemming, per kanaal en per maand, en hoeveel er zijn "
        "omgerouteerd. Voor beheerder en beleid van de gemeente en teamleiders van teams die haar bedienen.",
        parameters=[
            OpenApiParameter(
                "municipality", OpenApiTypes.UUID, description="Standaard: uw (eerste) gemeente."
            ),
            OpenApiParameter(
                "date_from", OpenApiTypes.DATE, description="Standaard: 1 januari van dit jaar."
            ),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="Standaard: vandaag."),
        ],
        responses={200: s.RoutingStatsSerializer, 400: INVALID, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipalities = list(RoutingStatsPolicy(request.user).municipalities())
        if not municipalities:
            raise Http404
        query = s.RoutingStatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        chosen = municipalities[0]
        if "municipality" in query.validated_data:
            by_uuid = {m.uuid: m for m in municipalities}
            if query.validated_data["municipality"] not in by_uuid:
                raise Http404
            chosen = by_uuid[query.validated_data["municipality"]]
        today = timezone.localdate()
        date_from = query.validated_data.get("date_from", date(today.year, 1, 1))
        date_to = query.validated_data.get("date_to", today)
        suppress = RoutingStatsPolicy(request.user).suppresses_small_cells()
        stats = selectors.routing_stats(chosen.pk, date_from, date_to, suppress=suppress)
        body = {**vars(stats), "municipality": chosen.uuid, "percentage": stats.percentage}
        return Response(s.RoutingStatsSerializer(body).data)
