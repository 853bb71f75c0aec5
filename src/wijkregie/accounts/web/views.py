import base64
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkregie.accounts import services
from wijkregie.accounts.models import User
from wijkregie.accounts.policies import sso_enabled

from .forms import ACTIVATION_WRONG, ActivationForm, LoginForm, SetPasswordForm, TokenForm
from .sso import LogoutView


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso_enabled()
        context["password_login"] = settings.WIJKREGIE_OIDC_PASSWORD_LOGIN if sso_enabled() else "all"
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        method = services.LOGIN_PASSWORD_TOTP if form.otp_device is not None else services.LOGIN_PASSWORD
        services.session_login_record(user=form.get_user(), method=method)
        return response


ENROLMENT_ALLOWED = "wijkregie_enrolment_allowed"  # session key: the user's pk, once their code was right


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app. First the one-time activation code from the invitation or the beheerder
    (a password alone enrols nothing), then the QR code, confirmed with a first code from the app."""
    user = cast(User, request.user)
    if request.session.get(ENROLMENT_ALLOWED) != user.pk:
        return _activation(request, user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and device is not None and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            request.session.pop(ENROLMENT_ALLOWED, None)
            return redirect("home")
        form.add_error("token", "Deze code klopt niet. Probeer de nieuwste code uit uw app.")
    if device is None:
        device = services.totp_device_start(user=user)
    qr_svg = segno.make(device.config_url, micro=False).svg_inline(scale=5, dark="#000", light="#fff")
    # The same secret as text, in groups of four, for who cannot scan (a screen reader, a desktop app).
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    key = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    context = {"form": form, "qr_svg": qr_svg, "key": key}
    return render(request, "accounts/two_factor_setup.html", context)


def _activation(request: HttpRequest, user: User) -> HttpResponse:
    form = ActivationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.enrolment_code_valid(user=user, code=form.cleaned_data["code"]):
            request.session[ENROLMENT_ALLOWED] = user.pk
            return redirect("accounts:two_factor_setup")
        form.add_error("code", ACTIVATION_WRONG)
    return render(request, "accounts/two_factor_activation.html", {"form": form})


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link from the invitation mail: choose a password, then log in (and set up 2FA)."""

    template_name = "accounts/set_password.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Uw wachtwoord is ingesteld. U kunt nu inloggen.")
        return super().form_valid(form)


logout_view = LogoutView.as_view()
