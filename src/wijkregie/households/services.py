"""Writes to residents and households. Each service owns its transaction, writes the audit row and the
timeline line with it, and refuses what the policy does not allow (Http404, as if it did not exist)."""

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record, record_reads
from wijkregie.core.concurrency import unique_or_refused
from wijkregie.core.identifiers import (
    is_valid_bsn,
    normalise_bsn,
    normalise_postcode,
    search_key,
    validate_postcode,
)
from wijkregie.core.text import plain_line
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.integrations.brp import BrpPerson, lookup_person
from wijkregie.organisation import selectors as organisation_selectors
from wijkregie.organisation.models import District, Team
from wijkregie.organisation.selectors import district_for_postcode

from .constants import Complexity, Relation, RepresentativeKind, TimelineKind
from .models import (
    BreakGlassGrant,
    CaseloadEntry,
    Household,
    HouseholdMembership,
    Representative,
    Resident,
    TimelineEntry,
)
from .policies import HouseholdPolicy
from .selectors import SearchCriteria, household_for_dossier, resident_visible, search


@dataclass
class ResidentData:
    bsn: str
    surname: str
    birth_date: date
    postcode: str
    house_number: int
    city: str
    given_names: str = ""
    initials: str = ""
    surname_prefix: str = ""
    house_number_suffix: str = ""
    street: str = ""
    phone: str = ""
    email: str = ""


# Names, address and phone: one line each, as the BRP and the iStandaarden messages carry them.
LINE_FIELDS = (
    "given_names",
    "initials",
    "surname_prefix",
    "surname",
    "street",
    "house_number_suffix",
    "city",
    "phone",
)


def _clean_resident_data(data: ResidentData) -> ResidentData:
    """Normalise and validate; raises ValidationError with Dutch messages per field (values never echoed)."""
    data.bsn = normalise_bsn(data.bsn)
    data.postcode = normalise_postcode(data.postcode)
    errors: dict[str, list[str]] = {}
    for name in LINE_FIELDS:
        try:
            setattr(data, name, plain_line(getattr(data, name)))
        except ValidationError as exc:
            errors[name] = list(exc.messages)
    if not is_valid_bsn(data.bsn):
        errors["bsn"] = ["Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."]
    try:
        validate_postcode(data.postcode)
    except ValidationError as exc:
        errors["postcode"] = list(exc.messages)
    if not data.surname.strip():
        errors["surname"] = ["Vul de geslachtsnaam in."]
    if not data.city.strip():
        errors["city"] = ["Vul de woonplaats in."]
    if not isinstance(data.birth_date, date) or data.birth_date > timezone.localdate():
        errors["birth_date"] = ["De geboortedatum kan niet in de toekomst liggen."]
    elif data.birth_date < date(1890, 1, 1):
        errors["birth_date"] = ["Deze geboortedatum is niet mogelijk."]
    if not data.house_number or data.house_number < 1 or data.house_number > 99999:
        errors["house_number"] = ["Vul een huisnummer tussen 1 en 99999 in."]
    if errors:
        raise ValidationError(errors)
    if not data.initials and data.given_names:
        data.initials = "".join(f"{name[0]}." for name in data.given_names.split())
    return data


OUTSIDE_DISTRICTS = "Dit adres ligt niet in een wijk van Wijkregie."


def _district_or_error(postcode: str, user: Any) -> District:
    district = district_for_postcode(postcode)
    policy = HouseholdPolicy(user)
    if district is None or not policy.served_municipality_ids().filter(
        municipality_id=district.municipality_id
    ):
        raise ValidationError(
            {"postcode": ["Deze postcode ligt niet in een wijk van een gemeente die u bedient."]}
        )
    return district


def _new_resident(data: ResidentData) -> Resident:
    if Resident.objects.filter(bsn=data.bsn).exists():
        raise ValidationError({"bsn": ["Er is al een inwoner met dit BSN geregistreerd."]})
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    try:
        with transaction.atomic():
            return Resident.objects.create(**values, surname_search=search_key(data.surname))
    except IntegrityError as exc:  # a concurrent registration of the same BSN
        raise ValidationError({"bsn": ["Er is al een inwoner met dit BSN geregistreerd."]}) from exc


def registering_team_for(user: Any, district: District) -> Team | None:
    """The acting user's team that serves this district (or at least its municipality)."""
    own = Team.objects.filter(memberships__user=user, municipalities=district.municipality_id)
    return own.filter(districts=district).first() or own.first()


