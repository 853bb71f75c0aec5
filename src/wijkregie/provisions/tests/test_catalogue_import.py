import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from wijkregie.audit.models import AuditEvent
from wijkregie.integrations.istandaarden.codelists import codes
from wijkregie.provisions import catalogue_io, services
from wijkregie.provisions.models import Provision

HEADER = ";".join(catalogue_io.COLUMNS)
GENERAL = (
    "algemeen;Koffieochtend;Samen koffie;Iedereen;sociaal-netwerk,tijdsbesteding;koffie;Centrum;20;"
    "Welzijn De Schans;0501234567;;;;;;;"
)
CUSTOM = (
    "maatwerk;Begeleiding individueel;;Volwassenen;geestelijke-gezondheid;;;;Zorg Thuis;;"
    "wmo;02;02A01;04;2;6500;zwaar"
)
MUNICIPAL = "maatwerk;Schuldhulptraject;;;financien;;;;;;schuldhulp;SH;;;;0;licht"

needs_lists = pytest.mark.skipif(
    codes("iwmo-3.2", "WMO020") is None,
    reason="de iStandaarden-codelijsten ontbreken (zie WIJKREGIE_ISTANDAARDEN_DIR)",
)


def _csv(*lines: str, bom: bool = False) -> bytes:
    text = "\n".join([HEADER, *lines]) + "\n"
    return (("\ufeff" if bom else "") + text).encode()


