"""Household pages. Thin: forms validate input, services write, selectors read, policies decide (404)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.audit.services import record_reads
from wijkregie.core.forms import carrying_version, sent_version, submitted
from wijkregie.core.htmx import render_page
from wijkregie.households import selectors, services
from wijkregie.households.constants import TimelineKind
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.integrations.brp import BrpUnavailable

from .forms import (
    BreakGlassForm,
    BrpLookupForm,
    MemberEndForm,
    RepresentativeForm,
    ResidentEditForm,
    ResidentForm,
    SearchForm,
)


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _caseworker_or_404(request: HttpRequest) -> HouseholdPolicy:
    policy = HouseholdPolicy(request.user)
    if not policy.can_register():
        raise Http404
    return policy


WORKLIST = "lijst.werkvoorraad"  # the audit row of a list read names the list


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    policy = HouseholdPolicy(request.user)
    households = selectors.worklist(request.user) if policy.can_register() else []
    record_reads(actor=request.user, object_type=WORKLIST, shown=[(h.uuid, h.uuid) for h in households])
    return render(
        request,
        "households/worklist.html",
        {"households": households, "is_caseworker": policy.can_register()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def search(request: StaffRequest) -> HttpResponse:
    """Search uses POST so that a BSN or name never ends up in a URL, a log line or browser history."""
    _caseworker_or_404(request)
    form = SearchForm(_bound(request))
    results = None
    if request.method == "POST" and form.is_valid():
        criteria = selectors.SearchCriteria(**form.cleaned_data)
        results = services.search_logged(acting_user=request.user, criteria=criteria)
    return render_page(
        request,
        "households/search.html",
        "households/_search_results.html",
        {"form": form, "results": results},
    )


@login_required
def dossier(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = services.dossier_open(acting_user=request.user, household_uuid=household_uuid)
    policy = HouseholdPolicy(request.user)
    context = {
        "household": household,
        "timeline": selectors.timeline(household),
        "break_glass": household.seen_through_break_glass,
        "can_assign": policy.can_assign(household),
    }
    return render(request, "households/dossier.html", context)


@login_required
@require_http_methods(["GET"])
def timeline(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    """The whole timeline in pages, optionally one kind of step: every step of the work shows here."""
    household = services.dossier_open(acting_user=request.user, household_uuid=household_uuid)
    kind = request.GET.get("soort", "")
    if kind not in TimelineKind.values:
        kind = ""
    page = selectors.timeline_page(household, page=request.GET.get("pagina"), kind=kind)
    context = {
        "household": household,
        "entries": page.object_list,
        "page": page,
        "kind": kind,
        "kinds": TimelineKind.choices,
    }
    return render_page(request, "households/timeline.html", "households/_timeline_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: StaffRequest) -> HttpResponse:
    """Register a resident in a new household; 'Ophalen uit BRP' prefills the form from the BRP."""
    _caseworker_or_404(request)
    lookup = BrpLookupForm(prefix="brp")
    form = ResidentForm()
    if request.method == "POST" and "brp-bsn" in request.POST:
        lookup = BrpLookupForm(request.POST, prefix="brp")
        if lookup.is_valid():
            form = _prefilled(request, lookup)
    elif request.method == "POST":
        form = ResidentForm(request.POST)
        registered: list[Any] = []

        def save(data: dict[str, Any]) -> None:
            values = dict(data)
            relation = values.pop("relation")
            registered.append(
                services.resident_register(
                    acting_user=request.user, data=services.ResidentData(**values), relation=relation
                )
            )

        if submitted(request, form, save, "De inwoner is geregistreerd."):
            household = registered[0].memberships.current().get().household
            return redirect("households:dossier", household_uuid=household.uuid)
    return render(request, "households/register.html", {"form": form, "lookup": lookup})


def _prefilled(request: StaffRequest, lookup: BrpLookupForm) -> ResidentForm:
    bsn = lookup.cleaned_data["bsn"]
    try:
        person = services.brp_prefill(acting_user=request.user, bsn=bsn)
    except BrpUnavailable as error:
        messages.error(request, f"{error} Vul de gegevens met de hand in.")
        return ResidentForm(initial={"bsn": bsn})
    if person is None:
        messages.error(request, "De BRP kent geen persoon met dit BSN. Vul de gegevens met de hand in.")
        return ResidentForm(initial={"bsn": bsn})
    messages.success(request, "Gegevens opgehaald uit de BRP. Controleer ze en sla op.")
    initial = {
        name: getattr(person, name)
        for name in (
            "bsn",
            "given_names",
            "initials",
            "surname_prefix",
            "surname",
            "street",
            "house_number",
            "house_number_suffix",
            "postcode",
            "city",
        )
    }
    initial["birth_date"] = person.birth_date.strftime("%d-%m-%Y") if person.birth_date else ""
    return ResidentForm(initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: StaffRequest) -> HttpResponse:
    policy = HouseholdPolicy(request.user)
    if not policy.can_break_glass():
        raise Http404
    form = BreakGlassForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            household = services.break_glass_open(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_errors(error)
        except Http404:
            form.add_error(None, "Er is geen huishouden met dit BSN gevonden in de gemeenten die u bedient.")
        else:
            messages.warning(request, "U heeft toegang buiten uw werkvoorraad. Dit wordt beoordeeld.")
            return redirect("households:dossier", household_uuid=household.uuid)
    return render(request, "households/break_glass.html", {"form": form})


def _current_member_or_404(request: StaffRequest, household_uuid: Any, resident_uuid: Any) -> Any:
    """Open the dossier (an access row) and find a current member in it; anything else is 404."""
    household = services.dossier_open(acting_user=request.user, household_uuid=household_uuid)
    membership = next(
        (m for m in household.current_members if str(m.resident.uuid) == str(resident_uuid)),  # type: ignore[attr-defined]
        None,
    )
    if membership is None:
        raise Http404
    return membership


def _member_page(request: HttpRequest, form: Any, household: Any, title: str) -> HttpResponse:
    return render(
        request, "households/member_form.html", {"form": form, "household": household, "title": title}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    """Register a new resident as a member of this household."""
    household = HouseholdPolicy(request.user).get_visible_or_404(uuid=household_uuid)
    form = ResidentForm(_bound(request), initial={"relation": "kind"})

    def save(data: dict[str, Any]) -> None:
        values = dict(data)
        relation = values.pop("relation")
        services.resident_register(
            acting_user=request.user,
            data=services.ResidentData(**values),
            household=household,
            relation=relation,
        )

    if submitted(request, form, save, "Het lid is toegevoegd."):
        return redirect("households:dossier", household_uuid=household.uuid)
    return _member_page(request, form, household, "Lid toevoegen")


@login_required
@require_http_methods(["GET", "POST"])
def resident_edit(request: StaffRequest, household_uuid: Any, resident_uuid: Any) -> HttpResponse:
    membership = _current_member_or_404(request, household_uuid, resident_uuid)
    resident = membership.resident
    initial = {name: getattr(resident, name) for name in ResidentEditForm.base_fields}
    initial["birth_date"] = resident.birth_date.strftime("%d-%m-%Y")
    form = carrying_version(ResidentEditForm(_bound(request), initial=initial), resident)

    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.resident_update(
            acting_user=request.user, resident=resident, changes=data, expected_version=version
        )

    if submitted(request, form, save, "De gegevens zijn opgeslagen."):
        return redirect("households:dossier", household_uuid=household_uuid)
    return _member_page(request, form, membership.household, f"{resident.full_name} wijzigen")


@login_required
@require_http_methods(["GET", "POST"])
def representative_new(request: StaffRequest, household_uuid: Any, resident_uuid: Any) -> HttpResponse:
    membership = _current_member_or_404(request, household_uuid, resident_uuid)
    form = RepresentativeForm(_bound(request))

    def save(data: dict[str, Any]) -> None:
        services.representative_add(acting_user=request.user, resident=membership.resident, **data)

    if submitted(request, form, save, "De vertegenwoordiger is vastgelegd."):
        return redirect("households:dossier", household_uuid=household_uuid)
    return _member_page(
        request, form, membership.household, f"Vertegenwoordiger van {membership.resident.full_name}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: StaffRequest, household_uuid: Any, resident_uuid: Any) -> HttpResponse:
    membership = _current_member_or_404(request, household_uuid, resident_uuid)
    form = MemberEndForm(_bound(request))

    def save(data: dict[str, Any]) -> None:
        services.member_end(acting_user=request.user, membership=membership, **data)

    if submitted(request, form, save, "Het vertrek is vastgelegd."):
        return redirect("households:dossier", household_uuid=household_uuid)
    return _member_page(request, form, membership.household, f"Vertrek van {membership.resident.full_name}")
