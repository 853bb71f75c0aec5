from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.core.models import BaseModel
from wijkregie.households.models import Household, Resident
from wijkregie.organisation.models import Organisation

from .constants import Basis, ConsentMethod, DossierPart, LegalBasis


class Consent(BaseModel):
    """A resident's consent (or the recorded legal basis) for sharing parts of the dossier with named
    organisations for a purpose. Checked live on every share and every read of a share, so a withdrawal
    takes effect at once."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents")
    basis = models.CharField("grondslag", max_length=20, choices=Basis.choices, default=Basis.CONSENT)
    legal_basis = models.CharField(
        "wettelijke grondslag", max_length=30, choices=LegalBasis.choices, blank=True, default=LegalBasis.NONE
    )
    organisations = models.ManyToManyField(Organisation, related_name="consents", verbose_name="organisaties")
    parts = models.JSONField("onderdelen", default=list)
    purpose = models.CharField("doel", max_length=300)
    given_on = models.DateField("gegeven op")
    method = models.CharField("hoe gegeven", max_length=20, choices=ConsentMethod.choices, blank=True)
    expires_on = models.DateField("geldig tot", null=True, blank=True)
    withdrawn_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    # The day the expiry job recorded that this consent ran out (it stops counting at read time anyway).
    expiry_recorded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "toestemming"
        verbose_name_plural = "toestemmingen"
        indexes = [models.Index(fields=["resident", "withdrawn_at"], name="consent_resident_current")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("given_on")),
                name="consent_expiry_after_given",
            ),
            models.CheckConstraint(
                condition=Q(basis=Basis.CONSENT) | ~Q(legal_basis=""),
                name="consent_law_basis_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Toestemming {self.uuid}"


class Share(BaseModel):
    """A part of a household's dossier shared with a partner organisation. The share itself grants
    nothing: reading it checks the consent of the household's members at that moment."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shares")
    part = models.CharField("onderdeel", max_length=20, choices=DossierPart.choices)
    shared_at = models.DateTimeField()
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "gedeeld onderdeel"
        verbose_name_plural = "gedeelde onderdelen"
        indexes = [models.Index(fields=["organisation", "ended_at"], name="share_organisation_current")]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "organisation", "part"],
                condition=Q(ended_at__isnull=True),
                name="one_active_share_per_part",
            ),
            models.CheckConstraint(condition=Q(part__in=DossierPart.values), name="share_part_known"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("shared_at")),
                name="share_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Gedeeld onderdeel {self.uuid}"
