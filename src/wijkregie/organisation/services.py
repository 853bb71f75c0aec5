"""Writes to districts and teams by the functioneel beheerder. Each service owns its transaction, writes the
audit row with it, refuses what the policy does not allow (Http404, as if it did not exist) and explains
invalid input per field in Dutch (ValidationError), saving nothing."""

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.versioning import check_version, locked_unchanged, save_new_version

from .constants import TeamKind
from .models import District, DistrictContact, Municipality, Organisation, PostcodeArea, Team
from .policies import OrganisationPolicy

_PC4 = re.compile(r"[1-9][0-9]{3}")
_CONFLICT = "Iemand anders heeft dit zojuist ook gewijzigd. Controleer de gegevens en probeer het opnieuw."
Errors = dict[str, list[str]]


def district_create(
    *,
    acting_user: AbstractUser,
    name: str,
    wijkpunt_name: str = "",
    wijkpunt_address: str = "",
    postcode_areas: Iterable[str] = (),
    population: int | None = None,
    channel: Channel = Channel.WEB,
) -> District:
    """A new district in the acting beheerder's municipality."""
    own = OrganisationPolicy(acting_user).municipality_id
    if own is None:
        raise Http404
    district = District(municipality_id=own)
    return _district_save(
        acting_user=acting_user,
        district=district,
        name=name,
        wijkpunt_name=wijkpunt_name,
        wijkpunt_address=wijkpunt_address,
        postcode_areas=postcode_areas,
        population=population,
        channel=channel,
    )


