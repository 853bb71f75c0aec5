import datetime
import itertools

import factory
from django.utils import timezone

from wijkregie.core.identifiers import bsn_with_check_digit, search_key
from wijkregie.households.constants import Relation
from wijkregie.households.models import CaseloadEntry, Household, HouseholdMembership, Resident

_bases = itertools.count(10_000_000)


def next_bsn() -> str:
    while True:
        bsn = bsn_with_check_digit(next(_bases))
        if bsn:
            return bsn


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    bsn = factory.LazyFunction(next_bsn)
    given_names = "Jan Pieter"
    initials = "J.P."
    surname = factory.Sequence(lambda n: f"Jansen{n}")
    surname_search = factory.LazyAttribute(lambda o: search_key(o.surname))
    birth_date = datetime.date(1980, 5, 17)
    postcode = "9901AA"
    house_number = factory.Sequence(lambda n: n % 500 + 1)
    street = "Dorpsstraat"
    city = "Westerhoek"


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A household with one head member. Traits say where it sits: in a team's caseload, with a worker."""

    class Meta:
        model = Household
        skip_postgeneration_save = True

    district = factory.SubFactory("wijkregie.organisation.tests.factories.DistrictFactory")
    municipality = factory.LazyAttribute(lambda o: o.district.municipality)

    @factory.post_generation
    def head(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            resident = extracted or ResidentFactory(**kwargs)
            HouseholdMembership.objects.create(
                household=self,
                resident=resident,
                relation=Relation.HEAD,
                start_date=datetime.date(2020, 1, 1),
            )

    @factory.post_generation
    def in_caseload_of(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """in_caseload_of=team or (team, worker)."""
        if create and extracted:
            team, worker = extracted if isinstance(extracted, tuple) else (extracted, None)
            CaseloadEntry.objects.create(household=self, team=team, worker=worker, started_at=timezone.now())
