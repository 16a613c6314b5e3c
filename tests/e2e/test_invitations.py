"""The invitation end to end in a browser: the coordinator sends, a participant opens the answer link from the mail
(captured here), confirms, changes the answer, and the coordinator sees it — with and without JavaScript."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import Invitation
from members.models import Participant
from tests.e2e.conftest import assert_accessible, log_in
from tests.mail import links, text


def _new_meeting():
    group = Participant.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").first().working_group
    start = timezone.localtime().replace(hour=16, minute=0, second=0, microsecond=0) + datetime.timedelta(days=45)
    return services.create_meeting(
        group=group,
        data={
            "title": "Sondertreffen Wohnen",
            "start": start,
            "end": start + datetime.timedelta(minutes=90),
            "place": "Landratsamt, Saal 3",
        },
    )


def _answer_link(address, answer):
    (message,) = [message for message in mail.outbox if message.to == [address]]
    return next(link for link in links(text(message)) if link.endswith(f"answer={answer}"))


def test_the_invitation_round_trip(page, browser, live_server):
    call_command("seed_demo")
    mail.outbox.clear()
    meeting = _new_meeting()
    log_in(page)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Einladungen verschicken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Einladungen und Antworten")
    assert_accessible(page, "meetings-invitations-before")
    page.get_by_role("button", name="Einladungen verschicken").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text("sind unterwegs")
    invited = Invitation.objects.filter(meeting=meeting).select_related("participant")
    assert invited.count() == len(mail.outbox) > 3
    person = next(invitation.participant for invitation in invited if invitation.participant.preferred_language == "de")

    # The participant, in another browser without a login, opens the "Zusage" link of their mail.
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    other = context.new_page()
    other.goto(_answer_link(person.email, "accepted"))
    expect(other.get_by_role("heading", level=1)).to_have_text("Sondertreffen Wohnen")
    expect(other.get_by_label("Ja, ich komme")).to_be_checked()
    expect(other.get_by_text("Bitte bestätigen Sie Ihre Antwort mit der Schaltfläche unten.")).to_be_visible()
    assert Invitation.objects.get(meeting=meeting, participant=person).answer == "needs_action"
    assert_accessible(other, "personal-meeting-answer")
    other.get_by_role("button", name="Meine Antwort speichern").click()
    expect(other.get_by_text("Vielen Dank, Ihre Antwort wurde gespeichert.")).to_be_visible()
    assert Invitation.objects.get(meeting=meeting, participant=person).answer == "accepted"
    # … and changes it: maybe, with a comment.
    other.get_by_label("Vielleicht").check()
    other.get_by_label("Kommentar (freiwillig)").fill("Ich komme später, gegen 17 Uhr.")
    other.get_by_role("button", name="Meine Antwort speichern").click()
    expect(other.get_by_text("Vielen Dank, Ihre Antwort wurde gespeichert.")).to_be_visible()
    # The personal page lists the meeting with the answer and offers the calendar subscription.
    other.get_by_role("link", name="Zurück zu Ihrer persönlichen Seite").click()
    expect(other.locator(".personal-meetings")).to_contain_text("vielleicht")
    other.get_by_role("link", name="Ihre Treffen in Ihrem Kalender").click()
    other.get_by_role("button", name="Meine Abo-Adresse anlegen").click()
    expect(other.get_by_label("Adresse zum Abonnieren")).to_have_value(re.compile(r"/feeds/[A-Za-z0-9_-]{43}\.ics$"))
    assert_accessible(other, "personal-calendar")
    context.close()

    page.reload()
    row = page.locator(f"#invitation-{Invitation.objects.get(meeting=meeting, participant=person).pk}")
    expect(row).to_contain_text("vielleicht")
    expect(row).to_contain_text("Ich komme später, gegen 17 Uhr.")
    expect(page.locator(".answer-summary")).to_contain_text("1")
    assert_accessible(page, "meetings-invitations-after")
    page.goto(meeting.working_group.get_absolute_url() + "meetings/feeds/")
    page.get_by_label("Für wen ist der Link?").fill("Outlook der Koordination")
    page.get_by_role("button", name="Link anlegen").click()
    expect(page.get_by_text("Der neue Abo-Link ist fertig.")).to_be_visible()
    assert_accessible(page, "meetings-feeds")


@pytest.fixture
def no_script_context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def test_answering_works_without_javascript(page, no_script_context):
    call_command("seed_demo")
    mail.outbox.clear()
    meeting = _new_meeting()
    log_in(page)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Einladungen verschicken").click()
    page.get_by_role("button", name="Einladungen verschicken").click()
    expect(page.locator(".alert-success")).to_contain_text("sind unterwegs")
    person = Invitation.objects.filter(meeting=meeting, participant__preferred_language="de").first().participant
    other = no_script_context.new_page()
    other.goto(_answer_link(person.email, "declined"))
    expect(other.get_by_label("Nein, ich kann nicht kommen")).to_be_checked()
    other.get_by_label("Kommentar (freiwillig)").fill("Krank")
    other.get_by_role("button", name="Meine Antwort speichern").click()
    expect(other.get_by_text("Vielen Dank, Ihre Antwort wurde gespeichert.")).to_be_visible()
    stored = Invitation.objects.get(meeting=meeting, participant=person)
    assert (stored.answer, stored.comment) == ("declined", "Krank")
