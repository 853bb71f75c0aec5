"""The beheerder's view of the recurring jobs (/beheer/achtergrondtaken/): per job its schedule, last run,
last failure and next run, the worker's last sign of life, and "Nu uitvoeren". 404 for everyone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from wijkregie.jobs import selectors, services


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    lines = selectors.job_overview(request.user)
    return render(request, "jobs/job_list.html", {"lines": lines, "worker": selectors.worker_status()})


@login_required
@require_GET
def job_detail(request: HttpRequest, name: str) -> HttpResponse:
    job, runs = selectors.job_runs(request.user, name)
    return render(request, "jobs/job_detail.html", {"job": job, "runs": runs})


@login_required
@require_POST
def job_start(request: HttpRequest, name: str) -> HttpResponse:
    run = services.job_start(acting_user=request.user, name=name)
    messages.info(request, f"{run.get_status_display()}: {run.summary}")
    return redirect("jobs:detail", name=name)
