"""Vroegsignalering: signals of payment arrears in, matched to residents, bundled per household into a
vroegsignaalzaak, outreach with contact attempts, a result and a warm handover. Signal rows hold personal
data with a purpose limit; the retention job deletes them and keeps only the anonymous MonthTally."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.households.models import Household, Resident
from wijkregie.intake.models import Melding
from wijkregie.organisation.models import District, Municipality, Team

from . import constants as c
from .constants import (
    CaseResult,
    ContactKind,
    DayPart,
    FileFormat,
    HandoverLine,
    PartnerType,
    Sex,
    SignalStatus,
)


class EarlyWarningSettings(Versioned, BaseModel):
    """A municipality's choices for vroegsignalering; defaults as documented in docs/vroegsignalering.md."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="early_warning")
    # Who does the outreach: the welfare organisation's team (the default) or a wijkteam.
    outreach_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="outreachteam"
    )
    # Euros below which a signal is not picked up, per partner type ({"Huur": 100}); others the default.
    thresholds = models.JSONField("drempels per soort partner", default=dict, blank=True)
    default_threshold = models.PositiveIntegerField("drempel (euro)", default=c.DEFAULT_THRESHOLD_EUROS)
    repeat_window_days = models.PositiveIntegerField(
        "venster herhaalde melding (dagen)", default=c.DEFAULT_REPEAT_WINDOW_DAYS
    )
    contact_days = models.PositiveIntegerField("norm contactpoging (dagen)", default=c.DEFAULT_CONTACT_DAYS)
    analysis_days = models.PositiveIntegerField(
        "norm eerste analyse (dagen)", default=c.DEFAULT_ANALYSIS_DAYS
    )
    retention_not_picked_months = models.PositiveIntegerField(
        "bewaren niet opgepakt (maanden)", default=c.DEFAULT_RETENTION_NOT_PICKED_MONTHS
    )
    retention_no_help_months = models.PositiveIntegerField(
        "bewaren zonder hulp (maanden)", default=c.DEFAULT_RETENTION_NO_HELP_MONTHS
    )
    retention_handed_over_months = models.PositiveIntegerField(
        "bewaren na overdracht (maanden)", default=c.DEFAULT_RETENTION_HANDED_OVER_MONTHS
    )
    # The delivering organisation of the DDAS delivery (aanleverendeOrganisatie) and its contact.
    delivering_name = models.CharField("aanleverende organisatie", max_length=200, blank=True)
    delivering_kvk = models.CharField("KvK-nummer", max_length=8, blank=True)
    contact_name = models.CharField("contactpersoon", max_length=200, blank=True)
    contact_email = models.EmailField("e-mail contactpersoon", blank=True)
    contact_phone = models.CharField("telefoon contactpersoon", max_length=30, blank=True)
    contact_title = models.CharField("functie contactpersoon", max_length=100, blank=True)

    class Meta:
        verbose_name = "instellingen vroegsignalering"
        verbose_name_plural = "instellingen vroegsignalering"

    def __str__(self) -> str:
        return f"Instellingen vroegsignalering {self.uuid}"

    def threshold_for(self, partner_type: str) -> int:
        value = self.thresholds.get(partner_type, self.default_threshold)
        return int(value)


class SignalPartner(Versioned, BaseModel):
    """The organisation behind a partner type in a municipality (a housing corporation, a water company)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="signal_partners")
    partner_type = models.CharField("soort", max_length=40, choices=PartnerType.choices)
    name = models.CharField("naam", max_length=150)
    active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "signaalpartner"
        verbose_name_plural = "signaalpartners"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="signal_partner_name_unique"),
            models.CheckConstraint(
                condition=Q(partner_type__in=PartnerType.values), name="signal_partner_type"
            ),
        ]

    def __str__(self) -> str:
        return self.name  # an organisation, never a person


class SignalFile(BaseModel):
    """A file of signals as it came in. Its SHA-256 makes the same file twice change nothing, also after the
    retention job deleted its signals: the row stays, emptied, so the file cannot bring them back."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="signal_files")
    partner = models.ForeignKey(SignalPartner, on_delete=models.SET_NULL, null=True, blank=True)
    name = models.CharField("bestandsnaam", max_length=200)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField("formaat", max_length=10, choices=FileFormat.choices)
    source = models.CharField("binnengekomen via", max_length=10, choices=c.Source.choices)
    received_at = models.DateTimeField("ontvangen")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    signal_count = models.PositiveIntegerField("aantal signalen")
    emptied_on = models.DateField("signalen verwijderd op", null=True, blank=True)

    class Meta:
        verbose_name = "signalenbestand"
        verbose_name_plural = "signalenbestanden"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "sha256"], name="signal_file_once"),
        ]

    def __str__(self) -> str:
        return f"Signalenbestand {self.uuid}"


