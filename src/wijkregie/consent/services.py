"""Writes of consents and shares, and the audited read of a share by a partner organisation.

Each service checks the household policy (Http404 as if it did not exist), validates with Dutch messages per
field, owns its transaction, and writes the audit row and the timeline line in it: nothing is half-saved.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, Resident
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import current_membership
from wijkregie.households.services import household_log
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Organisation
from wijkregie.plans.models import Plan

from . import selectors
from .constants import Basis, ConsentMethod, DossierPart, LegalBasis
from .models import Consent, Share

PURPOSE_MAX = 300
EXPIRY_IN_PAST = "De geldigheid kan niet in het verleden eindigen."


def _visible_household(acting_user: User, household: Household) -> Household:
    """The household, when the policy lets the user see it (404 when not allowed)."""
    policy = HouseholdPolicy(acting_user)
    if not policy.can_view(household):
        raise Http404
    return household


def _current_household(acting_user: User, resident: Resident) -> Household:
    """The resident's current household, when the user may see it; else 404."""
    membership = current_membership(resident)
    if membership is None:
        raise Http404
    return _visible_household(acting_user, membership.household)


def _parts_text(parts: Iterable[str]) -> str:
    labels = [DossierPart(p).label.lower() for p in DossierPart.values if p in set(parts)]
    return " en ".join(labels)


def _names_text(organisations: Iterable[Organisation]) -> str:
    names = sorted(o.name for o in organisations)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _line(text: str) -> str:
    return text if len(text) <= 300 else text[:297] + "..."


def _clean_consent(
    *,
    household: Household,
    basis: str,
    legal_basis: str,
    organisations: list[Organisation],
    parts: list[str],
    purpose: str,
    given_on: date | None,
    method: str,
    expires_on: date | None,
) -> dict[str, list[str]]:
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if basis not in Basis.values:
        errors["basis"] = ["Kies de grondslag: toestemming van de inwoner of een wettelijke grondslag."]
    elif basis == Basis.CONSENT and method not in ConsentMethod.values:
        errors["method"] = ["Vul in hoe de toestemming is gegeven."]
    elif basis == Basis.LAW and (not legal_basis or legal_basis not in LegalBasis.values):
        errors["legal_basis"] = ["Kies de wettelijke grondslag."]
    if basis == Basis.LAW and method and method not in ConsentMethod.values:
        errors["method"] = ["Kies hoe de toestemming is gegeven."]
    if not parts:
        errors["parts"] = ["Kies minstens één onderdeel van het dossier."]
    elif any(p not in DossierPart.values for p in parts):
        errors["parts"] = ["Kies alleen onderdelen van het dossier uit de lijst."]
    if not organisations:
        errors["organisations"] = ["Kies minstens één organisatie."]
    else:
        partners = set(selectors.partner_organisations(household.municipality).values_list("pk", flat=True))
        if any(o.kind == OrganisationKind.CARE_PROVIDER for o in organisations):
            errors["organisations"] = [selectors.CARE_PROVIDER_REFUSED]
        elif any(o.pk not in partners for o in organisations):
            errors["organisations"] = ["Kies alleen partnerorganisaties die voor deze gemeente werken."]
    if not purpose.strip():
        errors["purpose"] = ["Vul het doel van het delen in."]
    elif len(purpose.strip()) > PURPOSE_MAX:
        errors["purpose"] = [f"Beschrijf het doel in hooguit {PURPOSE_MAX} tekens."]
    if not isinstance(given_on, date):
        errors["given_on"] = ["Vul de datum in waarop de toestemming is gegeven."]
    elif given_on > today:
        errors["given_on"] = ["De datum van de toestemming kan niet in de toekomst liggen."]
    if expires_on is not None:
        if expires_on < today:
            errors["expires_on"] = [EXPIRY_IN_PAST]
        elif isinstance(given_on, date) and expires_on < given_on:
            errors["expires_on"] = [
                "De geldigheid kan niet eindigen vóór de datum waarop de toestemming is gegeven."
            ]
    return errors


