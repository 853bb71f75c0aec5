"""Factories for vroegsignalering rows, for tests that need a zaak at some stage without running the
import and matching services (those have their own tests)."""

import datetime
import hashlib
import itertools

import factory
from django.utils import timezone

from wijkregie.early_warning.constants import FileFormat, PartnerType, SignalStatus, Source
from wijkregie.early_warning.models import (
    ContactAttempt,
    EarlyWarningSettings,
    MatchingRun,
    Signal,
    SignalCase,
    SignalFile,
)

_ids = itertools.count(1)


class SettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarlyWarningSettings
        django_get_or_create = ("municipality",)


class SignalFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignalFile

    name = factory.Sequence(lambda n: f"signalen-{n}.json")
    sha256 = factory.Sequence(lambda n: hashlib.sha256(f"bestand {n}".encode()).hexdigest())
    file_format = FileFormat.JSON
    source = Source.PAGE
    received_at = factory.LazyFunction(timezone.now)
    signal_count = 0


class MatchingRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRun

    period_start = datetime.date(2026, 10, 1)
    period_end = datetime.date(2026, 10, 31)
    matched_on = datetime.date(2026, 11, 2)
    started_at = factory.LazyFunction(timezone.now)


class SignalCaseFactory(factory.django.DjangoModelFactory):
    """A zaak for `household`; pass `team` (the outreach team) and `municipality` to match the world."""

    class Meta:
        model = SignalCase

    matching_run = factory.SubFactory(
        MatchingRunFactory, municipality=factory.SelfAttribute("..municipality")
    )
    period_start = factory.SelfAttribute("matching_run.period_start")
    period_end = factory.SelfAttribute("matching_run.period_end")
    matched_on = factory.SelfAttribute("matching_run.matched_on")
    district = factory.SelfAttribute("household.district")
    oldest_signal_on = factory.SelfAttribute("period_start")


class SignalFactory(factory.django.DjangoModelFactory):
    """A signal; with `case` and `resident` it is a matched signal in that zaak."""

    class Meta:
        model = Signal

    file = factory.SubFactory(SignalFileFactory, municipality=factory.SelfAttribute("..municipality"))
    external_id = factory.LazyFunction(lambda: f"VS-{next(_ids):07d}")
    partner_type = PartnerType.RENT
    amount = 400
    signal_date = datetime.date(2026, 10, 5)
    bsn = factory.LazyAttribute(lambda o: o.resident.bsn if o.resident else "")
    postcode = factory.LazyAttribute(lambda o: "" if o.resident else "9711AB")
    status = factory.LazyAttribute(lambda o: SignalStatus.MATCHED if o.case else SignalStatus.NEW)
    household = factory.LazyAttribute(lambda o: o.case.household if o.case else None)
    resident = None
    case = None


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttempt

    kind = "Telefoon"
    made_on = datetime.date(2026, 11, 5)
    day_part = "Ochtend"
    reached = False