def _timeline(household: Household, kind: TimelineKind, description: str, actor: Any) -> None:
    now = timezone.now()
    TimelineEntry.objects.create(
        household=household, occurred_at=now, kind=kind, description=description, actor=actor
    )
    Household.objects.filter(pk=household.pk).update(last_activity_at=now)


def _log(
    acting_user: User | None,
    household: Household,
    *,
    action: Action,
    obj: Any,
    kind: TimelineKind,
    description: str,
    fields: Any = (),
    channel: Channel = Channel.WEB,
    break_glass: bool | None = None,
) -> None:
    """Every change leaves two traces in its transaction: an audit row (who, what, which fields) and a
    line on the household's timeline (what happened, in words)."""
    record(
        actor=acting_user,
        action=action,
        obj=obj,
        household_uuid=household.uuid,
        fields=fields,
        channel=channel,
        break_glass=break_glass,
    )
    _timeline(household, kind, description, acting_user)


def household_log(
    acting_user: User | None,
    household: Household,
    *,
    action: Action,
    obj: Any,
    kind: TimelineKind,
    description: str,
    fields: Any = (),
    channel: Channel = Channel.WEB,
) -> None:
    """The public face of `_log` for the other domain apps: call it inside your own transaction."""
    _log(
        acting_user,
        household,
        action=action,
        obj=obj,
        kind=kind,
        description=description,
        fields=fields,
        channel=channel,
    )


def timeline_note(*, household: Household, kind: TimelineKind, description: str, acting_user: User) -> None:
    """A timeline line for a step whose audit row the caller writes itself (e.g. an export)."""
    _timeline(household, kind, description, acting_user)


def caseload_hand_over(
    *, household: Household, to_team: Team, from_team: Team | None = None, worker: Any = None
) -> CaseloadEntry:
    """Put the household in `to_team`'s caseload and, when given, take it out of `from_team`'s.
    Used by routing: the receiving team gets need-to-know, the sending team loses it. Call inside the
    caller's transaction; the caller writes the audit row and timeline line."""
    now = timezone.now()
    if from_team is not None and from_team.pk != to_team.pk:
        CaseloadEntry.objects.filter(household=household, team=from_team, ended_at__isnull=True).update(
            ended_at=now
        )
    # get_or_create: the one-active-entry-per-team constraint decides a race, and the loser gets that entry.
    entry, _created = CaseloadEntry.objects.get_or_create(
        household=household, team=to_team, ended_at=None, defaults={"worker": worker, "started_at": now}
    )
    return entry


def household_lock(household: Household) -> None:
    """Call first inside a transaction that decides on the household's caseload (routing, assignment):
    such decisions for one household then happen one after the other (on SQLite the transaction is
    already exclusive)."""
    Household.objects.select_for_update().filter(pk=household.pk).values("pk").first()


def resident_register(
    *,
    acting_user: User,
    data: ResidentData,
    household: Household | None = None,
    relation: Relation = Relation.HEAD,
    channel: Channel = Channel.WEB,
) -> Resident:
    """Register a resident, in a new household (put in the acting user's team caseload) or an existing one."""
    policy = HouseholdPolicy(acting_user)
    if not policy.can_register():
        raise Http404
    data = _clean_resident_data(data)
    with transaction.atomic():
        if household is None:
            district = _district_or_error(data.postcode, acting_user)
            household = Household.objects.create(municipality_id=district.municipality_id, district=district)
            team = registering_team_for(acting_user, district)
            if team is not None:
                CaseloadEntry.objects.create(
                    household=household, team=team, worker=acting_user, started_at=timezone.now()
                )
            record(
                actor=acting_user,
                action=Action.CREATE,
                obj=household,
                household_uuid=household.uuid,
                channel=channel,
            )
        elif not policy.can_edit(household):
            raise Http404
        resident = _new_resident(data)
        HouseholdMembership.objects.create(
            household=household, resident=resident, relation=relation, start_date=timezone.localdate()
        )
        _log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=resident,
            fields=[f.name for f in fields(data)],
            channel=channel,
            kind=TimelineKind.REGISTERED,
            description=f"{Relation(relation).label} geregistreerd",
        )
    return resident