def consent_record(
    *,
    acting_user: User,
    resident: Resident,
    basis: str = Basis.CONSENT,
    legal_basis: str = LegalBasis.NONE,
    organisations: Iterable[Organisation],
    parts: Iterable[str],
    purpose: str,
    given_on: date | None,
    method: str = "",
    expires_on: date | None = None,
    channel: Channel = Channel.WEB,
) -> Consent:
    """Record a resident's consent, or the legal basis that makes consent unnecessary, for sharing parts of
    the dossier with organisations for a purpose. The resident must be a current member of a household the
    user may see."""
    household = _current_household(acting_user, resident)
    organisations = list(dict.fromkeys(organisations))
    parts = list(dict.fromkeys(parts))
    errors = _clean_consent(
        household=household,
        basis=basis,
        legal_basis=legal_basis or "",
        organisations=organisations,
        parts=parts,
        purpose=purpose or "",
        given_on=given_on,
        method=method or "",
        expires_on=expires_on,
    )
    if errors or given_on is None:
        raise ValidationError(errors)
    is_law = basis == Basis.LAW
    with transaction.atomic():
        consent = Consent.objects.create(
            resident=resident,
            basis=basis,
            legal_basis=legal_basis if is_law else LegalBasis.NONE,
            parts=[p for p in DossierPart.values if p in parts],
            purpose=purpose.strip(),
            given_on=given_on,
            method=method or "",
            expires_on=expires_on,
            recorded_by=acting_user,
        )
        consent.organisations.set(organisations)
        what = "Wettelijke grondslag" if is_law else "Toestemming"
        household_log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=consent,
            kind=TimelineKind.CONSENT,
            description=_line(
                f"{what} vastgelegd voor {_parts_text(parts)} met {_names_text(organisations)}"
            ),
            fields=[
                "basis",
                "legal_basis",
                "organisations",
                "parts",
                "purpose",
                "given_on",
                "method",
                "expires_on",
            ],
            channel=channel,
        )
    return consent


def consent_withdraw(*, acting_user: User, consent: Consent, channel: Channel = Channel.WEB) -> Consent:
    """Withdraw a consent (or end a recorded legal basis) at once: every later share check and every later
    read of a share sees it. Only the first withdrawal counts (a conditional update, safe under races)."""
    household = _current_household(acting_user, consent.resident)
    now = timezone.now()
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now, updated_at=now
        )
        if not updated:
            raise ValidationError({"consent": ["Deze toestemming is al ingetrokken."]})
        consent.withdrawn_at = now
        description = (
            "Wettelijke grondslag beëindigd" if consent.basis == Basis.LAW else "Toestemming ingetrokken"
        )
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=consent,
            kind=TimelineKind.CONSENT,
            description=description,
            fields=["withdrawn_at"],
            channel=channel,
        )
    return consent


def _lacking_message(lacking: list[Resident]) -> str:
    names = [r.full_name for r in lacking]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    return (
        f"Er is geen geldige toestemming voor dit onderdeel en deze organisatie van: {who}. "
        "Leg eerst hun toestemming of de wettelijke grondslag vast."
    )


def share_create(
    *,
    acting_user: User,
    household: Household,
    organisation: Organisation,
    part: str,
    channel: Channel = Channel.WEB,
) -> Share:
    """Share a part of the dossier with a partner organisation, when every member who must consent has a
    consent (or legal basis) in force covering that part and organisation. Nothing is saved otherwise."""
    household = _visible_household(acting_user, household)
    errors = selectors.share_refusal(organisation, part)
    if not errors and not selectors.partner_organisations(household.municipality).filter(pk=organisation.pk):
        errors["organisation"] = ["Deze organisatie werkt niet voor de gemeente van dit huishouden."]
    if errors:
        raise ValidationError(errors)
    lacking = selectors.share_check(household, organisation, part)
    if lacking:
        raise ValidationError({"organisation": [_lacking_message(lacking)]})
    already = ValidationError({"part": ["Dit onderdeel is al gedeeld met deze organisatie."]})
    if Share.objects.filter(household=household, organisation=organisation, part=part, ended_at__isnull=True):
        raise already
    try:
        with transaction.atomic():
            share = Share.objects.create(
                household=household,
                organisation=organisation,
                part=part,
                shared_at=timezone.now(),
                shared_by=acting_user,
            )
            household_log(
                acting_user,
                household,
                action=Action.CREATE,
                obj=share,
                kind=TimelineKind.SHARED,
                description=_line(f"{DossierPart(part).label} gedeeld met {organisation.name}"),
                fields=["organisation", "part"],
                channel=channel,
            )
    except IntegrityError as exc:  # the same share made at the same moment
        raise already from exc
    return share


