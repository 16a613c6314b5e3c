"""Browser tests: Playwright driving Debian's Chromium, axe-core checking every page visited.

Without Chromium the tests are skipped with the reason; with REQUIRE_BROWSER_TESTS=1 (set by .ci/run) a
missing browser is a failure instead, so CI never counts a skipped browser test as a pass.
"""

import os
import shutil
from pathlib import Path

import pytest

from arbeitskreis.env import env_bool

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--lang=de-DE",  # German date inputs (the context locale alone does not reach them)
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (install it with: apt-get install -y chromium)"
        if env_bool("REQUIRE_BROWSER_TESTS", False):
            pytest.fail(f"Browser tests are required but {reason}")
        pytest.skip(f"Browser tests skipped: {reason}")
    # Playwright's sync API runs an event loop in this thread; the live server's database access is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


DEMO_PASSWORD = "demo-arbeitskreis"


@pytest.fixture
def live_base_url(live_server, settings):
    """The live server is this installation: links for people (personal link, emails) point at it."""
    settings.BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def page(browser, live_server, live_base_url, data_migration_rows):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(15_000)
    page = context.new_page()
    external = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url) if not request.url.startswith((live_server.url, "data:", "blob:")) else None
        ),
    )
    yield page
    context.close()
    assert external == [], f"The page requested other hosts: {external}"


def log_in(page, username="koordination-karlsruhe"):
    """Log in through the login page as a demo account (``seed_demo``) and land on the dashboard (staff land on
    the overview of all groups)."""
    import re

    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^(Ihre|Alle) Arbeitskreise$"))


def assert_accessible(page, name=None):
    """Run axe-core (WCAG 2.1 AA rules) on the current page; fail with the report on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}},
    )
    if os.environ.get("SCREENSHOTS") and name:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    assert results.violations_count == 0, results.generate_report()
