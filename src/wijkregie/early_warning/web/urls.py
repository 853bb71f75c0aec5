from django.urls import URLPattern

from . import delivery, monitoring, retention, views

app_name = "early_warning"

urlpatterns: list[URLPattern] = [
    *views.urlpatterns,
    *delivery.urlpatterns,
    *monitoring.urlpatterns,
    *retention.urlpatterns,
]
