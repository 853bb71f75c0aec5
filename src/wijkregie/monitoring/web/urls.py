from django.urls import path

from . import figures, views

app_name = "monitoring"

urlpatterns = [
    path("kosten-per-client/", views.cost_page, name="cost"),
    path("kosten-per-client/download.<str:file_format>", views.cost_export, name="cost_export"),
    path("ladder/", figures.ladder_page, name="ladder"),
    path("ladder/download.<str:file_format>", figures.ladder_export, name="ladder_export"),
    path("effect/", figures.effect_page, name="effect"),
    path("effect/<str:table>.<str:file_format>", figures.effect_export, name="effect_export"),
    path("toegang/", figures.access_page, name="access"),
    path("toegang/<str:table>.<str:file_format>", figures.access_export, name="access_export"),
    path("bijwerken/", views.refresh, name="refresh"),
]
