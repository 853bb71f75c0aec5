"""Instruments as data: the built-ins, importing a municipality's own (JSON, CSV) and its anchor texts,
bad files refused with line and reason and nothing saved, and who may do it."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.assessment import selectors, services
from wijkregie.assessment.constants import POSITIVE_HEALTH, ZRM_2017
from wijkregie.assessment.models import AnchorText, Instrument, InstrumentDomain, ScaleLevel
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent

from .conftest import OWN_INSTRUMENT

pytestmark = pytest.mark.django_db

ZRM_DOMAINS = [
    "Financiën",
    "Werk & opleiding",
    "Tijdsbesteding",
    "Huisvesting",
    "Huiselijke relaties",
    "Geestelijke gezondheid",
    "Lichamelijke gezondheid",
    "Middelengebruik",
    "Basale ADL",
    "Instrumentele ADL",
    "Sociaal netwerk",
    "Maatschappelijke participatie",
    "Justitie",
]
ZRM_LABELS = {
    1: "Acute problematiek",
    2: "Niet zelfredzaam",
    3: "Beperkt zelfredzaam",
    4: "Voldoende zelfredzaam",
    5: "Volledig zelfredzaam",
}


def _counts():
    return (
        Instrument.objects.count(),
        InstrumentDomain.objects.count(),
        ScaleLevel.objects.count(),
        AnchorText.objects.count(),
        AuditEvent.objects.count(),
    )


# -- built-ins -----------------------------------------------------------------------------------------------
def test_zrm_2017_is_built_in_with_13_domains_in_order_and_5_labels():
    zrm = Instrument.objects.get(key=ZRM_2017, municipality__isnull=True)

    assert [d.name for d in selectors.instrument_domains(zrm)] == ZRM_DOMAINS
    assert (zrm.scale_min, zrm.scale_max, zrm.active) == (1, 5, True)
    assert dict(zrm.levels.values_list("value", "label")) == ZRM_LABELS
    assert not AnchorText.objects.filter(domain__instrument=zrm).exists()  # licensed: not shipped


def test_positive_health_is_built_in_with_6_dimensions_on_0_to_10():
    health = Instrument.objects.get(key=POSITIVE_HEALTH, municipality__isnull=True)

    assert [d.name for d in selectors.instrument_domains(health)] == [
        "Lichaamsfuncties",
        "Mentaal welbevinden",
        "Zingeving",
        "Kwaliteit van leven",
        "Meedoen",
        "Dagelijks functioneren",
    ]
    labels = dict(health.levels.values_list("value", "label"))
    assert sorted(labels) == list(range(11))
    assert "Zeer slecht" in labels[0] and "Uitstekend" in labels[10]


def test_instruments_for_a_municipality_are_the_active_built_ins_and_its_own(world, own_instrument):
    assert {i.key for i in selectors.instruments_for(world.west)} == {ZRM_2017, POSITIVE_HEALTH, "wonen-west"}
    assert {i.key for i in selectors.instruments_for(world.zuid)} == {ZRM_2017, POSITIVE_HEALTH}
    services.instrument_set_active(acting_user=world.fenna, instrument=own_instrument, active=False)
    assert "wonen-west" not in {i.key for i in selectors.instruments_for(world.west)}


# -- import: happy paths --------
def test_json_import_creates_the_municipalitys_instrument_with_an_audit_row(world):
    instrument = services.instrument_import(
        acting_user=world.fenna, municipality=world.west, content=OWN_INSTRUMENT.encode(), format="json"
    )

    assert (instrument.key, instrument.municipality, instrument.version) == ("wonen-west", world.west, "1")
    assert [d.code for d in selectors.instrument_domains(instrument)] == ["woning", "buurt"]
    assert dict(instrument.levels.values_list("value", "label")) == {
        1: "Zorgelijk",
        2: "Wisselend",
        3: "Goed",
    }
    anchor = AnchorText.objects.get(domain__instrument=instrument)
    assert (anchor.value, anchor.municipality, anchor.text) == (1, world.west, "Dreigende uitzetting.")
    event = AuditEvent.objects.get(object_uuid=instrument.uuid)
    assert (event.actor, event.action, event.household_uuid) == (world.fenna, Action.CREATE, None)


CSV_INSTRUMENT = """soort;code;score;tekst
instrument;schulden-west;;Schuldenscan Westerhoek
versie;;;2024
schaal;;0;Geen zicht
schaal;;1;Enig zicht
schaal;;2;Volledig zicht
domein;inkomen;;Inkomen
domein;schulden;;Schulden
anker;schulden;0;"Weet niet hoeveel; post ongeopend."
"""


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_import_with_either_delimiter(world, delimiter):
    content = CSV_INSTRUMENT
    if delimiter == ",":
        content = content.replace(";", ",").replace(
            '"Weet niet hoeveel, post ongeopend."', '"Weet niet, echt."'
        )
    instrument = services.instrument_import(
        acting_user=world.fenna, municipality=world.west, content=content.encode("utf-8-sig"), format="csv"
    )

    assert (instrument.name, instrument.version, instrument.scale_min, instrument.scale_max) == (
        "Schuldenscan Westerhoek",
        "2024",
        0,
        2,
    )
    assert [d.name for d in selectors.instrument_domains(instrument)] == ["Inkomen", "Schulden"]
    assert AnchorText.objects.filter(domain__instrument=instrument, value=0).count() == 1


def test_csv_in_windows_1252_is_read(world):
    content = CSV_INSTRUMENT.replace("Inkomen", "Financiën").encode("cp1252")
    instrument = services.instrument_import(
        acting_user=world.fenna, municipality=world.west, content=content, format="csv"
    )
    assert selectors.instrument_domains(instrument)[0].name == "Financiën"


# -- import: bad input --------
BAD_JSON = [
    ("", ["Regel 1: het bestand is leeg."]),
    ("   \n  ", ["Regel 1: het bestand is leeg."]),
    ('{\n  "key": "x",\n  "name": \n}', ["Regel 4: dit is geen geldige JSON."]),
    (
        OWN_INSTRUMENT.replace('"min": 1, "max": 3', '"min": 3, "max": 3'),
        ["Regel 5: de laagste score van de schaal moet lager zijn dan de hoogste."],
    ),
    (
        OWN_INSTRUMENT.replace('"min": 1, "max": 3', '"min": 4, "max": 2'),
        ["Regel 5: de laagste score van de schaal moet lager zijn dan de hoogste."],
    ),
    (
        OWN_INSTRUMENT.replace('{"code": "buurt", "name": "Buurt"}', '{"code": "woning", "name": "Buurt"}'),
        ["Regel 8: leefgebied 'woning' staat er twee keer in."],
    ),
    (
        OWN_INSTRUMENT.replace('{"domain": "woning", "score": 1', '{"domain": "werk", "score": 1'),
        ["Regel 11: onbekend leefgebied 'werk'."],
    ),
    (
        OWN_INSTRUMENT.replace('"score": 1, "text"', '"score": 4, "text"'),
        ["Regel 11: score 4 valt buiten de schaal (1–3)."],
    ),
    (
        OWN_INSTRUMENT.replace('"score": 1, "text"', '"score": "hoog", "text"'),
        ["Regel 11: de score is geen geheel getal."],
    ),
    (
        OWN_INSTRUMENT.replace('"score": 1, "text"', '"score": 1.5, "text"'),
        ["Regel 11: de score is geen geheel getal."],
    ),
    (
        OWN_INSTRUMENT.replace('{"code": "buurt", "name": "Buurt"}', '{"code": "buurt"}'),
        ["Regel 8: het veld 'name' van het leefgebied ontbreekt."],
    ),
    (
        OWN_INSTRUMENT.replace('  "name": "Woonladder Westerhoek",\n', ""),
        ["Regel 1: het veld 'name' ontbreekt."],
    ),
    (
        OWN_INSTRUMENT.replace('"3": "Goed"', '"3": "Goed", "7": "Te goed"'),
        ["Regel 5: score 7 valt buiten de schaal (1–3)."],
    ),
    (
        OWN_INSTRUMENT.replace(', "3": "Goed"', ""),
        ["Regel 5: elke score op de schaal heeft een label nodig; ontbreekt voor 3."],
    ),
    (
        OWN_INSTRUMENT.replace('"key": "wonen-west"', '"key": "Wonen West"'),
        [
            "Regel 1: de sleutel (key) van het instrument mag alleen kleine letters, cijfers en streepjes "
            "bevatten (hooguit 60)."
        ],
    ),
    ("[1, 2]", ["Regel 1: het bestand moet één JSON-object met het instrument bevatten."]),
]


@pytest.mark.parametrize(("content", "messages"), BAD_JSON)
def test_bad_json_is_refused_with_line_and_reason_and_nothing_saved(world, content, messages):
    before = _counts()

    with pytest.raises(ValidationError) as caught:
        services.instrument_import(
            acting_user=world.fenna, municipality=world.west, content=content, format="json"
        )

    assert caught.value.message_dict == {"file": messages}
    assert _counts() == before


BAD_CSV = [
    ("soort;code;score;tekst\n", ["Regel 2: het bestand heeft alleen een kopregel."]),
    ("naam;waarde\ninstrument;x\n", ["Regel 1: de kopregel moet 'soort;code;score;tekst' zijn."]),
    (
        CSV_INSTRUMENT.replace("domein;schulden;;Schulden", "domein;inkomen;;Schulden"),
        [
            "Regel 8: leefgebied 'inkomen' staat er twee keer in.",
            "Regel 9: onbekend leefgebied 'schulden'.",
        ],
    ),
    (
        CSV_INSTRUMENT.replace("anker;schulden;0;", "anker;schulden;3;"),
        ["Regel 9: score 3 valt buiten de schaal (0–2)."],
    ),
    (CSV_INSTRUMENT.replace("anker;schulden;0;", "anker;werk;0;"), ["Regel 9: onbekend leefgebied 'werk'."]),
    (
        CSV_INSTRUMENT.replace("schaal;;1;Enig", "schaal;;een;Enig"),
        ["Regel 5: de score is geen geheel getal."],
    ),
    (
        CSV_INSTRUMENT.replace("anker;schulden;0;", "anker;schulden;;"),
        ["Regel 9: de score van de ankertekst ontbreekt."],
    ),
    (
        CSV_INSTRUMENT.replace("domein;inkomen;;Inkomen", "domein;inkomen;;"),
        ["Regel 7: de naam van leefgebied 'inkomen' ontbreekt."],
    ),
    (
        CSV_INSTRUMENT.replace("schaal;;1;Enig zicht\nschaal;;2;Volledig zicht\n", ""),
        ["Regel 4: de schaal heeft minstens twee scores met een label nodig."],
    ),
    (
        CSV_INSTRUMENT.replace("instrument;schulden-west;;Schuldenscan Westerhoek\n", ""),
        ["Regel 1: de regel 'instrument' met sleutel en naam ontbreekt."],
    ),
    (
        CSV_INSTRUMENT.replace("versie;;;2024", "vraag;;;2024"),
        ["Regel 3: onbekende soort 'vraag' (kies instrument, versie, schaal, domein of anker)."],
    ),
]


@pytest.mark.parametrize(("content", "messages"), BAD_CSV)
def test_bad_csv_is_refused_with_line_and_reason_and_nothing_saved(world, content, messages):
    before = _counts()

    with pytest.raises(ValidationError) as caught:
        services.instrument_import(
            acting_user=world.fenna, municipality=world.west, content=content, format="csv"
        )

    assert caught.value.message_dict == {"file": messages}
    assert _counts() == before


def test_every_problem_in_a_file_is_reported_at_once(world):
    content = CSV_INSTRUMENT.replace("anker;schulden;0;", "anker;werk;9;") + "domein;inkomen;;Dubbel\n"
    with pytest.raises(ValidationError) as caught:
        services.instrument_import(
            acting_user=world.fenna, municipality=world.west, content=content, format="csv"
        )

    assert caught.value.message_dict["file"] == [
        "Regel 9: onbekend leefgebied 'werk'.",
        "Regel 10: leefgebied 'inkomen' staat er twee keer in.",
    ]


def test_a_key_in_use_is_refused(world, own_instrument):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        services.instrument_import(
            acting_user=world.fenna, municipality=world.west, content=OWN_INSTRUMENT, format="json"
        )
    assert caught.value.message_dict == {
        "file": ["Regel 1: uw gemeente heeft al een instrument met sleutel 'wonen-west'."]
    }
    builtin_key = OWN_INSTRUMENT.replace('"key": "wonen-west"', '"key": "zrm-2017"')
    with pytest.raises(ValidationError):
        services.instrument_import(
            acting_user=world.fenna, municipality=world.west, content=builtin_key, format="json"
        )
    assert _counts() == before


def test_another_municipality_may_use_the_same_key(world, own_instrument, zara):
    theirs = services.instrument_import(
        acting_user=zara, municipality=world.zuid, content=OWN_INSTRUMENT, format="json"
    )
    assert theirs.municipality == world.zuid and theirs.pk != own_instrument.pk


# -- who may import --------
@pytest.mark.parametrize("name", ["anna", "teun", "bo", "sanne", "piet", "carla", "bea", "otto", "zoe"])
def test_only_a_functioneel_beheerder_imports(world, name):
    before = _counts()
    with pytest.raises(Http404):
        services.instrument_import(
            acting_user=world.user(name), municipality=world.west, content=OWN_INSTRUMENT, format="json"
        )
    assert _counts() == before


def test_a_beheerder_imports_only_for_their_own_municipality(world, zara):
    before = _counts()
    with pytest.raises(Http404):
        services.instrument_import(
            acting_user=zara, municipality=world.west, content=OWN_INSTRUMENT, format="json"
        )
    assert _counts() == before


def test_the_other_municipalitys_beheerder_cannot_switch_or_load_into_wests_instrument(
    world, own_instrument, zara
):
    with pytest.raises(Http404):
        services.instrument_set_active(acting_user=zara, instrument=own_instrument, active=False)
    with pytest.raises(Http404):
        services.anchor_texts_import(
            acting_user=zara,
            instrument=own_instrument,
            content="domein;score;tekst\nwoning;2;x\n",
            format="csv",
        )
    own_instrument.refresh_from_db()
    assert own_instrument.active is True
    assert AnchorText.objects.filter(domain__instrument=own_instrument).count() == 1


def test_built_ins_are_not_switched_off(world, zrm):
    with pytest.raises(Http404):
        services.instrument_set_active(acting_user=world.fenna, instrument=zrm, active=False)


# -- anchor texts --------
ZRM_ANCHORS = (
    "domein;score;tekst\nfinancien;1;Groeiende complexe schulden.\nfinancien;5;Vrij besteedbaar inkomen.\n"
)


def test_anchor_texts_for_a_built_in_belong_to_the_loading_municipality_only(world, zrm, zara):
    loaded = services.anchor_texts_import(
        acting_user=world.fenna, instrument=zrm, content=ZRM_ANCHORS, format="csv"
    )

    assert loaded == 2
    assert selectors.anchor_texts(zrm, world.west.pk) == {
        ("financien", 1): "Groeiende complexe schulden.",
        ("financien", 5): "Vrij besteedbaar inkomen.",
    }
    assert selectors.anchor_texts(zrm, world.zuid.pk) == {}
    services.anchor_texts_import(
        acting_user=zara,
        instrument=zrm,
        content='{"key": "zrm-2017", "anchors": [{"domain": "justitie", "score": 3, "text": "Zuid."}]}',
        format="json",
    )
    assert selectors.anchor_texts(zrm, world.zuid.pk) == {("justitie", 3): "Zuid."}
    assert len(selectors.anchor_texts(zrm, world.west.pk)) == 2
    assert (
        AuditEvent.objects.filter(object_uuid=zrm.uuid, action=Action.UPDATE, fields=["anchors"]).count() == 2
    )


def test_loading_anchor_texts_again_replaces_the_municipalitys_earlier_ones(world, zrm):
    services.anchor_texts_import(acting_user=world.fenna, instrument=zrm, content=ZRM_ANCHORS, format="csv")
    services.anchor_texts_import(
        acting_user=world.fenna,
        instrument=zrm,
        content="domein,score,tekst\njustitie,2,Nieuw.\n",
        format="csv",
    )
    assert selectors.anchor_texts(zrm, world.west.pk) == {("justitie", 2): "Nieuw."}


BAD_ANCHORS = [
    ("domein;score;tekst\nfinancien;1;a\nwonen;1;b\n", "csv", ["Regel 3: onbekend leefgebied 'wonen'."]),
    ("domein;score;tekst\nfinancien;6;a\n", "csv", ["Regel 2: score 6 valt buiten de schaal (1–5)."]),
    ("domein;score;tekst\nfinancien;x;a\n", "csv", ["Regel 2: de score is geen geheel getal."]),
    ("domein;score;tekst\n\nfinancien;1;\n", "csv", ["Regel 3: de tekst van de ankertekst ontbreekt."]),
    (
        "domein;score;tekst\nfinancien;1;a\nfinancien;1;b\n",
        "csv",
        ["Regel 3: leefgebied 'financien' heeft al een ankertekst voor score 1."],
    ),
    ("", "csv", ["Regel 1: het bestand is leeg."]),
    (
        '{"key": "positieve-gezondheid", "anchors": []}',
        "json",
        ["Regel 1: deze ankerteksten horen bij een ander instrument (veld 'key')."],
    ),
    (
        '{\n "anchors": [\n  {"domain": "financien", "text": "a"}\n ]\n}',
        "json",
        ["Regel 3: het veld 'score' van de ankertekst ontbreekt."],
    ),
]


@pytest.mark.parametrize(("content", "fmt", "messages"), BAD_ANCHORS)
def test_bad_anchor_files_are_refused_and_earlier_texts_stay(world, zrm, content, fmt, messages):
    services.anchor_texts_import(acting_user=world.fenna, instrument=zrm, content=ZRM_ANCHORS, format="csv")
    before = _counts()

    with pytest.raises(ValidationError) as caught:
        services.anchor_texts_import(acting_user=world.fenna, instrument=zrm, content=content, format=fmt)

    assert caught.value.message_dict == {"file": messages}
    assert _counts() == before
    assert len(selectors.anchor_texts(zrm, world.west.pk)) == 2


def test_installing_the_built_ins_again_changes_nothing_and_restores_them_when_gone(zrm):
    before = _counts()
    assert {i.pk for i in services.builtin_instruments_install()} >= {zrm.pk}
    assert _counts() == before

    Instrument.objects.filter(municipality__isnull=True).delete()
    services.builtin_instruments_install()
    restored = Instrument.objects.get(key=ZRM_2017, municipality__isnull=True)
    assert [d.name for d in selectors.instrument_domains(restored)] == ZRM_DOMAINS
    assert dict(restored.levels.values_list("value", "label")) == ZRM_LABELS