def _xlsx(*lines: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(catalogue_io.COLUMNS)
    for line in lines:
        sheet.append([int(v) if v.isdigit() and len(v) > 2 else v for v in line.split(";")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(world, content, filename="catalogus.csv", user="fenna"):
    return services.catalogue_import(
        acting_user=world.user(user), municipality=world.west, content=content, filename=filename
    )


def test_valid_csv_import_creates_entries_and_one_audit_row(world):
    result = _import(world, _csv(GENERAL, CUSTOM, MUNICIPAL, bom=True))
    assert (result.new, result.changed, result.unchanged) == (3, 0, 0)
    coffee = Provision.objects.get(name="Koffieochtend")
    assert coffee.domains == ["sociaal-netwerk", "tijdsbesteding"]
    assert [d.name for d in coffee.districts.all()] == ["Centrum"]
    assert coffee.organisation.name == "Welzijn De Schans" and coffee.capacity == 20
    care = Provision.objects.get(name="Begeleiding individueel")
    assert (care.law, care.product_category, care.unit, care.frequency) == ("wmo", "02", "04", "2")
    assert (care.tariff_cents, care.weight) == (6500, "zwaar")
    event = AuditEvent.objects.get(object_type="provisions.catalogue")
    assert event.fields == ["gewijzigd=0", "nieuw=3", "ongewijzigd=0"]


def test_comma_separated_csv_is_sniffed(world):
    content = (",".join(catalogue_io.COLUMNS) + "\nalgemeen,Inloop" + "," * 15 + "\n").encode()
    assert _import(world, content).new == 1


def test_valid_xlsx_import(world):
    result = _import(world, _xlsx(GENERAL, CUSTOM), filename="catalogus.xlsx")
    assert result.new == 2
    assert Provision.objects.get(name="Begeleiding individueel").tariff_cents == 6500


def test_reimport_is_idempotent_and_updates_by_kind_and_name(world):
    _import(world, _csv(GENERAL, CUSTOM))
    again = _import(world, _csv(GENERAL, CUSTOM))
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    changed = _import(world, _csv(GENERAL.replace(";20;", ";25;"), CUSTOM))
    assert (changed.new, changed.changed, changed.unchanged) == (0, 1, 1)
    assert Provision.objects.count() == 2
    assert Provision.objects.get(name="Koffieochtend").capacity == 25


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_round_trips(world, file_format):
    _import(world, _csv(GENERAL, CUSTOM, MUNICIPAL))
    data = services.catalogue_export(
        acting_user=world.fenna, municipality=world.west, file_format=file_format
    )
    again = _import(world, data, filename=f"export.{file_format}")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)


def _zuid_admin(world):
    from wijkregie.accounts.constants import Role
    from wijkregie.accounts.tests.factories import UserFactory

    return UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


def _refused(world, *lines):
    before = Provision.objects.count()
    with pytest.raises(ValidationError) as error:
        _import(world, _csv(*lines))
    assert Provision.objects.count() == before
    assert not AuditEvent.objects.filter(object_type="provisions.catalogue").exists()
    return error.value.message_dict["file"]


@needs_lists
def test_unknown_product_category_is_refused_with_line(world):
    errors = _refused(world, GENERAL, CUSTOM.replace(";wmo;02;", ";wmo;99;"))
    assert errors == ["Regel 3: onbekende productcategorie '99' (WMO020)."]


def test_product_category_structure_is_checked_without_lists(world, settings, tmp_path):
    from wijkregie.integrations.istandaarden import codelists

    settings.WIJKREGIE_ISTANDAARDEN_DIR = str(tmp_path)
    codelists._read.cache_clear()
    try:
        errors = _refused(world, GENERAL, CUSTOM.replace(";wmo;02;", ";wmo;X1;"))
        assert errors == ["Regel 3: onbekende productcategorie 'X1' (WMO020)."]
        assert _import(world, _csv(CUSTOM.replace(";wmo;02;", ";wmo;99;"))).new == 1
    finally:
        codelists._read.cache_clear()


def test_negative_tariff_is_refused(world):
    assert _refused(world, CUSTOM.replace(";6500;", ";-1;")) == ["Regel 2: tarief mag niet negatief zijn."]


def test_missing_law_is_refused(world):
    assert _refused(world, GENERAL, GENERAL.replace("Koffie", "Thee"), CUSTOM.replace(";wmo;", ";;")) == [
        "Regel 4: wet ontbreekt."
    ]


def test_unknown_domain_is_refused(world):
    assert _refused(world, GENERAL.replace("sociaal-netwerk", "geluk")) == [
        "Regel 2: onbekend leefgebied 'geluk' (de lijst staat op de pagina)."
    ]


@pytest.mark.parametrize(
    "named", ["sociaal-netwerk", "Sociaal netwerk", "mensen om je heen", "SOCIAAL NETWERK"]
)
def test_a_domain_may_be_named_as_the_application_shows_it(world, named):
    services.catalogue_import(
        acting_user=world.fenna,
        municipality=world.west,
        content=_csv(GENERAL.replace("sociaal-netwerk", named)),
        filename="catalogus.csv",
    )
    assert Provision.objects.get(name="Koffieochtend").domains == ["sociaal-netwerk", "tijdsbesteding"]


def test_ages_and_volunteers_are_read_and_checked(world):
    line = GENERAL + ";16;27;ja"
    services.catalogue_import(
        acting_user=world.fenna, municipality=world.west, content=_csv(line), filename="catalogus.csv"
    )
    provision = Provision.objects.get(name="Koffieochtend")
    assert (provision.age_min, provision.age_max, provision.by_volunteers) == (16, 27, True)


def test_an_age_range_upside_down_or_a_vague_volunteers_is_refused(world):
    assert _refused(world, GENERAL + ";30;20;misschien") == [
        "Regel 2: leeftijd_tot_en_met ligt onder leeftijd_vanaf.",
        "Regel 2: vrijwilligers moet ja of nee zijn.",
    ]


def test_the_import_page_lists_the_accepted_domain_names(client, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    client.force_login(world.fenna)
    page = client.get(reverse("provisions:catalogue_import")).content.decode()
    assert '<code>financien</code></td><td class="utrecht-table__cell">Financiën' in page
    assert "Geld en schulden" in page


def test_unknown_district_is_refused(world):
    assert _refused(world, GENERAL.replace(";Centrum;", ";Dorp;")) == [
        "Regel 2: wijk 'Dorp' hoort niet bij deze gemeente."
    ]


def test_all_errors_are_reported_together(world):
    errors = _refused(world, CUSTOM.replace(";6500;", ";-1;"), GENERAL, MUNICIPAL.replace(";SH;", ";SHX;"))
    assert errors[0].startswith("Regel 2:") and errors[1].startswith("Regel 4:")


@pytest.mark.parametrize("name", ["anna", "bo", "teun", "carla"])
def test_only_the_municipalitys_beheerder_imports(world, name):
    with pytest.raises(Http404):
        _import(world, _csv(GENERAL), user=name)
    assert not Provision.objects.exists()


def test_other_municipalitys_beheerder_is_refused(world):
    with pytest.raises(Http404):
        services.catalogue_import(
            acting_user=_zuid_admin(world), municipality=world.west, content=_csv(GENERAL), filename="c.csv"
        )
    assert not Provision.objects.exists()


def test_export_defuses_spreadsheet_formulas_and_the_import_reads_them_back(world):
    from wijkregie.provisions import catalogue_io
    from wijkregie.provisions.models import Provision

    Provision.objects.create(
        municipality=world.west, kind="algemeen", name="Buurtkamer", description='=HYPERLINK("x")'
    )
    exported = catalogue_io.to_csv(Provision.objects.filter(municipality=world.west))

    assert "'=HYPERLINK" in exported.decode("utf-8")
    (row,) = catalogue_io.parse(exported, "catalogus.csv", world.west)
    assert row.description == '=HYPERLINK("x")'


# -- big files: refused after reading what it takes to know ------------------------------------------------
def _rows_read(monkeypatch):
    """Count the cells the reader turns into text."""
    seen = {"cells": 0}
    cell = catalogue_io._cell

    def counting(value):
        seen["cells"] += 1
        return cell(value)

    monkeypatch.setattr(catalogue_io, "_cell", counting)
    return seen


def _many_rows(count: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(catalogue_io.COLUMNS)
    for n in range(count):
        sheet.append(["algemeen", f"Koffie {n}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_far_over_the_line_limit_is_refused_after_one_line_too_many(world, monkeypatch, file_format):
    rows = 3 * catalogue_io.MAX_LINES
    content = (
        _many_rows(rows) if file_format == "xlsx" else _csv(*[f"algemeen;Koffie {n}" for n in range(rows)])
    )
    seen = _rows_read(monkeypatch)

    with pytest.raises(ValidationError) as refused:
        _import(world, content, filename=f"catalogus.{file_format}")

    limit = catalogue_io.MAX_LINES
    assert refused.value.message_dict == {
        "file": [f"Regel {limit + 2}: het bestand heeft meer dan {limit} regels."]
    }
    assert seen["cells"] <= (limit + 2) * catalogue_io.MAX_COLUMNS
    assert not Provision.objects.exists()


def test_an_xlsx_that_unpacks_too_far_is_refused_before_it_is_unpacked(world, monkeypatch):
    import zipfile

    monkeypatch.setattr(catalogue_io, "MAX_UNPACKED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "a" * 100_000 + "</sst>")

    with pytest.raises(ValidationError) as refused:
        _import(world, buffer.getvalue(), filename="bom.xlsx")

    assert refused.value.message_dict == {"file": ["Regel 1: het bestand is uitgepakt groter dan 0 MB."]}


def test_columns_past_the_last_known_one_are_not_read(world, monkeypatch):
    seen = _rows_read(monkeypatch)
    wide = _csv(GENERAL + ";" * 100_000)

    result = _import(world, wide)

    assert result.new == 1
    assert seen["cells"] <= 2 * catalogue_io.MAX_COLUMNS
