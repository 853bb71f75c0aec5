import factory

from wijkregie.organisation.constants import OrganisationKind, TeamKind
from wijkregie.organisation.models import District, Municipality, Organisation, PostcodeArea, Team


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"{8000 + n:04d}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    wijkpunt_name = factory.LazyAttribute(lambda o: f"Wijkpunt {o.name}")

    @factory.post_generation
    def postcodes(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            for pc4 in extracted:
                PostcodeArea.objects.create(district=self, pc4=pc4)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.MUNICIPALITY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = TeamKind.DISTRICT_TEAM
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.districts.set(extracted)


def beheer_state() -> tuple:
    """Everything the beheer pages can change, to assert that a refused request changed nothing."""
    from wijkregie.accounts.models import TeamMembership, User
    from wijkregie.audit.models import AuditEvent

    def rows(queryset, *fields):  # type: ignore[no-untyped-def]
        return list(queryset.order_by("pk").values_list(*fields))

    return (
        rows(
            District.objects,
            "pk",
            "name",
            "wijkpunt_name",
            "wijkpunt_address",
            "population",
            "municipality_id",
        ),
        rows(PostcodeArea.objects, "pk", "pc4", "district_id"),
        rows(Team.objects, "pk", "name", "kind", "organisation_id"),
        rows(Team.municipalities.through.objects, "team_id", "municipality_id"),
        rows(Team.districts.through.objects, "team_id", "district_id"),
        rows(User.objects, "pk", "username", "role", "is_active", "municipality_id", "email"),
        rows(TeamMembership.objects, "user_id", "team_id"),
        AuditEvent.objects.count(),
    )
