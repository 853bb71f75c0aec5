from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("allocations/", views.AllocationListView.as_view(), name="allocation-list"),
    path(
        "beschikkingen/<uuid:beschikking_uuid>/allocate/",
        views.AllocateView.as_view(),
        name="beschikking-allocate",
    ),
    path(
        "allocations/<uuid:allocation_uuid>/", views.AllocationDetailView.as_view(), name="allocation-detail"
    ),
    path(
        "allocations/<uuid:allocation_uuid>/start/",
        views.AllocationStartView.as_view(),
        name="allocation-start",
    ),
    path(
        "allocations/<uuid:allocation_uuid>/stop/", views.AllocationStopView.as_view(), name="allocation-stop"
    ),
    path(
        "allocations/<uuid:allocation_uuid>/revoke/",
        views.AllocationRevokeView.as_view(),
        name="allocation-revoke",
    ),
]
