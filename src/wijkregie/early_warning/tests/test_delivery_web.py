"""Levering aan CBS: only the functioneel beheerder of the municipality opens it (everyone else 404, anonymous
to the login page); the download is the exchange document as an attachment with an audit row; credentials
are made (token shown once, only its hash kept) and revoked; refused requests change nothing."""

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.early_warning.models import DeliveryCredential, EarlyWarningSettings
from wijkregie.early_warning.services import delivery as services

from .delivery_world import DeliveryWorld, build, schema_errors

pytestmark = pytest.mark.django_db

PAGE = reverse("early_warning:delivery")
NEW = reverse("early_warning:delivery_credential_new")
REFUSED = ["anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "zoe", "zef"]
# session and user, the municipalities the user delivers for (2), settings, credentials
PAGE_QUERIES = 6


@pytest.fixture
def dw(world, settings) -> DeliveryWorld:
    settings.WIJKREGIE_REQUIRE_2FA = False
    return build(world)


def _user(dw: DeliveryWorld, name: str):  # type: ignore[no-untyped-def]
    return dw.zuid_admin if name == "zef" else dw.world.user(name)


def _as(client, dw, name):  # type: ignore[no-untyped-def]
    client.force_login(_user(dw, name))
    return client


def _credential(dw: DeliveryWorld, label: str = "CBS productie") -> tuple[DeliveryCredential, str]:
    return services.delivery_credential_create(
        acting_user=dw.world.fenna, municipality=dw.world.west, label=label
    )


def _download(dw: DeliveryWorld, **values: str) -> dict[str, str]:
    return {
        "gemeente": str(dw.world.west.uuid),
        "startdatum": "2026-07-01",
        "einddatum": "2026-09-30",
        **values,
    }


def _state() -> tuple:
    return (
        list(DeliveryCredential.objects.order_by("pk").values_list("pk", "revoked_at")),
        AuditEvent.objects.count(),
    )


def _requests(dw: DeliveryWorld) -> list[tuple[str, str, dict[str, str]]]:
    credential, _token = _credential(dw)
    west = str(dw.world.west.uuid)
    return [
        ("get", f"{PAGE}?gemeente={west}", {}),
        ("post", PAGE, _download(dw)),
        ("post", NEW, {"gemeente": west, "label": "Nog een"}),
        ("post", reverse("early_warning:delivery_credential_revoke", args=[credential.uuid]), {}),
    ]


# -- authorisation ----------------------------------------------------------------------------------------
def test_anonymous_is_sent_to_login(client, dw):
    for method, url, data in _requests(dw):
        before = _state()

        response = getattr(client, method)(url, data)

        assert response.status_code == 302, url
        assert response["Location"].startswith("/inloggen/")
        assert _state() == before


@pytest.mark.parametrize("name", REFUSED)
def test_everyone_but_the_municipalitys_beheerder_gets_404_and_changes_nothing(client, dw, name):
    requests = _requests(dw)
    client = _as(client, dw, name)
    for method, url, data in requests:
        before = _state()

        response = getattr(client, method)(url, data)

        assert response.status_code == 404, (name, url)
        assert b"Welzijn De Schans" not in response.content  # nothing of Westerhoek's delivery shows
        assert _state() == before


@pytest.mark.parametrize("name", ["anna", "sanne", "bea", "carla"])
def test_without_a_municipality_to_deliver_for_the_page_itself_is_404(client, dw, name):
    assert _as(client, dw, name).get(PAGE).status_code == 404


def test_the_beheerder_of_another_municipality_sees_only_their_own(client, dw):
    response = _as(client, dw, "zef").get(PAGE)

    assert response.status_code == 200
    assert response.context["municipality"] == dw.world.zuid
    assert "Westerhoek" not in response.content.decode()


def test_the_beheerder_opens_the_page_with_the_previous_quarter(client, dw):
    response = _as(client, dw, "fenna").get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="startdatum" value="2026-07-01"' in page
    assert 'name="einddatum" value="2026-09-30"' in page
    assert "Welzijn De Schans" in page
    assert "Mila de Boer" in page
    assert "/api/v1/early-warning/ddas/?gemeentecode=9901&amp;startdatum=2026-07-01" in page


def test_the_page_warns_when_no_contact_person_is_set(client, dw):
    EarlyWarningSettings.objects.filter(municipality=dw.world.west).update(
        contact_name="", contact_email="", contact_phone="", contact_title=""
    )

    page = _as(client, dw, "fenna").get(PAGE).content.decode()

    assert "Er is geen contactpersoon ingesteld" in page


# -- download ---------------------------------------------------------------------------------------------
def test_the_download_is_the_exchange_document_as_an_attachment(client, dw):
    response = _as(client, dw, "fenna").post(PAGE, _download(dw))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="ddas-vroegsignalering-9901-20260701-20260930.json"'
    )
    assert "no-store" in response["Cache-Control"]
    document = json.loads(b"".join(response.streaming_content))
    assert schema_errors(document) == []
    assert document["leveringen"][0]["gemeentecode"] == "9901"


