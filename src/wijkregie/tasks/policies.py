"""Who sees and who works on a task.

A task is visible exactly when its household is (HouseholdPolicy). A visible task may be acted on
(complete, suspend, resume, extend, reassign) by a casework user on the task's team (the teamleider
included), by its assignee, or by the household's regisseur. A task that belongs to no team may be acted
on by the members of a team that has the household in its active caseload.
"""

from typing import Any

from django.db.models import Q, QuerySet

from wijkregie.accounts.constants import Role
from wijkregie.core.policies import Policy
from wijkregie.households.models import CaseloadEntry, Household
from wijkregie.households.policies import HouseholdPolicy

from .models import Task


class TaskPolicy(Policy[Task]):
    model = Task

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.households = HouseholdPolicy(user)
        self._team_ids: frozenset[int] | None = None
        self._caseload_teams: dict[int, frozenset[int]] = {}

    # -- what a user sees ----------------------------------------------------------------------------
    def is_caseworker(self) -> bool:
        return self.households.can_register()

    def q(self, path: str = "") -> Q:
        """The visibility predicate for tasks (or, with `path`, for a model that reaches a task)."""
        prefix = f"{path}__" if path else ""
        return self.households.q(f"{prefix}household")

    def visible(self) -> QuerySet[Task]:
        return Task.objects.filter(self.q())

    # -- what a user may do ----------------------------------------------------------------------------
    def team_ids(self) -> frozenset[int]:
        """The user's own teams (one query, then remembered)."""
        if self._team_ids is None:
            if not self.is_caseworker():
                self._team_ids = frozenset()
            else:
                self._team_ids = frozenset(self.households.own_team_ids().values_list("team_id", flat=True))
        return self._team_ids

    def caseload_team_ids(self, household: Household | int) -> frozenset[int]:
        """The user's teams that have this household in their active caseload (remembered per household)."""
        household_id = household if isinstance(household, int) else household.pk
        if household_id not in self._caseload_teams:
            if not self.team_ids():
                found: frozenset[int] = frozenset()
            else:
                found = frozenset(
                    CaseloadEntry.objects.filter(
                        household_id=household_id, ended_at__isnull=True, team_id__in=self.team_ids()
                    ).values_list("team_id", flat=True)
                )
            self._caseload_teams[household_id] = found
        return self._caseload_teams[household_id]

    def may_act_on_visible(self, task: Task, *, regisseur_id: int | None = None) -> bool:
        """The acting rule for a task already known to be visible (from a visible queryset): no visibility
        query. `regisseur_id` may be passed when the household is not loaded."""
        if not self.is_caseworker():
            return False
        user_id = self.user.pk
        if task.assignee_id == user_id:
            return True
        if regisseur_id is None:
            regisseur_id = task.household.regisseur_id
        if regisseur_id == user_id:
            return True
        if task.team_id is not None:
            return task.team_id in self.team_ids()
        return bool(self.caseload_team_ids(task.household_id))

    def can_act(self, task: Task) -> bool:
        """Visible, and the user is on the task's team, its assignee or the household's regisseur."""
        if not self.is_caseworker() or not self.can_view(task):
            return False
        return self.may_act_on_visible(task)

    def can_create(self, household: Household) -> bool:
        """A manual task on a visible household, by a member of a team that has it in caseload."""
        return (
            self.is_caseworker()
            and self.households.can_view(household)
            and bool(self.caseload_team_ids(household))
        )

    def can_see_caseload(self) -> bool:
        return self.is_caseworker() and self.user.role == Role.TEAMLEIDER


def task_policy(user: Any) -> TaskPolicy:
    return TaskPolicy(user)
