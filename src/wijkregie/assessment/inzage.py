"""A resident's scores from the brede uitvraag and evaluations, for the AVG inzage document."""

from typing import Any

from wijkregie.households.models import Resident

from .models import Scoring


def scores_of(resident: Resident) -> list[dict[str, Any]]:
    scorings = (
        Scoring.objects.filter(resident=resident)
        .select_related("instrument", "report")
        .prefetch_related("scores__domain", "instrument__levels")
        .order_by("scored_on", "pk")
    )
    result = []
    for scoring in scorings:
        labels = {level.value: level.label for level in scoring.instrument.levels.all()}
        result.append(
            {
                "instrument": scoring.instrument.name,
                "moment": scoring.get_moment_display(),
                "gescoord_op": scoring.scored_on.isoformat(),
                "verhaal": scoring.report.story if scoring.report else "",
                "leefgebieden": [
                    {
                        "leefgebied": score.domain.name,
                        "score": score.value,
                        "betekenis": labels.get(score.value, "") if score.value is not None else "",
                        "situatie": score.situation,
                        "zelf": score.own_strength,
                        "netwerk": score.network_strength,
                    }
                    for score in sorted(scoring.scores.all(), key=lambda s: s.domain.position)
                ],
            }
        )
    return result


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"scores": scores_of}
