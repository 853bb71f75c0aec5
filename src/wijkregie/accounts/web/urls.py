from django.urls import path

from . import beheer, sso, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("inloggen/gemeente/", sso.SsoLoginView.as_view(), name="sso_login"),
    path("wachtwoord-instellen/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("beheer/", beheer.overview, name="beheer_overview"),
    path("beheer/medewerkers/", beheer.staff_list, name="staff_list"),
    path("beheer/medewerkers/nieuw/", beheer.staff_create, name="staff_create"),
    path("beheer/medewerkers/<uuid:user_uuid>/", beheer.staff_update, name="staff_update"),
    path(
        "beheer/medewerkers/<uuid:user_uuid>/tweestapsverificatie-herstellen/",
        beheer.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
]

# mozilla-django-oidc reverses these names without a namespace (its callback, its session refresh's exempt
# URLs); they answer 404 while SSO is off. `oidc_logout` is the same view as accounts:logout.
sso_urlpatterns = [
    path("inloggen/gemeente/", sso.SsoLoginView.as_view(), name="oidc_authentication_init"),
    path("inloggen/gemeente/terug/", sso.SsoCallbackView.as_view(), name="oidc_authentication_callback"),
    path("uitloggen/", views.logout_view, name="oidc_logout"),
]