def resident_register_from_brp(*, acting_user: User | None, person: BrpPerson, channel: Channel) -> Resident:
    """Register a person the BRP knows and who lives in a district of Wijkregie, in a new household that no
    team holds yet: a signal about them (vroegsignalering) needs a household to be bundled into. The caller
    has decided that it may; the registration is audited and on the new household's timeline."""
    district = district_for_postcode(person.postcode)
    if district is None or person.birth_date is None or person.house_number is None:
        raise ValidationError({"postcode": [OUTSIDE_DISTRICTS]})
    data = _clean_resident_data(
        ResidentData(
            bsn=person.bsn,
            surname=person.surname,
            birth_date=person.birth_date,
            postcode=person.postcode,
            house_number=person.house_number,
            city=person.city,
            given_names=person.given_names,
            initials=person.initials,
            surname_prefix=person.surname_prefix,
            house_number_suffix=person.house_number_suffix,
            street=person.street,
        )
    )
    with transaction.atomic():
        household = Household.objects.create(municipality_id=district.municipality_id, district=district)
        record(
            actor=acting_user,
            action=Action.CREATE,
            obj=household,
            household_uuid=household.uuid,
            channel=channel,
        )
        resident = _new_resident(data)
        HouseholdMembership.objects.create(
            household=household, resident=resident, relation=Relation.HEAD, start_date=timezone.localdate()
        )
        _log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=resident,
            fields=[f.name for f in fields(data)],
            channel=channel,
            kind=TimelineKind.REGISTERED,
            description="Hoofdbewoner geregistreerd uit de BRP (vroegsignalering)",
        )
    return resident


def resident_update(
    *,
    acting_user: User,
    resident: Resident,
    changes: dict[str, Any],
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> Resident:
    """Change name, address or contact details as stored now (EditedMeanwhile when `expected_version` is
    older). The BSN is not changed here (a new BSN is a new person)."""
    membership = resident.memberships.current().select_related("household").first()
    if membership is None or not HouseholdPolicy(acting_user).can_edit(membership.household):
        raise Http404
    allowed = {f.name for f in fields(ResidentData)} - {"bsn"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: ["Dit veld kan niet worden gewijzigd."] for name in sorted(unknown)})
    household = membership.household
    with transaction.atomic():
        resident = locked_current(resident, expected_version)
        current = {f.name: getattr(resident, f.name) for f in fields(ResidentData)}
        merged = _clean_resident_data(ResidentData(**{**current, **changes}))
        changed = sorted(name for name in allowed if getattr(merged, name) != current[name])
        if not changed:
            return resident
        new_district = (
            _moved_district(acting_user, household, membership, merged) if "postcode" in changed else None
        )
        for name in changed:
            setattr(resident, name, getattr(merged, name))
        resident.surname_search = search_key(resident.surname)
        save_new_version(resident, [*changed, "surname_search", "updated_at"])
        _log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=resident,
            fields=changed,
            channel=channel,
            kind=TimelineKind.DETAILS_CHANGED,
            description="Gegevens van een lid gewijzigd",
        )
        if new_district is not None:
            Household.objects.filter(pk=household.pk).update(district=new_district)
            household.district = new_district
            _log(
                acting_user,
                household,
                action=Action.UPDATE,
                obj=household,
                fields=["district"],
                channel=channel,
                kind=TimelineKind.DETAILS_CHANGED,
                description=f"Verhuisd naar wijk {new_district.name}",
            )
    return resident


def _moved_district(
    acting_user: User, household: Household, membership: HouseholdMembership, data: ResidentData
) -> District | None:
    """When the head of the household moves, the household follows to the district of the new address.
    A move to another municipality is a handover there, not an address change here."""
    if membership.relation != Relation.HEAD:
        return None
    district = _district_or_error(data.postcode, acting_user)
    if district.municipality_id != household.municipality_id:
        raise ValidationError(
            {
                "postcode": [
                    "Dit adres ligt in een andere gemeente. Een verhuizing naar een andere gemeente "
                    "verloopt via overdracht aan die gemeente."
                ]
            }
        )
    return district if district.pk != household.district_id else None


