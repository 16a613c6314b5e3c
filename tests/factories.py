"""Factories of the tenant core. Each app's own factories live in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from arbeitskreis.models import GroupRole, Municipality, RoleKind, State, WorkingGroup

PASSWORD = "test-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    slug = factory.Sequence(lambda n: f"gemeinde-{n}")
    state = State.BW


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.LazyAttribute(lambda o: f"Arbeitskreis {o.municipality.name}")
    slug = "arbeitskreis"
    organizer_name = "Koordination"
    organizer_email = "koordination@example.org"


class GroupRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupRole

    user = factory.SubFactory(UserFactory)
    working_group = factory.SubFactory(WorkingGroupFactory)
    role = RoleKind.COORDINATOR
