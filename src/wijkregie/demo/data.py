"""Fictional places, names and phrases for the demo. Nothing here refers to real people."""

from dataclasses import dataclass

from wijkregie.accounts.constants import Role


@dataclass(frozen=True)
class DistrictSpec:
    name: str
    wijkpunt_name: str
    wijkpunt_address: str
    postcodes: tuple[str, ...]
    streets: tuple[str, ...]


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    cbs_code: str
    share: float  # share of the generated households
    districts: tuple[DistrictSpec, ...]


@dataclass(frozen=True)
class Login:
    username: str
    first_name: str
    last_name: str
    role: Role
    team: str = ""  # team name; empty for staff who work for the municipality without a team
    municipality: str = ""  # CBS code of the home municipality, for staff without a team


# fmt: off
MUNICIPALITIES = (
    MunicipalitySpec("Westerhoek", "9901", 0.72, (
        DistrictSpec("Centrum", "Wijkpunt De Kern", "Marktplein 4, 9711 AB Westerhoek", ("9711", "9712"),
                     ("Kerkstraat", "Molenstraat", "Torenstraat", "Marktplein", "Raadhuisstraat",
                      "Nieuwe Gracht", "Achterom", "Poststraat")),
        DistrictSpec("Noord", "Wijkpunt Het Baken", "Berkenlaan 12, 9713 CD Westerhoek", ("9713", "9714"),
                     ("Berkenlaan", "Eikenlaan", "Lindelaan", "Beukenlaan", "Populierenstraat", "Wilgenhof",
                      "Esdoornstraat", "Kastanjelaan")),
        DistrictSpec("Oost", "Wijkpunt De Vlinder", "Merelstraat 30, 9715 EF Westerhoek", ("9715", "9716"),
                     ("Merelstraat", "Lijsterstraat", "Spreeuwstraat", "Zwaluwstraat", "Koolmeesstraat",
                      "Roodborststraat", "Vinkenlaan", "Kievitstraat")),
        DistrictSpec("Haven", "Wijkpunt De Kaai", "Havenkade 7, 9717 GH Westerhoek", ("9717", "9718", "9719"),
                     ("Havenkade", "Kadestraat", "Sluisweg", "Loodsenstraat", "Schippersstraat", "Ankerplein",
                      "Zeilmakersstraat", "Dokweg")),
    )),
    MunicipalitySpec("Zuiderdijk", "9902", 0.28, (
        DistrictSpec("Dorp", "Wijkpunt De Brink", "Brink 2, 9721 AC Zuiderdijk", ("9721", "9722"),
                     ("Dorpsstraat", "Dijkweg", "Voorstraat", "Kerkpad", "Schoolstraat", "Brink")),
        DistrictSpec("Polder", "Wijkpunt Het Gemaal", "Gemaalweg 1, 9723 BE Zuiderdijk", ("9723", "9724"),
                     ("Polderweg", "Boerderijlaan", "Slootkant", "Gemaalweg", "Weidelaan", "Molenweg")),
    )),
)

LOGINS = (
    Login("anna", "Anna", "Bakker", Role.CONSULENT, team="Wijkteam Centrum"),
    Login("otto", "Otto", "Mulder", Role.CONSULENT, team="Wijkteam Noord"),
    Login("teun", "Teun", "Visser", Role.TEAMLEIDER, team="Wijkteam Centrum"),
    Login("bo", "Bo", "Hendriks", Role.BACKOFFICE, team="Backoffice Westerhoek-Zuiderdijk"),
    Login("sanne", "Sanne", "de Wit", Role.SOCIAL_WORKER, team="Basisondersteuning De Schans"),
    Login("piet", "Piet", "Smit", Role.PROVIDER_STAFF, team="Noorderlicht Wijkzorg"),
    Login("carla", "Carla", "Vos", Role.CONTRACT_MANAGER, municipality="9901"),
    Login("bea", "Bea", "Dekker", Role.POLICY_OFFICER, municipality="9901"),
    Login("fenna", "Fenna", "Brouwer", Role.FUNCTIONAL_ADMIN, municipality="9901"),
    Login("zoe", "Zoë", "Kuiper", Role.CONSULENT, team="Wijkteam Dorp"),
)

