import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models

from wijkregie.core.versioning import Versioned
from wijkregie.organisation.models import Municipality, Team

from .constants import Role


class User(Versioned, AbstractUser):
    """A staff member. What they may see follows from role, teams and home municipality
    (households.policies)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField("rol", max_length=20, choices=Role.choices, default=Role.CONSULENT)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="eigen gemeente",
        help_text="Voor medewerkers zonder team (contractmanager, beleid, beheer).",
    )
    teams = models.ManyToManyField(Team, through="TeamMembership", related_name="members", blank=True)

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"

    @property
    def managed_municipality_id(self) -> int | None:
        """The municipality whose districts, teams and staff this user manages: an active functioneel
        beheerder's own. The organisation app asks this instead of knowing the roles."""
        if self.is_active and self.role == Role.FUNCTIONAL_ADMIN:
            return self.municipality_id
        return None

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class TeamMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = "teamlidmaatschap"
        verbose_name_plural = "teamlidmaatschappen"
        constraints = [models.UniqueConstraint(fields=["user", "team"], name="team_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id}"


class EnrolmentCode(models.Model):
    """The one-time code a staff member needs to set up their first authenticator: in the invitation, or
    handed over by the functioneel beheerder after a reset. A password alone never enrols a device, so a
    stolen password of a not-yet-enrolled account is not enough. Only a hash is kept."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="enrolment_code")
    code_hash = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "activeringscode tweestapsverificatie"
        verbose_name_plural = "activeringscodes tweestapsverificatie"

    def __str__(self) -> str:
        return f"activeringscode van {self.user_id}"
