"""Consent test data: consents and shares with traits named after their state, and a plan and an uitvraag
made directly with the plans and assessment models (their services are not needed to read them)."""

import datetime

import factory
from django.utils import timezone

from wijkregie.assessment.constants import ReportStatus, ScoringMoment
from wijkregie.assessment.models import (
    ConversationReport,
    DomainScore,
    Instrument,
    InstrumentDomain,
    ScaleLevel,
    Scoring,
)
from wijkregie.consent.constants import Basis, ConsentMethod, DossierPart, LegalBasis
from wijkregie.consent.models import Consent, Share
from wijkregie.households.models import Household
from wijkregie.plans.constants import Performer, PlanStatus, Rung
from wijkregie.plans.models import Goal, Plan, PlanAction


class ConsentFactory(factory.django.DjangoModelFactory):
    """Consent in force since a month ago, for both parts. `organisations=[...]` sets the scope."""

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    class Params:
        withdrawn = factory.Trait(withdrawn_at=factory.LazyFunction(timezone.now))
        expired = factory.Trait(
            given_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60)),
            expires_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1)),
        )
        by_law = factory.Trait(basis=Basis.LAW, legal_basis=LegalBasis.WMO_ONDERZOEK, method="")

    resident = factory.SubFactory("wijkregie.households.tests.factories.ResidentFactory")
    basis = Basis.CONSENT
    legal_basis = LegalBasis.NONE
    parts = factory.LazyFunction(lambda: [DossierPart.UITVRAAG.value, DossierPart.PLAN.value])
    purpose = "Samenwerken aan het plan"
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    method = ConsentMethod.WRITTEN
    expires_on = None

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.organisations.set(extracted)


class ShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Share

    part = DossierPart.PLAN
    shared_at = factory.LazyFunction(timezone.now)


def instrument() -> tuple[Instrument, InstrumentDomain]:
    made, _ = Instrument.objects.get_or_create(
        key="test-zrm", municipality=None, defaults={"name": "ZRM (test)", "scale_min": 1, "scale_max": 5}
    )
    domain, _ = InstrumentDomain.objects.get_or_create(
        instrument=made, code="financien", defaults={"name": "Financiën", "position": 1}
    )
    ScaleLevel.objects.get_or_create(instrument=made, value=2, defaults={"label": "Niet zelfredzaam"})
    return made, domain


def open_plan(household: Household, *, goals: int = 1) -> Plan:
    """An active plan with `goals` goals, each for the head and with one action on the network rung."""
    _, domain = instrument()
    plan = Plan.objects.create(
        household=household, status=PlanStatus.ACTIVE, start_date=datetime.date(2025, 1, 6)
    )
    head = household.memberships.heads().get().resident
    for n in range(goals):
        goal = Goal.objects.create(
            plan=plan, domain=domain, description=f"Huurachterstand ingelopen {n}", position=n
        )
        goal.members.add(head)
        PlanAction.objects.create(
            goal=goal,
            rung=Rung.NETWORK,
            description="Samen de post openen",
            performer=Performer.NETWORK,
            performer_name="Buurvrouw Anja",
            start_date=datetime.date(2025, 1, 6),
            end_date=datetime.date(2025, 3, 31),
        )
    return plan


def final_report(
    household: Household, *, story: str = "We redden het niet meer met de rekeningen."
) -> ConversationReport:
    made, domain = instrument()
    report = ConversationReport.objects.create(
        household=household,
        instrument=made,
        held_on=datetime.date(2025, 1, 2),
        story=story,
        wishes="Rust in het hoofd",
        status=ReportStatus.FINAL,
        finalised_at=timezone.now(),
    )
    for membership in household.memberships.current().select_related("resident"):
        scoring = Scoring.objects.create(
            household=household,
            resident=membership.resident,
            instrument=made,
            moment=ScoringMoment.INTAKE,
            report=report,
            scored_on=report.held_on,
        )
        DomainScore.objects.create(scoring=scoring, domain=domain, value=2, situation="Huurachterstand")
    return report