def member_end(
    *, acting_user: User, membership: HouseholdMembership, end_date: date, channel: Channel = Channel.WEB
) -> HouseholdMembership:
    """A member leaves the household; the history stays."""
    if not HouseholdPolicy(acting_user).can_edit(membership.household):
        raise Http404
    if end_date < membership.start_date:
        raise ValidationError({"end_date": ["De einddatum ligt voor de begindatum van het lidmaatschap."]})
    with transaction.atomic():
        updated = HouseholdMembership.objects.current().filter(pk=membership.pk).update(end_date=end_date)
        if not updated:
            raise ValidationError({"end_date": ["Dit lidmaatschap is al beëindigd."]})
        membership.end_date = end_date
        _log(
            acting_user,
            membership.household,
            action=Action.UPDATE,
            obj=membership.resident,
            fields=["household_membership.end_date"],
            channel=channel,
            kind=TimelineKind.MEMBER_LEFT,
            description="Lid vertrokken uit het huishouden",
        )
    return membership


MOVED_MEANWHILE = "Deze inwoner is intussen bij een ander huishouden ingeschreven. Laad de pagina opnieuw."


def member_add(
    *,
    acting_user: User,
    household: Household,
    resident: Resident,
    relation: Relation,
    start_date: date | None = None,
    channel: Channel = Channel.WEB,
) -> HouseholdMembership:
    """A known resident joins this household; their current household membership ends the day before."""
    policy = HouseholdPolicy(acting_user)
    if not policy.can_edit(household) or not resident_visible_to(acting_user, resident):
        raise Http404
    start = start_date or timezone.localdate()
    with transaction.atomic():
        # One move of a resident at a time: the second reads where the first put them and moves on from there.
        Resident.objects.select_for_update().filter(pk=resident.pk).values("pk").first()
        current = resident.memberships.current().select_related("household").first()
        if current is not None:
            if current.household_id == household.pk:
                raise ValidationError({"resident": ["Deze inwoner hoort al bij dit huishouden."]})
            member_end(
                acting_user=acting_user,
                membership=current,
                end_date=max(current.start_date, start - timedelta(days=1)),
                channel=channel,
            )
        # A resident has one current household: a simultaneous move elsewhere loses here, in Dutch.
        with unique_or_refused({"resident": [MOVED_MEANWHILE]}):
            membership = HouseholdMembership.objects.create(
                household=household, resident=resident, relation=relation, start_date=start
            )
        _log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=resident,
            fields=["household_membership"],
            channel=channel,
            kind=TimelineKind.MEMBER_JOINED,
            description=f"{Relation(relation).label} toegevoegd",
        )
    return membership


def resident_visible_to(user: Any, resident: Resident) -> bool:
    policy = HouseholdPolicy(user)
    return HouseholdMembership.objects.filter(resident=resident).filter(policy.q("household")).exists()


def representative_add(
    *,
    acting_user: User,
    resident: Resident,
    kind: RepresentativeKind,
    name: str,
    contact: str = "",
    start_date: date | None = None,
    channel: Channel = Channel.WEB,
) -> Representative:
    membership = resident.memberships.current().select_related("household").first()
    if membership is None or not HouseholdPolicy(acting_user).can_edit(membership.household):
        raise Http404
    errors: dict[str, list[str]] = {}
    try:
        name = plain_line(name)
    except ValidationError as exc:
        errors["name"] = list(exc.messages)
    try:
        contact = plain_line(contact)
    except ValidationError as exc:
        errors["contact"] = list(exc.messages)
    if not errors and not name:
        errors["name"] = ["Vul de naam van de vertegenwoordiger in."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        representative = Representative.objects.create(
            resident=resident,
            kind=kind,
            name=name,
            contact=contact,
            start_date=start_date or timezone.localdate(),
        )
        _log(
            acting_user,
            membership.household,
            action=Action.CREATE,
            obj=representative,
            fields=["kind", "name", "contact"],
            channel=channel,
            kind=TimelineKind.REPRESENTATIVE,
            description=f"{RepresentativeKind(kind).label} vastgelegd",
        )
    return representative


def household_assign(
    *, acting_user: User, household: Household, team: Team, worker: Any | None, channel: Channel = Channel.WEB
) -> CaseloadEntry:
    """Put a household in a team's caseload with an assigned worker (teamleider)."""
    policy = HouseholdPolicy(acting_user)
    if not policy.can_assign(household):
        raise Http404
    if not team.municipalities.filter(pk=household.municipality_id).exists():
        raise ValidationError({"team": ["Dit team bedient de gemeente van dit huishouden niet."]})
    if worker is not None and not worker.memberships.filter(team=team).exists():
        raise ValidationError({"worker": ["Deze medewerker is geen lid van het gekozen team."]})
    now = timezone.now()
    with transaction.atomic():
        entry, created = CaseloadEntry.objects.get_or_create(
            household=household, team=team, ended_at=None, defaults={"worker": worker, "started_at": now}
        )
        if not created and entry.worker_id != getattr(worker, "pk", None):
            entry.worker = worker
            entry.save(update_fields=["worker"])
        who = worker.display_name if worker is not None else "nog niemand"
        _log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=household,
            fields=["caseload"],
            channel=channel,
            kind=TimelineKind.ASSIGNED,
            description=f"Toegewezen aan {team.name}: {who}",
        )
    return entry


