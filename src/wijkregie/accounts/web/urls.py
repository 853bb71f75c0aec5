from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("wachtwoord-instellen/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="two_factor_setup"),
]
