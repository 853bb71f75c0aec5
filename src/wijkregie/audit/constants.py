from django.db import models


class Action(models.TextChoices):
    READ = "inzien", "Ingezien"
    SEARCH = "zoeken", "Gezocht"
    CREATE = "aanmaken", "Aangemaakt"
    UPDATE = "wijzigen", "Gewijzigd"
    DELETE = "verwijderen", "Verwijderd"
    BREAK_GLASS = "doorbreken", "Toegang doorbroken"
    EXPORT = "exporteren", "Geëxporteerd"
    LOOKUP = "opvragen", "Opgevraagd bij BRP"
    LOGIN = "inloggen", "Ingelogd"
    LOGOUT = "uitloggen", "Uitgelogd"
    LOGIN_REFUSED = "inloggen_geweigerd", "Inloggen geweigerd"


class Channel(models.TextChoices):
    WEB = "web", "Web"
    API = "api", "API"
    SYSTEM = "systeem", "Systeem"
