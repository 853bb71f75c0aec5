"""Vroegsignalering in the demo: last month's signals for both municipalities at about the national rate
(4 per 1,000 residents a month, with a floor so that every stage shows), read in through the real services as
files from partners, matched, and zaken taken to every stage by sanne (Westerhoek's outreach at the welfare
organisation) and zoe (Zuiderdijk gives the outreach to its wijkteam). One signal concerns a household in
anna's werkvoorraad, so she sees it on the dossier's timeline; a crisis signal tops sanne's queue; a few
signals of this month wait for the next matching. All people and organisations are fictional."""

import json
import random
from datetime import date, timedelta
from typing import Any

from wijkregie.accounts.models import User
from wijkregie.early_warning.constants import CaseResult, HandoverLine, PartnerType
from wijkregie.early_warning.models import SignalCase
from wijkregie.early_warning.services import files, matching, outreach, setup
from wijkregie.households.models import HouseholdMembership, Resident
from wijkregie.integrations.brp.fake import MOVED_AWAY_BSN
from wijkregie.organisation.models import Municipality, Team

RATE_PER_1000 = 4
FLOOR = {"9901": 14, "9902": 5}
PARTNERS = {
    "9901": [
        (PartnerType.HEALTH, "Zorgverzekeraar Noordkust"),
        (PartnerType.RENT, "Woonstichting Westerhoek"),
        (PartnerType.ENERGY, "Energie Waddenland"),
        (PartnerType.WATER, "Waterbedrijf Noord"),
    ],
    "9902": [
        (PartnerType.HEALTH, "Zorgverzekeraar Noordkust"),
        (PartnerType.RENT, "Wooncorporatie De Dijk"),
        (PartnerType.WATER, "Waterbedrijf Noord"),
    ],
}
# The national mix of partner types: health insurers ≈41%, landlords ≈20%, energy ≈20%, water ≈18%.
MIX = [(PartnerType.HEALTH, 41), (PartnerType.RENT, 20), (PartnerType.ENERGY, 20), (PartnerType.WATER, 18)]
ANNA_HOUSEHOLD = ("9711KL", 14)  # the staged household of mevrouw van den Brink


def stage_early_warning(*, today: date, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data, not a secret)
    users = {u.username: u for u in User.objects.filter(username__in=("fenna", "sanne", "zoe"))}
    start, end = matching.previous_month(today)
    for municipality in Municipality.objects.filter(cbs_code__in=("9901", "9902")).order_by("cbs_code"):
        _configure(municipality, users["fenna"])
        worker = users["sanne"] if municipality.cbs_code == "9901" else users["zoe"]
        items = _signals(municipality, rng, start, end, today)
        content = json.dumps({"vroegsignalen": items}, indent=1).encode()
        files.signal_file_import(
            acting_user=worker,
            municipality=municipality,
            content=content,
            name=f"vroegsignalen-{start:%Y-%m}.json",
        )
        matching.matching_run(
            acting_user=worker, municipality=municipality, period_start=start, period_end=end
        )
        _later(municipality, worker, rng, today)
        _stages(municipality, worker, start, today)


def _configure(municipality: Municipality, fenna: User) -> None:
    settings = setup.settings_ensure(municipality)
    if municipality.cbs_code == "9902":  # Zuiderdijk gives the outreach to its wijkteam
        settings.outreach_team = Team.objects.get(name="Wijkteam Dorp")
        settings.save(update_fields=["outreach_team", "updated_at"])
    for kind, name in PARTNERS[municipality.cbs_code]:
        if municipality.pk == fenna.municipality_id:
            setup.partner_save(acting_user=fenna, municipality=municipality, partner_type=kind, name=name)
        else:  # the demo's beheerder manages Westerhoek only: Zuiderdijk's partners are put in directly
            municipality.signal_partners.create(partner_type=kind, name=name)


def _residents(municipality: Municipality) -> list[Resident]:
    """Current residents of the bulk households: the staged ones keep their own story (and their counts)."""
    memberships = HouseholdMembership.objects.filter(
        end_date__isnull=True, household__municipality=municipality, household__meldingen=None
    )
    people = Resident.objects.filter(pk__in=memberships.values("resident_id")).order_by("pk")
    return list(people.only("bsn", "postcode", "house_number", "birth_date"))  # at scale: millions


def _brink() -> Resident:
    # By name as well: at a million households, bulk households share the address.
    return Resident.objects.get(
        postcode=ANNA_HOUSEHOLD[0],
        house_number=ANNA_HOUSEHOLD[1],
        surname="Brink",
        given_names="Hendrika Johanna",
    )


def _item(
    number: str, kind: str, amount: int, on: date, client: dict[str, Any], **more: Any
) -> dict[str, Any]:
    return {"ID": number, "signaalpartner": {"type": kind}, "bedrag": amount, "signaaldatum": on.isoformat(),
            "ontstaansdatum": (on - timedelta(days=45)).isoformat(), "client": client, **more}  # fmt: skip