def household_set_regisseur(
    *, acting_user: User, household: Household, regisseur: Any, channel: Channel = Channel.WEB
) -> Household:
    """One regisseur per household; the new regisseur must be able to work on it (same municipality)."""
    policy = HouseholdPolicy(acting_user)
    if not policy.can_assign(household):
        raise Http404
    if (
        not HouseholdPolicy(regisseur)
        .served_municipality_ids()
        .filter(municipality_id=household.municipality_id)
    ):
        raise ValidationError(
            {"regisseur": ["Deze medewerker werkt niet voor de gemeente van dit huishouden."]}
        )
    with transaction.atomic():
        Household.objects.filter(pk=household.pk).update(regisseur=regisseur)
        household.regisseur = regisseur
        _log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=household,
            fields=["regisseur"],
            channel=channel,
            kind=TimelineKind.REGISSEUR_SET,
            description=f"Regisseur: {regisseur.display_name}",
        )
    return household


def break_glass_open(
    *, acting_user: User, bsn: str, reason: str, channel: Channel = Channel.WEB
) -> Household:
    """Open the current household of the resident with this BSN outside the caseload, for a limited time.

    Only by exact BSN (no fishing by name) and only within municipalities the user's teams serve.
    Unknown and out-of-reach look the same.
    """
    policy = HouseholdPolicy(acting_user)
    if not policy.can_break_glass():
        raise Http404
    if len(reason.strip()) < 20:
        raise ValidationError({"reason": ["Beschrijf in minstens 20 tekens waarom u toegang nodig heeft."]})
    bsn = normalise_bsn(bsn)
    if not is_valid_bsn(bsn):
        raise ValidationError({"bsn": ["Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."]})
    membership = (
        HouseholdMembership.objects.current()
        .filter(resident__bsn=bsn, household__municipality_id__in=policy.served_municipality_ids())
        .select_related("household")
        .first()
    )
    if membership is None:
        raise Http404
    household = membership.household
    expires = timezone.now() + timedelta(hours=settings.WIJKREGIE_BREAK_GLASS_HOURS)
    with transaction.atomic():
        BreakGlassGrant.objects.create(
            user=acting_user, household=household, reason=reason.strip(), expires_at=expires
        )
        _log(
            acting_user,
            household,
            action=Action.BREAK_GLASS,
            obj=household,
            break_glass=True,
            channel=channel,
            kind=TimelineKind.BREAK_GLASS,
            description="Toegang buiten werkvoorraad geopend",
        )
    return household


def dossier_open(*, acting_user: User, household_uuid: Any, channel: Channel = Channel.WEB) -> Household:
    """Read a dossier and write the access row in the same transaction (404 when not allowed)."""
    with transaction.atomic():
        household = household_for_dossier(acting_user, household_uuid)
        glass = HouseholdPolicy(acting_user).via_break_glass_only(household)
        household.seen_through_break_glass = glass
        record(
            actor=acting_user,
            action=Action.READ,
            obj=household,
            household_uuid=household.uuid,
            channel=channel,
            break_glass=glass,
        )
    return household


def resident_open(*, acting_user: User, resident_uuid: Any, channel: Channel = Channel.WEB) -> Resident:
    """Read one resident's details and write the access row, logged against the household through which
    the user sees them (the current one when visible). 404 when missing or not allowed."""
    policy = HouseholdPolicy(acting_user)
    try:
        resident = resident_visible(acting_user, resident_uuid).prefetch_related("representatives").first()
    except (ValueError, ValidationError) as exc:
        raise Http404 from exc
    membership = None
    if resident is not None:
        membership = (
            resident.memberships.filter(policy.q("household"))
            .select_related("household")
            .order_by(F("end_date").desc(nulls_first=True))
            .first()
        )
    if resident is None or membership is None:
        raise Http404
    with transaction.atomic():
        record(
            actor=acting_user,
            action=Action.READ,
            obj=resident,
            household_uuid=membership.household.uuid,
            channel=channel,
        )
    return resident


