import datetime

import factory
from django.utils import timezone

from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.terms import TERMS


class TaskFactory(factory.django.DjangoModelFactory):
    """A plain open task due in a week. Traits name the states: overdue, suspended, done, legal (a Wmo
    research term), plan (an evaluation date)."""

    class Meta:
        model = Task

    household = factory.SubFactory("wijkregie.households.tests.factories.HouseholdFactory")
    kind = TaskKind.OTHER
    term = ""
    title = factory.Sequence(lambda n: f"Taak {n}")
    start_date = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=7))
    original_due_on = factory.LazyAttribute(lambda o: o.due_on)
    status = TaskStatus.OPEN

    class Params:
        overdue = factory.Trait(
            start_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30)),
            due_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2)),
        )
        suspended = factory.Trait(
            status=TaskStatus.SUSPENDED,
            suspended_on=factory.LazyAttribute(lambda o: o.start_date),
            suspension_reason="Wacht op gegevens van de inwoner",
        )
        done = factory.Trait(status=TaskStatus.DONE, done_on=factory.LazyFunction(timezone.localdate))
        legal = factory.Trait(
            kind=TaskKind.LEGAL_TERM,
            term=Term.WMO_RESEARCH,
            title=TERMS[Term.WMO_RESEARCH].title,
            due_on=factory.LazyAttribute(lambda o: TERMS[Term.WMO_RESEARCH].end(o.start_date)),
        )
        plan = factory.Trait(kind=TaskKind.PLAN_DATE, term=Term.PLAN_EVALUATION, title="Plan evalueren")
