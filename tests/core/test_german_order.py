"""German order and case-insensitive search (arbeitskreis/collation.py) in every list, choice and search box.

The database tests run on SQLite here and on PostgreSQL in CI (``.ci/run`` sets DATABASE_URL): the same expected
order on both — Ä with A, Ö with O, ß as ss, Turkish İ/ı with I, Latin before Cyrillic before Arabic.
"""

import re

import pytest
from django.urls import reverse

from arbeitskreis import collation
from arbeitskreis.models import State
from findings.forms import FindingForm, RegisterFilterForm
from members.forms import ParticipantForm
from members.models import Participant
from tests.factories import MunicipalityFactory, WorkingGroupFactory
from tests.findings.factories import FindingFactory
from tests.members.factories import OrganizationFactory, ParticipantFactory

# Family names in the order a German reader expects them.
FAMILY_NAMES = ["Abel", "Ärger", "Arnold", "İnce", "Ivanova", "Müller", "Mustermann", "Öztürk", "Straße", "Strauß",
                "Yılmaz", "Zimmermann", "Иванова", "Шевченко", "حداد"]  # fmt: skip
ORGANISATIONS = ["Ärztekammer", "AWO Kreisverband", "Caritas", "Össür Verein", "Türkischer Elternverein",
                 "Ukrainischer Verein", "Verein Ü", "Українська громада", "جمعية"]  # fmt: skip


def test_the_sort_key_is_german():
    shuffled = list(reversed(FAMILY_NAMES))
    assert sorted(shuffled, key=collation.sort_key) == FAMILY_NAMES
    assert collation.sort_key("Öztürk") < collation.sort_key("Yılmaz")
    assert collation.sort_key(None) == collation.sort_key("")


@pytest.fixture
def crowd(world):
    for name in reversed(FAMILY_NAMES):
        ParticipantFactory(working_group=world.group, given_name="Eva", family_name=name, organization=None)
    for name in reversed(ORGANISATIONS):
        OrganizationFactory(working_group=world.group, name=name)
    return world


def test_the_database_sorts_in_german_order(crowd):
    ordered = Participant.objects.filter(working_group=crowd.group).order_by(*collation.german("family_name", "pk"))
    assert [p.family_name for p in ordered] == FAMILY_NAMES
    backwards = Participant.objects.filter(working_group=crowd.group).order_by(*collation.german("-family_name"))
    assert [p.family_name for p in backwards] == FAMILY_NAMES[::-1]


def test_participant_list_and_export_are_in_german_order(coordinator_client, crowd):
    kwargs = crowd.group.url_kwargs()
    response = coordinator_client.get(reverse("members:participant-list", kwargs=kwargs))
    assert [p.family_name for p in response.context["participants"]] == FAMILY_NAMES
    export = coordinator_client.get(reverse("members:export-csv", kwargs=kwargs)).content.decode("utf-8-sig")
    assert [line.split(";")[0] for line in export.splitlines()[1:]] == FAMILY_NAMES


def test_organisation_list_is_in_german_order(coordinator_client, crowd):
    response = coordinator_client.get(reverse("members:organization-list", kwargs=crowd.group.url_kwargs()))
    assert [o.name for o in response.context["organizations"]] == ORGANISATIONS


def _labels(choices):
    return [str(label) for _value, label in choices if _value not in ("", None)]


def test_form_choices_are_in_german_order(crowd):
    group = crowd.group
    form = FindingForm(group=group)
    raised_by = _labels(form.fields["raised_by"].choices)
    assert [label.split()[-1] for label in raised_by] == FAMILY_NAMES
    people, organisations = form.fields["assignee"].choices[1][1], form.fields["assignee"].choices[2][1]
    assert [label.split()[-1] for _v, label in people] == FAMILY_NAMES
    assert [label for _v, label in organisations] == ORGANISATIONS
    participant_form = ParticipantForm(group=group)
    stands_in_for = _labels(participant_form.fields["represents"].widget.choices)
    assert [label.split(",")[0] for label in stands_in_for] == FAMILY_NAMES
    assert _labels(participant_form.fields["organization"].choices) == ORGANISATIONS


def test_register_assignee_filter_is_in_german_order(crowd):
    group = crowd.group
    for person in group.participants.all():
        FindingFactory(working_group=group, assignee_participant=person)
    people = RegisterFilterForm(group=group).fields["assignee"].choices[2][1]
    assert [label.split()[-1] for _v, label in people] == FAMILY_NAMES


def test_staff_overview_and_wirkung_list_municipalities_in_german_order(client, world):
    for name in ["Zwickau", "Überlingen", "Öhringen", "Offenburg", "Ulm", "Aalen"]:
        WorkingGroupFactory(municipality=MunicipalityFactory(name=name, state=State.BW), name=f"AK {name}")
    client.force_login(world.staff)
    page = client.get(reverse("dashboard")).content.decode()
    expected = ["Aalen", "Landkreis Karlsruhe", "Offenburg", "Öhringen", "Stadt Bielefeld", "Überlingen", "Ulm",
                "Zwickau"]  # fmt: skip
    shown = re.findall(r'<div class="small text-body-secondary fw-normal">([^<]+)</div>', page)
    assert shown == expected
    impact = client.get(reverse("findings-overview:impact"), {"state": "BW"})
    rows = impact.context["sections"][0]["rows"]
    assert [row["municipality"] for row in rows] == [name for name in expected if name != "Stadt Bielefeld"]


@pytest.mark.parametrize("text", ["MÜLLER", "müller", "Müller", "ÖZTÜRK", "yılmaz"])
def test_search_ignores_case_for_every_letter(coordinator_client, crowd, text):
    kwargs = crowd.group.url_kwargs()
    response = coordinator_client.get(reverse("members:participant-list", kwargs=kwargs), {"q": text})
    found = [p.family_name for p in response.context["participants"]]
    assert found == [name for name in FAMILY_NAMES if name.casefold() == text.casefold()]


def test_organisation_search_ignores_case(coordinator_client, crowd):
    url = reverse("members:organization-list", kwargs=crowd.group.url_kwargs())
    assert [o.name for o in coordinator_client.get(url, {"q": "ÄRZTE"}).context["organizations"]] == ["Ärztekammer"]
    assert [o.name for o in coordinator_client.get(url, {"q": "ÖSSÜR"}).context["organizations"]] == ["Össür Verein"]
    nothing = coordinator_client.get(url, {"q": "Gibtsnicht"})
    assert "Keine Organisation passt zu dieser Suche." in nothing.content.decode()


def test_register_search_ignores_case_for_umlauts(coordinator_client, world):
    FindingFactory(working_group=world.group, title="Seite von Frau Müller fehlt")
    FindingFactory(working_group=world.group, title="Anderes Thema")
    url = reverse("findings:list", kwargs=world.group.url_kwargs())
    titles = [f.title for f in coordinator_client.get(url, {"q": "MÜLLER"}).context["page"].object_list]
    assert titles == ["Seite von Frau Müller fehlt"]
