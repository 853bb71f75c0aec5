from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality-list"),
    path("districts/", views.DistrictListView.as_view(), name="district-list"),
    path("teams/", views.TeamListView.as_view(), name="team-list"),
]
