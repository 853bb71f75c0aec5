from django.db import models


class Basis(models.TextChoices):
    """AVG art. 6: consent, or a task the law gives the municipality. The regulator warns against
    relying on consent where the law is the basis, so the basis is recorded explicitly."""

    CONSENT = "toestemming", "Toestemming van de inwoner"
    LAW = "wettelijk", "Wettelijke grondslag"


class LegalBasis(models.TextChoices):
    NONE = "", "—"
    WMO_ONDERZOEK = "wmo_2.3.2", "Wmo 2015 art. 2.3.2 (onderzoek) en 5.1.1"
    JEUGDWET = "jeugdwet_7.4.0", "Jeugdwet art. 7.4.0"
    WGS = "wgs_3", "Wet gemeentelijke schuldhulpverlening art. 3 en 5"
    PARTICIPATIEWET = "pw_17", "Participatiewet art. 17 en 64"
    VEILIGHEID = "wmo_5.2.6", "Wmo 2015 art. 5.2.6 (huiselijk geweld, Veilig Thuis)"


class ConsentMethod(models.TextChoices):
    VERBAL = "mondeling", "Mondeling, vastgelegd door medewerker"
    WRITTEN = "schriftelijk", "Schriftelijk, ondertekend"
    DIGITAL = "digitaal", "Digitaal door de inwoner"


class DossierPart(models.TextChoices):
    """The parts of a dossier that can be shared with a partner organisation."""

    UITVRAAG = "uitvraag", "Brede uitvraag"
    PLAN = "plan", "Huishoudplan"
