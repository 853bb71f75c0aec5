from django.urls import URLPattern

from . import delivery, views

urlpatterns: list[URLPattern] = [*views.urlpatterns, *delivery.urlpatterns]