def test_the_download_writes_one_export_row_without_personal_data(client, dw):
    response = _as(client, dw, "fenna").post(PAGE, _download(dw))
    b"".join(response.streaming_content)

    row = AuditEvent.objects.get(action=Action.EXPORT)
    assert (row.actor, row.object_type, row.object_uuid, row.channel) == (
        dw.world.fenna,
        services.DELIVERY,
        dw.world.west.uuid,
        Channel.WEB,
    )
    assert row.fields == ["periode=2026-07-01/2026-09-30", "signalen=7"]
    bsns = {s.bsn for s in dw.signals.values() if s.bsn}
    assert not any(bsn in json.dumps(row.fields) for bsn in bsns)


def test_an_end_before_the_start_is_refused_in_dutch_and_nothing_is_exported(client, dw):
    before = _state()

    response = _as(client, dw, "fenna").post(
        PAGE, _download(dw, startdatum="2026-09-30", einddatum="2026-07-01")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert services.END_BEFORE_START in page
    assert "Er is nog iets niet goed" in page
    assert _state() == before


def test_a_missing_date_is_refused_per_field(client, dw):
    response = _as(client, dw, "fenna").post(PAGE, _download(dw, startdatum="", einddatum="31-31-2026"))

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "startdatum": ["Vul de eerste dag van de periode in."],
        "einddatum": ["Vul een geldige datum in, zoals 01-07-2026."],
    }


def test_the_service_refuses_an_end_before_the_start_per_field(dw):
    with pytest.raises(ValidationError) as refused:
        services.delivery_export(
            acting_user=dw.world.fenna,
            municipality=dw.world.west,
            start=datetime.date(2026, 9, 30),
            end=datetime.date(2026, 7, 1),
        )

    assert refused.value.message_dict == {"einddatum": [services.END_BEFORE_START]}


# -- credentials ------------------------------------------------------------------------------------------
def test_a_new_credential_shows_its_token_once_and_keeps_only_its_hash(client, dw):
    response = _as(client, dw, "fenna").post(
        NEW, {"gemeente": str(dw.world.west.uuid), "label": " CBS  acceptatie "}
    )

    assert response.status_code == 200
    token = response.context["token"]
    credential = DeliveryCredential.objects.get()
    assert (credential.label, credential.municipality, credential.made_by) == (
        "CBS acceptatie",
        dw.world.west,
        dw.world.fenna,
    )
    assert credential.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43
    assert token in response.content.decode()
    assert token not in json.dumps(list(DeliveryCredential.objects.values()), default=str)
    row = AuditEvent.objects.get(object_uuid=credential.uuid)
    assert (row.action, row.fields, row.actor) == (Action.CREATE, ["label"], dw.world.fenna)
    # Not on the page afterwards.
    assert token not in client.get(PAGE).content.decode()


def test_a_credential_needs_a_label(client, dw):
    response = _as(client, dw, "fenna").post(NEW, {"gemeente": str(dw.world.west.uuid), "label": "   "})

    assert response.status_code == 400
    assert services.LABEL_MISSING in response.content.decode()
    assert not DeliveryCredential.objects.exists()


def test_revoking_a_credential(client, dw):
    credential, _token = _credential(dw)
    url = reverse("early_warning:delivery_credential_revoke", args=[credential.uuid])
    client = _as(client, dw, "fenna")

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?gemeente={dw.world.west.uuid}"
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert AuditEvent.objects.filter(object_uuid=credential.uuid, action=Action.UPDATE).count() == 1

    again = client.post(url, follow=True)

    assert "was al ingetrokken" in again.content.decode()
    assert AuditEvent.objects.filter(object_uuid=credential.uuid, action=Action.UPDATE).count() == 1


def test_an_unknown_credential_is_404(client, dw):
    url = reverse("early_warning:delivery_credential_revoke", args=["00000000-0000-0000-0000-000000000000"])

    assert _as(client, dw, "fenna").post(url).status_code == 404


def test_the_page_lists_credentials_with_queries_that_do_not_grow(client, dw):
    client = _as(client, dw, "fenna")
    _credential(dw, "Eerste")
    with CaptureQueriesContext(connection) as one:
        assert client.get(PAGE).status_code == 200
    for number in range(5):
        services.delivery_credential_revoke(
            acting_user=dw.world.fenna, credential=_credential(dw, f"S{number}")[0]
        )

    with CaptureQueriesContext(connection) as six:
        response = client.get(PAGE)

    assert len(one) == len(six) == PAGE_QUERIES
    assert response.content.decode().count("ingetrokken op") == 5


def test_the_beheer_navigation_links_to_the_delivery(client, dw):
    page = _as(client, dw, "fenna").get(reverse("accounts:beheer_overview")).content.decode()

    assert f'href="{PAGE}"' in page
