"""The ledger, invoice import and contract review pages: who gets in (the contractmanager; beleid reads
without small cells; everyone else 404), what they show (counts and amounts, never a person), the import
form's results, and query counts that do not grow with the data."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.allocations.constants import InvoiceStatus
from wijkregie.allocations.models import InvoiceImport, InvoiceLine
from wijkregie.allocations.services import ledger as services
from wijkregie.households.constants import Relation

from .test_ledger_costs import D, allocation, booked, contracted_provider, household, provider
from .test_ledger_import import csv, line
from .test_ledger_review import area_contract

pytestmark = pytest.mark.django_db

PAGES = ["allocations:ledger", "allocations:contract_review"]
IMPORT_PAGES = ["allocations:invoice_import"]
OTHERS = ["anna", "otto", "teun", "bo", "sanne", "piet", "fenna", "zoe"]


def _login(client, user):
    client.force_login(user)
    return client


def _zuid_manager():
    return UserFactory(username="zack", role=Role.CONTRACT_MANAGER, municipality=None)


def _imported(world):
    zorg = contracted_provider(world, "Zorg Thuis")
    weekly = allocation(world, zorg)
    return services.invoice_import(
        acting_user=world.carla,
        municipality=world.west,
        content=csv(line(weekly), line(weekly, number=4242)),
        filename="januari.csv",
    ).invoice_import


# -- who -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url_name", PAGES + IMPORT_PAGES)
def test_anonymous_is_sent_to_login(client, world, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302 and response["Location"].startswith(
        reverse(settings.LOGIN_URL) + "?next="
    )


def test_anonymous_detail_is_sent_to_login(client, world):
    invoice_import = _imported(world)

    response = client.get(reverse("allocations:invoice_import_detail", args=[invoice_import.uuid]))

    assert response.status_code == 302 and response["Location"].startswith(
        reverse(settings.LOGIN_URL) + "?next="
    )


@pytest.mark.parametrize("name", OTHERS)
def test_casework_provider_staff_and_beheer_get_404_everywhere(client, world, name):
    invoice_import = _imported(world)
    _login(client, world.user(name))
    before = (InvoiceImport.objects.count(), InvoiceLine.objects.count())

    for url_name in PAGES + IMPORT_PAGES:
        assert client.get(reverse(url_name)).status_code == 404, url_name
    detail = reverse("allocations:invoice_import_detail", args=[invoice_import.uuid])
    assert client.get(detail).status_code == 404
    upload = SimpleUploadedFile("d.csv", csv(line(InvoiceLine.objects.first().allocation, month="2025-03")))
    assert client.post(reverse("allocations:invoice_import"), {"bestand": upload}).status_code == 404
    assert (InvoiceImport.objects.count(), InvoiceLine.objects.count()) == before


def test_beleid_reads_the_ledger_and_review_but_imports_nothing(client, world):
    invoice_import = _imported(world)
    _login(client, world.bea)
    before = (InvoiceImport.objects.count(), InvoiceLine.objects.count())

    assert client.get(reverse("allocations:ledger")).status_code == 200
    assert client.get(reverse("allocations:contract_review")).status_code == 200
    assert client.get(reverse("allocations:invoice_import")).status_code == 404
    detail = reverse("allocations:invoice_import_detail", args=[invoice_import.uuid])
    assert client.get(detail).status_code == 404
    upload = SimpleUploadedFile("d.csv", csv(line(InvoiceLine.objects.first().allocation, month="2025-03")))
    assert client.post(reverse("allocations:invoice_import"), {"bestand": upload}).status_code == 404
    assert (InvoiceImport.objects.count(), InvoiceLine.objects.count()) == before


def test_another_municipalitys_contractmanager_sees_only_their_own(client, world):
    invoice_import = _imported(world)
    zack = UserFactory(username="zack", role=Role.CONTRACT_MANAGER, municipality=world.zuid)
    _login(client, zack)

    ledger = client.get(reverse("allocations:ledger"), {"per": "provider"})
    review = client.get(reverse("allocations:contract_review"))
    detail = client.get(reverse("allocations:invoice_import_detail", args=[invoice_import.uuid]))

    assert ledger.status_code == 200 and "Zuiderdijk" in ledger.text and "Zorg Thuis" not in ledger.text
    assert review.status_code == 200 and "Zorg Thuis" not in review.text
    assert detail.status_code == 404


def test_a_contractmanager_without_municipality_gets_404(client, world):
    _login(client, _zuid_manager())

    for url_name in PAGES + IMPORT_PAGES:
        assert client.get(reverse(url_name)).status_code == 404


# -- what they show ------------------------------------------------------------------------------------------
def test_the_ledger_shows_expected_and_actual_without_any_person(client, world):
    zorg = contracted_provider(world, "Zorg Thuis")
    weekly = allocation(world, zorg, home=world.household)
    booked(world, weekly, D(2025, 1, 1), 270_00)
    resident = world.household.memberships.get(relation=Relation.HEAD).resident
    _login(client, world.carla)

    response = client.get(reverse("allocations:ledger"), {"jaar": "2025", "per": "provider"})

    text = response.text
    assert response.status_code == 200
    assert "€ 281,67" in text and "€ 270,00" in text and "€ 3.380,00" in text  # expected a month, Jan, year
    assert "Per aanbieder in 2025" in text and "Zorg Thuis" in text
    assert resident.surname not in text and resident.bsn not in text and str(world.household.uuid) not in text
    assert "&lt;5" not in text and "Declaraties inlezen" in text


def test_beleid_sees_small_cells_as_fewer_than_five(client, world):
    zorg = contracted_provider(world, "Zorg Thuis")
    allocation(world, zorg)
    _login(client, world.bea)

    response = client.get(reverse("allocations:ledger"), {"jaar": "2025"})

    text = response.text
    assert "&lt;5" in text and "Kleine aantallen zijn verborgen" in text
    assert "€ 281,67" not in text and "Declaraties inlezen" not in text


def test_a_wrong_year_or_grouping_is_named_in_dutch(client, world):
    _login(client, world.carla)

    response = client.get(reverse("allocations:ledger"), {"jaar": "1999", "per": "kleur"})

    assert response.status_code == 400
    assert "Kies een jaar uit de lijst." in response.text
    assert "Kies wet, product, aanbieder of wijk." in response.text


def test_htmx_gets_only_the_results(client, world):
    _login(client, world.carla)

    response = client.get(reverse("allocations:ledger"), {"jaar": "2025"}, headers={"HX-Request": "true"})

    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert response.text.lstrip().startswith('<div id="kosten">') and "<html" not in response.text


def test_the_contract_review_page(client, world):
    quiet = contracted_provider(world, "Stille Zorg")
    busy = contracted_provider(world, "Drukke Zorg")
    for _ in range(5):
        allocation(world, busy)
    allocation(world, busy, product_code="01A77")
    _login(client, world.carla)

    text = client.get(reverse("allocations:contract_review")).text

    candidates = text.split("Kandidaten om te beëindigen")[1].split("Gevraagd maar niet gecontracteerd")[0]
    assert quiet.organisation.name in candidates and busy.organisation.name not in candidates
    assert "01/01A77" in text and "Wmo 2015" in text


@pytest.mark.parametrize(("clients", "shown"), [(5, "Niet overschreden (grens 5"), (6, "Overschreden")])
def test_both_pages_show_the_area_contracts_and_their_risk_valve(client, world, clients, shown):
    main = provider(world, "Gebiedszorg")
    deal = area_contract(world, main, baseline=4, percent=25)
    for _ in range(clients):
        allocation(world, main, contract=deal)
    _login(client, world.carla)

    for url_name in PAGES:
        text = client.get(reverse(url_name)).text
        area = text.split("Gebiedscontracten in 2025")[1]
        assert "Gebied Noord" in area and "Noord" in area and "€ 100.000,00" in area
        assert shown in area and f">{clients}<" in area


# -- importing on the page -----------------------------------------------------------------------------------
def test_an_import_shows_booked_and_flagged_lines_with_their_reasons(client, world):
    zorg = contracted_provider(world, "Zorg Thuis")
    weekly = allocation(world, zorg, home=world.household)
    resident = world.household.memberships.get(relation=Relation.HEAD).resident
    _login(client, world.carla)
    upload = SimpleUploadedFile("feb.csv", csv(line(weekly), line(weekly, code="01A02")))

    response = client.post(reverse("allocations:invoice_import"), {"bestand": upload}, follow=True)

    text = response.text
    invoice_import = InvoiceImport.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "allocations:invoice_import_detail", args=[invoice_import.uuid]
    )
    assert "Declaratie ingelezen: 1 regels geboekt, 1 gemarkeerd." in text
    assert "Product 01/01A02 hoort niet bij deze toewijzing (01/01A01)." in text
    assert str(weekly.number) in text and zorg.agb_code in text
    assert resident.surname not in text and resident.bsn not in text
    assert InvoiceLine.objects.filter(status=InvoiceStatus.BOOKED).count() == 1


def test_the_same_file_again_on_the_page_changes_nothing(client, world):
    zorg = contracted_provider(world, "Zorg Thuis")
    weekly = allocation(world, zorg)
    _login(client, world.carla)
    content = csv(line(weekly))
    client.post(reverse("allocations:invoice_import"), {"bestand": SimpleUploadedFile("a.csv", content)})

    response = client.post(
        reverse("allocations:invoice_import"), {"bestand": SimpleUploadedFile("b.csv", content)}, follow=True
    )

    assert "Er is niets veranderd." in response.text
    assert InvoiceImport.objects.count() == 1 and InvoiceLine.objects.count() == 1


def test_a_malformed_file_on_the_page_is_refused_whole(client, world):
    zorg = contracted_provider(world, "Zorg Thuis")
    weekly = allocation(world, zorg)
    _login(client, world.carla)
    upload = SimpleUploadedFile("fout.csv", csv(line(weekly), line(weekly, month="maart")))

    response = client.post(reverse("allocations:invoice_import"), {"bestand": upload})

    assert response.status_code == 400
    assert "Het bestand is niet ingelezen" in response.text
    assert "Regel 3: maand moet jjjj-mm zijn, bijvoorbeeld 2025-03." in response.text
    assert not InvoiceImport.objects.exists() and not InvoiceLine.objects.exists()


def test_no_file_is_a_dutch_error(client, world):
    _login(client, world.carla)

    response = client.post(reverse("allocations:invoice_import"), {})

    assert response.status_code == 400 and "Kies een bestand." in response.text


# -- scale ---------------------------------------------------------------------------------------------------
def _data(world, size):
    zorg = contracted_provider(world, "Zorg Thuis")
    for number in range(size):
        made = allocation(world, zorg, home=household(world, world.west_noord if number % 2 else None))
        booked(world, made, D(2025, 1 + number % 12, 1), 100_00)


@pytest.mark.parametrize("size", [1, 15])
def test_page_queries_do_not_grow_with_the_data(client, world, size, django_assert_num_queries):
    _data(world, size)
    _login(client, world.carla)
    client.get(reverse("allocations:ledger"))  # the session's first read

    # session, user, municipality; the ledger (contract lines 2, amounts, clients per group and in
    # all, invoice lines; no area contracts: 1)
    with django_assert_num_queries(10):
        client.get(reverse("allocations:ledger"), {"jaar": "2025", "per": "district"})
    # session, user, municipality; providers, clients, spend, uncontracted allocations and requests,
    # area contracts
    with django_assert_num_queries(9):
        client.get(reverse("allocations:contract_review"))
    # session, user, municipality; the imports
    with django_assert_num_queries(4):
        client.get(reverse("allocations:invoice_import"))
