"""Pages for the contractmanager (reads and writes) and the beleidsmedewerker (reads) of a municipality:
providers with their contact points, contracts with their products and tariffs. Thin: forms check the
shape, services write, the policy decides; everyone else gets 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import carrying_version, sent_version, submitted
from wijkregie.providers import selectors, services
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.policies import ContractPolicy

from .forms import (
    ContactForm,
    ContractForm,
    ProductEndForm,
    ProductForm,
    ProviderCreateForm,
    ProviderUpdateForm,
)


def _reader_or_404(request: HttpRequest) -> ContractPolicy:
    policy = ContractPolicy(request.user)
    if not policy.can_view():
        raise Http404
    return policy


def _manager_or_404(request: HttpRequest) -> ContractPolicy:
    policy = ContractPolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, intro: str = "", section: str = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, "intro": intro, "current": section}
    return render(request, "providers/form.html", context)


# -- providers ---------------------------------------------------------------------------------------------
@login_required
@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    policy = _reader_or_404(request)
    context = {
        "municipality": policy.municipality(),
        "providers": selectors.provider_list(policy),
        "may_manage": policy.can_manage(),
        "current": "aanbieders",
    }
    return render(request, "providers/provider_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def provider_create(request: StaffRequest) -> HttpResponse:
    policy = _manager_or_404(request)
    form = ProviderCreateForm(_data(request), policy=policy)
    created: list[Any] = []

    def save(data: dict[str, Any]) -> None:
        created.append(services.provider_create(acting_user=request.user, **data))

    if submitted(request, form, save, "De zorgaanbieder is geregistreerd."):
        return redirect("providers:provider_detail", provider_uuid=created[0].uuid)
    return _form_page(
        request,
        form,
        title="Nieuwe zorgaanbieder",
        back=reverse("providers:provider_list"),
        intro="De zorgaanbieder gaat uw gemeente bedienen. Daarna voegt u contactpunten en contracten toe.",
        section="aanbieders",
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_detail(request: StaffRequest, provider_uuid: Any) -> HttpResponse:
    """The provider with its contact points and contracts; the contractmanager adds a contact point here."""
    policy = _reader_or_404(request)
    provider = policy.get_provider_or_404(provider_uuid)
    if request.method == "POST" and not policy.can_manage():
        raise Http404
    form = ContactForm(_data(request)) if policy.can_manage() else None

    def save(data: dict[str, Any]) -> None:
        services.provider_contact_add(acting_user=request.user, provider=provider, **data)

    if form is not None and submitted(request, form, save, "Het contactpunt is toegevoegd."):
        return redirect("providers:provider_detail", provider_uuid=provider.uuid)
    context = {
        "provider": provider,
        "municipalities": provider.municipalities.order_by("name"),
        "districts": selectors.provider_districts(policy, provider),
        "contacts": selectors.provider_contacts(provider),
        "contracts": selectors.provider_contracts(policy, provider),
        "form": form,
        "may_manage": policy.can_manage(),
        "current": "aanbieders",
    }
    return render(request, "providers/provider_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def provider_update(request: StaffRequest, provider_uuid: Any) -> HttpResponse:
    policy = _manager_or_404(request)
    provider = policy.get_provider_or_404(provider_uuid)
    form = ProviderUpdateForm(
        _data(request), policy=policy, initial=ProviderUpdateForm.initial_for(provider, policy)
    )
    carrying_version(form, provider)

    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.provider_update(
            acting_user=request.user, provider=provider, expected_version=version, **data
        )

    back = reverse("providers:provider_detail", args=[provider.uuid])
    if submitted(request, form, save, "De zorgaanbieder is opgeslagen."):
        return redirect(back)
    others = provider.municipalities.exclude(pk=policy.own_municipality_id()).order_by("name")
    intro = (
        "Deze zorgaanbieder bedient ook " + ", ".join(m.name for m in others) + ". De wijken daar blijven "
        "zoals ze zijn."
        if others
        else ""
    )
    return _form_page(
        request,
        form,
        title=f"{provider.organisation.name} wijzigen",
        back=back,
        intro=intro,
        section="aanbieders",
    )


@login_required
@require_POST
def provider_contact_remove(request: StaffRequest, provider_uuid: Any, contact_uuid: Any) -> HttpResponse:
    policy = _manager_or_404(request)
    provider = policy.get_provider_or_404(provider_uuid)
    contact = policy.get_contact_or_404(provider, contact_uuid)
    services.provider_contact_remove(acting_user=request.user, contact=contact)
    messages.success(request, "Het contactpunt is verwijderd.")
    return redirect("providers:provider_detail", provider_uuid=provider.uuid)


# -- contracts ---------------------------------------------------------------------------------------------
@login_required
@require_GET
def contract_list(request: HttpRequest) -> HttpResponse:
    policy = _reader_or_404(request)
    context = {
        "municipality": policy.municipality(),
        "groups": selectors.contracts_by_kind(selectors.contract_list(policy)),
        "may_manage": policy.can_manage(),
        "current": "contracten",
    }
    return render(request, "providers/contract_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request: StaffRequest) -> HttpResponse:
    """First the kind of contract (?soort=...), then the form with that kind's fields."""
    policy = _manager_or_404(request)
    kind = request.GET.get("soort", "")
    if kind not in ContractKind.values:
        if request.method == "POST":
            raise Http404
        return render(
            request, "providers/contract_kind.html", {"kinds": ContractKind.choices, "current": "contracten"}
        )
    form = ContractForm(_data(request), policy=policy, kind=kind)
    created: list[Any] = []

    def save(_: dict[str, Any]) -> None:
        created.append(services.contract_create(acting_user=request.user, data=form.contract_data()))

    if submitted(request, form, save, "Het contract is aangemaakt."):
        return redirect("providers:contract_detail", contract_uuid=created[0].uuid)
    return _form_page(
        request,
        form,
        title=f"Nieuw contract: {ContractKind(kind).label.lower()}",
        back=reverse("providers:contract_list"),
        section="contracten",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_detail(request: StaffRequest, contract_uuid: Any) -> HttpResponse:
    """The contract with its products and tariffs; the contractmanager adds a product here."""
    policy = _reader_or_404(request)
    contract = policy.get_contract_or_404(contract_uuid)
    if request.method == "POST" and not policy.can_manage():
        raise Http404
    has_products = contract.kind != ContractKind.SUBSIDY
    form = ProductForm(_data(request)) if policy.can_manage() and has_products else None
    if request.method == "POST" and form is None:
        raise Http404

    def save(_: dict[str, Any]) -> None:
        assert form is not None
        services.contract_product_add(acting_user=request.user, contract=contract, **form.product_values())

    if form is not None and submitted(request, form, save, "Het product is toegevoegd."):
        return redirect("providers:contract_detail", contract_uuid=contract.uuid)
    products = [
        (product, selectors.category_name(product.product_category), selectors.unit_name(product.unit))
        for product in selectors.contract_products(contract)
    ]
    context = {
        "contract": contract,
        "subcontractors": contract.subcontractors.order_by("name"),
        "districts": contract.districts.order_by("name"),
        "products": products,
        "has_products": has_products,
        "extensions_left": selectors.extensions_left(contract),
        "threshold": selectors.risk_valve_threshold(contract),
        "form": form,
        "may_manage": policy.can_manage(),
        "current": "contracten",
    }
    return render(request, "providers/contract_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract_update(request: StaffRequest, contract_uuid: Any) -> HttpResponse:
    policy = _manager_or_404(request)
    contract = policy.get_contract_or_404(contract_uuid)
    form = ContractForm(
        _data(request),
        policy=policy,
        kind=contract.kind,
        contract=contract,
        initial=ContractForm.initial_for(contract),
    )
    carrying_version(form, contract)

    def save(data: dict[str, Any]) -> None:
        services.contract_update(
            acting_user=request.user,
            contract=contract,
            data=form.contract_data(),
            expected_version=sent_version(data),
        )

    back = reverse("providers:contract_detail", args=[contract.uuid])
    if submitted(request, form, save, "Het contract is opgeslagen."):
        return redirect(back)
    return _form_page(
        request,
        form,
        title=f"{contract.name} wijzigen",
        back=back,
        intro=contract.get_kind_display(),
        section="contracten",
    )


@login_required
@require_POST
def contract_extend(request: StaffRequest, contract_uuid: Any) -> HttpResponse:
    policy = _manager_or_404(request)
    contract = policy.get_contract_or_404(contract_uuid)
    try:
        services.contract_extend(acting_user=request.user, contract=contract)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"Het contract is verlengd tot en met {date_format(contract.end_date, 'j F Y')}."
        )
    return redirect("providers:contract_detail", contract_uuid=contract.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def contract_product_update(request: StaffRequest, contract_uuid: Any, product_uuid: Any) -> HttpResponse:
    """Correct a contracted product, or end its tariff on a day (formulier=beeindigen)."""
    policy = _manager_or_404(request)
    contract = policy.get_contract_or_404(contract_uuid)
    product = policy.get_product_or_404(contract, product_uuid)
    ending = request.POST.get("formulier") == "beeindigen"
    form = ProductForm(None if ending else _data(request), initial=ProductForm.initial_for(product))
    end_form = ProductEndForm(_data(request) if ending else None)
    carrying_version(form, product)
    carrying_version(end_form, product)
    back = reverse("providers:contract_detail", args=[contract.uuid])

    def save(_: dict[str, Any]) -> None:
        values = form.product_values()
        version = sent_version(values)
        services.contract_product_update(
            acting_user=request.user, product=product, expected_version=version, **values
        )

    def end(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.contract_product_end(
            acting_user=request.user, product=product, expected_version=version, **data
        )

    if ending and submitted(request, end_form, end, "Het tarief is beëindigd."):
        return redirect(back)
    if not ending and submitted(request, form, save, "Het product is opgeslagen."):
        return redirect(back)
    context = {
        "contract": contract,
        "product": product,
        "form": form,
        "end_form": end_form,
        "back": back,
        "current": "contracten",
    }
    return render(request, "providers/product_form.html", context)
