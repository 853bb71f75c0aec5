"""The plan goals a resident is part of, with actions and attainment, for the AVG inzage document."""

from typing import Any

from wijkregie.households.models import Resident

from .models import Goal, PlanVersion


def goals_of(resident: Resident) -> list[dict[str, Any]]:
    goals = (
        Goal.objects.filter(members=resident)
        .select_related("plan", "domain")
        .prefetch_related("actions__organisation", "attainments__evaluation")
        .order_by("plan__created_at", "position", "pk")
    )
    return [
        {
            "plan_status": goal.plan.get_status_display(),
            "leefgebied": goal.domain.name,
            "doel": goal.description,
            "status": goal.get_status_display(),
            "acties": [
                {
                    "trede": action.get_rung_display(),
                    "actie": action.description,
                    "wie": action.get_performer_display(),
                    "organisatie": action.organisation.name if action.organisation else None,
                    "vanaf": action.start_date.isoformat() if action.start_date else None,
                    "tot": action.end_date.isoformat() if action.end_date else None,
                    "status": action.get_status_display(),
                    "waarom_maatwerk": action.maatwerk_reason,
                }
                for action in goal.actions.all()
            ],
            "doelrealisatie": [
                {
                    "evaluatie_op": a.evaluation.held_on.isoformat(),
                    "score": a.score,
                    "betekenis": a.score_label,
                }
                for a in goal.attainments.all()
            ],
        }
        for goal in goals
    ]


def agreements_of(resident: Resident) -> list[dict[str, Any]]:
    versions = PlanVersion.objects.filter(agreed_by=resident).order_by("agreed_on", "pk")
    return [
        {
            "planversie": v.number,
            "akkoord_op": v.agreed_on.isoformat() if v.agreed_on else None,
            "hoe": v.get_agreement_method_display(),
        }
        for v in versions
    ]


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"plandoelen": goals_of, "akkoord_op_plan": agreements_of}
