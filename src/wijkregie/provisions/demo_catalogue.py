"""A fictional but realistic catalogue for the two demo municipalities (Westerhoek 9901, Zuiderdijk 9902):
general provisions for the sociale kaart and a few maatwerkvoorzieningen with iWmo/iJw codes and tariffs.

Safe to run twice: what is already there (same municipality, kind and name) is left alone."""

from dataclasses import dataclass, field

from django.db import transaction

from wijkregie.organisation.models import District, Municipality, Organisation

from .constants import ProvisionKind, ProvisionLaw, Weight
from .models import Provision


@dataclass(frozen=True)
class _General:
    name: str
    description: str
    target_group: str
    domains: tuple[str, ...]
    keywords: str
    contact: str
    organisation: str = ""  # name; empty: the municipality's own organisation
    districts: tuple[str, ...] = ()  # names; empty: the whole municipality
    ages: tuple[int | None, int | None] = (None, None)
    by_volunteers: bool = False


@dataclass(frozen=True)
class _Custom:
    name: str
    law: ProvisionLaw
    category: str
    code: str
    unit: str
    frequency: str
    tariff_cents: int
    weight: Weight
    description: str = ""
    domains: tuple[str, ...] = field(default=())


_WEST_GENERAL = (
    _General(
        "Buurthuiskamer De Kern",
        "Een huiskamer in de wijk. U kunt binnenlopen voor koffie, een praatje of samen eten.",
        "Iedereen die mensen wil ontmoeten",
        ("sociaal-netwerk", "tijdsbesteding"),
        "ontmoeten koffie eenzaam samen eten",
        "Marktplein 4, open maandag tot vrijdag 9.30–16.00 uur",
        "Welzijn De Schans",
        ("Centrum",),
    ),
    _General(
        "Relatie- en scheidingspunt",
        "Gratis gesprekken als het niet goed gaat in uw relatie, of als u uit elkaar gaat. "
        "Ook over de kinderen.",
        "Ouders en stellen",
        ("huiselijke-relaties",),
        "scheiding ruzie relatie kinderen ouderschapsplan",
        "Bel 0597 123 400 of mail scheidingspunt@westerhoek.example",
    ),
    _General(
        "Steungezin",
        "Een ander gezin in de buurt dat uw kind af en toe opvangt, zodat u even op adem kunt komen.",
        "Ouders met kinderen tot 18 jaar",
        ("huiselijke-relaties", "sociaal-netwerk"),
        "opvoeden kinderen rust logeren",
        "Bel Welzijn De Schans: 0597 123 450",
        "Welzijn De Schans",
    ),
    _General(
        "Jongeren-geldcoaching",
        "Een coach helpt je met je geld: een overzicht maken, sparen en rekeningen op tijd betalen.",
        "Jongeren van 16 tot 27 jaar",
        ("financien", "werk-opleiding"),
        "geld schulden budget jongeren sparen",
        "App of bel 06 12 34 56 78",
        "Welzijn De Schans",
        ages=(16, 27),
    ),
    _General(
        "Schuldhulpmaatje",
        "Een getrainde vrijwilliger helpt u met uw post, rekeningen en schulden. Gratis en in vertrouwen.",
        "Iedereen met geldzorgen",
        ("financien",),
        "schulden rekeningen post geldzorgen administratie",
        "Bel 0597 123 460 of kom langs bij een wijkpunt",
        "Welzijn De Schans",
        by_volunteers=True,
    ),
    _General(
        "Maaltijdservice",
        "Elke dag een warme maaltijd aan huis, tegen een kleine eigen bijdrage.",
        "Ouderen en mensen die zelf moeilijk kunnen koken",
        ("instrumentele-adl", "lichamelijke-gezondheid"),
        "eten maaltijd koken ouderen",
        "Bel 0597 123 470",
    ),
    _General(
        "Inloop in de Haven",
        "Elke woensdagmiddag: vragen stellen over formulieren, toeslagen en de gemeente.",
        "Iedereen",
        ("financien", "maatschappelijke-participatie"),
        "formulieren toeslagen vragen hulp",
        "Wijkpunt De Kaai, Havenkade 7",
        "Welzijn De Schans",
        ("Haven",),
    ),
)

_ZUID_GENERAL = (
    _General(
        "Buurthuiskamer De Brink",
        "Samen koffie drinken, een spelletje doen of meehelpen in de moestuin.",
        "Iedereen die mensen wil ontmoeten",
        ("sociaal-netwerk", "tijdsbesteding"),
        "ontmoeten koffie eenzaam moestuin",
        "Brink 2, open dinsdag en donderdag",
        districts=("Dorp",),
    ),
    _General(
        "Gezinsverzorgende",
        "Tijdelijke hulp in huis als het thuis even niet lukt, bijvoorbeeld na een ziekenhuisopname.",
        "Gezinnen met kinderen",
        ("huiselijke-relaties", "instrumentele-adl"),
        "gezin hulp thuis opvoeden ziek",
        "Bel het wijkteam: 0598 765 400",
    ),
    _General(
        "Schuldhulpmaatje Zuiderdijk",
        "Een vrijwilliger helpt u met uw post en uw schulden. Gratis en in vertrouwen.",
        "Iedereen met geldzorgen",
        ("financien",),
        "schulden rekeningen post geldzorgen",
        "Bel 0598 765 410",
        by_volunteers=True,
    ),
    _General(
        "Maaltijdservice Zuiderdijk",
        "Een warme maaltijd aan huis, ook in de polder.",
        "Ouderen en mensen die zelf moeilijk kunnen koken",
        ("instrumentele-adl",),
        "eten maaltijd koken ouderen",
        "Bel 0598 765 420",
    ),
)

