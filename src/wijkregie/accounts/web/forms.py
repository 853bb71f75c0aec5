from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django_otp import devices_for_user

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.policies import StaffPolicy, password_login_allowed
from wijkregie.core.forms import StyledForm, StyledFormMixin, multiple_choice, style_checkboxes
from wijkregie.organisation.models import Municipality

REQUIRED = "Vul dit veld in."
CHOOSE = "Kies alleen uit de lijst."


class LoginForm(StyledFormMixin, AuthenticationForm):
    """Username, password and, when two-factor is required and set up, the 6-digit code."""

    otp_token = forms.CharField(
        label="Verificatiecode",
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="De 6 cijfers uit uw authenticator-app.",
    )

    error_messages = {
        "invalid_login": "Gebruikersnaam, wachtwoord of verificatiecode klopt niet.",
        "inactive": "Dit account is niet actief.",
        "sso_only": (
            "Met een wachtwoord logt alleen de functioneel beheerder in. Gebruik Inloggen via de gemeente."
        ),
        "sso_always": "Inloggen met een wachtwoord staat uit. Gebruik Inloggen via de gemeente.",
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        self.otp_device = None
        if settings.WIJKREGIE_REQUIRE_2FA and user is not None:
            devices = list(devices_for_user(user, confirmed=True))
            if devices:
                token = (cleaned.get("otp_token") or "").strip()
                self.otp_device = next((d for d in devices if token and d.verify_token(token)), None)
                if self.otp_device is None:
                    raise self.get_invalid_login_error()
        if user is not None and not password_login_allowed(user):
            # Only after the password and the code were right, so it tells a guesser nothing.
            code = "sso_always" if settings.WIJKREGIE_OIDC_PASSWORD_LOGIN == "none" else "sso_only"
            raise forms.ValidationError(self.error_messages[code], code=code)
        return cleaned


ACTIVATION_WRONG = (
    "Deze activeringscode klopt niet of is verlopen. Vraag de functioneel beheerder om een nieuwe."
)


class ActivationForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label="Activeringscode",
        max_length=20,
        help_text="Uit de uitnodigingsmail, of van de functioneel beheerder: drie groepen van vier tekens.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "Vul de activeringscode in."},
    )


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label="Verificatiecode",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": "Vul de 6 cijfers uit uw app in.",
            "min_length": "De code heeft 6 cijfers.",
        },
    )


class SetPasswordForm(StyledFormMixin, auth_forms.SetPasswordForm):
    pass


# -- staff accounts, managed by the functioneel beheerder (/beheer/medewerkers/) ----------------------------
class _StaffFormBase(StyledForm):
    role = forms.ChoiceField(
        label="Rol",
        choices=Role.choices,
        error_messages={"required": "Kies een rol.", "invalid_choice": CHOOSE},
    )
    teams = multiple_choice(
        "Teams",
        "Alleen teams die uw gemeente bedienen. Lidmaatschappen van andere teams blijven staan.",
        invalid=CHOOSE,
    )
    municipality: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Eigen gemeente",
        queryset=None,
        required=False,
        empty_label="(geen: werkt vanuit een team)",
        help_text="Nodig voor contractmanagers, beleidsmedewerkers en functioneel beheerders.",
        error_messages={"invalid_choice": "Kies uw eigen gemeente of geen."},
    )

    def __init__(self, *args: Any, policy: StaffPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = policy.manageable_teams()  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = policy.organisation.municipalities()  # type: ignore[attr-defined]
        style_checkboxes(self)


class StaffCreateForm(_StaffFormBase):
    username = forms.CharField(
        label="Gebruikersnaam", max_length=150, error_messages={"required": "Vul een gebruikersnaam in."}
    )
    first_name = forms.CharField(label="Voornaam", max_length=150, error_messages={"required": REQUIRED})
    last_name = forms.CharField(label="Achternaam", max_length=150, error_messages={"required": REQUIRED})
    email = forms.EmailField(
        label="E-mail",
        error_messages={"required": "Vul het e-mailadres in.", "invalid": "Vul een geldig e-mailadres in."},
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "teams", "municipality"]


class StaffUpdateForm(_StaffFormBase):
    is_active = forms.BooleanField(
        label="Account actief",
        required=False,
        help_text="Zet uit wanneer iemand niet meer bij de gemeente werkt.",
    )

    def __init__(self, *args: Any, policy: StaffPolicy, staff: User, **kwargs: Any) -> None:
        super().__init__(*args, policy=policy, **kwargs)
        home = staff.municipality_id
        if home is not None and home != policy.municipality_id:
            # Another municipality's home municipality is shown, not changed.
            field = self.fields["municipality"]
            field.queryset = Municipality.objects.filter(pk=home)  # type: ignore[attr-defined]
            field.disabled = True
            field.help_text = "Deze medewerker hoort bij een andere gemeente; dat kunt u niet wijzigen."

    @staticmethod
    def initial_for(staff: User, policy: StaffPolicy) -> dict[str, Any]:
        return {
            "role": staff.role,
            "is_active": staff.is_active,
            "municipality": staff.municipality_id,
            "teams": list(policy.manageable_teams().filter(memberships__user=staff)),
        }
