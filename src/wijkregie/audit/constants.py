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


class Channel(models.TextChoices):
    WEB = "web", "Web"
    API = "api", "API"
    SYSTEM = "systeem", "Systeem"
