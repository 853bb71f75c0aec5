from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("beheer/achtergrondtaken/", views.job_list, name="list"),
    path("beheer/achtergrondtaken/<slug:name>/", views.job_detail, name="detail"),
    path("beheer/achtergrondtaken/<slug:name>/uitvoeren/", views.job_start, name="start"),
]
