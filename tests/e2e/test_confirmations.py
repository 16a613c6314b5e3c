"""Destructive one-click actions ask first (with JavaScript); dismissing the question changes nothing."""

from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.e2e.conftest import log_in


def test_removing_an_agenda_item_asks_first(page):
    call_command("seed_demo")
    log_in(page)
    meeting = Meeting.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").upcoming().first()
    title = meeting.agenda_items.order_by("position").first().title
    count = meeting.agenda_items.count()
    page.goto(meeting.get_absolute_url())
    questions = []

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name=f"„{title}“ entfernen").click()
    expect(page.locator(".agenda-title").first).to_have_text(title)
    assert questions == [f"„{title}“ aus der Tagesordnung entfernen?"]
    assert meeting.agenda_items.count() == count

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"„{title}“ entfernen").click()
    expect(page.get_by_role("button", name=f"„{title}“ entfernen")).to_have_count(0)
    assert meeting.agenda_items.count() == count - 1


def test_renewing_a_personal_link_asks_first(page):
    from members.models import Participant

    call_command("seed_demo")
    log_in(page)
    person = Participant.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").exclude(token=None)[0]
    token = person.token
    page.goto(person.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Link erneuern").click()
    expect(page.get_by_role("button", name="Link erneuern")).to_be_visible()
    person.refresh_from_db()
    assert person.token == token  # dismissed: the link still works

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Link erneuern").click()
    expect(page.get_by_role("status").first).to_be_visible()
    person.refresh_from_db()
    assert person.token and person.token != token
