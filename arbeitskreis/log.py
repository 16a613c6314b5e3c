"""Log lines without secrets: personal link, feed, invitation and password reset tokens are masked wherever the
project or gunicorn logs an address.

A personal link ``/p/<token>/`` is exchanged for a participant session on its first request (arbeitskreis.access),
but that first request — and a wrong link's "Not Found" warning — would still write the token into the logs.
:class:`MaskTokens` masks them in Django's log records (``settings.LOGGING``), :class:`GunicornLogger` in
gunicorn's access log (``gunicorn.conf.py`` names it).
"""

import logging
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


class GunicornLogger(Logger):
    """gunicorn's logger with personal link tokens masked in every part of the access log line."""

    def atoms(self, resp, req, environ, request_time):
        return {
            key: mask_tokens(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