def share_end(*, acting_user: User, share: Share, channel: Channel = Channel.WEB) -> Share:
    """Stop sharing: the partner loses access at once."""
    household = _visible_household(acting_user, share.household)
    now = timezone.now()
    with transaction.atomic():
        updated = Share.objects.filter(pk=share.pk, ended_at__isnull=True).update(
            ended_at=now, updated_at=now
        )
        if not updated:
            raise ValidationError({"share": ["Het delen van dit onderdeel is al beëindigd."]})
        share.ended_at = now
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=share,
            kind=TimelineKind.SHARED,
            description=_line(
                f"Delen van {DossierPart(share.part).label.lower()} met {share.organisation.name} beëindigd"
            ),
            fields=["ended_at"],
            channel=channel,
        )
    return share


@dataclass
class SharedRead:
    share: Share
    plan: Plan | None = None
    report: selectors.SharedReport | None = None


def shared_open(*, acting_user: User, share_uuid: Any, channel: Channel = Channel.WEB) -> SharedRead:
    """A partner worker reads a shared part. The consent check runs now; a refusal is 404 like a missing
    share and writes nothing. A read writes an access row against the household."""
    with transaction.atomic():
        share = selectors.shared_share(acting_user, share_uuid)
        result = SharedRead(share=share)
        if share.part == DossierPart.PLAN:
            result.plan = selectors.shared_plan(share.household)
        else:
            result.report = selectors.shared_report(share.household)
        record(
            actor=acting_user,
            action=Action.READ,
            obj=share,
            household_uuid=share.household.uuid,
            fields=[share.part],
            channel=channel,
        )
    return result


def consents_expire(today: date | None = None) -> str:
    """The recurring job for consents whose validity ended. A consent stops counting at read time; this
    records the end on the household's timeline once, and ends every share of that household that no
    longer passes the consent check, so the dossier shows what the partner no longer sees."""
    today = today or timezone.localdate()
    ran_out = Consent.objects.filter(
        expires_on__lt=today, withdrawn_at__isnull=True, expiry_recorded_on__isnull=True
    ).select_related("resident")
    recorded = ended = 0
    for consent in ran_out.order_by("expires_on", "pk"):
        membership = current_membership(consent.resident)
        with transaction.atomic():
            if not Consent.objects.filter(pk=consent.pk, expiry_recorded_on__isnull=True).update(
                expiry_recorded_on=today
            ):
                continue
            recorded += 1
            if membership is None:
                record(
                    actor=None,
                    action=Action.UPDATE,
                    obj=consent,
                    fields=["expiry_recorded_on"],
                    channel=Channel.SYSTEM,
                )
                continue
            household = membership.household
            household_log(
                None,
                household,
                action=Action.UPDATE,
                obj=consent,
                kind=TimelineKind.CONSENT,
                description=f"Toestemming verlopen (geldig tot {consent.expires_on:%d-%m-%Y})",
                fields=["expiry_recorded_on"],
                channel=Channel.SYSTEM,
            )
            ended += _shares_end_without_consent(household, today)
    return f"{recorded} verlopen toestemming(en) vastgelegd, {ended} keer delen gestopt."


def _shares_end_without_consent(household: Household, today: date) -> int:
    active = list(
        Share.objects.filter(household=household, ended_at__isnull=True).select_related("organisation")
    )
    now, ended = timezone.now(), 0
    for checked in selectors.check_shares(active, today):
        share = checked.share
        if checked.passes or not Share.objects.filter(pk=share.pk, ended_at__isnull=True).update(
            ended_at=now, updated_at=now
        ):
            continue
        household_log(
            None,
            household,
            action=Action.UPDATE,
            obj=share,
            kind=TimelineKind.SHARED,
            description=_line(
                f"Delen van {DossierPart(share.part).label.lower()} met {share.organisation.name} "
                "beëindigd: toestemming verlopen"
            ),
            fields=["ended_at"],
            channel=Channel.SYSTEM,
        )
        ended += 1
    return ended