class MatchingRun(BaseModel):
    """One matching of a period's signals, started by a person; its counts say what it did."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="matching_runs")
    period_start = models.DateField("matchingperiode van")
    period_end = models.DateField("matchingperiode tot en met")
    matched_on = models.DateField("matchingsdatum")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField("uitkomst", default=dict)

    class Meta:
        verbose_name = "matchingsronde"
        verbose_name_plural = "matchingsrondes"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="matching_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Matchingsronde {self.uuid}"


class SignalCase(Versioned, BaseModel):
    """A vroegsignaalzaak: the matched signals of one household's members in one matching period, worked
    as one by the outreach team. Amounts and partners are summed from its signals when it is (re)bundled."""

    # No index of their own where a composite index starts with the column: a year writes a million zaken.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="signal_cases", db_index=False
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="signal_cases", db_index=False
    )
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    matching_run = models.ForeignKey(MatchingRun, on_delete=models.PROTECT, related_name="cases")
    period_start = models.DateField("matchingperiode van")
    period_end = models.DateField("matchingperiode tot en met")
    matched_on = models.DateField("matchingsdatum")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="signal_cases", verbose_name="team", db_index=False
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signal_cases",
        verbose_name="medewerker",
    )
    crisis = models.BooleanField("crisissignaal", default=False)
    signal_count = models.PositiveIntegerField("aantal signalen", default=0)
    person_count = models.PositiveIntegerField("aantal personen", default=0)
    total_amount = models.PositiveIntegerField("totale achterstand (euro)", default=0)
    partner_types = models.JSONField("soorten partners", default=list)
    oldest_signal_on = models.DateField("eerste signaaldatum")
    picked_up_on = models.DateField("opgepakt op", null=True, blank=True)
    result = models.CharField("eindresultaat", max_length=80, choices=CaseResult.choices, blank=True)
    result_on = models.DateField("eindresultaat op", null=True, blank=True)
    handover_line = models.CharField(
        "overgedragen naar", max_length=20, choices=HandoverLine.choices, blank=True
    )
    melding = models.ForeignKey(Melding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "vroegsignaalzaak"
        verbose_name_plural = "vroegsignaalzaken"
        indexes = [
            # The queue: a team's open zaken, crisis first, then the oldest signal, read in index order.
            models.Index(fields=["team", "result", "-crisis", "oldest_signal_on"], name="signal_case_queue"),
            models.Index(fields=["municipality", "period_start"], name="signal_case_period"),
            models.Index(fields=["household", "period_start"], name="signal_case_household"),
        ]
        constraints = [
            # A signal that comes in after the household's zaak of the period was closed starts a new zaak.
            models.UniqueConstraint(
                fields=["household", "period_start"],
                condition=Q(result=""),
                name="signal_case_one_open_per_period",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="signal_case_period"),
            models.CheckConstraint(
                condition=Q(result="") | Q(result__in=CaseResult.values), name="signal_case_result_known"
            ),
            models.CheckConstraint(
                condition=Q(result="", result_on__isnull=True) | (~Q(result="") & Q(result_on__isnull=False)),
                name="signal_case_result_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Vroegsignaalzaak {self.uuid}"

    @property
    def is_closed(self) -> bool:
        return bool(self.result)


class Signal(BaseModel):
    """One vroegsignaal as a partner sent it, and what matching made of it."""

    # Covered by the composite indexes below, which start with it: a year inserts a million signals.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="signals", db_index=False
    )
    file = models.ForeignKey(SignalFile, on_delete=models.PROTECT, related_name="signals")
    partner = models.ForeignKey(
        SignalPartner, on_delete=models.SET_NULL, null=True, blank=True, db_index=False
    )
    external_id = models.CharField("ID", max_length=100)
    partner_type = models.CharField("soort partner", max_length=40, choices=PartnerType.choices)
    amount = models.PositiveIntegerField("bedrag (euro)")
    arose_on = models.DateField("ontstaansdatum", null=True, blank=True)
    signal_date = models.DateField("signaaldatum")
    crisis = models.BooleanField("crisissignaal", default=False)
    warm_handover = models.BooleanField("warme overdracht", default=False)
    # The client as the partner identified them: by BSN, or by address and birth date.
    bsn = models.CharField("BSN", max_length=9, blank=True)
    postcode = models.CharField("postcode", max_length=6, blank=True)
    house_number = models.PositiveIntegerField("huisnummer", null=True, blank=True)
    house_number_suffix = models.CharField("toevoeging", max_length=10, blank=True)
    birth_date = models.DateField("geboortedatum", null=True, blank=True)
    sex = models.CharField("geslacht", max_length=10, choices=Sex.choices, blank=True)
    # What matching made of it.
    status = models.CharField("status", max_length=60, choices=SignalStatus.choices, default=SignalStatus.NEW)
    status_reason = models.CharField("reden", max_length=200, blank=True)
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="early_signals",
        db_index=False,
    )
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    case = models.ForeignKey(
        SignalCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals", db_index=False
    )
    matching_run = models.ForeignKey(
        MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, db_index=False
    )

    class Meta:
        verbose_name = "vroegsignaal"
        verbose_name_plural = "vroegsignalen"
        indexes = [
            models.Index(fields=["municipality", "status", "signal_date"], name="signal_matching"),
            models.Index(fields=["municipality", "signal_date"], name="signal_period"),
            # What matching fills in is indexed where it is filled in: a file's million signals are inserted
            # without touching these, and a lookup by value (x = %s) implies the condition.
            *(
                models.Index(
                    fields=[name], condition=Q(**{f"{name}__isnull": False}), name=f"signal_{name}_set"
                )
                for name in ("partner", "resident", "household", "case", "matching_run")
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "external_id"], name="signal_id_once"),
            models.CheckConstraint(
                condition=Q(partner_type__in=PartnerType.values), name="signal_partner_known"
            ),
            models.CheckConstraint(
                condition=Q(bsn__regex=r"^[0-9]{9}$")
                | (Q(bsn="") & Q(postcode__regex=r"^[1-9][0-9]{3}[A-Z]{2}$")),
                name="signal_client_identified",
            ),
        ]

    def __str__(self) -> str:
        return f"Vroegsignaal {self.uuid}"


class ContactAttempt(BaseModel):
    """A contactpoging: how, when (date and part of day) and whether the resident was reached."""

    case = models.ForeignKey(SignalCase, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField("soort", max_length=30, choices=ContactKind.choices)
    made_on = models.DateField("datum")
    day_part = models.CharField("dagdeel", max_length=10, choices=DayPart.choices)
    reached = models.BooleanField("bereikt")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "contactpoging"
        verbose_name_plural = "contactpogingen"
        indexes = [models.Index(fields=["case", "made_on"], name="contact_attempt_case")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContactKind.values), name="contact_attempt_kind"),
            models.CheckConstraint(condition=Q(day_part__in=DayPart.values), name="contact_attempt_day_part"),
        ]

    def __str__(self) -> str:
        return f"Contactpoging {self.uuid}"


class SignalLetter(BaseModel):
    """The letter to one signalled member of a zaak: only their own signals, made once and kept as sent."""

    case = models.ForeignKey(SignalCase, on_delete=models.CASCADE, related_name="letters")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    sent_on = models.DateField("verstuurd op")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "brief vroegsignalering"
        verbose_name_plural = "brieven vroegsignalering"
        constraints = [models.UniqueConstraint(fields=["case", "resident"], name="signal_letter_once")]

    def __str__(self) -> str:
        return f"Brief vroegsignalering {self.uuid}"


class MonthTally(models.Model):
    """Anonymous counts of signals and zaken the retention job deleted, per municipality, month and
    district, so that last year's monitoring survives the deletion of the personal data behind it.
    No person, household or signal can be found from a row."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("maand")  # the first day
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    signals = models.PositiveIntegerField(default=0)
    signals_not_matched = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    multiple = models.PositiveIntegerField(default=0)  # zaken with two or more signals
    crisis = models.PositiveIntegerField(default=0)
    picked_up = models.PositiveIntegerField(default=0)
    reached = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    first_contact_days = models.PositiveIntegerField(default=0)  # summed over zaken with a first attempt
    first_contacts = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=dict)  # {eindresultaat: number of zaken}
    partner_types = models.JSONField(default=dict)  # {soort partner: number of signals}

    class Meta:
        verbose_name = "telling vroegsignalering"
        verbose_name_plural = "tellingen vroegsignalering"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month", "district"], name="month_tally_cell"),
        ]

    def __str__(self) -> str:
        return f"Telling {self.month:%Y-%m}"


class DeliveryCredential(BaseModel):
    """The credential CBS pulls a municipality's DDAS delivery with. Only its SHA-256 is kept; the token is
    shown once when made."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    label = models.CharField("omschrijving", max_length=100)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    last_used_at = models.DateTimeField("laatst gebruikt", null=True, blank=True)

    class Meta:
        verbose_name = "leveringssleutel"
        verbose_name_plural = "leveringssleutels"

    def __str__(self) -> str:
        return f"Leveringssleutel {self.uuid}"
