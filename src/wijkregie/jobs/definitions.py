"""The recurring jobs, as one table: what each does, when it runs (cron fields in Europe/Amsterdam time)
and how long its lock holds. Each job is a function `() -> str` in the service layer of the app that owns
the work; it is idempotent (a second run finds nothing left to do) and returns a summary in counts.
A job with `setting` runs only where that setting is true (the demo's provider that answers by itself)."""

from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    function: str  # dotted path, resolved when the job runs, so this table imports no app
    cron: dict[str, str] = field(default_factory=dict)
    lease_minutes: int = 30  # a lock older than this belongs to a worker that died
    setting: str = ""
    at_start: bool = False  # also run when the worker starts (what queued while it was down)

    @property
    def when(self) -> str:
        """The schedule as the beheerder reads it."""
        fields = self.cron
        if fields.get("minute", "").startswith("*/"):
            return f"elke {fields['minute'][2:]} minuten"
        if fields.get("minute") == "*":
            return "elke minuut"
        if "hour" not in fields:
            return f"elk uur om :{int(fields['minute']):02d}"
        moment = f"{int(fields['hour']):02d}:{int(fields.get('minute', '0')):02d}"
        if fields.get("day_of_week") == "mon-fri":
            return f"werkdagen om {moment}"
        return f"dagelijks om {moment}"


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "berichten-ophalen",
            "iWmo/iJw-berichten van aanbieders ophalen en verwerken",
            "wijkregie.allocations.services.messages.messages_pickup",
            {"minute": "*"},
            lease_minutes=10,
            at_start=True,
        ),
        Job(
            "termijnen-verstreken",
            "Verstreken wettelijke termijnen op de tijdlijn zetten",
            "wijkregie.tasks.services.overdue_terms_record",
            {"minute": "10"},
        ),
        Job(
            "doorbraak-verlopen",
            "Verlopen doorbroken toegang afsluiten",
            "wijkregie.households.services.break_glass_expire",
            {"minute": "*/15"},
        ),
        Job(
            "toestemming-verlopen",
            "Verlopen toestemmingen vastleggen en delen op grond ervan stoppen",
            "wijkregie.consent.services.consents_expire",
            {"minute": "20"},
        ),
        Job(
            "vroegsignalen-ophalen",
            "Bestanden met vroegsignalen uit de inleesmap per gemeente inlezen",
            "wijkregie.early_warning.services.files.signal_folders_pickup",
            {"minute": "*/5"},
            lease_minutes=30,
            at_start=True,
        ),
        Job(
            "dagoverzicht",
            "Dagoverzicht per medewerker mailen (alleen aantallen en een link)",
            "wijkregie.notifications.services.digests_send",
            {"day_of_week": "mon-fri", "hour": "7", "minute": "0"},
        ),
        Job(
            "vroegsignalen-opschonen",
            "Vroegsignalen en vroegsignaalzaken na hun bewaartermijn verwijderen (aantallen blijven)",
            "wijkregie.early_warning.services.retention.retention_nightly",
            {"hour": "2", "minute": "30"},
            lease_minutes=120,
        ),
        Job(
            "sturing-verversen",
            "Sturingsgegevens bijwerken met de wijzigingen van de dag (gepseudonimiseerd)",
            "wijkregie.monitoring.services.store_refresh_nightly",
            {"hour": "4", "minute": "0"},
            lease_minutes=120,
        ),
        Job(
            "sessies-opruimen",
            "Verlopen sessies verwijderen",
            "wijkregie.accounts.services.sessions_clear_expired",
            {"hour": "3", "minute": "30"},
        ),
        Job(
            "demo-aanbieder",
            "Demo: de nepaanbieder beantwoordt verzonden toewijzingen (302 en 305)",
            "wijkregie.allocations.services.demo_provider.demo_provider_answer",
            {"minute": "*"},
            lease_minutes=10,
            setting="WIJKREGIE_DEMO_PROVIDER_ANSWERS",
        ),
    )
}


def is_enabled(job: Job) -> bool:
    """Whether the job runs on this installation (a job with a setting only where it is true)."""
    return not job.setting or bool(getattr(settings, job.setting, False))
