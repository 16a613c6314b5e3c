"""Incoming mail: find the calendar data in one RFC 5322 message (pure: no database, no settings).

Calendar clients answer an invitation with an iTIP REPLY mailed to the ORGANIZER. Outlook sends
multipart/alternative with an inline ``text/calendar; method=REPLY``; Thunderbird adds the same data as an
``invite.ics`` attachment; Gmail sends the inline part and an ``application/ics`` attachment ``invite.ics``.
``calendar_parts()`` returns each distinct calendar body once, decoded from base64 or quoted-printable,
converted to UTF-8 and with CRLF line ends; ``meetings.calendar.parse_replies()`` reads them.

The contract for hostile input: a message that cannot be read at all (larger than ``max_bytes``, not bytes, or
failing the parser) raises ``InboundError`` with the reason for the log; a readable message without calendar data
gives ``[]``. Nothing else is raised. Broken MIME (a missing boundary, a bad transfer encoding, an unknown
charset) is read as far as the standard library's parser gets, never fatally.
"""

from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

MAX_BYTES = 2_000_000
CALENDAR_TYPES = ("text/calendar", "application/ics", "application/x-ics")
# Nested multiparts deeper than this are not searched (real clients nest three or four levels).
MAX_DEPTH = 20


class InboundError(Exception):
    """A message that cannot be read at all; the message says why (for the log)."""


def _parse(raw, max_bytes, *, headersonly=False):
    if not isinstance(raw, bytes | bytearray):
        raise InboundError(f"expected bytes, not {type(raw).__name__}")
    if len(raw) > max_bytes:
        raise InboundError(f"message of {len(raw)} bytes is larger than {max_bytes} bytes")
    try:
        return BytesParser(policy=policy.default).parsebytes(bytes(raw), headersonly=headersonly)
    except Exception as error:  # the parser's failures are not a documented, closed set
        raise InboundError(f"unreadable message ({type(error).__name__}: {error})") from error


def calendar_parts(raw: bytes, *, max_bytes: int = MAX_BYTES) -> list[bytes]:
    """The calendar bodies in the message as UTF-8 bytes: inline text/calendar parts and .ics attachments.

    A part counts when its type is text/calendar, application/ics or application/x-ics, or its file name ends in
    ``.ics``. Identical bodies (Gmail and Thunderbird send the data twice) are returned once, in message order;
    copies that differ in more than line ends both come back, so recording an answer must be idempotent.
    Raises InboundError for a message that cannot be read at all; see the module docstring.
    """
    message = _parse(raw, max_bytes)
    parts = []
    try:
        for part in _walk(message, 0):
            body = _calendar_body(part)
            if body and body not in parts:
                parts.append(body)
    except Exception as error:  # a header or payload the parser accepted but cannot decode
        raise InboundError(f"unreadable message part ({type(error).__name__}: {error})") from error
    return parts


def sender(raw: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """The From address, lower-cased; "" when there is none or it cannot be read. Raises InboundError like above."""
    message = _parse(raw, max_bytes, headersonly=True)
    try:
        values = [str(value) for value in message.get_all("From", [])]
        addresses = [address for _name, address in getaddresses(values) if "@" in address]
    except Exception:  # a From header the parser cannot decode: the sender is unknown, the message still readable
        return ""
    return addresses[0].strip().lower() if addresses else ""


def _walk(part, depth):
    """The leaf parts, depth-first; a guard against absurd nesting instead of email's unbounded recursion."""
    if depth > MAX_DEPTH:
        return
    if part.is_multipart():
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            yield from _walk(child, depth + 1)
    else:
        yield part


def _calendar_body(part):
    content_type = part.get_content_type()
    filename = _filename(part)
    if content_type not in CALENDAR_TYPES and not filename.lower().endswith(".ics"):
        return b""
    body = part.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        return b""
    # RFC 5545 lines end in CRLF; text parts often arrive with LF only, attachments with CRLF.
    return b"\r\n".join(_to_utf8(body, part.get_content_charset()).splitlines()) + b"\r\n"


def _filename(part):
    try:
        return part.get_filename() or ""
    except Exception:  # a malformed Content-Disposition or name parameter: treat as unnamed
        return ""


def _to_utf8(body, charset):
    """The body re-encoded as UTF-8 when it declares another known charset that yields a calendar; else as it came.

    A wrong declaration (latin-1 bytes declared as UTF-16, say) decodes to nonsense without an error, hence the
    check for BEGIN:VCALENDAR; the reader then decodes the original bytes as UTF-8, replacing what is not.
    """
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii", "ascii"):
        return body
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeError):  # unknown charset name, or the bytes are not in it
        return body
    return text.encode("utf-8") if "BEGIN:VCALENDAR" in text.upper() else body


def written_at(raw: bytes, *, max_bytes: int = MAX_BYTES):
    """The message's Date as an aware datetime, or None when it has none or it cannot be read."""
    message = _parse(raw, max_bytes, headersonly=True)
    try:
        value = message.get("Date")
        moment = parsedate_to_datetime(str(value)) if value else None
    except Exception:  # a Date header the parser cannot read: the time is unknown, the message still readable
        return None
    if moment is not None and moment.utcoffset() is None:
        return None
    return moment
