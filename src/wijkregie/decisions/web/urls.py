from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("huishoudens/<uuid:household_uuid>/maatwerk/", views.household_requests, name="household_requests"),
    path("maatwerk/afwijkingen/", views.deviations, name="deviations"),
    path("maatwerk/<uuid:request_uuid>/", views.request_detail, name="request_detail"),
]
