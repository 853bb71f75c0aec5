from django.urls import path

from . import effect, views

app_name = "monitoring"

urlpatterns = [
    path("kosten-per-client/", views.cost_page, name="cost"),
    path("kosten-per-client/download.<str:file_format>", views.cost_export, name="cost_export"),
    path("ladder/", effect.ladder_page, name="ladder"),
    path("ladder/download.<str:file_format>", effect.ladder_export, name="ladder_export"),
    path("effect/", effect.effect_page, name="effect"),
    path("effect/<str:table>.<str:file_format>", effect.effect_export, name="effect_export"),
    path("bijwerken/", views.refresh, name="refresh"),
]
