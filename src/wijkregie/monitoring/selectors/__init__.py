"""Reading the steering store (never a person): cost per unique client, the ladder and the effect."""

from .access import AccessPer, Demand, TermsMet, demand, demand_table, terms_met, terms_table
from .cost import CostCell, CostPerClient, Per, cost_per_client, cost_table
from .effect import (
    EffectPer,
    GoalEffect,
    Ladder,
    ScoreChanges,
    goal_effect,
    goal_table,
    ladder,
    ladder_table,
    score_changes,
    score_table,
)

__all__ = [
    "AccessPer",
    "CostCell",
    "CostPerClient",
    "Demand",
    "EffectPer",
    "GoalEffect",
    "Ladder",
    "Per",
    "ScoreChanges",
    "TermsMet",
    "cost_per_client",
    "cost_table",
    "demand",
    "demand_table",
    "goal_effect",
    "goal_table",
    "ladder",
    "ladder_table",
    "score_changes",
    "score_table",
    "terms_met",
    "terms_table",
]  # fmt: skip
