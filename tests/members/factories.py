"""Factories of the members app."""

import factory

from members.models import ImportBatch, Organization, OrganizationKind, Participant, new_token, token_digest
from tests.factories import WorkingGroupFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    working_group = factory.SubFactory(WorkingGroupFactory)
    name = factory.Sequence(lambda n: f"Verein {n} e. V.")
    kind = OrganizationKind.VOLUNTEER


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    working_group = factory.SubFactory(WorkingGroupFactory)
    given_name = factory.Sequence(lambda n: f"Vorname{n}")
    family_name = factory.Sequence(lambda n: f"Nachname{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organization = factory.SubFactory(OrganizationFactory, working_group=factory.SelfAttribute("..working_group"))
    function = "Beratung"
    languages = ",de,"
    # A personal link, as members.services gives one (token and its digest together).
    token = factory.LazyFunction(new_token)
    token_digest = factory.LazyAttribute(lambda o: token_digest(o.token) if o.token else None)


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    working_group = factory.SubFactory(WorkingGroupFactory)
    filename = "teilnahmeliste.csv"
    headers = ["Nachname", "Vorname", "E-Mail"]
    rows = [["Yılmaz", "Ayşe", "ayse@example.org"]]
    mapping = {"0": "family_name", "1": "given_name", "2": "email"}
