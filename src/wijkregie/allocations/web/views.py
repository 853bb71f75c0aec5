"""Allocation pages: allocating a beschikking (casework), one allocation (casework and the provider's
staff, who see what the message standard carries and report start and stop), the provider's list."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.allocations.constants import AllocationStatus
from wijkregie.allocations.policies import AllocationPolicy
from wijkregie.allocations.selectors import allocation as selectors
from wijkregie.allocations.services import allocation as services
from wijkregie.audit.constants import Action
from wijkregie.audit.services import record, record_reads
from wijkregie.core.forms import submitted
from wijkregie.decisions.selectors import beschikking_for
from wijkregie.households.services import dossier_open
from wijkregie.providers.selectors import providers_for

from .forms import AllocateForm, StartForm, StopForm

FORM_KEY = "formulier"


def _data(request: HttpRequest, key: str) -> Any:
    return request.POST if request.method == "POST" and request.POST.get(FORM_KEY) == key else None


@login_required
@require_http_methods(["GET", "POST"])
def beschikking_allocation(request: StaffRequest, beschikking_uuid: Any) -> HttpResponse:
    beschikking = beschikking_for(request.user, beschikking_uuid)
    maatwerk = beschikking.request
    household = dossier_open(acting_user=request.user, household_uuid=maatwerk.household.uuid)
    provision = maatwerk.provision
    on = beschikking.start_date or timezone.localdate()
    known = selectors.known_provider_ids(maatwerk.resident)
    providers = providers_for(
        household.municipality, household.district, provision.product_category, provision.product_code, on
    )
    form = AllocateForm(_data(request, "toewijzen"), providers=providers, known=known)
    created: list[Any] = []

    def save(data: dict[str, Any]) -> None:
        created.append(services.allocation_create(acting_user=request.user, beschikking=beschikking, **data))

    if submitted(request, form, save, "Toegewezen. Het toewijzingsbericht (301) is verstuurd."):
        return redirect("allocations:allocation_detail", created[0].uuid)
    context = {
        "household": household,
        "maatwerk": maatwerk,
        "beschikking": beschikking,
        "allocations": selectors.allocations_of_beschikking(beschikking),
        "form": form,
        "known": [p for p in providers if p.pk in known],
    }
    return render(request, "allocations/allocate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def allocation_detail(request: StaffRequest, allocation_uuid: Any) -> HttpResponse:
    allocation = selectors.allocation_for(request.user, allocation_uuid)
    provider_view = AllocationPolicy(request.user).is_provider_staff()
    household = None
    if provider_view:
        record(
            actor=request.user, action=Action.READ, obj=allocation, household_uuid=allocation.household.uuid
        )
    else:
        household = dossier_open(acting_user=request.user, household_uuid=allocation.household.uuid)
    standard = "ijw-3.2" if allocation.law == "jeugdwet" else "iwmo-3.2"
    start_form = StartForm(
        _data(request, "start"), prefix="start", initial={"started_on": timezone.localdate()}
    )
    stop_form = StopForm(
        _data(request, "stop"), prefix="stop", standard=standard, initial={"stopped_on": timezone.localdate()}
    )
    user = request.user
    if provider_view and submitted(
        request,
        start_form,
        lambda d: services.allocation_report_start(acting_user=user, allocation=allocation, **d),
        "De start van de zorg is doorgegeven.",
    ):
        return redirect("allocations:allocation_detail", allocation.uuid)
    if provider_view and submitted(
        request,
        stop_form,
        lambda d: services.allocation_report_stop(
            acting_user=user, allocation=allocation, stopped_on=d["stopped_on"], reason=d["reason"]
        ),
        "Het einde van de zorg is doorgegeven.",
    ):
        return redirect("allocations:allocation_detail", allocation.uuid)
    if request.method == "POST" and not provider_view:
        raise Http404
    context = {
        "allocation": allocation,
        "household": household,
        "provider_view": provider_view,
        "start_form": start_form,
        "stop_form": stop_form,
        "can_start": allocation.status in (AllocationStatus.ALLOCATED, AllocationStatus.ACCEPTED),
        "can_stop": allocation.status == AllocationStatus.STARTED,
        "messages_list": [] if provider_view else selectors.messages_of(allocation),
    }
    return render(request, "allocations/allocation_detail.html", context)


@login_required
def provider_worklist(request: HttpRequest) -> HttpResponse:
    """The provider's own allocations; nobody else has this page."""
    if not AllocationPolicy(request.user).is_provider_staff():
        raise Http404
    status = request.GET.get("status", "")
    if status not in AllocationStatus.values:
        status = ""
    rows = selectors.provider_worklist(request.user, status)
    shown = [(a.uuid, a.household.uuid) for a in rows]
    record_reads(actor=request.user, object_type="lijst.toewijzingen", shown=shown)
    context = {"allocations": rows, "status": status, "statuses": AllocationStatus.choices}
    return render(request, "allocations/provider_worklist.html", context)
