"""The readable plan document (PDF) handed to the household, rendered from one frozen PlanVersion.

WeasyPrint is imported inside the function: the application runs (and every other page works) on a
machine without Pango; only this document then fails."""

from datetime import date
from itertools import groupby
from typing import Any

from django.template.loader import render_to_string

from .constants import AgreementMethod, Rung
from .models import PlanVersion

TEMPLATE = "plans/plan_document.html"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _who(action: dict[str, Any]) -> str:
    parts = [action["performer_label"]]
    name = action.get("performer_name") or action.get("organisation")
    if name:
        parts.append(name)
    return ": ".join(parts)


def document_context(version: PlanVersion) -> dict[str, Any]:
    """What the document shows, from the frozen version (goals, actions) and the household (regisseur,
    wijkpunt). Goals are ordered by member and life domain; actions grouped by rung, lightest first."""
    plan = version.plan
    household = plan.household
    content = version.content
    goals = []
    for goal in content.get("goals", []):
        actions = sorted(goal.get("actions", []), key=lambda a: a["rung"])
        rungs = [
            {
                "label": Rung(rung).label if rung in Rung.values else rung,
                "actions": [
                    {
                        **action,
                        "who": _who(action),
                        "start": _day(action.get("start_date")),
                        "end": _day(action.get("end_date")),
                    }
                    for action in group
                ],
            }
            for rung, group in groupby(actions, key=lambda a: a["rung"])
        ]
        goals.append(
            {
                **goal,
                "for_whom": ", ".join(m["name"] for m in goal.get("members", [])),
                "rungs": rungs,
            }
        )
    goals.sort(key=lambda g: (g["for_whom"], g["domain"].get("position", 0)))
    members = [
        m.resident
        for m in household.memberships.current()
        .select_related("resident")
        .order_by("relation", "resident__birth_date")
    ]
    head = members[0] if members else None
    return {
        "version": version,
        "plan": plan,
        "household": household,
        "surname": head.formal_surname if head else "",
        "members": members,
        "regisseur": household.regisseur,
        "district": household.district,
        "goals": goals,
        "start_date": _day(content.get("start_date")),
        "evaluation_date": _day(content.get("evaluation_date")),
        "agreement_method": (
            AgreementMethod(version.agreement_method).label if version.agreement_method else ""
        ),
        "made_on": version.created_at,
    }


def plan_version_html(version: PlanVersion) -> str:
    return render_to_string(TEMPLATE, document_context(version))


def plan_version_pdf(version: PlanVersion) -> bytes:
    import weasyprint  # here, not at module level: the app runs without Pango

    pdf: bytes = weasyprint.HTML(string=plan_version_html(version)).write_pdf()
    return pdf
