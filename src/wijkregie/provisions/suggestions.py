"""Suggestions for a plan goal: matching provisions of the household's municipality, lightest rung first
(volunteers before general before light maatwerk before heavy maatwerk), each with the reasons it matches,
and only those that suit the people the goal is for (law and age).

Wijkregie suggests; the regisseur and the household decide. Nothing here touches personal data: it reads
the public catalogue with plain values passed in (municipality, district, domain code, goal text). The
plans app calls this module, never the other way round."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from wijkregie.organisation.models import District

from .constants import ProvisionKind, ProvisionLaw, Rung, Weight
from .models import Provision
from .social_map import DOMAIN_LABELS

YOUTH_AGE = 18  # Jeugdwet art. 1.1: a jeugdige is under 18 (continued care to 23 starts from a decision)
MIN_WORD = 4  # shorter words ("de", "met", "op") say nothing about a goal
MIN_STEM = 5  # "schuld" matches "schulden": one word starts with the other and the shorter has 5 letters
STOPWORDS = frozenset(
    {
        "alle",
        "andere",
        "bent",
        "daar",
        "dan",
        "dat",
        "deze",
        "die",
        "dit",
        "door",
        "een",
        "eigen",
        "eens",
        "geen",
        "haar",
        "heeft",
        "hebben",
        "hier",
        "hoe",
        "jaar",
        "kan",
        "kunnen",
        "maar",
        "meer",
        "met",
        "mijn",
        "naar",
        "niet",
        "niets",
        "nieuwe",
        "omdat",
        "onze",
        "over",
        "veel",
        "voor",
        "wat",
        "weer",
        "wordt",
        "worden",
        "zelf",
        "zich",
        "zijn",
        "zonder",
        "zodat",
        "zoals",
    }
)


@dataclass(frozen=True)
class Suggestion:
    provision: Provision
    rung: Rung
    reasons: list[str] = field(default_factory=list)
    matched: tuple[str, ...] = ()

    @property
    def is_general(self) -> bool:
        return self.rung == Rung.GENERAL


@dataclass(frozen=True)
class Catalogue:
    """The active provisions of one municipality available in one district, loaded once (two queries) so
    suggestions for many goals are ranked in Python."""

    provisions: Sequence[Provision]
    district_name: str


def rung_of(provision: Provision) -> Rung:
    if provision.kind == ProvisionKind.GENERAL:
        return Rung.VOLUNTEERS if provision.by_volunteers else Rung.GENERAL
    return Rung.HEAVY_CUSTOM if provision.weight == Weight.HEAVY else Rung.LIGHT_CUSTOM


def unfit_for(provision: Provision, ages: Sequence[int]) -> str:
    """Why the provision suits none of the people of these ages ("" when it suits one, or ages unknown):
    Jeugdwet products are for jeugdigen, Wmo maatwerk is for adults, and the provision's own age range."""
    if not ages:
        return ""
    if provision.law == ProvisionLaw.YOUTH and min(ages) >= YOUTH_AGE:
        return "Jeugdwet: alleen voor jeugdigen onder de 18"
    if provision.law == ProvisionLaw.WMO and max(ages) < YOUTH_AGE:
        return "Wmo-maatwerk is voor volwassenen; voor een kind geldt de Jeugdwet"
    low, high = provision.age_min, provision.age_max
    if (low, high) != (None, None) and not any(
        (low is None or age >= low) and (high is None or age <= high) for age in ages
    ):
        return f"alleen voor {age_range(provision)}"
    return ""


def age_range(provision: Provision) -> str:
    low, high = provision.age_min, provision.age_max
    if low is not None and high is not None:
        return f"{low} tot en met {high} jaar"
    return f"{low} jaar en ouder" if low is not None else f"tot en met {high} jaar"


def _plain(text: str) -> str:
    """Lower case without accents: "Financiën" and "financien" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The meaningful words of a text, in order, without repeats."""
    seen: list[str] = []
    for word in re.findall(r"[a-z0-9]+", _plain(text)):
        if len(word) >= MIN_WORD and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_STEM and long.startswith(short)


def _matches(goal_words: list[str], candidates: list[str]) -> list[str]:
    return [w for w in goal_words if any(_same(w, c) for c in candidates)]


