"""Reading the steering store (never a person): cost per unique client, the ladder and the effect."""

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
    "CostCell", "CostPerClient", "EffectPer", "GoalEffect", "Ladder", "Per", "ScoreChanges",
    "cost_per_client", "cost_table", "goal_effect", "goal_table", "ladder", "ladder_table", "score_changes",
    "score_table",
]  # fmt: skip
