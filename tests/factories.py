"""Factories of the tenant core. Each app's own factories live in tests/<app>/factories.py."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from arbeitskreis.models import GroupRole, Handover, Municipality, RoleKind, State, TeamInvitation, WorkingGroup
from arbeitskreis.team import new_token, token_digest

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


_invitations = iter(range(1, 10**9))


def make_invitation(group, *, email=None, role=RoleKind.OBSERVER, days=7, **fields):
    """An open invitation into ``group``'s team, made without a mail: ``(invitation, the link's secret)`` — the
    database keeps only the secret's digest."""
    token = new_token()
    invitation = TeamInvitation.objects.create(
        working_group=group,
        email=email or f"kollegin{next(_invitations)}@example.org",
        role=role,
        token_digest=token_digest(token),
        expires_at=timezone.now() + datetime.timedelta(days=days),
        **fields,
    )
    return invitation, token


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    working_group = factory.SubFactory(WorkingGroupFactory)
    predecessor = factory.SubFactory(UserFactory)
    successor = factory.SubFactory(UserFactory)
    predecessor_name = factory.LazyAttribute(lambda o: o.predecessor.get_full_name())
    successor_name = factory.LazyAttribute(lambda o: o.successor.get_full_name())
    note = "Bitte die AWO wegen des Herbsttreffens anrufen."
    sections = factory.LazyFunction(list)
