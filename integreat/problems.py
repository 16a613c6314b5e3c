"""Why a snapshot could not be taken: a code, the values its message names, and the message in the reader's language.

A failed attempt stores the code and the values (``Region.attempt_problem``, ``attempt_details``), not a sentence:
the page says why in the language it is shown in — German by default. ``details`` hold plain values only: the
part that failed (``part``: "regions" or a language code), an HTTP status, a file name, a short technical detail.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arbeitskreis import languages

PROBLEMS = {
    "no_region_slug": _("No Integreat region is entered for this municipality."),
    "unreachable": _("The Integreat server could not be reached for %(part)s (%(detail)s)."),
    "timeout": _("The Integreat server did not answer in time for %(part)s."),
    "http_status": _("The Integreat server answered the request for %(part)s with error %(status)s."),
    "too_large": _("The answer for %(part)s is larger than %(limit)s MB."),
    "broken_json": _("The answer for %(part)s is not valid JSON (%(detail)s)."),
    "bad_shape": _("The answer for %(part)s does not have the form the Integreat API documents: %(detail)s."),
    "region_unknown": _("The Integreat server does not know the region “%(region)s”."),
    "no_languages": _("The region “%(region)s” has no language."),
    "no_pages": _("The region “%(region)s” has no page in its source language."),
    "file_language": _("The language of the file “%(file)s” cannot be recognised."),
    "file_language_unknown": _("The file “%(file)s” holds pages in %(language)s, a language the region does not have."),
    "file_twice": _("There are two files with pages in %(language)s."),
    "file_missing": _("The file with the pages in %(language)s is missing."),
    "abandoned": _("The attempt was interrupted before it finished."),
    "unexpected": _("An unexpected error occurred (%(detail)s)."),
}


class SnapshotProblem(Exception):
    """A snapshot cannot be taken. ``code`` is a key of :data:`PROBLEMS`, ``details`` the values its message names."""

    def __init__(self, code, **details):
        if code not in PROBLEMS:
            raise ValueError(f"unknown problem code {code!r}")
        super().__init__(code, details)
        self.code = code
        self.details = {key: value for key, value in details.items() if value is not None}

    @property
    def message(self):
        return describe(self.code, self.details)


def part_name(part, names=None):
    """ "the list of regions", or "the pages in Arabic (ar)" — ``names`` maps codes the project does not know to
    the region's own name for them."""
    if part == "regions":
        return gettext("the list of regions")
    if not part:
        return gettext("the region")
    return gettext("the pages in %(language)s") % {"language": language_label(part, names)}


def language_label(code, names=None):
    """ "Arabic (ar)"; for a code the project does not know, the region's own name ("Kurmancî (kmr)")."""
    known = languages.NAMES.get(code)
    name = str(known) if known else (names or {}).get(code) or code
    return f"{name} ({code})"


def describe(code, details, names=None) -> str:
    """The message of a problem in the active language (German by default)."""
    template = PROBLEMS.get(code, PROBLEMS["unexpected"])
    part = details.get("part", "")
    values = {"part": part_name(part, names), "language": language_label(part, names), "detail": "", "status": ""}
    values.update({key: value for key, value in details.items() if key != "part"})
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(template)
