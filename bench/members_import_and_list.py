"""Benchmark: the import preview of a 2,000-row file and the participant list with 500 participants.

    DJANGO_SETTINGS_MODULE=arbeitskreis.settings_test .venv/bin/python bench/members_import_and_list.py

Runs on a fresh in-memory SQLite database (or DATABASE_URL if set); prints the median of several runs.
Goal: the preview of 2,000 rows in under 2 seconds (upload + parsing, and the preview page itself).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arbeitskreis.settings_test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from arbeitskreis.models import GroupRole, Municipality, RoleKind, WorkingGroup  # noqa: E402
from members import importing, tables  # noqa: E402
from members.models import ImportBatch, Organization, Participant, token_digest  # noqa: E402

GIVEN = ["Ayşe", "Jonas", "Olena", "Karim", "Petra", "Andrei", "Fatemeh", "Mehmet", "Ioana", "Reza", "Natalia"]
FAMILY = ["Yılmaz", "Schneider", "Kovalenko", "Haddad", "Wagner", "Popescu", "Ahmadi", "Öztürk", "Ionescu", "Moradi"]
ORGS = ["Caritasverband", "Volkshochschule", "Jobcenter", "Stadtverwaltung, Amt für Integration", "AWO"]


def csv_file(rows):
    lines = ["Nachname;Vorname;Organisation;Funktion;E-Mail;Telefon;Sprachen"]
    for n in range(rows):
        email = "" if n % 17 == 0 else f"person{n}@example.org"
        name = f"{FAMILY[n % len(FAMILY)]};{GIVEN[n % len(GIVEN)]}"
        lines.append(f'{name};"{ORGS[n % len(ORGS)]}";Beratung;{email};0721 {n};de, tr')
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def xlsx_file(csv_data):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    table = tables.read_table(csv_data)
    workbook.active.append(table.headers)
    for row in table.rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def hostile_workbooks():
    """Small uploads that unpack to tens of megabytes (see tests/members/test_import_hostile_files.py)."""
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nachname</t></is></c></row>'
    )
    row = b'<row><c t="inlineStr"><is><t>Kaya</t></is></c></row>'
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 60_000_000 + b"</t></is></c></row>"
    return {
        "XLSX, one 60 MB cell": hostile_workbook(head + cell + b"</sheetData></worksheet>"),
        "XLSX, 1,000,000 rows, no <dimension>": hostile_workbook(head + row * 1_000_000 + b"</sheetData></worksheet>"),
    }


def hostile_workbook(sheet):
    import io
    import zipfile

    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{relationships}"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{relationships}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def refuse(data):
    try:
        tables.read_table(data, "liste.xlsx")
    except tables.TableError:
        return
    raise AssertionError("a hostile workbook was read")


def timed(func, runs=5):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations)


def main():
    call_command("migrate", verbosity=0)
    municipality = Municipality.objects.create(name="Bench", slug="bench", state="BW")
    group = WorkingGroup.objects.create(municipality=municipality, name="Bench-Arbeitskreis", slug="ak")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bench", password="bench-password-123")
    GroupRole.objects.create(user=user, working_group=group, role=RoleKind.COORDINATOR)
    client = Client()
    client.force_login(user)
    kwargs = group.url_kwargs()

    data = csv_file(2000)
    print(f"File: 2,000 rows, {len(data) / 1024:.0f} KB")

    def parse_and_judge():
        table = tables.read_table(data)
        importing.analyse(table.rows, importing.guess_mapping(table.headers), {})

    parse = timed(parse_and_judge)
    print(f"  parse + judge (pure functions):           {parse * 1000:7.1f} ms")

    def upload():
        response = client.post(
            reverse("members:import-upload", kwargs=kwargs), {"file": SimpleUploadedFile("liste.csv", data)}
        )
        assert response.status_code == 302 and "/import/" in response["Location"], response["Location"]

    print(f"  upload (read, store the batch):           {timed(upload) * 1000:7.1f} ms")
    batch = ImportBatch.objects.latest("pk")
    preview_url = reverse("members:import-preview", kwargs={**kwargs, "batch": batch.pk})

    def preview():
        response = client.get(preview_url)
        assert response.status_code == 200 and response.content.count(b"<tr") == 2001

    preview_time = timed(preview)
    print(f"  preview page (2,000 rows judged, HTML):   {preview_time * 1000:7.1f} ms")
    total = timed(upload, 3) + preview_time
    print(f"  upload + preview together:                {total * 1000:7.1f} ms  (goal: < 2000 ms)")
    xlsx = xlsx_file(data)
    xlsx_parse = timed(lambda: tables.read_table(xlsx, "liste.xlsx"), 3)
    print(f"  the same rows as XLSX ({len(xlsx) / 1024:.0f} KB), reading once:  {xlsx_parse * 1000:7.1f} ms")
    for label, hostile in hostile_workbooks().items():
        refused = timed(lambda hostile=hostile: refuse(hostile))
        print(f"  {label} ({len(hostile) / 1024:.0f} KB), refused in: {refused * 1000:7.1f} ms")

    organizations = [Organization.objects.create(working_group=group, name=f"Organisation {n}") for n in range(20)]
    Participant.objects.bulk_create(
        Participant(
            working_group=group,
            given_name=GIVEN[n % len(GIVEN)],
            family_name=f"{FAMILY[n % len(FAMILY)]} {n}",
            email=f"teilnehmende{n}@example.org",
            organization=organizations[n % 20],
            languages=",de,tr,",
            token=f"bench-token-{n:06d}-" + "x" * 40,
            token_digest=token_digest(f"bench-token-{n:06d}-" + "x" * 40),
        )
        for n in range(500)
    )
    list_url = reverse("members:participant-list", kwargs=kwargs)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(list_url)
    assert response.status_code == 200 and response.content.count(b"<tr") == 501
    list_time = timed(lambda: client.get(list_url))
    print(f"Participant list, 500 participants:         {list_time * 1000:7.1f} ms  ({len(queries)} queries)")
    search_time = timed(lambda: client.get(list_url + "?q=caritas&language=tr&status=all"))
    print(f"  with search and filters:                  {search_time * 1000:7.1f} ms")
    csv_time = timed(lambda: client.get(reverse("members:export-csv", kwargs=kwargs)))
    print(f"  CSV export of 500:                        {csv_time * 1000:7.1f} ms")
    xlsx_time = timed(lambda: client.get(reverse("members:export-xlsx", kwargs=kwargs)), 3)
    print(f"  XLSX export of 500:                       {xlsx_time * 1000:7.1f} ms")
    return 0 if total < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
