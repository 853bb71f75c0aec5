import factory

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import TeamMembership, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Medewerker"
    role = Role.CONSULENT
    password = factory.django.Password("demo-wachtwoord")

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            for team in extracted:
                TeamMembership.objects.get_or_create(user=self, team=team)
