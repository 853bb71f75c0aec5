from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wijkregie.accounts"
    label = "accounts"
    verbose_name = "Medewerkers"
