"""A local Integreat API for the tests: an ``http.server`` in a thread on 127.0.0.1 that answers with recorded
responses of the documented shape, and builders of such responses. No request leaves the machine.

``server.serve(slug, regions, pages)`` answers ``/api/v3/regions/`` and ``/api/v3/<slug>/<language>/pages/``;
``server.answer(path, *answers)`` replaces what one address answers (an :class:`Answer` per request, the last one
repeated): a status, a body, a delay before the body, headers. ``server.requests`` lists (path, headers) received.
"""

import functools
import json
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from integreat import demo


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0  # seconds before the body is sent (after the headers: a stalled answer)
    headers: dict = field(default_factory=dict)


def json_answer(data, **kwargs):
    return Answer(body=json.dumps(data).encode(), headers={"Content-Type": "application/json"}, **kwargs)


class FakeIntegreat:
    def __init__(self):
        self.routes = {}
        self.requests = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — the name http.server calls
                with server._lock:
                    server.requests.append((self.path, dict(self.headers)))
                    answers = server.routes.get(self.path) or [Answer(status=404, body=b'{"error": "not found"}')]
                    answer = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(answer.status)
                for name, value in {"Content-Length": str(len(answer.body)), **answer.headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                if answer.delay:
                    threading.Event().wait(answer.delay)
                with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, path, *answers):
        with self._lock:
            self.routes[path] = list(answers)

    def serve(self, slug, regions, pages):
        self.answer("/api/v3/regions/", json_answer(regions))
        for code, data in pages.items():
            self.answer(f"/api/v3/{slug}/{code}/pages/", json_answer(data))

    def paths(self):
        return [path for path, _headers in self.requests]


def demo_answers(slug="landkreis-karlsruhe", today=None):
    """The demo region's answers (integreat/demo.py builds them in the documented shape)."""
    return demo.answers(slug, today=today)


def generated_answers(slug, *, pages, languages=("de", "en", "ar"), today=None):
    """Answers of a region with ``pages`` pages: ten top-level pages, each with pages below it in two levels (built
    once per set of arguments; each call gets its own copy)."""
    return json.loads(_generated(slug, pages, tuple(languages), today))


@functools.lru_cache(maxsize=16)
def _generated(slug, pages, languages, today):
    top = 10
    per_top = max((pages - top) // top, 0)
    tree, made = [], 0
    for index in range(top):
        children = []
        count = per_top + (1 if index < (pages - top) % top else 0)
        for number in range(0, count, 10):
            grandchildren = [f"Seite {index}-{number}-{k}" for k in range(1, min(10, count - number))]
            children.append((f"Seite {index}-{number}", grandchildren) if grandchildren else f"Seite {index}-{number}")
        made += 1 + count
        tree.append((["Arbeit", "Wohnen", "Gesundheit", "Familie", "Bildung"][index % 5] + f" {index}", children))
    assert made == pages, made
    native = {"de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی", "uk": "Українська", "ro": "Română"}
    region_languages = [(code, native.get(code, code), "rtl" if code in ("ar", "fa") else "ltr") for code in languages]
    shares = dict.fromkeys(languages[1:], 70)
    return json.dumps(
        demo.answers(slug, tree=tree, region=("Testregion", "Stadt", region_languages, shares), today=today)
    )