def district_update(
    *,
    acting_user: AbstractUser,
    district: District,
    name: str,
    wijkpunt_name: str,
    wijkpunt_address: str,
    postcode_areas: Iterable[str],
    population: int | None = None,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> District:
    """Change a district; `postcode_areas` is its complete new list of 4-digit postcode areas and
    `population` its number of residents (None: not known).
    EditedMeanwhile when it changed since it was read or `expected_version` is older."""
    if not OrganisationPolicy(acting_user).can_manage_district(district):
        raise Http404
    return _district_save(
        acting_user=acting_user,
        district=district,
        name=name,
        wijkpunt_name=wijkpunt_name,
        wijkpunt_address=wijkpunt_address,
        postcode_areas=postcode_areas,
        population=population,
        expected_version=expected_version,
        channel=channel,
    )


def _district_save(
    *,
    acting_user: AbstractUser,
    district: District,
    name: str,
    wijkpunt_name: str,
    wijkpunt_address: str,
    postcode_areas: Iterable[str],
    channel: Channel,
    population: int | None = None,
    expected_version: int | None = None,
) -> District:
    creating = district.pk is None
    if not creating:
        check_version(district, expected_version)
    values: dict[str, Any] = {
        "name": name.strip(),
        "wijkpunt_name": wijkpunt_name.strip(),
        "wijkpunt_address": wijkpunt_address.strip(),
        "population": population,
    }
    wanted = {pc4.strip() for pc4 in postcode_areas if pc4.strip()}
    errors = _district_errors(district, values["name"], wanted)
    if population is not None and (isinstance(population, bool) or population < 0):
        errors.setdefault("population", []).append("Vul een aantal inwoners van 0 of meer in.")
    if errors:
        raise ValidationError(errors)
    current = set() if creating else set(district.postcode_areas.values_list("pc4", flat=True))
    changed = [
        field
        for field, value in values.items()
        if (value is not None if creating else getattr(district, field) != value)
    ]
    if wanted != current:
        changed.append("postcode_areas")
    if not changed:
        return district
    try:
        with transaction.atomic():
            if not creating:
                district = locked_unchanged(district, expected_version)
            for field, value in values.items():
                setattr(district, field, value)
            if creating:
                district.save()
                changed.append("municipality")
            else:
                save_new_version(district, [f for f in changed if f in values] + ["updated_at"])
            areas = PostcodeArea.objects
            areas.filter(district=district, pc4__in=current - wanted).delete()
            areas.bulk_create([PostcodeArea(district=district, pc4=pc4) for pc4 in sorted(wanted - current)])
            record(
                actor=acting_user,
                action=Action.CREATE if creating else Action.UPDATE,
                obj=district,
                fields=changed,
                channel=channel,
            )
    except IntegrityError as exc:  # a name or postcode area taken by someone else in the meantime
        raise ValidationError({"__all__": [_CONFLICT]}) from exc
    return district


def _district_errors(district: District, name: str, pc4s: set[str]) -> Errors:
    errors: Errors = {}
    if not name:
        errors["name"] = ["Vul de naam van de wijk in."]
    elif (
        District.objects.filter(municipality_id=district.municipality_id, name__iexact=name)
        .exclude(pk=district.pk)
        .exists()
    ):
        errors["name"] = ["Uw gemeente heeft al een wijk met deze naam."]
    messages = []
    wrong = sorted(pc4 for pc4 in pc4s if not _PC4.fullmatch(pc4))
    if wrong:
        messages.append(
            "Een postcodegebied bestaat uit 4 cijfers, van 1000 tot en met 9999. "
            f"Dit klopt niet: {', '.join(wrong)}."
        )
    taken = PostcodeArea.objects.filter(pc4__in=pc4s).exclude(district_id=district.pk)
    for area in taken.select_related("district").order_by("pc4"):
        same_municipality = area.district.municipality_id == district.municipality_id
        where = f"de wijk {area.district.name}" if same_municipality else "een wijk van een andere gemeente"
        messages.append(
            f"Postcodegebied {area.pc4} hoort al bij {where}. Een postcodegebied hoort bij één wijk."
        )
    if messages:
        errors["postcode_areas"] = messages
    return errors


def team_create(
    *,
    acting_user: AbstractUser,
    name: str,
    kind: TeamKind | str,
    organisation: Organisation,
    municipalities: Iterable[Municipality],
    districts: Iterable[District] = (),
    channel: Channel = Channel.WEB,
) -> Team:
    """A new team; it must serve the acting beheerder's municipality."""
    if not OrganisationPolicy(acting_user).can_manage():
        raise Http404
    return _team_save(
        acting_user=acting_user,
        team=Team(),
        name=name,
        kind=kind,
        organisation=organisation,
        municipalities=municipalities,
        districts=districts,
        channel=channel,
    )


def team_update(
    *,
    acting_user: AbstractUser,
    team: Team,
    name: str,
    kind: TeamKind | str,
    organisation: Organisation,
    municipalities: Iterable[Municipality],
    districts: Iterable[District],
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> Team:
    """Change a team that serves the acting beheerder's municipality (EditedMeanwhile when it changed
    since it was read or `expected_version` is older).

    For `municipalities` and `districts` only the acting beheerder's own municipality and its districts count:
    links to other municipalities and their districts stay as they are, whether passed or not."""
    if not OrganisationPolicy(acting_user).can_manage_team(team):
        raise Http404
    return _team_save(
        acting_user=acting_user,
        team=team,
        name=name,
        kind=kind,
        organisation=organisation,
        municipalities=municipalities,
        districts=districts,
        expected_version=expected_version,
        channel=channel,
    )


def _team_save(
    *,
    acting_user: AbstractUser,
    team: Team,
    name: str,
    kind: TeamKind | str,
    organisation: Organisation,
    municipalities: Iterable[Municipality],
    districts: Iterable[District],
    channel: Channel,
    expected_version: int | None = None,
) -> Team:
    policy = OrganisationPolicy(acting_user)
    creating = team.pk is None
    if not creating:
        check_version(team, expected_version)
    values: dict[str, Any] = {"name": name.strip(), "kind": kind, "organisation_id": organisation.pk}
    own_m = set(policy.municipalities().values_list("pk", flat=True))
    own_d = set(policy.visible_districts().values_list("pk", flat=True))
    chosen_m = {m.pk for m in municipalities}
    chosen_d = {d.pk for d in districts}
    current_m = set() if creating else set(team.municipalities.values_list("pk", flat=True))
    current_d = set() if creating else set(team.districts.values_list("pk", flat=True))
    new_m = (current_m - own_m) | (chosen_m & own_m)
    new_d = (current_d - own_d) | (chosen_d & own_d)

    errors: Errors = {}
    if not values["name"]:
        errors["name"] = ["Vul de naam van het team in."]
    if kind not in TeamKind.values:
        errors["kind"] = ["Kies een soort team uit de lijst."]
    allowed_organisation = policy.organisations().filter(pk=organisation.pk).exists()
    if organisation.pk != team.organisation_id and not allowed_organisation:
        errors["organisation"] = ["Kies een organisatie uit de lijst."]
    if chosen_m - own_m - current_m:
        errors["municipalities"] = ["U kunt alleen uw eigen gemeente toevoegen of weghalen."]
    elif not new_m:
        errors["municipalities"] = ["Een team bedient minstens één gemeente."]
    if chosen_d - own_d - current_d:
        errors["districts"] = ["U kunt alleen wijken van uw eigen gemeente toevoegen of weghalen."]
    elif District.objects.filter(pk__in=new_d).exclude(municipality_id__in=new_m).exists():
        errors["districts"] = ["Een team bedient alleen wijken van gemeenten die het bedient."]
    if errors:
        raise ValidationError(errors)

    row_fields = [field for field, value in values.items() if creating or getattr(team, field) != value]
    pairs = (("municipalities", new_m, current_m), ("districts", new_d, current_d))
    links = [field for field, new, old in pairs if new != old]
    if not row_fields and not links:
        return team
    with transaction.atomic():
        if not creating:
            team = locked_unchanged(team, expected_version)
        for field, value in values.items():
            setattr(team, field, value)
        if creating:
            team.save()
        else:
            save_new_version(team, [*row_fields, "updated_at"])
        team.municipalities.set(new_m)
        team.districts.set(new_d)
        changed = [field.removesuffix("_id") for field in row_fields] + links
        record(
            actor=acting_user,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=team,
            fields=changed,
            channel=channel,
        )
    return team


def district_contact_add(
    *,
    acting_user: AbstractUser,
    district: District,
    organisation: Organisation,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    channel: Channel = Channel.WEB,
) -> DistrictContact:
    """A fixed contact of a partner organisation for one of the beheerder's districts (invited to MDO's)."""
    policy = OrganisationPolicy(acting_user)
    if not policy.can_manage_district(district):
        raise Http404
    errors: Errors = {}
    if not name.strip():
        errors["name"] = ["Vul de naam van de contactpersoon in."]
    if organisation is None or not policy.organisations().filter(pk=organisation.pk).exists():
        errors["organisation"] = ["Kies een organisatie uit de lijst."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = DistrictContact.objects.create(
            district=district,
            organisation=organisation,
            name=name.strip(),
            role=role.strip(),
            email=email.strip(),
            phone=phone.strip(),
        )
        record(
            actor=acting_user,
            action=Action.CREATE,
            obj=contact,
            fields=["district", "organisation", "name", "role", "email", "phone"],
            channel=channel,
        )
    return contact


def district_contact_remove(
    *, acting_user: AbstractUser, contact: DistrictContact, channel: Channel = Channel.WEB
) -> None:
    if not OrganisationPolicy(acting_user).can_manage_district(contact.district):
        raise Http404
    with transaction.atomic():
        record(actor=acting_user, action=Action.DELETE, obj=contact, channel=channel)
        contact.delete()
