"""Every edit page and every changing API call works on a version (core.versioning): a change made on what
someone read before a colleague saved is refused with the Dutch message and the values as stored now, so
the colleague's change stays; on the current version it saves and raises the version by one."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import F
from django.urls import reverse
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.assessment import services as assessment
from wijkregie.core.testclock import clock_at
from wijkregie.core.versioning import EDITED_MEANWHILE, EditedMeanwhile
from wijkregie.decisions import services as decisions
from wijkregie.decisions.models import Mandate, ReverseTest
from wijkregie.decisions.tests.conftest import head, make_provision
from wijkregie.intake import services as intake
from wijkregie.intake.models import TriageRule
from wijkregie.providers import services as providers
from wijkregie.providers.models import Contract, Provider
from wijkregie.providers.tests.factories import ContractFactory, ContractProductFactory, ProviderFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _setting(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    with clock_at(TODAY):
        yield


@dataclass
class Edit:
    """One edit page: who edits, where, which field a colleague changes meanwhile and which this user."""

    user: str
    url: Callable[[Any, Any], str]
    make: Callable[[Any], Any]
    theirs: tuple[str, Any]  # model field and value a colleague saves meanwhile
    mine: dict[str, str]  # what this user changes on the page
    form: str = "form"  # the form's name in the page's context
    extra: dict[str, str] | None = None  # the page's own keys (which form was posted)


def _provider(world):
    provider = ProviderFactory(organisation__name="Zorg Thuis Noord")
    provider.municipalities.add(world.west)
    return provider


def _contract(world):
    return ContractFactory(municipality=world.west, name="Begeleiding 2024")


def _product(world):
    return ContractProductFactory(contract=_contract(world), tariff_cents=2500)


def _mandate(world):
    return decisions.mandate_create(
        acting_user=world.fenna, data=decisions.MandateData(role="consulent", max_yearly_cents=100_000)
    )


def _rules(world):
    return decisions.decision_rules_save(
        acting_user=world.fenna,
        data=decisions.DecisionRulesData(
            four_eyes_above_cents=500_000, reminder_weeks=8, letter_sender="Gemeente Westerhoek"
        ),
    )


def _reverse_test(world):
    request = decisions.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=make_provision(world.west),
        received_on=TODAY,
    )
    return ReverseTest.objects.get(request=request)


def _rule(world):
    data = intake.TriageRuleData(name="Acuut", target="wijkteam", reason="Acute dreiging gaat voor.")
    return intake.triage_rule_create(acting_user=world.fenna, data=data)


def _report(world):
    return assessment.report_create(
        acting_user=world.anna, household=world.household, held_on=TODAY, story="Het verhaal van het gezin."
    )


def _retention_terms(world):
    from wijkregie.early_warning.services.retention import retention_settings_update

    return retention_settings_update(
        acting_user=world.fenna,
        municipality=world.west,
        retention_not_picked_months=6,
        retention_no_help_months=12,
        retention_handed_over_months=18,
    )


EDITS = {
    "zorgaanbieder": Edit(
        "carla",
        lambda w, p: reverse("providers:provider_update", args=[p.uuid]),
        _provider,
        ("kvk_number", "61234567"),
        {"agb_code": "75999999"},
    ),
    "contract": Edit(
        "carla",
        lambda w, c: reverse("providers:contract_update", args=[c.uuid]),
        _contract,
        ("deliverables", "Rapportage per kwartaal"),
        {"name": "Begeleiding 2025"},
    ),
    "tarief": Edit(
        "carla",
        lambda w, p: reverse("providers:contract_product_update", args=[p.contract.uuid, p.uuid]),
        _product,
        ("product_code", "02A01"),
        {"tariff": "30,00"},
    ),
    "voorziening": Edit(
        "fenna",
        lambda w, p: reverse("provisions:provision_edit", args=[p.uuid]),
        lambda w: make_provision(w.west),
        ("capacity", 12),
        {"description": "Begeleiding thuis"},
    ),
    "mandaat": Edit(
        "fenna",
        lambda w, m: reverse("decisions:beheer_mandate_edit", args=[m.uuid]),
        _mandate,
        ("may_cosign", True),
        {"max_yearly": "2000"},
        form="mandate_form",
    ),
    "besluitregels": Edit(
        "fenna",
        lambda w, r: reverse("decisions:beheer_mandates"),
        _rules,
        ("letter_sender", "Team Wmo"),
        {"reminder_weeks": "6"},
        form="rules_form",
        extra={"formulier": "regels"},
    ),
    "omgekeerde toets": Edit(
        "anna",
        lambda w, t: reverse("decisions:request_detail", args=[t.request.uuid]),
        _reverse_test,
        ("needed_outcome", "Zelfstandig blijven wonen"),
        {"toets-law_intent": "Zelfredzaamheid"},
        form="test_form",
        extra={"formulier": "toets"},
    ),
    "bewaartermijnen vroegsignalering": Edit(
        "fenna",
        lambda w, s: reverse("early_warning:retention"),
        _retention_terms,
        ("retention_handed_over_months", 24),
        {"retention_not_picked_months": "4"},
    ),
    "triageregel": Edit(
        "fenna",
        lambda w, r: reverse("intake:triage_rule_edit", args=[r.uuid]),
        _rule,
        ("reason", "Veiligheid eerst."),
        {"name": "Acuut gevaar"},
    ),
    "wijk": Edit(
        "fenna",
        lambda w, d: reverse("organisation:district_update", args=[d.uuid]),
        lambda w: w.west_centrum,
        ("wijkpunt_name", "Buurthuis De Brink"),
        {"name": "Centrum-Oost"},
    ),
    "team": Edit(
        "fenna",
        lambda w, t: reverse("organisation:team_update", args=[t.uuid]),
        lambda w: w.team_a,
        ("kind", "wijkteam"),
        {"name": "Wijkteam Centrum-Oost"},
    ),
    "medewerker": Edit(
        "fenna",
        lambda w, u: reverse("accounts:staff_update", args=[u.uuid]),
        lambda w: w.otto,
        ("is_active", False),
        {"role": "teamleider"},
    ),
    "brede uitvraag": Edit(
        "anna",
        lambda w, r: reverse("assessment:report_edit", args=[r.household.uuid, r.uuid]),
        _report,
        ("wishes", "Weer naar de sportclub"),
        {"story": "Het verhaal, aangevuld."},
    ),
}


def _posted(form) -> dict[str, Any]:
    """What a browser sends back for a form as shown (checkboxes only when ticked)."""
    data: dict[str, Any] = {}
    for field in form:
        value = field.value()
        if value is None or value is False or value == []:
            continue
        if value is True:
            data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        else:
            data[field.html_name] = str(value)
    return data


def _page(client, world, edit: Edit):
    instance = edit.make(world)
    url = edit.url(world, instance)
    client.force_login(getattr(world, edit.user))
    form = client.get(url).context[edit.form]
    return instance, url, {**_posted(form), **(edit.extra or {}), **edit.mine}


def _stored(instance):
    return type(instance)._default_manager.get(pk=instance.pk)


@pytest.mark.parametrize("name", list(EDITS))
def test_a_page_posted_after_a_colleague_saved_keeps_their_change(client, world, name):
    edit = EDITS[name]
    instance, url, data = _page(client, world, edit)
    field, value = edit.theirs
    type(instance)._default_manager.filter(pk=instance.pk).update(
        **{field: value, "version": F("version") + 1}
    )
    before = _stored(instance)

    posted = client.post(url, data)
    again = client.get(posted["Location"])

    assert (posted.status_code, posted["Location"]) == (302, url)
    assert EDITED_MEANWHILE in again.content.decode()
    assert again.context[edit.form]["version"].value() == before.version
    after = _stored(instance)
    assert (getattr(after, field), after.version) == (value, before.version)
    assert getattr(after, "updated_at", None) == getattr(before, "updated_at", None)


@pytest.mark.parametrize("name", list(EDITS))
def test_a_page_posted_on_the_current_version_saves_and_raises_it(client, world, name):
    edit = EDITS[name]
    instance, url, data = _page(client, world, edit)
    version = _stored(instance).version

    posted = client.post(url, data)

    assert posted.status_code == 302  # a refused form shows again (200)
    assert _stored(instance).version == version + 1


# -- the API -------------------------------------------------------------------------------------------------
@dataclass
class Change:
    user: str
    make: Callable[[Any], Any]
    url: Callable[[Any], str]
    body: dict[str, Any]
    method: str = "patch"
    version_of: Callable[[Any], Any] = lambda instance: instance


CHANGES = {
    "zorgaanbieder": Change("carla", _provider, lambda p: f"/api/v1/providers/{p.uuid}/", {"active": False}),
    "contract": Change(
        "carla", _contract, lambda c: f"/api/v1/contracts/{c.uuid}/", {"deliverables": "Rapport"}
    ),
    "voorziening": Change(
        "fenna", lambda w: make_provision(w.west), lambda p: f"/api/v1/provisions/{p.uuid}/", {"capacity": 9}
    ),
    "mandaat": Change("fenna", _mandate, lambda m: f"/api/v1/mandates/{m.uuid}/", {"may_cosign": True}),
    "triageregel": Change(
        "fenna",
        _rule,
        lambda r: f"/api/v1/triage-rules/{r.uuid}/",
        {"name": "Acuut gevaar", "target": "wijkteam", "reason": "Veiligheid eerst."},
        method="put",
    ),
    "besluitregels": Change(
        "fenna",
        _rules,
        lambda r: "/api/v1/decision-rules/",
        {"four_eyes_above_cents": 400_000, "reminder_weeks": 6, "letter_sender": "Team Wmo"},
        method="put",
    ),
    "omgekeerde toets": Change(
        "anna",
        _reverse_test,
        lambda t: f"/api/v1/maatwerk-requests/{t.request.uuid}/",
        {"law_intent": "Zelfredzaamheid"},
    ),
}


def _api(name: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return api


@pytest.mark.parametrize("name", list(CHANGES))
def test_the_api_answers_the_version_and_refuses_a_stale_if_match(world, name):
    change = CHANGES[name]
    instance = change.make(world)
    api = _api(change.user)
    url = change.url(instance)
    send = getattr(api, change.method)

    read = api.get(url)
    first = send(url, change.body, format="json", HTTP_IF_MATCH=read["ETag"])
    stale = send(url, change.body, format="json", HTTP_IF_MATCH=read["ETag"])

    version = _stored(instance).version
    assert read.status_code == 200 and read["ETag"] == f'"{version - 1}"'
    assert (first.status_code, first["ETag"]) == (200, f'"{version}"')
    assert (stale.status_code, stale.json(), stale["ETag"]) == (
        412,
        {"detail": EDITED_MEANWHILE},
        f'"{version}"',
    )


# -- a change worked out on what was read: no lost update without If-Match either ----------------------------
def test_a_merged_change_on_a_provider_read_before_a_colleague_saved_is_refused(world):
    provider = _provider(world)
    read_by_carla = Provider.objects.get(pk=provider.pk)
    Provider.objects.filter(pk=provider.pk).update(kvk_number="61234567", version=F("version") + 1)

    with pytest.raises(EditedMeanwhile) as refused:
        providers.provider_update(
            acting_user=world.carla,
            provider=read_by_carla,
            name=read_by_carla.organisation.name,
            agb_code="75999999",
            kvk_number=read_by_carla.kvk_number,
            districts=[],
            active=True,
        )

    assert (refused.value.asked, refused.value.current_version) == (False, 2)
    assert Provider.objects.get(pk=provider.pk).kvk_number == "61234567"


def test_the_api_answers_409_when_a_change_met_a_newer_version_without_if_match(world, monkeypatch):
    mandate = _mandate(world)
    original = decisions.mandate_update

    def colleague_first(**kwargs):  # a colleague saves between this request's read and its write
        Mandate.objects.filter(pk=mandate.pk).update(laws=["jeugdwet"], version=F("version") + 1)
        return original(**kwargs)

    monkeypatch.setattr(decisions, "mandate_update", colleague_first)
    answer = _api("fenna").patch(f"/api/v1/mandates/{mandate.uuid}/", {"may_cosign": True}, format="json")

    assert (answer.status_code, answer.json(), answer["ETag"]) == (409, {"detail": EDITED_MEANWHILE}, '"2"')
    stored = Mandate.objects.get(pk=mandate.pk)
    assert (stored.laws, stored.may_cosign) == (["jeugdwet"], False)


def test_an_extension_makes_an_open_contract_form_out_of_date(world):
    contract = _contract(world)
    read = Contract.objects.get(pk=contract.pk)
    providers.contract_extend(acting_user=world.carla, contract=contract)

    data = providers.ContractData.of(read)
    data.name = "Begeleiding 2025"
    with pytest.raises(EditedMeanwhile):
        providers.contract_update(acting_user=world.carla, contract=read, data=data, expected_version=1)

    stored = Contract.objects.get(pk=contract.pk)
    assert (stored.name, stored.version, stored.extensions_used) == ("Begeleiding 2024", 2, 1)


def test_switching_a_triage_rule_off_raises_its_version(world):
    rule = _rule(world)
    intake.triage_rule_deactivate(acting_user=world.fenna, rule=rule)
    assert TriageRule.objects.get(pk=rule.pk).version == 2
