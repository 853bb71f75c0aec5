"""Beheer pages for the functioneel beheerder. Thin: forms validate, services write, policies decide (404)."""

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from wijkregie.core.forms import carrying_version, form_page, posted
from wijkregie.organisation import selectors, services
from wijkregie.organisation.policies import OrganisationPolicy

from .forms import DistrictForm, TeamForm


def _policy_or_404(request: HttpRequest) -> OrganisationPolicy:
    policy = OrganisationPolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


_form_page = partial(form_page, template="partials/beheer_form.html")


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
        DistrictForm(posted(request)),
        services.district_create,
        title="Nieuwe wijk",
        done="De wijk is aangemaakt.",
        back="organisation:district_list",
    )


@login_required
@require_http_methods(["GET", "POST"])
def district_update(request: HttpRequest, district_uuid: Any) -> HttpResponse:
    district = _policy_or_404(request).get_district_or_404(district_uuid)
    form = DistrictForm(posted(request), initial=DistrictForm.initial_for(district))
    carrying_version(form, district)
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
    form = TeamForm(posted(request), policy=policy, initial={"municipalities": list(policy.municipalities())})
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
    form = TeamForm(posted(request), policy=policy, team=team, initial=TeamForm.initial_for(team))
    carrying_version(form, team)
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
