"""The load test's users (run by ``bench/load/run.py``, which seeds the world and starts gunicorn first).

Three kinds, each with a fixed number of users (``LOAD_COORDINATORS``, ``LOAD_PARTICIPANTS``, ``LOAD_FEEDS``):

- **Coordinator**: logs in with their own account (login page, CSRF token, POST; the login must redirect to the
  dashboard), then browses the dashboard, group page, participant list, meeting page, both registers and the minutes.
- **Participant**: opens their personal link to the upcoming meeting (302, the participant cookie), reads the answer
  page, posts yes / maybe / no with the page's CSRF token, and with a chance of one in three changes it once; each
  answer page afterwards must show the answer just given. Then idles.
- **FeedClient**: polls one calendar feed (personal or group) like a calendar client, with ``If-None-Match`` once it
  has an ETag; an unchanged feed must answer 304.

What the users did is written to ``LOAD_RESULTS`` (JSON) when the test stops: the last answer each participant
saw recorded, the coordinators logged in, the feed answers by status — run.py compares it with the database.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

WORLD = json.loads(open(os.environ["LOAD_WORLD"], encoding="utf-8").read())  # noqa: SIM115
ANSWERS = ("accepted", "tentative", "declined")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INPUT = re.compile(r"<input\b[^>]*>")

_coordinators = itertools.cycle(WORLD["coordinators"])
_participants = iter(WORLD["participants"])
_feeds = itertools.cycle(WORLD["feeds"])
RESULTS = {"answers": {}, "logins": [], "feeds": {}, "unfinished": []}


def _csrf(response) -> str | None:
    match = CSRF.search(response.text)
    return match.group(1) if match else None


def _checked_answer(html: str) -> str | None:
    for tag in INPUT.findall(html):
        if 'name="answer"' in tag and re.search(r"\bchecked\b", tag):
            value = re.search(r'value="([^"]*)"', tag)
            return value.group(1) if value else None
    return None


class Coordinator(HttpUser):
    fixed_count = int(os.environ.get("LOAD_COORDINATORS", "10"))
    wait_time = between(2, 5)

    def on_start(self):
        self.username = next(_coordinators)
        page = self.client.get("/accounts/login/", name="coordinator: login page")
        token = _csrf(page)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": WORLD["password"], "csrfmiddlewaretoken": token or ""},
            allow_redirects=False,
            name="coordinator: login POST",
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers.get("Location") == WORLD["pages"]["dashboard"]:
                RESULTS["logins"].append(self.username)
                response.success()
            else:
                response.failure(f"login of {self.username} refused: {response.status_code}")

    def _page(self, name):
        with self.client.get(
            WORLD["pages"][name], name=f"coordinator: {name}", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{name}: {response.status_code} (logged out?)")

    @task(3)
    def dashboard(self):
        self._page("dashboard")

    @task(2)
    def group_page(self):
        self._page("group page")

    @task(2)
    def participant_list(self):
        self._page("participant list")

    @task(3)
    def meeting_page(self):
        self._page("meeting page")

    @task(1)
    def content_gaps(self):
        self._page("content gaps register")

    @task(1)
    def measures(self):
        self._page("measures register")

    @task(1)
    def minutes(self):
        self._page("minutes")


class Participant(HttpUser):
    fixed_count = int(os.environ.get("LOAD_PARTICIPANTS", "100"))

    def wait_time(self):
        return 3600 if self.done else random.uniform(0, 2)

    def on_start(self):
        self.me = next(_participants, None)
        self.done = self.me is None
        self.page = f"/p/meetings/{WORLD['meeting']}/"
        if self.me is not None:
            RESULTS["unfinished"].append(self.me["pk"])

    @task
    def answer(self):
        if self.done:
            return
        with self.client.get(
            self.me["link"], name="participant: personal link", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != self.page:
                response.failure(f"personal link: {response.status_code} {response.headers.get('Location')}")
                return
        given = [random.choice(ANSWERS)]
        if random.random() < 1 / 3:
            given.append(random.choice([a for a in ANSWERS if a != given[0]]))
        page = self.client.get(self.page, name="participant: answer page")
        for answer in given:
            if not self._post(page, answer):
                return
            page = self._confirm(answer)
            if page is None:
                return
        self.done = True
        RESULTS["unfinished"].remove(self.me["pk"])

    def _post(self, page, answer) -> bool:
        token = _csrf(page)
        with self.client.post(
            self.page,
            data={"answer": answer, "comment": f"Last: {answer}", "csrfmiddlewaretoken": token or ""},
            name="participant: answer POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if token is None or response.status_code != 302:
                response.failure(
                    f"answer {answer}: {response.status_code} (CSRF token {'found' if token else 'missing'})"
                )
                return False
        return True

    def _confirm(self, answer):
        """The answer page after saving: it must preselect the answer just given."""
        with self.client.get(self.page, name="participant: answer page", catch_response=True) as response:
            shown = _checked_answer(response.text) if response.status_code == 200 else None
            if shown != answer:
                response.failure(f"gave {answer}, the page shows {shown}")
                return None
        RESULTS["answers"][str(self.me["pk"])] = answer
        return response


class FeedClient(HttpUser):
    fixed_count = int(os.environ.get("LOAD_FEEDS", "200"))
    # Far more often than a calendar client (every 15 to 60 minutes): each polls several times in a short run.
    wait_time = between(8, 16)

    def on_start(self):
        self.feed = next(_feeds)
        self.etag = None

    @task
    def poll(self):
        headers = {"If-None-Match": self.etag} if self.etag else {}
        kind = self.feed["kind"]
        name = f"feed: {kind}" + (" (If-None-Match)" if self.etag else "")
        with self.client.get(self.feed["path"], headers=headers, name=name, catch_response=True) as response:
            status = response.status_code
            RESULTS["feeds"][str(status)] = RESULTS["feeds"].get(str(status), 0) + 1
            if self.etag and status != 304:
                response.failure(f"unchanged feed answered {status}, not 304")
            elif not self.etag and (status != 200 or not response.text.startswith("BEGIN:VCALENDAR")):
                response.failure(f"feed: {status}")
            elif not self.etag and not response.headers.get("ETag"):
                response.failure("feed without ETag")
            else:
                self.etag = response.headers.get("ETag", self.etag)


@events.test_stop.add_listener
def _write_results(environment, **kwargs):
    """After the users stopped (``--stop-timeout``): what they did, and the statistics per request type."""
    entries = sorted(environment.stats.entries.values(), key=lambda e: e.name)
    RESULTS["stats"] = [
        {
            "name": entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "median": entry.median_response_time,
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "max": entry.max_response_time,
        }
        for entry in [*entries, environment.stats.total]
    ]
    RESULTS["stats"][-1]["name"] = "overall"
    with open(os.environ["LOAD_RESULTS"], "w", encoding="utf-8") as file:
        json.dump(RESULTS, file)