def _signals(
    municipality: Municipality, rng: random.Random, start: date, end: date, today: date
) -> list[dict]:
    people = _residents(municipality)
    adults = [p for p in people if (today - p.birth_date).days >= 18 * 365]
    wanted = max(FLOOR[municipality.cbs_code], round(len(people) * RATE_PER_1000 / 1000))
    code = municipality.cbs_code
    days = (end - start).days
    kinds, weights = zip(*MIX, strict=True)
    chosen = rng.sample(adults, min(wanted, len(adults)))
    items = []
    for n, person in enumerate(chosen, start=1):
        kind = rng.choices(kinds, weights)[0]
        on = start + timedelta(days=rng.randint(0, days))
        client: dict[str, Any] = {"burgerservicenummer": person.bsn}
        if n % 10 == 0:  # about one in ten partners knows the address and birth date, not the BSN
            client = {"postcode": person.postcode, "huisnummer": str(person.house_number),
                      "geboortedatum": person.birth_date.isoformat()}  # fmt: skip
        items.append(_item(f"{code}-{start:%Y%m}-{n:04d}", kind, rng.randint(120, 1800), on, client))
    if len(chosen) >= 3:  # the same person twice in one household's zaak: a second creditor
        first = chosen[0]
        items.append(
            _item(f"{code}-{start:%Y%m}-M01", PartnerType.WATER, 96, end, {"burgerservicenummer": first.bsn})
        )
        items.append(
            _item(
                f"{code}-{start:%Y%m}-T01", PartnerType.WATER, 40, end, {"burgerservicenummer": chosen[1].bsn}
            )
        )
    items.append(
        _item(
            f"{code}-{start:%Y%m}-V01", PartnerType.RENT, 650, start, {"burgerservicenummer": MOVED_AWAY_BSN}
        )
    )
    if code == "9901" and chosen:
        brink = _brink()
        items.append(
            _item(
                "9901-A01",
                PartnerType.ENERGY,
                310,
                start + timedelta(days=3),
                {"burgerservicenummer": brink.bsn},
            )
        )
        crisis = chosen[-1]
        items.append(_item("9901-C01", PartnerType.ENERGY, 1240, end, {"burgerservicenummer": crisis.bsn},
                           crisissignaal=True))  # fmt: skip
    return items


def _later(municipality: Municipality, worker: User, rng: random.Random, today: date) -> None:
    """Two signals of this month, read in but not matched yet."""
    people = _residents(municipality)
    on = today.replace(day=1)
    items = [
        _item(
            f"{municipality.cbs_code}-{on:%Y%m}-{n:04d}",
            PartnerType.HEALTH,
            rng.randint(150, 600),
            on,
            {"burgerservicenummer": person.bsn},
        )
        for n, person in enumerate(rng.sample(people, min(2, len(people))), start=1)
    ]
    if not items:
        return
    content = json.dumps({"vroegsignalen": items}).encode()
    files.signal_file_import(
        acting_user=worker, municipality=municipality, content=content, name=f"vroegsignalen-{on:%Y-%m}.json"
    )


def _stages(municipality: Municipality, worker: User, start: date, today: date) -> None:
    """Zaken at every stage; the crisis zaak and about half stay open, not yet picked up."""
    cases = list(
        SignalCase.objects.filter(municipality=municipality, crisis=False)
        .exclude(household__memberships__resident=_brink())
        .order_by("pk")
    )

    def attempt(case: SignalCase, later: int, reached: bool, kind: str = "Telefoon") -> None:
        # Within the last twelve days, never before the zaak's first signal nor after today.
        on = min(today, max(case.oldest_signal_on, today - timedelta(days=12)) + timedelta(days=later))
        data = outreach.AttemptData(kind=kind, made_on=on, day_part="Ochtend", reached=reached)
        outreach.contact_attempt_add(acting_user=worker, case=case, data=data)

    def close(case: SignalCase, result: str, **more: Any) -> None:
        case.refresh_from_db()
        data = outreach.ResultData(result=result, result_on=today, **more)
        outreach.case_close(acting_user=worker, case=case, data=data)

    def letters(case: SignalCase) -> None:
        outreach.case_letters_make(acting_user=worker, case=case)

    def not_reached(case: SignalCase) -> None:
        attempt(case, 0, reached=False)

    def paid(case: SignalCase) -> None:
        attempt(case, 0, reached=False)
        attempt(case, 2, True, "Huisbezoek")
        close(case, CaseResult.PAID)

    def handed_over(case: SignalCase) -> None:
        attempt(case, 0, reached=True)
        question = "Ik kom elke maand tekort en wil hulp bij mijn rekeningen."
        close(case, CaseResult.FOLLOW_UP_FINANCIAL, handover_line=HandoverLine.FIRST, question=question)

    def no_contact(case: SignalCase) -> None:
        attempt(case, 0, False, "Brief")
        attempt(case, 3, False, "Huisbezoek")
        close(case, CaseResult.NO_CONTACT)

    def arranges_it(case: SignalCase) -> None:
        attempt(case, 0, reached=True)
        close(case, CaseResult.SELF)

    steps = [letters, not_reached, paid, handed_over, no_contact, arranges_it]
    for case, step in zip(cases, steps, strict=False):
        step(case)