_CUSTOM = (
    _Custom(
        "Hulp bij het huishouden licht",
        ProvisionLaw.WMO,
        "01",
        "01A01",
        "04",
        "2",
        3250,
        Weight.LIGHT,
        "Schoonmaken van de woning.",
        ("instrumentele-adl",),
    ),
    _Custom(
        "Hulp bij het huishouden zwaar",
        ProvisionLaw.WMO,
        "01",
        "01A02",
        "04",
        "2",
        3650,
        Weight.HEAVY,
        "Schoonmaken en regie over het huishouden.",
        ("instrumentele-adl",),
    ),
    _Custom(
        "Begeleiding individueel",
        ProvisionLaw.WMO,
        "02",
        "02A01",
        "04",
        "2",
        6150,
        Weight.LIGHT,
        "Ondersteuning bij dagelijkse dingen en zelfstandig wonen.",
        ("tijdsbesteding", "sociaal-netwerk"),
    ),
    _Custom(
        "Dagbesteding",
        ProvisionLaw.WMO,
        "04",
        "04A01",
        "16",
        "2",
        4275,
        Weight.HEAVY,
        "Een zinvolle dag buiten huis, in een groep.",
        ("tijdsbesteding",),
    ),
    _Custom(
        "Jeugdhulp ambulant licht",
        ProvisionLaw.YOUTH,
        "45",
        "45A01",
        "04",
        "2",
        8900,
        Weight.LIGHT,
        "Hulp bij opvoeden en opgroeien, thuis of op school.",
        ("huiselijke-relaties",),
    ),
    _Custom(
        "Jeugdhulp ambulant zwaar",
        ProvisionLaw.YOUTH,
        "45",
        "45A02",
        "04",
        "2",
        10450,
        Weight.HEAVY,
        "Intensieve hulp aan het gezin bij ernstige opvoedproblemen.",
        ("huiselijke-relaties", "geestelijke-gezondheid"),
    ),
)

_GENERAL_BY_CBS = {"9901": _WEST_GENERAL, "9902": _ZUID_GENERAL}


_Row = tuple[Provision, list[str]]


def _general_rows(municipality: Municipality, specs: tuple[_General, ...]) -> list[_Row]:
    organisations = {o.name: o for o in Organisation.objects.all()}
    own = organisations.get(f"Gemeente {municipality.name}")
    return [
        (
            Provision(
                municipality=municipality,
                kind=ProvisionKind.GENERAL,
                name=spec.name,
                description=spec.description,
                target_group=spec.target_group,
                domains=list(spec.domains),
                keywords=spec.keywords,
                contact=spec.contact,
                organisation=organisations.get(spec.organisation) if spec.organisation else own,
                age_min=spec.ages[0],
                age_max=spec.ages[1],
                by_volunteers=spec.by_volunteers,
            ),
            list(spec.districts),
        )
        for spec in specs
    ]


def _custom_rows(municipality: Municipality) -> list[_Row]:
    return [
        (
            Provision(
                municipality=municipality,
                kind=ProvisionKind.CUSTOM,
                name=spec.name,
                description=spec.description,
                domains=list(spec.domains),
                law=spec.law,
                product_category=spec.category,
                product_code=spec.code,
                unit=spec.unit,
                frequency=spec.frequency,
                tariff_cents=spec.tariff_cents,
                weight=spec.weight,
            ),
            [],
        )
        for spec in _CUSTOM
    ]


def load_demo_catalogue() -> int:
    """Create the demo catalogue for the demo municipalities that exist; returns how many provisions it made.

    A provision meant for named districts is left out when none of them exists (it is not for everyone)."""
    made = 0
    with transaction.atomic():
        for municipality in Municipality.objects.filter(cbs_code__in=_GENERAL_BY_CBS):
            existing = set(Provision.objects.filter(municipality=municipality).values_list("kind", "name"))
            districts = {d.name: d for d in District.objects.filter(municipality=municipality)}
            general = _general_rows(municipality, _GENERAL_BY_CBS[municipality.cbs_code])
            new = [
                (p, [n for n in names if n in districts])
                for p, names in general + _custom_rows(municipality)
                if (p.kind, p.name) not in existing and (not names or any(n in districts for n in names))
            ]
            Provision.objects.bulk_create([p for p, _ in new])
            Provision.districts.through.objects.bulk_create(
                Provision.districts.through(provision_id=p.pk, district_id=districts[n].pk)
                for p, names in new
                for n in names
            )
            made += len(new)
    return made
