import factory
from django.contrib.auth import get_user_model

from committees.models import Building, District, Level
from followups.models import ActionItem


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Fairhaven Public Schools {n}")
    slug = factory.Sequence(lambda n: f"fairhaven-{n}")
    state = "CT"


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Oak Hill School {n}")
    slug = factory.Sequence(lambda n: f"oak-hill-{n}")
    level = Building.Level.HIGH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    district = factory.SubFactory(DistrictFactory)
    password = factory.django.Password("correct horse battery")


class ActionItemFactory(factory.django.DjangoModelFactory):
    """Test data only: production code creates action items through services."""

    class Meta:
        model = ActionItem

    title = factory.Sequence(lambda n: f"Follow-up {n}")
    visibility = Level.COMMITTEE
