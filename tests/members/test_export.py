"""Exports (CSV for Excel, XLSX) and the mailing list ("Verteiler") with consent."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import ConsentMethod, Participant
from tests.members.factories import OrganizationFactory, ParticipantFactory


def url(world, name):
    return reverse(f"members:{name}", kwargs=world.group.url_kwargs())


@pytest.fixture
def people(world):
    org = OrganizationFactory(working_group=world.group, name="Caritas, Karlsruhe", kind="welfare")
    consent = {"consent_given_at": datetime.date(2025, 1, 15), "consent_method": ConsentMethod.WRITTEN}
    return [
        ParticipantFactory(
            working_group=world.group,
            given_name="Ayşe",
            family_name="Yılmaz",
            email="ayse@example.org",
            organization=org,
            languages=",de,tr,",
            **consent,
        ),
        ParticipantFactory(
            working_group=world.group,
            given_name="Karim",
            family_name="Haddad",
            email="karim@example.org",
            function='=HYPERLINK("http://x")',
        ),
        ParticipantFactory(working_group=world.group, given_name="Andrei", family_name="Popescu", email="", **consent),
        ParticipantFactory(
            working_group=world.group,
            given_name="Sabine",
            family_name="Krüger",
            email="sabine@example.org",
            left_on=datetime.date(2025, 1, 1),
            **consent,
        ),
        ParticipantFactory(working_group=world.other_group, family_name="Fremd", email="fremd@example.org", **consent),
    ]


def test_csv_opens_in_excel(coordinator_client, world, people):
    response = coordinator_client.get(url(world, "export-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="teilnehmende-landkreis-karlsruhe-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nachname", "Vorname", "E-Mail-Adresse"]
    assert [row[0] for row in rows[1:]] == ["Haddad", "Popescu", "Yılmaz"]  # active only, like the list
    yilmaz = rows[3]
    assert yilmaz[4] == "Caritas, Karlsruhe" and yilmaz[5] == "Wohlfahrtsverband"
    assert yilmaz[8] == "Deutsch, Türkisch" and yilmaz[10] == "15.01.2025" and yilmaz[11] == "schriftlich"
    assert rows[1][6] == '\'=HYPERLINK("http://x")'  # no formula injection
    assert b"\r\n" in response.content


def test_csv_follows_the_list_filters(coordinator_client, world, people):
    response = coordinator_client.get(url(world, "export-csv") + "?status=all&q=kr")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Krüger"]
    assert rows[1][12] == "01.01.2025"


def test_xlsx(coordinator_client, world, people):
    response = coordinator_client.get(url(world, "export-xlsx"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Nachname" and sheet.title == "Teilnehmende"
    assert [row[0] for row in values[1:]] == ["Haddad", "Popescu", "Yılmaz"]
    assert values[3][1] == "Ayşe"
    assert values[3][10] == datetime.datetime(2025, 1, 15)  # a real date cell, not text
    assert sheet.cell(row=4, column=11).is_date
    assert values[3][8] == "Deutsch, Türkisch"
    assert values[1][6] == '\'=HYPERLINK("http://x")'  # no formula injection in the XLSX either
    assert response["Content-Disposition"].startswith('attachment; filename="teilnehmende-landkreis-karlsruhe-')


@pytest.mark.parametrize("count", [3, 60])
def test_export_queries_do_not_grow(coordinator_client, world, django_assert_num_queries, count):
    for _ in range(count):
        ParticipantFactory(working_group=world.group)
    with django_assert_num_queries(5):
        response = coordinator_client.get(url(world, "export-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == count + 1
    names = sorted(Participant.objects.filter(working_group=world.group).values_list("family_name", flat=True))
    assert [row[0] for row in rows[1:]] == names
    assert all(row[4] for row in rows[1:])  # the organisation comes along without a query per row


@pytest.mark.parametrize("count", [3, 60])
def test_xlsx_export_queries_do_not_grow(coordinator_client, world, django_assert_num_queries, count):
    for _ in range(count):
        ParticipantFactory(working_group=world.group)
    with django_assert_num_queries(5):
        response = coordinator_client.get(url(world, "export-xlsx"))
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(values) == count + 1
    assert all(row[4] and row[8] == "Deutsch" for row in values[1:])


def test_mailing_list_has_only_active_people_with_consent_and_email(coordinator_client, world, people):
    response = coordinator_client.get(url(world, "mailing-list"))
    page = response.content.decode()
    assert response.context["emails_text"] == "ayse@example.org"
    assert 'href="mailto:?bcc=ayse@example.org"' in page
    assert "1 Adresse" in page
    assert "Nicht im Verteiler: keine Einwilligung" in page and "Karim Haddad" in page
    assert "Nicht im Verteiler: keine E-Mail-Adresse" in page and "Andrei Popescu" in page
    assert "sabine@example.org" not in page and "fremd@example.org" not in page


def test_empty_mailing_list(coordinator_client, world):
    page = coordinator_client.get(url(world, "mailing-list")).content.decode()
    assert "Noch keine aktiven Teilnehmenden mit E-Mail-Adresse und Einwilligung." in page
    assert "mailto:?bcc" not in page


@pytest.mark.parametrize("count", [3, 60])
def test_mailing_list_queries_do_not_grow(coordinator_client, world, django_assert_num_queries, count):
    ParticipantFactory.create_batch(count, working_group=world.group, consent_given_at=datetime.date(2025, 1, 1))
    with django_assert_num_queries(4):
        response = coordinator_client.get(url(world, "mailing-list"))
    assert len(response.context["addresses"]) == count
