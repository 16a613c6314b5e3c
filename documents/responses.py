"""The response that serves a PDF: content type, a download name that survives every browser, private headers."""

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9.-]+")  # "_" too, so that runs collapse into one


def clean_filename(name: str, *, default: str = "document") -> str:
    """``name`` without path separators, control characters and characters Windows refuses; letters of
    every script (ä, ş, Ж, م) stay. Never empty, never hidden (no leading dot)."""
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE_IN_NAME.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" ._")
    return name[:180] or default


def ascii_filename(name: str, *, default: str = "document") -> str:
    """An ASCII fallback of ``name`` for old clients: "Protokoll Jürgen Weiß.pdf" → "Protokoll_Juergen_Weiss.pdf",
    "Олена Шевченко.pdf" → "document.pdf"."""
    stem, _dot, extension = clean_filename(name).rpartition(".")
    if not stem:
        stem, extension = extension, ""
    stem, extension = _to_ascii(stem) or default, _to_ascii(extension)
    return f"{stem}.{extension}" if extension else stem


def _to_ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION)).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_SAFE.sub("_", text).strip("._")


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment`` (or ``inline``) with an ASCII ``filename`` and the UTF-8 ``filename*`` of RFC 5987/6266."""
    name = clean_filename(filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


class PrivateFileResponse(HttpResponse):
    """A file download that shows personal data: never stored by a shared cache, never sniffed, with a
    filename that keeps its umlauts for modern browsers and has an ASCII fallback for old ones."""

    def __init__(self, content: bytes, *, content_type: str, filename: str, inline: bool = False):
        super().__init__(content, content_type=content_type)
        self["Content-Disposition"] = content_disposition(filename, inline=inline)
        self["Content-Length"] = str(len(content))
        self["Cache-Control"] = "private, no-store"
        self["X-Content-Type-Options"] = "nosniff"


class PdfResponse(PrivateFileResponse):
    """A PDF download (``inline=True``: shown in the browser's viewer instead)."""

    def __init__(self, content: bytes, *, filename: str, inline: bool = False):
        super().__init__(content, content_type="application/pdf", filename=filename, inline=inline)
