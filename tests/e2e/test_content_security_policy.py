"""The Content-Security-Policy (no inline scripts or styles) breaks nothing the main pages use: the browser reports
no violation on the dashboard, the group page, meeting pages (with the agenda's drag and drop), the register, the
Wirkung page with its charts, the minutes, the Integreat page tree, the staff overview, the personal page and the
newcomers' public form."""

import re

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingStatus
from members.models import Participant
from networks.newcomers import open_link
from tests.e2e.conftest import log_in

GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"

# Runs in every page before its own scripts (Playwright injects it; the policy does not apply to it).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile
    + ":" + event.lineNumber);
});
"""


def _watch(page):
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.context.add_init_script(LISTEN)
    return console


def _visit(page, console, path):
    response = page.goto(path)
    assert response.status == 200, path
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{path}: {violations}"
    assert console == [], f"{path}: {console}"


def test_no_csp_violation_on_the_main_pages(page):
    call_command("seed_demo")
    console = _watch(page)
    group = Meeting.objects.filter(working_group__slug="arbeitskreis-integreat").first().working_group
    held = group.meetings.filter(status=MeetingStatus.HELD).order_by("-start").first()
    editable = next(meeting for meeting in group.meetings.order_by("-start") if meeting.is_editable)
    log_in(page, "koordination-karlsruhe")
    for path in (
        "/",
        f"{GROUP}/",
        f"{GROUP}/meetings/",
        held.get_absolute_url(),
        f"{GROUP}/findings/",
        f"{GROUP}/findings/impact/",
        f"{GROUP}/minutes/{held.pk}/",
        f"{GROUP}/integreat/",
        f"{GROUP}/integreat/coverage/",
    ):
        _visit(page, console, path)
    # The agenda of an editable meeting: the drag-and-drop script (a static file now) runs and shows its hint.
    _visit(page, console, editable.get_absolute_url())
    expect(page.locator("tr.agenda-draggable").first).to_be_visible()
    # The page tree indents by classes, not by style attributes.
    _visit(page, console, f"{GROUP}/integreat/")
    assert page.locator("th.tree-depth-1").count() > 0
    assert page.locator("[style]").count() == 0

    participant = Participant.objects.filter(working_group=group, token__isnull=False).first()
    _visit(page, console, f"/p/{participant.token}/")
    expect(page).to_have_url(re.compile(r"/p/$"))
    # The newcomers' public form (its own layout, public_base.html).
    _visit(page, console, reverse("newcomer-form:form", kwargs={"key": open_link(group=group).key}))


def test_no_csp_violation_on_the_staff_pages(page):
    call_command("seed_demo")
    console = _watch(page)
    log_in(page, "admin")
    for path in ("/", reverse("findings-overview:impact")):
        _visit(page, console, path)
