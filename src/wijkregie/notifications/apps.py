from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What waits for a worker, gathered from the apps that own it (terms, second signatures, provider
    requests): a count in the header, a list, and a daily e-mail with counts and a link only."""

    name = "wijkregie.notifications"
    label = "notifications"
    verbose_name = "Notificaties"
