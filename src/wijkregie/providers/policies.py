"""Who sees and who manages providers and contracts: the contractmanager of a municipality, for that
municipality; the beleidsmedewerker of the municipality reads along. Everyone else sees nothing (404).

- A contractmanager (Role.CONTRACT_MANAGER, user.municipality is theirs) sees and edits the contracts of
  their municipality and the providers that serve it, and registers new providers for it. A provider that
  also serves another municipality stays linked to it: each contractmanager only adds or removes their own
  municipality's districts.
- A beleidsmedewerker (Role.POLICY_OFFICER) reads the same, changes nothing.
- Provider staff, casework roles and the functioneel beheerder: nothing. Contracts are aggregates; no page
  here ever shows a household.
"""

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from wijkregie.accounts.constants import Role
from wijkregie.core.policies import get_or_404
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import District, Municipality, Organisation

from .constants import ContractKind
from .models import Contract, ContractProduct, Provider, ProviderContact

READ_ROLES = frozenset({Role.CONTRACT_MANAGER, Role.POLICY_OFFICER})
MANAGE_ROLES = frozenset({Role.CONTRACT_MANAGER})
# Organisation kinds that may be registered as a provider (zorgaanbieder).
PROVIDER_KINDS = (OrganisationKind.CARE_PROVIDER, OrganisationKind.MAIN_CONTRACTOR)


class ContractPolicy:
    def __init__(self, user: Any) -> None:
        self.user = user
        active = bool(user and user.is_authenticated and user.is_active)
        role = getattr(user, "role", None) if active else None
        own = getattr(user, "municipality_id", None) if role in READ_ROLES else None
        self.municipality_id: int | None = own
        self._manages = own is not None and role in MANAGE_ROLES

    # -- what the user may do ------------------------------------------------------------------------------
    def can_view(self) -> bool:
        return self.municipality_id is not None

    def can_manage(self) -> bool:
        return self._manages

    def can_view_provider(self, provider: Provider) -> bool:
        return self.visible_providers().filter(pk=provider.pk).exists()

    def can_manage_provider(self, provider: Provider) -> bool:
        return self.can_manage() and self.can_view_provider(provider)

    def can_manage_contract(self, contract: Contract) -> bool:
        return self.can_manage() and contract.municipality_id == self.municipality_id

    def own_municipality_id(self) -> int:
        """The user's municipality; Http404 for a user without one here (call after can_view)."""
        if self.municipality_id is None:
            raise Http404
        return self.municipality_id

    # -- what the user may see -----------------------------------------------------------------------------
    def municipality(self) -> Municipality | None:
        own = self.municipality_id
        return None if own is None else Municipality.objects.filter(pk=own).first()

    def visible_providers(self) -> QuerySet[Provider]:
        own = self.municipality_id
        return Provider.objects.none() if own is None else Provider.objects.filter(municipalities=own)

    def visible_contracts(self) -> QuerySet[Contract]:
        own = self.municipality_id
        return Contract.objects.none() if own is None else Contract.objects.filter(municipality_id=own)

    def visible_contacts(self) -> QuerySet[ProviderContact]:
        return ProviderContact.objects.filter(provider__in=self.visible_providers())

    def visible_products(self) -> QuerySet[ContractProduct]:
        return ContractProduct.objects.filter(contract__in=self.visible_contracts())

    def districts(self) -> QuerySet[District]:
        """The districts of the user's municipality: the only ones they may link or put in an area."""
        own = self.municipality_id
        return District.objects.none() if own is None else District.objects.filter(municipality_id=own)

    def provider_organisations(self) -> QuerySet[Organisation]:
        """Organisations that may be the party of an open house or area contract, or a subcontractor:
        providers that serve the user's municipality."""
        return Organisation.objects.filter(provider__in=self.visible_providers())

    def subsidy_organisations(self) -> QuerySet[Organisation]:
        """Any organisation may receive a subsidy, except another municipality's own organisation."""
        own = self.municipality_id
        if own is None:
            return Organisation.objects.none()
        return Organisation.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=own))

    def party_organisations(self, kind: str) -> QuerySet[Organisation]:
        if kind == ContractKind.SUBSIDY:
            return self.subsidy_organisations()
        return self.provider_organisations()

    def unregistered_provider_organisations(self) -> QuerySet[Organisation]:
        """Care providers and main contractors Wijkregie knows that are not registered as a provider yet."""
        if not self.can_manage():
            return Organisation.objects.none()
        return Organisation.objects.filter(kind__in=PROVIDER_KINDS, provider__isnull=True)

    # -- fetching one object by uuid: missing and not allowed look the same (404) ---------------------------
    def get_provider_or_404(self, uuid: UUID | str) -> Provider:
        return get_or_404(self.visible_providers().select_related("organisation"), uuid=uuid)

    def get_contract_or_404(self, uuid: UUID | str) -> Contract:
        return get_or_404(self.visible_contracts().select_related("municipality", "party"), uuid=uuid)

    def get_contact_or_404(self, provider: Provider, uuid: UUID | str) -> ProviderContact:
        return get_or_404(self.visible_contacts().filter(provider=provider), uuid=uuid)

    def get_product_or_404(self, contract: Contract, uuid: UUID | str) -> ContractProduct:
        return get_or_404(
            self.visible_products().filter(contract=contract).select_related("contract"), uuid=uuid
        )
