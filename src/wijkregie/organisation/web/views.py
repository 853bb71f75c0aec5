"""Beheer pages for the functioneel beheerder. Thin: forms validate, services write, policies decide (404)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkregie.accounts import selectors as staff_selectors
from wijkregie.accounts import services as staff_services
from wijkregie.accounts.policies import StaffPolicy
from wijkregie.core.forms import StyledForm, submitted
from wijkregie.organisation import selectors, services
from wijkregie.organisation.policies import OrganisationPolicy

from .forms import DistrictForm, StaffCreateForm, StaffUpdateForm, TeamForm


def _policy_or_404(request: HttpRequest) -> OrganisationPolicy:
    policy = OrganisationPolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest,
    form: StyledForm,
    write: Callable[..., Any],
    *,
    title: str,
    done: str,
    back: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST let the service write and return to the list, or show its errors."""
    if submitted(request, form, lambda data: write(acting_user=request.user, **data), done):
        return redirect(back)
    context = {"form": form, "title": title, "intro": intro, "back": back, **(extra or {})}
    return render(request, "organisation/form.html", context)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    policy = _policy_or_404(request)
    context = {
        "municipality": policy.municipalities().get(),
        "district_count": policy.visible_districts().count(),
        "team_count": policy.visible_teams().count(),
        "staff_count": StaffPolicy(request.user).visible().count(),
    }
    return render(request, "organisation/overview.html", context)


@login_required
@require_GET
def district_list(request: HttpRequest) -> HttpResponse:
    policy = _policy_or_404(request)
    districts = selectors.districts().filter(pk__in=policy.visible_districts())
    return render(request, "organisation/district_list.html", {"districts": districts})


@login_required
@require_http_methods(["GET", "POST"])
def district_create(request: HttpRequest) -> HttpResponse:
    _policy_or_404(request)
    return _form_page(
        request,
        DistrictForm(_data(request)),
        services.district_create,
        title="Nieuwe wijk",
        done="De wijk is aangemaakt.",
        back="organisation:district_list",
    )


@login_required
@require_http_methods(["GET", "POST"])
def district_update(request: HttpRequest, district_uuid: Any) -> HttpResponse:
    district = _policy_or_404(request).get_district_or_404(district_uuid)
    form = DistrictForm(_data(request), initial=DistrictForm.initial_for(district))
    return _form_page(
        request,
        form,
        partial(services.district_update, district=district),
        title=f"Wijk {district.name}",
        done="De wijk is opgeslagen.",
        back="organisation:district_list",
    )


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    policy = _policy_or_404(request)
    teams = selectors.teams().filter(pk__in=policy.visible_teams())
    return render(request, "organisation/team_list.html", {"teams": teams})


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    policy = _policy_or_404(request)
    form = TeamForm(_data(request), policy=policy, initial={"municipalities": list(policy.municipalities())})
    return _form_page(
        request,
        form,
        services.team_create,
        title="Nieuw team",
        done="Het team is aangemaakt.",
        back="organisation:team_list",
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_update(request: HttpRequest, team_uuid: Any) -> HttpResponse:
    policy = _policy_or_404(request)
    team = policy.get_team_or_404(team_uuid)
    form = TeamForm(_data(request), policy=policy, team=team, initial=TeamForm.initial_for(team))
    others = team.municipalities.exclude(pk__in=policy.municipalities()).order_by("name")
    intro = (
        (
            "Dit team bedient ook " + ", ".join(m.name for m in others) + ". Die gemeente en haar wijken "
            "blijven ongewijzigd; de beheerder daar beheert ze."
        )
        if others
        else ""
    )
    return _form_page(
        request,
        form,
        partial(services.team_update, team=team),
        title=f"Team {team.name}",
        done="Het team is opgeslagen.",
        back="organisation:team_list",
        intro=intro,
    )


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _policy_or_404(request)
    staff = staff_selectors.staff_list(request.user)
    return render(request, "organisation/staff_list.html", {"staff": staff})


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    _policy_or_404(request)
    form = StaffCreateForm(_data(request), policy=StaffPolicy(request.user))
    return _form_page(
        request,
        form,
        staff_services.staff_create,
        title="Nieuwe medewerker",
        done="De medewerker is aangemaakt.",
        back="organisation:staff_list",
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_update(request: HttpRequest, user_uuid: Any) -> HttpResponse:
    _policy_or_404(request)
    policy = StaffPolicy(request.user)
    staff = policy.get_visible_or_404(uuid=user_uuid)
    form = StaffUpdateForm(
        _data(request), policy=policy, staff=staff, initial=StaffUpdateForm.initial_for(staff, policy)
    )
    return _form_page(
        request,
        form,
        partial(staff_services.staff_update, user=staff),
        title=f"Medewerker {staff.display_name}",
        done="De medewerker is opgeslagen.",
        back="organisation:staff_list",
        intro=f"Gebruikersnaam: {staff.username}",
        extra={"two_factor_reset_url": reverse("organisation:staff_two_factor_reset", args=[staff.uuid])},
    )


@login_required
@require_POST
def staff_two_factor_reset(request: HttpRequest, user_uuid: Any) -> HttpResponse:
    """A lost phone: the staff member sets up a new authenticator at their next login."""
    _policy_or_404(request)
    staff = StaffPolicy(request.user).get_visible_or_404(uuid=user_uuid)
    staff_services.staff_two_factor_reset(acting_user=request.user, user=staff)
    messages.success(
        request, f"{staff.display_name} stelt bij de volgende keer inloggen tweestapsverificatie opnieuw in."
    )
    return redirect("organisation:staff_update", user_uuid=staff.uuid)
