from django.db import models


class Role(models.TextChoices):
    CONSULENT = "consulent", "Wijkteammedewerker / consulent"
    TEAMLEIDER = "teamleider", "Teamleider"
    BACKOFFICE = "backoffice", "Backoffice-specialist"
    SOCIAL_WORKER = "sociaal_werker", "Sociaal werker"
    PROVIDER_STAFF = "aanbieder", "Zorgaanbieder-medewerker"
    CONTRACT_MANAGER = "contractmanager", "Contractmanager"
    POLICY_OFFICER = "beleid", "Beleidsmedewerker"
    FUNCTIONAL_ADMIN = "beheerder", "Functioneel beheerder"


# Roles whose work is with households: only these ever see personal data.
CASEWORK_ROLES = frozenset({Role.CONSULENT, Role.TEAMLEIDER, Role.BACKOFFICE, Role.SOCIAL_WORKER})

# Roles that see every household of the municipalities their team serves (the backoffice decides
# maatwerk for any resident of those municipalities, so its need-to-know is municipality-wide).
MUNICIPALITY_WIDE_ROLES = frozenset({Role.BACKOFFICE})

# Who may open a household outside their caseload with a written reason (break-the-glass).
BREAK_GLASS_ROLES = CASEWORK_ROLES

# Who reviews the audit trail.
AUDIT_REVIEW_ROLES = frozenset({Role.TEAMLEIDER, Role.FUNCTIONAL_ADMIN})
