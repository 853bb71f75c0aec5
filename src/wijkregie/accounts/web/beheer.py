"""The beheer overview and the staff pages for the functioneel beheerder (/beheer/, /beheer/medewerkers/).
Thin: forms validate, services write, the StaffPolicy decides (404). Districts and teams are the
organisation app's pages; mandates the decisions app's."""

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
from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import carrying_version, form_page, posted

from .forms import StaffCreateForm, StaffUpdateForm


def _policy_or_404(request: HttpRequest) -> StaffPolicy:
    policy = StaffPolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


_form_page = partial(form_page, template="partials/beheer_form.html", back="accounts:staff_list")


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    policy = _policy_or_404(request)
    organisation = policy.organisation
    context = {
        "municipality": organisation.municipalities().get(),
        "district_count": organisation.visible_districts().count(),
        "team_count": organisation.visible_teams().count(),
        "staff_count": policy.visible().count(),
    }
    return render(request, "accounts/beheer_overview.html", context)


@login_required
@require_GET
def staff_list(request: StaffRequest) -> HttpResponse:
    _policy_or_404(request)
    staff = staff_selectors.staff_list(request.user)
    return render(request, "accounts/staff_list.html", {"staff": staff})


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(posted(request), policy=_policy_or_404(request))
    return _form_page(
        request,
        form,
        staff_services.staff_create,
        title="Nieuwe medewerker",
        done="De medewerker is aangemaakt.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_update(request: HttpRequest, user_uuid: Any) -> HttpResponse:
    policy = _policy_or_404(request)
    staff = policy.get_visible_or_404(uuid=user_uuid)
    form = StaffUpdateForm(
        posted(request), policy=policy, staff=staff, initial=StaffUpdateForm.initial_for(staff, policy)
    )
    carrying_version(form, staff)
    return _form_page(
        request,
        form,
        partial(staff_services.staff_update, user=staff),
        title=f"Medewerker {staff.display_name}",
        done="De medewerker is opgeslagen.",
        intro=f"Gebruikersnaam: {staff.username}",
        two_factor_reset_url=reverse("accounts:staff_two_factor_reset", args=[staff.uuid]),
    )


@login_required
@require_POST
def staff_two_factor_reset(request: StaffRequest, user_uuid: Any) -> HttpResponse:
    """A lost phone, or a first enrolment: the staff member sets up a new authenticator at their next login,
    with the activation code shown here once."""
    staff = _policy_or_404(request).get_visible_or_404(uuid=user_uuid)
    code = staff_services.staff_two_factor_reset(acting_user=request.user, user=staff)
    messages.success(
        request,
        f"{staff.display_name} stelt bij de volgende keer inloggen tweestapsverificatie opnieuw in, met "
        f"activeringscode {code}. Geef die persoonlijk of telefonisch door; hij werkt één keer en "
        f"verloopt na {staff_services.ENROLMENT_CODE_DAYS} dagen. Wijkregie toont hem niet nog eens.",
    )
    return redirect("accounts:staff_update", user_uuid=staff.uuid)
