from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notificaties/", views.notification_list, name="list"),
    path("notificaties/aantal/", views.notification_count, name="count"),
]
