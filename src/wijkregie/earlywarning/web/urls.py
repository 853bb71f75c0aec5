from django.urls import URLPattern

from . import delivery, monitoring, views

app_name = "earlywarning"

urlpatterns: list[URLPattern] = [
    *views.urlpatterns,
    *delivery.urlpatterns,
    *monitoring.urlpatterns,
]
