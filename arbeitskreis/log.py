"""Log lines without secrets: personal link, feed, invitation and password reset tokens are masked wherever the
project or gunicorn logs an address.

A personal link ``/p/<token>/`` is exchanged for a participant session on its first request (arbeitskreis.access),
but that first request — and a wrong link's "Not Found" warning — would still write the token into the logs.
:class:`MaskTokens` masks them in Django's log records (``settings.LOGGING``), :class:`GunicornLogger` in
gunicorn's access log (``gunicorn.conf.py`` names it).

With ``LOG_FORMAT=json`` (production) every line is one JSON object (:class:`JsonFormatter`) — the project's log
and gunicorn's (its access and error log alike), so that journald, Loki or any collector reads fields, not text.
"""

import datetime
import json
import logging
import os
import re

from gunicorn.glogging import Logger

# A token in an address: a personal link (/p/…), a calendar feed (/feeds/….ics) or a team invitation
# (/accounts/invitation/…), 32 to 64 URL-safe characters (see arbeitskreis.urls.TokenConverter).
TOKEN_IN_ADDRESS = re.compile(r"(/p/|/feeds/|/accounts/invitation/)[A-Za-z0-9_-]{32,64}")
MASK = r"\1…"
# A password reset link (/accounts/reset/<user id>/<token>/): Django swaps it for "set-password" at once, but the
# first request is logged.
RESET_IN_ADDRESS = re.compile(r"(/accounts/reset/[A-Za-z0-9_-]+/)(?!set-password)[A-Za-z0-9-]+")


def mask_tokens(text: str) -> str:
    return RESET_IN_ADDRESS.sub(MASK, TOKEN_IN_ADDRESS.sub(MASK, text))


class MaskTokens(logging.Filter):
    """A logging filter that masks personal link tokens in the message (with its arguments merged in)."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (ISO 8601, UTC, milliseconds), ``level``, ``logger``, ``message``; when the
    record carries a request (Django's request and server loggers) also ``method``, ``path`` and the proxy's
    ``request_id`` (``X-Request-ID``), ``status`` when known, ``exception`` with the traceback. Tokens are masked
    in every text field, the traceback included (the :class:`MaskTokens` filter has masked the message already)."""

    def format(self, record):
        created = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        entry = {
            "time": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_tokens(record.getMessage()),
        }
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        if isinstance(meta, dict):
            entry["method"] = meta.get("REQUEST_METHOD", "")
            entry["path"] = mask_tokens(meta.get("PATH_INFO", ""))
            if meta.get("HTTP_X_REQUEST_ID"):
                entry["request_id"] = meta["HTTP_X_REQUEST_ID"][:200]
        if isinstance(getattr(record, "status_code", None), int):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = mask_tokens(self.formatException(record.exc_info))
        access = getattr(record, "access", None)  # gunicorn's access line (GunicornLogger.access)
        if isinstance(access, dict):
            entry.update(access)
        return json.dumps(entry, ensure_ascii=False, default=str)


def json_logs() -> bool:
    """Whether the environment asks for JSON log lines (gunicorn reads it before Django's settings are loaded)."""
    return os.environ.get("LOG_FORMAT", "plain").strip().lower() == "json"


class GunicornLogger(Logger):
    """gunicorn's logger with personal link tokens masked in every part of the access log line; with
    ``LOG_FORMAT=json`` its lines are JSON objects like the project's (an access line has ``method``, ``path``,
    ``status``, ``bytes``, ``duration_ms``, ``request_id``)."""

    def setup(self, cfg):
        super().setup(cfg)
        if json_logs():
            for handler in [*self.error_log.handlers, *self.access_log.handlers]:
                handler.setFormatter(JsonFormatter())

    def atoms(self, resp, req, environ, request_time):
        return {
            key: mask_tokens(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }

    def access(self, resp, req, environ, request_time):
        if not json_logs():
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return None
        atoms = self.atoms(resp, req, environ, request_time)
        fields = {
            "method": atoms["m"],
            "path": atoms["U"],
            "status": int(status) if (status := str(atoms["s"])).isdigit() else status,
            "bytes": atoms["B"] or 0,
            "duration_ms": round(request_time.seconds * 1000 + request_time.microseconds / 1000, 1),
            "remote": atoms["h"],
            "request_id": environ.get("HTTP_X_REQUEST_ID", "")[:200],
        }
        self.access_log.info(atoms["r"], extra={"access": fields})
        return None