MALE_NAMES = (
    "Jan", "Pieter", "Kees", "Henk", "Willem", "Johan", "Gerrit", "Hans", "Peter", "Mark", "Dennis", "Jeroen",
    "Sander", "Bas", "Tim", "Thomas", "Daan", "Sem", "Lucas", "Levi", "Finn", "Noah", "Milan", "Jesse",
    "Ruben", "Thijs", "Lars", "Bram", "Stijn", "Niels", "Mohamed", "Youssef", "Rik", "Joost", "Wouter",
    "Arjen", "Erik", "Frank", "Gijs", "Hendrik", "Cornelis", "Johannes", "Albert", "Marco", "Emre", "Luuk",
)
FEMALE_NAMES = (
    "Anna", "Maria", "Johanna", "Cornelia", "Wilhelmina", "Elisabeth", "Sandra", "Monique", "Linda", "Petra",
    "Marieke", "Esther", "Sanne", "Lotte", "Emma", "Julia", "Sophie", "Tess", "Fleur", "Lisa", "Eva", "Noor",
    "Mila", "Saar", "Zoë", "Fatima", "Yasmina", "Ilse", "Anouk", "Femke", "Ingrid", "Karin", "Miriam",
    "Nadia", "Roos", "Iris", "Hanna", "Grietje", "Aaltje", "Jantina", "Elif", "Nina", "Vera", "Lieke",
)

# Common surnames, most frequent first, as (voorvoegsel, geslachtsnaam).
COMMON_SURNAMES = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
    ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
    ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
    ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"),
    ("", "Vermeulen"), ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"), ("", "Hoekstra"), ("", "Maas"),
    ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"), ("van der", "Wal"), ("", "Prins"), ("", "Blom"),
    ("", "Huisman"), ("", "Peeters"), ("de", "Lange"), ("", "Kuipers"), ("van", "Wijk"), ("", "Post"),
    ("", "Kuiper"), ("", "Veenstra"), ("", "Kramer"), ("van den", "Brink"), ("", "Scholten"), ("", "Postma"),
    ("", "Bosman"), ("", "Yilmaz"), ("", "El Amrani"), ("", "Bouzid"), ("", "Nguyen"), ("ter", "Horst"),
    ("in 't", "Veld"), ("", "Zijlstra"), ("van 't", "Hof"), ("van", "Rijn"), ("", "Kaya"), ("", "Şahin"),
)
# The long tail of rarer surnames is composed: first part, second part, ending ("Hoogeveen", "Zandbergstra").
SURNAME_FIRST = (
    "Hoog", "Laag", "Groot", "Klein", "Nieuw", "Oud", "Wester", "Ooster", "Noorder", "Zuider", "Zand", "Mos",
    "Riet", "Wit", "Zwart", "Groen", "Mid", "Over", "Breed", "Lang", "Veen", "Berg", "Hoek", "Dijk", "Molen",
    "Hout", "Steen", "Bloem", "Eik", "Linde", "Wiel", "Kroon", "Diep", "Vlas", "Haver", "Schut", "Kort",
    "Brand", "Dorre", "Rozen", "Appel", "Beuk", "Esch", "Heuvel", "Vree", "Tuin", "Kamer", "Stroo",
)
SURNAME_SECOND = (
    "berg", "hoek", "veen", "dijk", "wal", "brink", "kamp", "holt", "bosch", "meer", "beek", "horst", "kuil",
    "hof", "laan", "akker", "weide", "molen", "sluis", "hage", "wold", "terp", "velde", "huis", "land", "dam",
    "werf", "stede",
)
SURNAME_ENDINGS = ("", "s", "stra", "ema", "inga", "man", "er", "ink")

SOURCES = (
    "de inwoner zelf", "de huisarts", "school", "de woningcorporatie", "de wijkagent", "een buurtbewoner",
    "vroegsignalering (betalingsachterstand)", "het consultatiebureau", "Welzijn De Schans",
)
NOTES = (
    "Contactgegevens bijgewerkt", "Adresgegevens gecontroleerd", "Gegevens van een lid gewijzigd",
    "Samenstelling huishouden gecontroleerd", "Gegevens aangevuld na gesprek met het huishouden",
)
# fmt: on
