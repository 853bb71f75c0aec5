from django.urls import URLPattern

from . import delivery, views

app_name = "early_warning"

urlpatterns: list[URLPattern] = [*views.urlpatterns, *delivery.urlpatterns]
