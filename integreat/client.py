"""The HTTP client for the public Integreat CMS API (``INTEGREAT_API_URL``), built on httpx.

- Timeouts: ``INTEGREAT_API_TIMEOUT`` seconds to connect and between two reads of an answer.
- Retries: a connection that fails or stalls, an answer 429 or 5xx is tried again ``INTEGREAT_API_RETRIES`` times,
  waiting ``INTEGREAT_API_BACKOFF_SECONDS`` × 1, 2, 4 … (or the server's ``Retry-After``, at most a minute). Other
  answers (404 …) and broken JSON are not retried: the next attempt would get the same.
- Size: an answer larger than ``INTEGREAT_API_MAX_MB`` is abandoned while it is read.
- Headers: a User-Agent that names the application and this installation; outside production
  (``INTEGREAT_API_DEVELOPMENT``) ``X-Integreat-Development: true``, which the API documentation asks for so that
  tests and development are not counted as app users.

Every failure is raised as :class:`integreat.problems.SnapshotProblem` naming the part that failed.
"""

import json
import logging
import time
from importlib import metadata
from urllib.parse import quote

import httpx
from django.conf import settings

from integreat.problems import SnapshotProblem

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60


def user_agent():
    try:
        version = metadata.version("arbeitskreis")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"Arbeitskreis/{version} (Integreat-Arbeitskreise; +{settings.BASE_URL})"


class IntegreatClient:
    """Fetch the regions and a region's pages. Use as a context manager (one connection pool for a snapshot)."""

    def __init__(self, *, base_url=None, timeout=None, retries=None, backoff=None, max_bytes=None, sleep=time.sleep):
        self.base_url = (base_url or settings.INTEGREAT_API_URL).rstrip("/")
        self.retries = settings.INTEGREAT_API_RETRIES if retries is None else retries
        self.backoff = settings.INTEGREAT_API_BACKOFF_SECONDS if backoff is None else backoff
        self.max_bytes = max_bytes or settings.INTEGREAT_API_MAX_MB * 1024 * 1024
        self.sleep = sleep
        headers = {"User-Agent": user_agent(), "Accept": "application/json"}
        if settings.INTEGREAT_API_DEVELOPMENT:
            headers["X-Integreat-Development"] = "true"
        seconds = settings.INTEGREAT_API_TIMEOUT if timeout is None else timeout
        self.http = httpx.Client(headers=headers, timeout=httpx.Timeout(seconds), follow_redirects=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.http.close()

    def regions(self):
        """``GET /api/v3/regions/``: every region with its languages."""
        return self.get_json("/api/v3/regions/", part="regions")

    def pages(self, region_slug, language):
        """``GET /api/v3/{region}/{language}/pages/``: every page translation of the region in ``language``."""
        path = f"/api/v3/{quote(region_slug, safe='')}/{quote(language, safe='')}/pages/"
        return self.get_json(path, part=language)

    def get_json(self, path, *, part):
        """The parsed JSON answer of ``path``, with the retries above; raises SnapshotProblem."""
        url = self.base_url + path
        attempt = 0
        while True:
            try:
                return self._get_once(url, part)
            except _Retryable as retryable:
                if attempt >= self.retries:
                    raise retryable.problem from None
                wait = retryable.retry_after
                if wait is None:
                    wait = self.backoff * (2**attempt)
                logger.info("Integreat API %s: %s (attempt %s)", path, retryable.problem.code, attempt + 1)
                self.sleep(min(wait, MAX_RETRY_AFTER))
                attempt += 1

    def _get_once(self, url, part):
        try:
            with self.http.stream("GET", url) as response:
                if response.status_code in RETRY_STATUSES:
                    raise _Retryable(
                        SnapshotProblem("http_status", part=part, status=response.status_code),
                        _retry_after(response.headers.get("Retry-After")),
                    )
                if response.status_code != 200:
                    raise SnapshotProblem("http_status", part=part, status=response.status_code)
                body = self._read(response, part)
        except httpx.TimeoutException:
            raise _Retryable(SnapshotProblem("timeout", part=part)) from None
        except httpx.TransportError as error:
            raise _Retryable(SnapshotProblem("unreachable", part=part, detail=type(error).__name__)) from None
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as error:
            detail = f"{type(error).__name__} at byte {getattr(error, 'pos', '?')}"
            raise SnapshotProblem("broken_json", part=part, detail=detail) from None

    def _read(self, response, part):
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise SnapshotProblem("too_large", part=part, limit=f"{self.max_bytes / 1048576:.3g}")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise SnapshotProblem("too_large", part=part, limit=f"{self.max_bytes / 1048576:.3g}")
            chunks.append(chunk)
        return b"".join(chunks)


class _Retryable(Exception):
    def __init__(self, problem, retry_after=None):
        super().__init__(problem.code)
        self.problem = problem
        self.retry_after = retry_after


def _retry_after(value):
    """Seconds from a ``Retry-After`` header given in seconds (an HTTP date is ignored: back-off applies)."""
    if value and value.strip().isdigit():
        return int(value.strip())
    return None
