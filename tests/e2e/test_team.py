"""The team end to end in a browser: the only coordinator of Bielefeld invites a successor (the link taken from the
mail), the successor makes an account in a second browser and joins, the coordinator hands the group over, and
both download the handover report — axe on every page."""

import io
import re

from django.core import mail
from django.core.management import call_command
from pdfminer.high_level import extract_text
from playwright.sync_api import expect

from arbeitskreis.models import GroupRole, Handover, RoleKind, WorkingGroup
from tests.e2e.conftest import assert_accessible, log_in
from tests.mail import links, text

SUCCESSOR_EMAIL = "l.wagner@bielefeld.example.de"


def _invitation_link():
    (message,) = [message for message in mail.outbox if message.to == [SUCCESSOR_EMAIL]]
    return next(link for link in links(text(message)) if "/accounts/invitation/" in link)


def _pdf_text(download):
    with open(download.path(), "rb") as pdf:
        return " ".join(extract_text(io.BytesIO(pdf.read())).split())


def test_invite_a_successor_and_hand_the_group_over(page, browser, live_server):
    call_command("seed_demo")
    mail.outbox.clear()
    group = WorkingGroup.objects.get(municipality__slug="bielefeld")
    log_in(page, "koordination-bielefeld")
    page.goto(group.get_absolute_url())
    page.get_by_role("link", name="Team, Übergabe und Verlauf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team des Arbeitskreises")
    expect(page.locator(".team-invitations")).to_contain_text("t.brandt@bielefeld.example.de")
    assert_accessible(page, "team")
    page.get_by_role("link", name="Verlauf").click()
    expect(page.locator(".group-history")).to_contain_text("hat den Arbeitskreis an Mehmet Demir übergeben")
    assert_accessible(page, "team-history")

    # Alone on the team: the handover page offers to invite the successor.
    page.get_by_role("link", name="Übergabe", exact=True).click()
    expect(page.get_by_text("Noch gehört niemand sonst zum Team.")).to_be_visible()
    assert_accessible(page, "handover-alone")
    page.get_by_role("link", name="Nachfolge einladen").click()
    expect(page.get_by_label("Koordination – liest und ändert alles")).to_be_checked()
    assert_accessible(page, "team-invite")
    page.get_by_label("E-Mail-Adresse Ihrer Kollegin oder Ihres Kollegen").fill(SUCCESSOR_EMAIL)
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Die Einladung an {SUCCESSOR_EMAIL} ist unterwegs.")
    expect(page.get_by_text("Eingeladen, noch nicht angenommen:")).to_be_visible()

    # The successor, in another browser, opens the link from the mail and makes an account.
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    other = context.new_page()
    other.goto(_invitation_link())
    assert "/accounts/invitation/" in other.url and other.url.endswith("/accounts/invitation/")
    expect(other.get_by_role("heading", level=1)).to_have_text("Einladung in das Team")
    expect(other.get_by_text("Mehmet Demir lädt Sie in das Team des Arbeitskreis Integreat Bielefeld")).to_be_visible()
    assert_accessible(other, "team-invitation")
    other.get_by_label("Vorname").fill("Lea")
    other.get_by_label("Nachname").fill("Wagner")
    other.get_by_label("Benutzername").fill("l.wagner")
    other.locator("#id_password1").fill("Bielefeld-Integreat-2026")
    other.get_by_label("Passwort wiederholen").fill("Bielefeld-Integreat-2026")
    other.get_by_role("button", name="Konto anlegen und beitreten").click()
    expect(other.locator(".alert-success")).to_contain_text("Willkommen im Team des Arbeitskreis Integreat Bielefeld")
    expect(other.get_by_role("heading", level=1)).to_have_text("Arbeitskreis Integreat Bielefeld")

    # The coordinator hands over to her and stays as observer.
    page.reload()
    page.get_by_label("Lea Wagner (Koordination)").check()
    expect(page.get_by_role("heading", name="Offene Inhaltslücken und wer sich darum kümmert")).to_be_visible()
    # The minutes app answers the open measures now (minutes.handover, wired in arbeitskreis/wiring.py).
    expect(page.locator("#handover-open_measures").locator("xpath=..")).to_contain_text("Offene Maßnahmen (")
    assert_accessible(page, "handover")
    page.get_by_label("Ich bleibe als Beobachtung im Arbeitskreis").check()
    page.get_by_label("Hinweise für Ihre Nachfolge").fill("Das Herbsttreffen ist im Neuen Rathaus reserviert.")
    page.get_by_role("button", name="Jetzt übergeben").click()
    expect(page.locator(".alert-success")).to_contain_text("Der Arbeitskreis wurde an Lea Wagner übergeben.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Übergabe des Arbeitskreises")
    assert_accessible(page, "handover-done")
    roles = dict(group.roles.values_list("user__username", "role"))
    assert roles == {"koordination-bielefeld": RoleKind.OBSERVER, "l.wagner": RoleKind.COORDINATOR}

    with page.expect_download() as predecessor_download:
        page.get_by_role("link", name="Übergabebericht herunterladen (PDF)").click()
    report = _pdf_text(predecessor_download.value)
    for expected in (
        "Übergabebericht",
        "Mehmet Demir",
        "Lea Wagner",
        "bleibt als Beobachtung",
        "Das Herbsttreffen ist im Neuen Rathaus reserviert.",
        "Offene Inhaltslücken und wer sich darum kümmert",
        "Das nächste Treffen",
        "Offene Maßnahmen",
    ):
        assert expected in report, expected

    # The successor finds it under "Mein Konto" and downloads the same report.
    other.get_by_role("link", name="Mein Konto").click()
    assert_accessible(other, "account")
    other.get_by_role("link", name="Arbeitskreis Integreat Bielefeld").first.click()
    with other.expect_download() as successor_download:
        other.get_by_role("link", name="Übergabebericht herunterladen (PDF)").click()
    assert _pdf_text(successor_download.value) == report
    other.goto(group.get_absolute_url() + "team/")
    expect(other.get_by_role("button", name="Rolle ändern").first).to_be_visible()
    context.close()
    handover = Handover.objects.get(working_group=group, successor__username="l.wagner")
    assert re.search(r"Rathaus", handover.note)
    assert GroupRole.objects.get(user__username="l.wagner").role == RoleKind.COORDINATOR
