from django.conf import settings
from django.db import models
from django.db.models import Q

from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.organisation.models import District, Municipality, Team

from .constants import Complexity, Relation, RepresentativeKind, TimelineKind
from .querysets import MembershipQuerySet, ResidentQuerySet


class Resident(Versioned, BaseModel):
    """An inwoner. The BSN is stored for matching with BRP and the standards; never shown in URLs or logs."""

    bsn = models.CharField("BSN", max_length=9, unique=True)
    given_names = models.CharField("voornamen", max_length=200, blank=True)
    initials = models.CharField("voorletters", max_length=20, blank=True)
    surname_prefix = models.CharField("voorvoegsel", max_length=20, blank=True)
    surname = models.CharField("geslachtsnaam", max_length=200)
    birth_date = models.DateField("geboortedatum")
    postcode = models.CharField("postcode", max_length=6)
    house_number = models.PositiveIntegerField("huisnummer")
    house_number_suffix = models.CharField("toevoeging", max_length=10, blank=True)
    street = models.CharField("straat", max_length=200, blank=True)
    city = models.CharField("woonplaats", max_length=100)
    phone = models.CharField("telefoon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    # The surname as a search key (core.identifiers.search_key) for prefix search as an index range.
    surname_search = models.CharField(max_length=200, editable=False)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = "inwoner"
        verbose_name_plural = "inwoners"
        indexes = [
            models.Index(fields=["surname_search", "birth_date"], name="resident_surname_search"),
            models.Index(fields=["birth_date"], name="resident_birth_date"),
            models.Index(fields=["postcode", "house_number"], name="resident_address"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(bsn="000000000"), name="resident_bsn_not_zero"),
            # ASCII digits only: another script's digits would be a second spelling of one person's BSN.
            models.CheckConstraint(condition=Q(bsn__regex=r"^[0-9]{9}$"), name="resident_bsn_ascii_digits"),
            models.CheckConstraint(
                condition=Q(postcode__regex=r"^[1-9][0-9]{3}[A-Z]{2}$"), name="resident_postcode"
            ),
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs, admin messages and error pages.
        return f"Inwoner {self.uuid}"

    @property
    def full_name(self) -> str:
        first = self.given_names or self.initials
        return " ".join(part for part in (first, self.surname_prefix, self.surname) if part)

    @property
    def formal_surname(self) -> str:
        return " ".join(part for part in (self.surname_prefix, self.surname) if part)

    @property
    def address_line(self) -> str:
        number = f"{self.house_number}{self.house_number_suffix and ' ' + self.house_number_suffix}"
        street = f"{self.street} {number}" if self.street else f"huisnummer {number}"
        return f"{street}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"


class Representative(BaseModel):
    """A wettelijk vertegenwoordiger or gemachtigde acting for a resident."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="representatives")
    kind = models.CharField("soort", max_length=20, choices=RepresentativeKind.choices)
    name = models.CharField("naam", max_length=200)
    contact = models.CharField("contactgegevens", max_length=200, blank=True)
    represented_by = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="represents"
    )
    start_date = models.DateField("ingangsdatum")
    end_date = models.DateField("einddatum", null=True, blank=True)

    class Meta:
        verbose_name = "vertegenwoordiger"
        verbose_name_plural = "vertegenwoordigers"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="representative_end_after_start",
            )
        ]


class Household(BaseModel):
    """The unit of work: one dossier, one plan, one regisseur. Its district follows from its address."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="households")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="households")
    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regie_households",
    )
    last_activity_at = models.DateTimeField("laatste activiteit", null=True, blank=True)
    complexity = models.PositiveSmallIntegerField(
        "zwaarte", choices=Complexity.choices, default=Complexity.MEDIUM, db_default=Complexity.MEDIUM
    )

    # Not stored: set by services.dossier_open for the page banner, when the reader sees it only through
    # break-the-glass. The audit writer works the flag out itself (audit.recording).
    seen_through_break_glass = False

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"

    def __str__(self) -> str:
        return f"Huishouden {self.uuid}"


class HouseholdMembership(models.Model):
    """Who lives in which household, with history: a resident has at most one current household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="memberships")
    relation = models.CharField("relatie", max_length=20, choices=Relation.choices)
    start_date = models.DateField("vanaf")
    end_date = models.DateField("tot", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "lidmaatschap huishouden"
        verbose_name_plural = "lidmaatschappen huishouden"
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(end_date__isnull=True),
                name="one_current_household_per_resident",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["household", "end_date"], name="membership_household_current")]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} in huishouden {self.household_id}"


class CaseloadEntry(models.Model):
    """A household in a team's caseload (werkvoorraad), optionally with the assigned worker."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="caseload_entries")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="caseload_entries")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload_entries",
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "werkvoorraadregel"
        verbose_name_plural = "werkvoorraad"
        constraints = [
            models.UniqueConstraint(
                fields=["household", "team"],
                condition=Q(ended_at__isnull=True),
                name="one_active_entry_per_team",
            )
        ]
        indexes = [
            models.Index(fields=["household", "ended_at"], name="caseload_household_active"),
            models.Index(fields=["team", "ended_at"], name="caseload_team_active"),
            models.Index(fields=["worker", "ended_at"], name="caseload_worker_active"),
            # The teamleider's caseload: per team and worker, active entries only ...
            models.Index(
                fields=["team", "worker", "started_at"],
                condition=Q(ended_at__isnull=True),
                name="caseload_team_worker_active",
            ),
            # ... and the households waiting for a worker, oldest first (IS NULL gives no index order on
            # PostgreSQL, so waiting entries get their own partial index).
            models.Index(
                fields=["team", "started_at", "id"],
                condition=Q(ended_at__isnull=True, worker__isnull=True),
                name="caseload_team_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"Huishouden {self.household_id} bij team {self.team_id}"


class BreakGlassGrant(BaseModel):
    """Temporary access outside the caseload, with the written reason. Reviewed in the audit pages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = models.TextField("reden")
    expires_at = models.DateTimeField()
    # When the expiry job put the end on the timeline (the access itself ends at expires_at, at read time).
    expiry_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "doorbroken toegang"
        verbose_name_plural = "doorbroken toegangen"
        indexes = [
            models.Index(fields=["household", "user", "expires_at"], name="break_glass_lookup"),
            models.Index(
                fields=["expires_at"],
                condition=Q(expiry_recorded_at__isnull=True),
                name="break_glass_to_close",
            ),
        ]


class TimelineEntry(models.Model):
    """One line on the household's timeline. The description is generated, never pasted free text."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=30, choices=TimelineKind.choices)
    description = models.CharField(max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "tijdlijnregel"
        verbose_name_plural = "tijdlijn"
        indexes = [models.Index(fields=["household", "-occurred_at"], name="timeline_household_recent")]

    def __str__(self) -> str:
        return self.description
