from django.urls import path

from . import views

app_name = "households"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("zoeken/", views.search, name="search"),
    path("inwoners/registreren/", views.register, name="register"),
    path("toegang-buiten-werkvoorraad/", views.break_glass, name="break_glass"),
    path("huishoudens/<uuid:household_uuid>/", views.dossier, name="dossier"),
    path("huishoudens/<uuid:household_uuid>/toewijzen/", views.assign, name="assign"),
]
