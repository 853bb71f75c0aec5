from django.urls import path

from . import views

urlpatterns = [
    path("events/", views.AuditEventList.as_view(), name="audit-events"),
    path("inzage/", views.InzageExport.as_view(), name="audit-inzage"),
]
