"""The resident's rows in the steering store, for the AVG inzage document: pseudonymised, yet still theirs.
Found by making their pseudonym again from their uuid with the store's key: their trajectories (one
query), and the rows of their own scores and of the households they were in (six)."""

from typing import Any

from wijkregie.households.models import HouseholdMembership, Resident

from .models import CareYear, GoalResult, LadderStep, MeldingFact, ScoreChange, TermFact
from .pseudonyms import household_key, person_key


def steering_rows_of(resident: Resident) -> list[dict[str, Any]]:
    rows = (
        CareYear.objects.filter(person=person_key(resident.uuid))
        .select_related("district", "provider__organisation")
        .order_by("year", "first_day", "pk")
    )
    return [
        {
            "jaar": row.year,
            "wet": row.law,
            "productcategorie": row.product_category,
            "categorie_cbs": row.get_wmo_category_display() if row.wmo_category else "",
            "wijk": row.district.name if row.district else "",
            "aanbieder": row.provider.organisation.name if row.provider else "",
            "eerste_dag": row.first_day.isoformat(),
            "laatste_dag": row.last_day.isoformat(),
            "verwacht_in_eurocent": row.expected_cents,
            "gedeclareerd_in_eurocent": row.declared_cents,
            "gerealiseerd_in_eurocent": row.realised_cents,
        }
        for row in rows
    ]


def effect_rows_of(resident: Resident) -> dict[str, list[dict[str, Any]]]:
    homes = [
        household_key(uuid)
        for uuid in HouseholdMembership.objects.filter(resident=resident).values_list(
            "household__uuid", flat=True
        )
    ]
    steps = LadderStep.objects.filter(household__in=homes).order_by("year", "quarter", "rung", "pk")
    goals = GoalResult.objects.filter(household__in=homes).select_related("domain").order_by("year", "pk")
    scores = (
        ScoreChange.objects.filter(person=person_key(resident.uuid))
        .select_related("domain", "instrument")
        .order_by("year", "domain__position", "pk")
    )
    meldingen = MeldingFact.objects.filter(household__in=homes).order_by("year", "month", "pk")
    terms = TermFact.objects.filter(household__in=homes).order_by("year", "month", "pk")
    return {
        "meldingen": [
            {
                "jaar": m.year,
                "maand": m.month,
                "kanaal": m.channel,
                "wet": m.law,
                "dagen_tot_plan": m.days_to_plan,
                "dagen_tot_beschikking": m.days_to_beschikking,
            }
            for m in meldingen
        ],
        "wettelijke_termijnen": [
            {
                "jaar": t.year,
                "maand": t.month,
                "termijn": t.get_term_display(),
                "uitkomst": t.get_outcome_display(),
            }
            for t in terms
        ],
        "acties_op_de_ladder": [
            {"jaar": s.year, "kwartaal": s.quarter, "trede": s.get_rung_display(), "wet": s.law}
            for s in steps
        ],
        "doelrealisatie": [
            {
                "jaar": g.year,
                "leefgebied": g.domain.name,
                "hoogste_trede": g.get_highest_rung_display(),
                "voorziening": g.provision,
                "wet": g.law,
                "score": g.score,
            }
            for g in goals
        ],
        "scoreverandering": [
            {
                "jaar": c.year,
                "instrument": c.instrument.name,
                "leefgebied": c.domain.name,
                "bij_de_uitvraag": c.baseline,
                "bij_de_evaluatie": c.latest,
            }
            for c in scores
        ],
    }


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"sturingsgegevens": steering_rows_of, "sturingsgegevens_effect": effect_rows_of}
