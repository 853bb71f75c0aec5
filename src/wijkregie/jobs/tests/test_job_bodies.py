"""What each recurring job does, and that a second run does nothing more: break-the-glass and consent
expiry, overdue legal terms, expired sessions, vroegsignalen past their term. Every change has its audit
row as the system's."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.module_loading import import_string

from wijkregie.accounts.services import sessions_clear_expired
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.consent.services import consents_expire
from wijkregie.consent.tests.factories import ConsentFactory, ShareFactory
from wijkregie.early_warning.constants import SignalStatus
from wijkregie.early_warning.models import MonthTally, Signal
from wijkregie.early_warning.tests.factories import SignalFactory
from wijkregie.households.models import BreakGlassGrant, TimelineEntry
from wijkregie.households.services import break_glass_expire
from wijkregie.jobs.definitions import JOBS
from wijkregie.tasks.constants import TaskKind, Term
from wijkregie.tasks.services import overdue_terms_record
from wijkregie.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _lines(household, starting):
    return list(
        TimelineEntry.objects.filter(household=household, description__startswith=starting).values_list(
            "description", flat=True
        )
    )


def _system_rows(obj):
    return list(
        AuditEvent.objects.filter(object_uuid=obj.uuid, channel=Channel.SYSTEM).values_list(
            "action", "fields"
        )
    )


def test_break_the_glass_that_ran_out_is_closed_once(world, otto_through_glass):
    grant = BreakGlassGrant.objects.get(user=world.otto)
    assert break_glass_expire() == "0 doorbroken toegang(en) afgesloten."  # still running
    later = grant.expires_at + timedelta(minutes=1)
    assert break_glass_expire(later) == "1 doorbroken toegang(en) afgesloten."
    assert break_glass_expire(later) == "0 doorbroken toegang(en) afgesloten."
    grant.refresh_from_db()
    assert grant.expiry_recorded_at == later
    assert _lines(world.household, "Toegang buiten werkvoorraad van") == [
        f"Toegang buiten werkvoorraad van {world.otto.display_name} verlopen"
    ]
    assert _system_rows(grant) == [(Action.UPDATE, ["expiry_recorded_at"])]


def test_an_overdue_legal_term_goes_on_the_timeline_once(world):
    today = timezone.localdate()
    passed = {"start_date": today - timedelta(days=50), "due_on": today - timedelta(days=1)}
    overdue = TaskFactory(household=world.household, legal=True, assignee=world.anna, **passed)
    TaskFactory(household=world.household, legal=True, assignee=world.anna, due_on=today)  # due today
    TaskFactory(household=world.household, **passed)  # not a legal term
    TaskFactory(household=world.household, legal=True, done=True, **passed)  # met
    reminder = TaskFactory(
        household=world.household, kind=TaskKind.PLAN_DATE, term=Term.REINDICATION, **passed
    )
    assert overdue_terms_record() == "2 verstreken termijn(en) vastgelegd."
    assert overdue_terms_record() == "0 verstreken termijn(en) vastgelegd."
    assert sorted(_lines(world.household, "Termijn verstreken")) == sorted(
        f"Termijn verstreken: {task.title} (uiterlijk {task.due_on:%d-%m-%Y})" for task in (overdue, reminder)
    )
    assert _system_rows(overdue) == [(Action.UPDATE, ["overdue_recorded_on"])]


def test_an_expired_consent_is_recorded_and_the_share_it_carried_ends(world):
    head = world.household.memberships.heads().get().resident
    partner = world.welfare.organisation
    consent = ConsentFactory(resident=head, expired=True, organisations=[partner])
    share = ShareFactory(household=world.household, organisation=partner, shared_by=world.anna)
    kept = ConsentFactory(resident=head, organisations=[partner])  # still in force: untouched

    assert consents_expire() == "1 verlopen toestemming(en) vastgelegd, 0 keer delen gestopt."
    share.refresh_from_db()
    assert share.ended_at is None  # the other consent still covers the share

    kept.expires_on = timezone.localdate() - timedelta(days=1)
    kept.save()
    assert consents_expire() == "1 verlopen toestemming(en) vastgelegd, 1 keer delen gestopt."
    assert consents_expire() == "0 verlopen toestemming(en) vastgelegd, 0 keer delen gestopt."
    share.refresh_from_db()
    assert share.ended_at is not None
    consent.refresh_from_db()
    assert consent.expiry_recorded_on == timezone.localdate()
    assert len(_lines(world.household, "Toestemming verlopen")) == 2
    assert _lines(world.household, "Delen van") == [
        f"Delen van huishoudplan met {partner.name} beëindigd: toestemming verlopen"
    ]


def test_expired_sessions_are_removed(world):
    for _ in range(2):
        store = SessionStore()
        store.create()
    Session.objects.filter(pk__in=list(Session.objects.values_list("pk", flat=True)[:1])).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert sessions_clear_expired() == "1 verlopen sessie(s) verwijderd."
    assert Session.objects.count() == 1


def test_old_signals_not_picked_up_are_deleted_by_the_nightly_job_once(world):
    old = SignalFactory(municipality=world.west, signal_date=timezone.localdate() - timedelta(days=200))
    Signal.objects.filter(pk=old.pk).update(status=SignalStatus.REPEATED)
    job = import_string(JOBS["vroegsignalen-opschonen"].function)

    first, second = job(), job()

    assert first.startswith("1 niet opgepakte signalen") and second.startswith("0 niet opgepakte signalen")
    assert not Signal.objects.exists()
    assert MonthTally.objects.get().signals == 1
    assert _system_rows_of("early_warning.signal") == [(Action.DELETE, ["reden=niet opgepakt", "signalen=1"])]


def _system_rows_of(object_type):
    return list(
        AuditEvent.objects.filter(object_type=object_type, channel=Channel.SYSTEM).values_list(
            "action", "fields"
        )
    )
