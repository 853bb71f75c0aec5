from django.urls import path

from . import views

app_name = "households"

urlpatterns = [
    path("households/", views.HouseholdListView.as_view(), name="household-list"),
    path("households/<uuid:household_uuid>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path(
        "households/<uuid:household_uuid>/timeline/",
        views.HouseholdTimelineView.as_view(),
        name="household-timeline",
    ),
    path("residents/", views.ResidentCreateView.as_view(), name="resident-list"),
    path("residents/search/", views.ResidentSearchView.as_view(), name="resident-search"),
    path("residents/<uuid:resident_uuid>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("brp/persons/", views.BrpPersonView.as_view(), name="brp-person"),
    path("break-glass/", views.BreakGlassView.as_view(), name="break-glass"),
]
