from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="two_factor_setup"),
]