def load_catalogue(*, municipality_id: int, district_id: int | None, domain_code: str = "") -> Catalogue:
    """Active provisions of the municipality offered in the district (no districts set: the whole
    municipality), with their organisation; only those on `domain_code` when given. Two queries whatever
    the catalogue holds: the district's name and the provisions (one when there is no district)."""
    district_name = ""
    if district_id is not None:
        district_name = (
            District.objects.filter(pk=district_id, municipality_id=municipality_id)
            .values_list("name", flat=True)
            .first()
            or ""
        )
    through = Provision.districts.through
    any_district = Exists(through.objects.filter(provision_id=OuterRef("pk")))
    provisions = Provision.objects.filter(municipality_id=municipality_id, active=True).annotate(
        has_districts=any_district
    )
    if district_id is None:
        provisions = provisions.filter(has_districts=False)
    else:
        in_district = Exists(through.objects.filter(provision_id=OuterRef("pk"), district_id=district_id))
        provisions = provisions.filter(Q(has_districts=False) | in_district)
    if domain_code:
        # The JSON list as text holds each code in double quotes (SQLite and PostgreSQL alike); rank()
        # checks the list exactly.
        provisions = provisions.filter(domains__icontains=f'"{domain_code}"')
    rows = list(provisions.select_related("organisation").order_by("name", "pk"))
    return Catalogue(provisions=rows, district_name=district_name)


def rank(
    catalogue: Catalogue,
    *,
    domain_code: str,
    text: str = "",
    domain_label: str = "",
    exclude_names: frozenset[str] | set[str] = frozenset(),
    ages: Sequence[int] = (),
    limit: int = 5,
) -> list[Suggestion]:
    """The catalogue's provisions for one goal, lightest rung first (volunteers, general, light and heavy
    maatwerk); within a rung those on the goal's life domain before those that match its words from another
    domain, then the ones sharing most words with the goal text, then by name. A provision that suits none
    of the goal's people (`ages`: their ages; law and age range) is left out. No queries."""
    label = domain_label or DOMAIN_LABELS.get(domain_code, domain_code)
    goal_words = words(text)
    found: list[tuple[tuple[str, bool, int, str, int], Suggestion]] = []
    for provision in catalogue.provisions:
        if provision.name in exclude_names or unfit_for(provision, ages):
            continue
        by_keyword = _matches(goal_words, words(provision.keywords))
        on_domain = domain_code in (provision.domains or [])
        if not on_domain and not by_keyword:
            continue  # another domain only counts when its keywords say so
        by_text = [
            w
            for w in _matches(goal_words, words(f"{provision.name} {provision.description}"))
            if w not in by_keyword
        ]
        if on_domain:
            reasons = [f"past bij het leefgebied {label}"]
        else:
            reasons = ["uit een ander leefgebied, maar de zoekwoorden passen bij het doel"]
        if provision.age_min is not None or provision.age_max is not None:
            reasons.append(f"voor {age_range(provision)}")
        if getattr(provision, "has_districts", False):
            reasons.append(f"in de wijk {catalogue.district_name}".rstrip())
        else:
            reasons.append("in de hele gemeente")
        reasons += [f"zoekwoord '{w}' komt overeen" for w in by_keyword]
        reasons += [f"'{w}' staat in de naam of beschrijving" for w in by_text]
        rung = rung_of(provision)
        matched = (*by_keyword, *by_text)
        suggestion = Suggestion(provision=provision, rung=rung, reasons=reasons, matched=matched)
        found.append(((rung, not on_domain, -len(matched), provision.name.lower(), provision.pk), suggestion))
    found.sort(key=lambda pair: pair[0])
    return [suggestion for _, suggestion in found[:limit]]


def suggest(
    *,
    municipality_id: int,
    district_id: int | None,
    domain_code: str,
    text: str = "",
    limit: int = 5,
    domain_label: str = "",
    ages: Sequence[int] = (),
) -> list[Suggestion]:
    """Up to `limit` provisions for a goal on `domain_code` of a household in `district_id`, lightest rung
    first, each with the reasons it matches (Dutch). Two queries."""
    catalogue = load_catalogue(municipality_id=municipality_id, district_id=district_id)
    return rank(
        catalogue, domain_code=domain_code, text=text, domain_label=domain_label, ages=ages, limit=limit
    )