def brp_prefill(*, acting_user: User, bsn: str, channel: Channel = Channel.WEB) -> "BrpPerson | None":
    """Ask the BRP for a person to prefill a registration; the question itself is audited (no BSN)."""
    if not HouseholdPolicy(acting_user).can_register():
        raise Http404
    try:
        return lookup_person(normalise_bsn(bsn), fake_addresses=organisation_selectors.sample_addresses)
    finally:  # the question was asked, whatever the answer
        record(actor=acting_user, action=Action.LOOKUP, object_type="brp.persoon", channel=channel)


def search_logged(
    *, acting_user: User, criteria: SearchCriteria, channel: Channel = Channel.WEB
) -> list[HouseholdMembership]:
    """Search within what the user may see; the search itself is audited (which criteria, not values)."""
    with transaction.atomic():
        results = search(acting_user, criteria)
        record(
            actor=acting_user,
            action=Action.SEARCH,
            object_type="households.search",
            fields=criteria.kinds(),
            channel=channel,
        )
        # who was shown: each result is a read of that resident, against their household
        shown = [(m.resident.uuid, m.household.uuid) for m in results]
        record_reads(actor=acting_user, object_type="lijst.zoekresultaat", shown=shown, channel=channel)
    return results


def household_assignment_save(
    *,
    acting_user: User,
    household: Household,
    worker: Any | None,
    regisseur: Any | None = None,
    complexity: int | None = None,
    channel: Channel = Channel.WEB,
) -> CaseloadEntry:
    """The teamleider's assignment in one go: the worker in their own team's caseload entry and, when
    given, the regisseur and the household's weight in the caseload. All or nothing is saved."""
    policy = HouseholdPolicy(acting_user)
    entry = assignable_entry(acting_user, household)
    if entry is None or not policy.can_assign(household):
        raise Http404
    with transaction.atomic():
        entry = household_assign(
            acting_user=acting_user, household=household, team=entry.team, worker=worker, channel=channel
        )
        if regisseur is not None:
            household_set_regisseur(
                acting_user=acting_user, household=household, regisseur=regisseur, channel=channel
            )
        if complexity is not None and complexity != household.complexity:
            _set_complexity(acting_user, household, Complexity(complexity), channel)
    return entry


def _set_complexity(
    acting_user: User, household: Household, complexity: Complexity, channel: Channel
) -> None:
    Household.objects.filter(pk=household.pk).update(complexity=complexity)
    household.complexity = complexity
    _log(
        acting_user,
        household,
        action=Action.UPDATE,
        obj=household,
        fields=["complexity"],
        channel=channel,
        kind=TimelineKind.ASSIGNED,
        description=f"Zwaarte in de caseload: {complexity.label.lower()}",
    )


def assignable_entry(acting_user: User, household: Household) -> CaseloadEntry | None:
    """The active caseload entry of one of the acting user's teams for this household."""
    own_teams = HouseholdPolicy(acting_user).own_team_ids()
    return (
        household.caseload_entries.filter(ended_at__isnull=True, team_id__in=own_teams)
        .select_related("team", "worker")
        .first()
    )


def break_glass_expire(now: Any = None) -> str:
    """The recurring job that closes break-the-glass grants whose hours ran out. The access already ends at
    `expires_at` (the policy compares it at every read); this puts the end on the household's timeline and
    in the audit trail, once per grant (a conditional update), so a second run finds nothing to do."""
    now = now or timezone.now()
    due = BreakGlassGrant.objects.filter(expiry_recorded_at__isnull=True, expires_at__lte=now)
    closed = 0
    for grant in due.select_related("household", "user").order_by("expires_at", "pk"):
        with transaction.atomic():
            if not BreakGlassGrant.objects.filter(pk=grant.pk, expiry_recorded_at__isnull=True).update(
                expiry_recorded_at=now
            ):
                continue  # another run closed it first
            _log(
                None,
                grant.household,
                action=Action.UPDATE,
                obj=grant,
                kind=TimelineKind.BREAK_GLASS,
                description=f"Toegang buiten werkvoorraad van {grant.user.display_name} verlopen",
                fields=["expiry_recorded_at"],
                channel=Channel.SYSTEM,
                break_glass=False,
            )
        closed += 1
    return f"{closed} doorbroken toegang(en) afgesloten."
