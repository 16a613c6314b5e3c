"""Build a snapshot of a region's page tree from the answers of the Integreat API (pure: no database, no network).

The shapes are those documented in the integreat-cms repository (``docs/src/api-docs.rst``) and produced by
``integreat_cms/api/v3/regions.py`` and ``pages.py``:

- ``GET /api/v3/regions/``: a list of regions, each with ``path`` (the region's slug), ``name`` and ``languages``
  (``code``, ``native_name``, ``dir``: "ltr" or "rtl").
- ``GET /api/v3/{region}/{language}/pages/``: a list of page translations, each with ``id`` (the id of this
  translation), ``path``, ``url``, ``title``, ``last_updated`` (ISO 8601; the deprecated ``modified_gmt`` as a
  fallback), ``parent`` (``id`` of the parent page, its ``path`` in the same language; ``id`` 0 and ``path`` null at
  the top), ``order`` and ``available_languages`` ({language: {``id``, ``url``, ``path``}} of the other translations).

The tree comes from the source language (German where the region has it, else its first language): a parent is
found by its path in the same answer (or, as the documentation describes the ids, by ``id``); the translations
are joined through ``available_languages`` in either direction. Anything else in the answers is ignored; a shape
that differs where it matters raises :class:`SnapshotProblem` ("bad_shape") — a snapshot is complete or not built.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from integreat.problems import SnapshotProblem

SOURCE_LANGUAGE = "de"
URL_VALIDATOR = URLValidator(schemes=["http", "https"])
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")
MAX_PATH = 500
MAX_TITLE = 500
MAX_URL = 500  # Finding.integreat_url takes as many


@dataclass
class PageRow:
    key: str
    integreat_id: int
    title: str
    url: str
    last_updated: datetime.datetime | None
    position: int = 0
    depth: int = 0
    parent_key: str = ""
    top_key: str = ""
    languages: str = ""
    stale_languages: str = ""
    translations: dict = field(default_factory=dict)

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    @property
    def stale_codes(self):
        return [code for code in self.stale_languages.split(",") if code]


@dataclass
class Snapshot:
    slug: str
    name: str
    languages: list  # [{"code", "name", "dir"}], the source language first
    source_language: str
    pages: list  # PageRow in tree order


def pack(codes) -> str:
    """Language codes as ",de,en,ar," in the given order (the region's own codes, also those the project lacks)."""
    codes = [code for code in codes if code]
    return f",{','.join(codes)}," if codes else ""


def text(value, limit):
    """A string from an answer as stored: NUL characters (PostgreSQL cannot store them) and runs of white space
    removed, cut to ``limit`` characters."""
    return " ".join(value.replace("\x00", "").split())[:limit]


def _path(value):
    return value.replace("\x00", "").strip() if isinstance(value, str) else None


def _bad(part, detail):
    return SnapshotProblem("bad_shape", part=part, detail=detail)


def checked_url(value) -> str:
    """An http or https address the content gaps accept too, or "" (a ``javascript:`` address from a broken or
    hostile answer is dropped, and so is one with spaces or longer than :data:`MAX_URL`)."""
    if not isinstance(value, str) or len(value.strip()) > MAX_URL or "\x00" in value:
        return ""
    try:
        URL_VALIDATOR(value.strip())
    except ValidationError:
        return ""
    return value.strip()


def parse_time(value):
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# --- Regions ------------------------------------------------------------------------------------------------


def find_region(data, slug):
    """The region ``slug`` in the answer of ``/api/v3/regions/`` (a list; one region object is taken as well)."""
    regions = [data] if isinstance(data, dict) else data
    if not isinstance(regions, list):
        raise _bad("regions", "a list of regions was expected")
    for number, region in enumerate(regions, start=1):
        if not isinstance(region, dict) or not isinstance(region.get("path"), str):
            raise _bad("regions", f"region {number} has no path")
        if region["path"].strip("/") == slug:
            return region
    raise SnapshotProblem("region_unknown", region=slug)


def region_languages(region, slug):
    """The region's languages as ``[{"code", "name", "dir"}]``, the source language first (German if it has it)."""
    raw = region.get("languages")
    if raw is None or raw == []:
        raise SnapshotProblem("no_languages", region=slug)
    if not isinstance(raw, list):
        raise _bad("regions", "languages is not a list")
    result, seen = [], set()
    for number, language in enumerate(raw, start=1):
        code = language.get("code") if isinstance(language, dict) else None
        if not isinstance(code, str) or not LANGUAGE_CODE.match(code.lower()):
            raise _bad("regions", f"language {number} has no valid code")
        code = code.lower()
        if code in seen:
            continue
        seen.add(code)
        name = language.get("native_name")
        direction = language.get("dir")
        result.append(
            {
                "code": code,
                "name": text(name, 100) if isinstance(name, str) and text(name, 100) else code,
                "dir": direction if direction in ("ltr", "rtl") else "ltr",
            }
        )
    source = SOURCE_LANGUAGE if SOURCE_LANGUAGE in seen else result[0]["code"]
    return sorted(result, key=lambda language: language["code"] != source)


# --- Pages --------------------------------------------------------------------------------------------------


def entries(data, part):
    """The page translations of one answer, checked: ``{"id", "path", "title", "url", "updated", "order",
    "parent_id", "parent_path", "available"}`` each."""
    if not isinstance(data, list):
        raise _bad(part, "a list of pages was expected")
    entries = []
    for number, raw in enumerate(data, start=1):
        if not isinstance(raw, dict):
            raise _bad(part, f"page {number} is not an object")
        page_id, path, title = raw.get("id"), raw.get("path"), raw.get("title")
        if not isinstance(page_id, int) or isinstance(page_id, bool) or not 0 <= page_id < 2**63:
            raise _bad(part, f"page {number} has no numeric id")
        path = _path(path)
        if not path:
            raise _bad(part, f"page {number} has no path")
        if len(path) > MAX_PATH:
            raise _bad(part, f"the path of page {number} is longer than {MAX_PATH} characters")
        if not isinstance(title, str):
            raise _bad(part, f"page {number} has no title")
        parent = raw.get("parent")
        if parent is not None and not isinstance(parent, dict):
            raise _bad(part, f"the parent of page {number} is not an object")
        parent = parent or {}
        available = raw.get("available_languages") or {}
        if not isinstance(available, dict):
            raise _bad(part, f"available_languages of page {number} is not an object")
        order = raw.get("order")
        entries.append(
            {
                "id": page_id,
                "path": path,
                "title": text(title, MAX_TITLE),
                "url": checked_url(raw.get("url")),
                "updated": parse_time(raw.get("last_updated")) or parse_time(raw.get("modified_gmt")),
                "order": order if isinstance(order, int) and not isinstance(order, bool) else 0,
                "parent_id": parent.get("id") if isinstance(parent.get("id"), int) else None,
                "parent_path": _path(parent.get("path")),
                "available": {str(code).lower(): ref for code, ref in available.items() if isinstance(ref, dict)},
            }
        )
    paths = {}
    for entry in entries:
        if entry["path"] in paths:
            raise _bad(part, f"two pages have the path {entry['path']}")
        paths[entry["path"]] = entry
    return entries


def _tree(entries, part):
    """Set ``position``, ``depth``, ``parent`` and ``top`` on the source entries (pre-order, siblings by order)."""
    by_path = {entry["path"]: entry for entry in entries}
    by_id = {entry["id"]: entry for entry in entries}
    children = {}
    for entry in entries:
        parent = None
        if entry["parent_path"] or entry["parent_id"]:
            parent = by_path.get(entry["parent_path"]) or by_id.get(entry["parent_id"])
        if parent is entry:
            parent = None
        entry["parent"] = parent
        children.setdefault(id(parent) if parent else None, []).append(entry)
    for siblings in children.values():
        siblings.sort(key=lambda e: (e["order"], e["title"], e["path"]))
    ordered, stack = [], [(entry, 0, None) for entry in reversed(children.get(None, []))]
    while stack:
        entry, depth, top = stack.pop()
        entry["depth"], entry["top"] = depth, top or entry
        ordered.append(entry)
        stack.extend((child, depth + 1, entry["top"]) for child in reversed(children.get(id(entry), [])))
    if len(ordered) != len(entries):
        raise _bad(part, "the parents of some pages form a cycle")
    return ordered


def _translation_index(entries, source):
    """Find a translation by its id or path, or by the reference it holds back to the source page."""
    index = {}
    for entry in entries:
        index[("id", entry["id"])] = entry
        index[("path", entry["path"])] = entry
        back = entry["available"].get(source) or {}
        if isinstance(back.get("id"), int):
            index.setdefault(("source-id", back["id"]), entry)
        if isinstance(back.get("path"), str):
            index.setdefault(("source-path", back["path"]), entry)
    return index


def _translation(source_entry, code, index):
    ref = source_entry["available"].get(code) or {}
    found = None
    if isinstance(ref.get("id"), int):
        found = index.get(("id", ref["id"]))
    if found is None and isinstance(ref.get("path"), str):
        found = index.get(("path", ref["path"]))
    if found is None:
        found = index.get(("source-id", source_entry["id"])) or index.get(("source-path", source_entry["path"]))
    return found


def build(region, entries_by_language: dict, *, slug) -> Snapshot:
    """The snapshot of ``region`` (one object of the regions answer) from the pages of every language.

    ``entries_by_language`` maps each language code of the region to :func:`entries` of its pages answer (checked
    and reduced as each answer arrives, so that the full texts of all languages are never held at once); a
    language without pages is a problem ("file_missing" — the fetch asks for every language itself).
    """
    region_languages_ = region_languages(region, slug)
    codes = [language["code"] for language in region_languages_]
    source = codes[0]
    for code in codes:
        if code not in entries_by_language:
            raise SnapshotProblem("file_missing", part=code)
    source_entries = _tree(entries_by_language[source], source)
    if not source_entries:
        raise SnapshotProblem("no_pages", region=slug)
    indexes = {code: _translation_index(entries_by_language[code], source) for code in codes[1:]}
    rows = []
    for position, entry in enumerate(source_entries):
        translated, stale, translations = [source], [], {}
        for code in codes[1:]:
            found = _translation(entry, code, indexes[code])
            if found is None:
                continue
            translated.append(code)
            updated = found["updated"]
            if updated and entry["updated"] and updated < entry["updated"]:
                stale.append(code)
            translations[code] = {"updated": updated.isoformat() if updated else None, "url": found["url"]}
        rows.append(
            PageRow(
                key=entry["path"],
                integreat_id=entry["id"],
                title=entry["title"] or entry["path"],
                url=entry["url"],
                last_updated=entry["updated"],
                position=position,
                depth=entry["depth"],
                parent_key=entry["parent"]["path"] if entry["parent"] else "",
                top_key=entry["top"]["path"],
                languages=pack(translated),
                stale_languages=pack(stale),
                translations=translations,
            )
        )
    name = region.get("name")
    return Snapshot(
        slug=slug,
        name=text(name, 200) if isinstance(name, str) else slug,
        languages=region_languages_,
        source_language=source,
        pages=rows,
    )


def language_of_file(data, *, slug, codes, filename=""):
    """The language of an uploaded pages answer: from its pages' paths ("/<region>/<language>/…"), or for a file
    without pages from a language code in its name ("pages-ar.json"). None when it cannot be told."""
    found = set()
    if isinstance(data, list):
        for entry in data:
            path = entry.get("path") if isinstance(entry, dict) else None
            parts = [part for part in path.split("/") if part] if isinstance(path, str) else []
            if len(parts) >= 2 and parts[0] == slug:
                found.add(parts[1].lower())
    if len(found) == 1:
        return found.pop()
    if not found:
        stem = filename.lower().rsplit(".", 1)[0]
        matches = {code for code in codes if re.search(rf"(?<![a-z0-9]){re.escape(code)}(?![a-z0-9])", stem)}
        # "pages-de-si.json" names de-si (Leichte Sprache), not de: the longest code wins.
        matches = {code for code in matches if not any(code != other and code in other for other in matches)}
        if len(matches) == 1:
            return matches.pop()
    return None
