"""Several files as one ZIP download, e.g. all minutes of a working group, with readable file names."""

import io
import zipfile
from collections.abc import Iterable

from documents.responses import PrivateFileResponse, clean_filename


def unique_names(names: Iterable[str]) -> list[str]:
    """Clean every name (no ``..``, no absolute paths, no characters Windows refuses) and number repeats:
    "Protokoll.pdf", "Protokoll (2).pdf". Names differing only in case count as repeats (Windows and macOS
    would overwrite one with the other). A "/" makes folders: "Karlsruhe/Protokoll.pdf"."""
    seen: set[str] = set()
    result = []
    for raw in names:
        parts = [clean_filename(part) for part in raw.replace("\\", "/").split("/") if part.strip(" .")]
        folder, name = parts[:-1], (parts[-1] if parts else clean_filename(""))
        stem, dot, extension = name.rpartition(".")
        if not stem:
            stem, dot, extension = name, "", ""
        candidate, number = name, 1
        while "/".join([*folder, candidate]).casefold() in seen:
            number += 1
            candidate = f"{stem} ({number}){dot}{extension}"
        path = "/".join([*folder, candidate])
        seen.add(path.casefold())
        result.append(path)
    return result


def zip_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP of ``(name, content)`` pairs, names as :func:`unique_names` makes them, stored in UTF-8."""
    files = list(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (_original, content) in zip(unique_names(name for name, _ in files), files, strict=True):
            archive.writestr(name, content)  # zipfile sets the UTF-8 flag for names that are not ASCII
    return buffer.getvalue()


def zip_response(files: Iterable[tuple[str, bytes]], *, filename: str) -> PrivateFileResponse:
    """Download ``files`` (pairs of name and content) as one ZIP called ``filename``."""
    return PrivateFileResponse(zip_bytes(files), content_type="application/zip", filename=filename)
