from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django_otp import devices_for_user

from wijkregie.core.forms import StyledFormMixin


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
        return cleaned


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
