"""The personal link in a real browser: after the first request nothing the page loads carries the token."""

from django.core.management import call_command
from playwright.sync_api import expect

from members.models import Participant
from tests.e2e.conftest import assert_accessible


def test_no_request_after_the_link_carries_the_token(page):
    call_command("seed_demo")
    participant = Participant.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").exclude(
        token=None
    )[0]
    token = participant.token
    requests = []
    page.on("request", lambda request: requests.append((request.url, request.headers.get("referer", ""))))
    page.goto(f"/p/{token}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(participant.display_name)
    assert page.url.endswith("/p/") and token not in page.url
    # The switcher, the suggestion page and back: the whole visit, static files and favicon included.
    page.get_by_role("link", name="Vorschlag machen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vorschlag machen")
    page.get_by_role("link", name="Zurück zu Ihrer persönlichen Seite").click()
    page.get_by_label("Sprache").select_option("en")
    page.get_by_role("button", name="Wechseln").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert_accessible(page, "personal-page-english")
    assert requests[0][0].endswith(f"/p/{token}/")
    later = requests[1:]
    assert len(later) > 5  # the redirect target, its CSS, JS, favicon, the other pages
    assert not [request for request in later if token in request[0] or token in request[1]]
    assert not any(token in cookie["value"] for cookie in page.context.cookies())
