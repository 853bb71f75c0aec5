from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("kosten-per-client/", views.cost_page, name="cost"),
    path("kosten-per-client/download.<str:file_format>", views.cost_export, name="cost_export"),
    path("bijwerken/", views.refresh, name="refresh"),
]
