"""Reading signal files in: JSON after DDAS v1.2 and partner CSV; every bad line refuses the whole file with
its line and reason, and the same file twice changes nothing."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.audit.models import AuditEvent
from wijkregie.early_warning.constants import PartnerType, SignalStatus, Source
from wijkregie.early_warning.models import Signal, SignalFile
from wijkregie.early_warning.services.files import signal_file_import
from wijkregie.early_warning.services.setup import partner_save

from .conftest import signal, signals_file

GOOD_BSN = "999990056"


def _read(world, content: bytes, name: str = "s.json", **kwargs):
    return signal_file_import(
        acting_user=world.sanne, municipality=world.west, content=content, name=name, **kwargs
    )


def _refusal(world, content: bytes, name: str = "s.json") -> list[str]:
    with pytest.raises(ValidationError) as caught:
        _read(world, content, name)
    assert Signal.objects.count() == 0 and SignalFile.objects.count() == 0
    return caught.value.message_dict["file"]


def test_a_json_file_is_read_whole_with_every_field(world):
    item = signal("H-1", partner="Energie", amount=812, burgerservicenummer=GOOD_BSN) | {
        "ontstaansdatum": "2026-08-01",
        "crisissignaal": True,
        "warmeOverdracht": True,
    }
    address = signal(
        "H-2", postcode="9711 ab", huisnummer="12", huisnummertoevoeging="a", geboortedatum="1970-02-03"
    )

    result = _read(world, signals_file(item, address))

    assert result.created and result.file.signal_count == 2 and result.file.source == Source.PAGE
    first, second = Signal.objects.order_by("external_id")
    assert (first.partner_type, first.amount, first.crisis, first.warm_handover) == (
        "Energie",
        812,
        True,
        True,
    )
    assert (first.bsn, first.arose_on.isoformat(), first.status) == (GOOD_BSN, "2026-08-01", SignalStatus.NEW)
    assert (second.bsn, second.postcode, second.house_number, second.house_number_suffix) == (
        "",
        "9711AB",
        12,
        "a",
    )
    audit = AuditEvent.objects.get(object_type="early_warning.signalfile")
    assert audit.action == "aanmaken" and GOOD_BSN not in str(audit.__dict__)


def test_a_bare_list_is_read_too(world):
    result = _read(world, json.dumps([signal("L-1", burgerservicenummer=GOOD_BSN)]).encode())
    assert result.file.signal_count == 1


def test_the_same_file_twice_changes_nothing(world):
    content = signals_file(signal("H-1", burgerservicenummer=GOOD_BSN))
    first = _read(world, content)

    second = _read(world, content, name="again.json")

    assert not second.created and second.file == first.file
    assert Signal.objects.count() == 1 and SignalFile.objects.count() == 1


def test_a_signal_id_read_in_before_refuses_the_new_file(world):
    _read(world, signals_file(signal("H-1", burgerservicenummer=GOOD_BSN)))
    with pytest.raises(ValidationError) as caught:
        _read(
            world,
            signals_file(
                signal("H-2", burgerservicenummer=GOOD_BSN),
                signal("H-1", amount=9, burgerservicenummer=GOOD_BSN),
            ),
        )
    assert caught.value.message_dict["file"] == ["Regel 14: signaal-ID H-1 is al eerder ingelezen."]
    assert Signal.objects.count() == 1


WHOLE_EUROS = "bedrag moet een heel getal zijn (hele euro's)"
BAD_BSN = "BSN is geen geldig BSN (9 cijfers die voldoen aan de elfproef)"
LATE_ORIGIN = {"ontstaansdatum": "2026-10-06"}


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (signal("X", partner="Telefoon", burgerservicenummer=GOOD_BSN), "onbekende soort signaalpartner"),
        (signal("X", amount=-5, burgerservicenummer=GOOD_BSN), "bedrag kan niet negatief zijn"),
        (signal("X", amount=12.5, burgerservicenummer=GOOD_BSN), WHOLE_EUROS),
        (signal("X", burgerservicenummer="123456789"), BAD_BSN),
        (signal("X", burgerservicenummer="２９９０００３４５"), BAD_BSN),
        (signal("X"), "de cliënt heeft geen BSN en geen postcode met huisnummer"),
        (signal("X", postcode="9711AB", huisnummer="3"), "zonder BSN is de geboortedatum nodig"),
        (signal("X", on="2026-11-19", burgerservicenummer=GOOD_BSN), "signaaldatum ligt in de toekomst"),
        (signal("X", on="2026-02-30", burgerservicenummer=GOOD_BSN), "signaaldatum is geen bestaande datum"),
        (signal("X", burgerservicenummer=GOOD_BSN) | LATE_ORIGIN, "ontstaansdatum ligt na de signaaldatum"),
        (signal("X", burgerservicenummer=GOOD_BSN) | {"extra": 1}, "onbekend veld ‘extra’"),
    ],
)  # fmt: skip
def test_a_bad_signal_refuses_the_whole_file_with_its_line_and_reason(world, item, reason):
    content = signals_file(signal("OK", burgerservicenummer=GOOD_BSN), item)

    messages = _refusal(world, content)

    assert messages == [f"Regel 14: {reason}."]


def test_a_duplicate_id_in_one_file_names_both_lines(world):
    content = signals_file(
        signal("D", burgerservicenummer=GOOD_BSN), signal("D", amount=1, burgerservicenummer=GOOD_BSN)
    )
    assert _refusal(world, content) == ["Regel 14: signaal-ID D komt al voor op regel 3."]


def test_broken_json_names_its_line(world):
    assert _refusal(world, b'{"vroegsignalen": [\n{"ID": "A",,}\n]}') == [
        "Regel 2: dit is geen geldige JSON."
    ]


CSV = (
    "id;soort;bedrag;signaaldatum;crisis;warme_overdracht;bsn;postcode;huisnummer;toevoeging;geboortedatum\n"
    "W-1;Water;130;2026-10-02;nee;ja;999990056;;;;\n"
    "W-2;;90;2026-10-03;ja;nee;;9711 AB;7;;1961-04-05\n"
)


def test_a_partner_csv_is_read_with_the_partner_type_as_default(world):
    partner = partner_save(
        acting_user=world.fenna,
        municipality=world.west,
        partner_type=PartnerType.WATER,
        name="Waterbedrijf Noord",
    )

    result = _read(world, CSV.encode(), name="water.csv", partner=partner)

    rows = {s.external_id: s for s in Signal.objects.all()}
    assert result.file.signal_count == 2 and result.file.file_format == "csv"
    assert (rows["W-1"].warm_handover, rows["W-1"].crisis, rows["W-1"].bsn) == (True, False, "999990056")
    assert (rows["W-2"].partner_type, rows["W-2"].postcode, rows["W-2"].crisis) == ("Water", "9711AB", True)
    assert rows["W-2"].partner == partner


def test_a_csv_without_partner_type_or_with_a_bad_line_is_refused_whole(world):
    messages = _refusal(world, (CSV + "W-3;Huur;abc;2026-10-03;;;999990056;;;;\n").encode(), name="x.csv")
    assert messages == [
        "Regel 3: onbekende soort signaalpartner.",
        "Regel 4: bedrag moet een heel getal zijn (hele euro's).",
    ]


def test_a_csv_without_its_required_columns_is_refused(world):
    assert _refusal(world, b"id;soort\nA;Huur\n", name="x.csv") == ["Regel 1: kolom ‘bedrag’ ontbreekt."]


def test_only_the_beheerder_and_the_outreach_team_read_files_in(world):
    content = signals_file(signal("H-1", burgerservicenummer=GOOD_BSN))
    for name in ("anna", "teun", "bo", "bea", "carla", "piet", "zoe"):
        with pytest.raises(Http404):
            signal_file_import(
                acting_user=world.user(name), municipality=world.west, content=content, name="s.json"
            )
    assert Signal.objects.count() == 0
    assert signal_file_import(
        acting_user=world.fenna, municipality=world.west, content=content, name="s.json"
    ).created


@pytest.fixture
def drop(settings, tmp_path):
    settings.WIJKREGIE_SIGNALS_IN = str(tmp_path)
    folder = tmp_path / "9901"
    folder.mkdir()
    return folder


def test_the_drop_folder_reads_each_municipality_s_files_and_moves_them(world, drop):
    from wijkregie.early_warning.services.files import signal_folders_pickup

    (drop / "goed.json").write_bytes(signals_file(signal("F-1", burgerservicenummer=GOOD_BSN)))
    (drop / "fout.json").write_bytes(signals_file(signal("F-2", amount=-1, burgerservicenummer=GOOD_BSN)))
    (drop / "notitie.txt").write_text("niet voor ons")

    summary = signal_folders_pickup()

    assert summary == "1 ingelezen, 0 al eerder ingelezen, 1 afgekeurd"
    assert (drop / "verwerkt" / "goed.json").exists() and (drop / "afgekeurd" / "fout.json").exists()
    assert (drop / "notitie.txt").exists()  # not a signal file: left alone
    signal_file = SignalFile.objects.get()
    assert (signal_file.source, signal_file.received_by, signal_file.municipality) == (
        Source.FOLDER,
        None,
        world.west,
    )
    assert signal_folders_pickup() == "0 ingelezen, 0 al eerder ingelezen, 0 afgekeurd"  # nothing left


def test_a_link_in_the_drop_folder_is_refused_unread(world, drop, tmp_path):
    secret = tmp_path / "geheim.json"
    secret.write_bytes(signals_file(signal("F-9", burgerservicenummer=GOOD_BSN)))
    (drop / "link.json").symlink_to(secret)
    from wijkregie.early_warning.services.files import signal_folders_pickup

    assert signal_folders_pickup() == "0 ingelezen, 0 al eerder ingelezen, 1 afgekeurd"
    assert not Signal.objects.exists() and secret.exists()
