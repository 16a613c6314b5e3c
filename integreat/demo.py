"""Demo Integreat content for ``manage.py seed_demo``: a snapshot of two demo regions and one validated area.

The answers are built here in the shape the Integreat API documents (``docs/src/api-docs.rst`` of integreat-cms:
``/api/v3/regions/`` and ``/api/v3/{region}/{language}/pages/``) — not fetched — and imported through the same
service as uploaded files. Translated and untranslated pages, old and new ones, some translations older than the
German text. In the Karlsruhe group's held meeting the area "Arbeit" is validated: pages checked, one outdated, one
translation missing (two content gaps). Idempotent: the snapshot is replaced; pages already on the checklist or
checked stay as they are.
"""

import datetime
import hashlib

from django.utils import timezone, translation

from integreat import selectors, services, validation
from integreat.models import CheckResult, PageCheck, ValidationItem
from meetings.models import MeetingStatus

# Top-level pages with their children (a child with children of its own as (title, [grandchildren])).
TREE = [
    ("Willkommen", ["Erste Schritte", "Über diese App", ("Wichtige Adressen", ["Bürgerbüro", "Ausländerbehörde"])]),
    ("Arbeit und Beruf", ["Jobcenter und Arbeitsagentur", "Anerkennung von Abschlüssen", "Minijob", "Arbeitsrecht"]),
    ("Wohnen", ["Wohnungssuche", "Wohnberechtigungsschein", ("Mietvertrag", ["Nebenkosten", "Kaution"])]),
    ("Gesundheit", ["Ärztliche Versorgung", "Krankenversicherung", "Psychosoziale Beratung", "Apotheken-Notdienst"]),
    ("Familie und Kinder", ["Kita-Anmeldung", "Kindergeld", "Schwangerschaft und Geburt"]),
    ("Deutsch lernen", ["Integrationskurs", "Sprachcafés", "Berufssprachkurse"]),
    ("Schule und Bildung", ["Schulanmeldung", "Hausaufgabenhilfe"]),
    ("Behörden und Aufenthalt", ["Aufenthaltstitel", "Wohnsitzanmeldung", "Führerschein umschreiben"]),
    ("Freizeit und Ehrenamt", ["Sportvereine", "Bibliothek", "Begegnungscafés"]),
    ("Notfall", ["Notrufnummern", "Hilfe bei Gewalt"]),
]

# slug, name, prefix, languages (code, native name, direction), share translated per language
REGIONS = {
    "landkreis-karlsruhe": (
        "Karlsruhe",
        "Landkreis",
        [
            ("de", "Deutsch", "ltr"),
            ("en", "English", "ltr"),
            ("ar", "العربية", "rtl"),
            ("fa", "فارسی", "rtl"),
            ("uk", "Українська", "ltr"),
            ("ro", "Română", "ltr"),
            ("tr", "Türkçe", "ltr"),
        ],
        {"en": 95, "ar": 80, "fa": 60, "uk": 85, "ro": 30, "tr": 55},
    ),
    "bielefeld": (
        "Bielefeld",
        "Stadt",
        [
            ("de", "Deutsch", "ltr"),
            ("en", "English", "ltr"),
            ("ar", "العربية", "rtl"),
            ("uk", "Українська", "ltr"),
            ("ru", "Русский", "ltr"),
            ("ku", "Kurdî", "ltr"),
        ],
        {"en": 90, "ar": 75, "uk": 70, "ru": 65, "ku": 25},
    ),
}


def _slug(title):
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    return "-".join("".join(c if c.isalnum() else " " for c in title.translate(table).lower()).split())


def _score(*parts):
    """A stable number 0–99 from the parts: the demo looks random but is the same on every run."""
    return int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:8], 16) % 100


def _pages(tree, path=(), parent=None, counter=None):
    """Flatten the tree: (page id, title, slug path, parent page id, order) in tree order."""
    counter = counter if counter is not None else [0]
    result = []
    for title, *rest in [(entry,) if isinstance(entry, str) else entry for entry in tree]:
        counter[0] += 1
        page_id, slugs = counter[0], (*path, _slug(title))
        result.append((page_id, title, slugs, parent, counter[0]))
        if rest:
            result += _pages(rest[0], slugs, page_id, counter)
    return result


def answers(slug, *, tree=TREE, region=None, today=None):
    """The regions answer and the pages answer per language of a demo region, as the API sends them.

    ``region`` (name, prefix, languages, shares) describes another region than the demo's (the tests make some)."""
    name, prefix, region_languages, shares = region or REGIONS[slug]
    today = today or timezone.localdate()
    base = "https://integreat.app"
    pages = _pages(tree)
    codes = [code for code, _native, _dir in region_languages]

    def path(code, slugs):
        return f"/{slug}/{code}/{'/'.join(slugs)}/"

    def translation_id(page_id, index):
        return page_id * 100 + index + 1  # translation ids differ per language, as in the CMS

    def updated(page_id, code):
        age = _score(slug, page_id, "age") * 12  # up to about three years
        if code != "de":
            age = max(age - 60 + _score(slug, page_id, code, "lag"), 0)  # some translations older than the German
        moment = datetime.datetime.combine(today - datetime.timedelta(days=age), datetime.time(9, 30))
        return timezone.make_aware(moment).isoformat()

    def has(page_id, code):
        return code == "de" or _score(slug, page_id, code) < shares[code]

    by_id = {page[0]: page for page in pages}
    responses = {code: [] for code in codes}
    for page_id, title, slugs, parent, order in pages:
        present = [code for code in codes if has(page_id, code)]
        for code in present:
            index = codes.index(code)
            parent_path = path(code, by_id[parent][2]) if parent else None
            responses[code].append(
                {
                    "id": translation_id(page_id, index),
                    "url": base + path(code, slugs),
                    "path": path(code, slugs),
                    "title": title,
                    "modified_gmt": updated(page_id, code),
                    "last_updated": updated(page_id, code),
                    "excerpt": f"{title}: Informationen für Neuzugewanderte.",
                    "content": f"<p>{title}: Informationen für Neuzugewanderte.</p>",
                    "parent": {"id": parent or 0, "url": base + parent_path if parent else None, "path": parent_path},
                    "order": order,
                    "available_languages": {
                        other: {
                            "id": translation_id(page_id, codes.index(other)),
                            "url": base + path(other, slugs),
                            "path": path(other, slugs),
                        }
                        for other in present
                        if other != code
                    },
                    "thumbnail": None,
                    "organization": None,
                    "hash": None,
                    "embedded_offers": [],
                }
            )
    region_answer = {
        "id": len(slug),
        "name": f"{prefix} {name}",
        "path": slug,
        "live": True,
        "prefix": prefix,
        "name_without_prefix": name,
        "plz": None,
        "extras": False,
        "events": True,
        "pois": True,
        "push_notifications": True,
        "longitude": None,
        "latitude": None,
        "bounding_box": [[0, 0], [0, 0]],
        "aliases": None,
        "tunews": False,
        "external_news": False,
        "languages": [
            {"id": number, "code": code, "bcp47_tag": code, "native_name": native, "dir": direction}
            for number, (code, native, direction) in enumerate(region_languages, start=1)
        ],
        "is_chat_enabled": False,
    }
    return [region_answer], responses


def seed(*, groups, stdout=None):
    """Import the demo snapshot of every group's municipality and validate the area "Arbeit" in Karlsruhe (the
    content gaps it records get German titles, whatever language the command runs in)."""
    with translation.override("de"):
        _seed(groups)
    if stdout is not None:
        stdout.write("Integreat-Seiten: Demo-Seitenstruktur beider Regionen geladen, Bereich „Arbeit“ geprüft.")


def _seed(groups):
    for slug, group in groups.items():
        if slug not in REGIONS:
            continue
        regions, responses = answers(slug)
        files = [(f"pages-{code}.json", data) for code, data in responses.items()]
        services.import_files(municipality=group.municipality, data={"regions": regions, "pages": files}, by=None)
    group = groups.get("landkreis-karlsruhe")
    if group is not None:
        _validated_area(group)


# The demo check of "Arbeit": page title → (result, languages, note).
DEMO_CHECK = {
    "Minijob": (CheckResult.OUTDATED, [], "Die Verdienstgrenze ist noch die alte (520 €)."),
    "Anerkennung von Abschlüssen": (
        CheckResult.MISSING_TRANSLATION,
        ["uk", "ar"],
        "Viele Anfragen aus der ukrainischen Community; die Seite fehlt auf Ukrainisch und Arabisch.",
    ),
}


def _validated_area(group):
    meeting = group.meetings.filter(status=MeetingStatus.HELD).order_by("-start").first()
    assigned = selectors.assignments(group, selectors.region_of(group))
    arbeit = next((a.area for a in assigned if a.area and a.area.name == "Arbeit"), None)
    if meeting is None or arbeit is None:
        return
    validation.add_areas(meeting=meeting, data={"areas": [arbeit]})
    organization = group.organizations.filter(archived=False).order_by("pk").first()
    for item in meeting.validation_items.filter(result="").order_by("position"):
        result, codes, note = DEMO_CHECK.get(item.title, (CheckResult.CHECKED, [], ""))
        validation.mark_page(
            item=item,
            data={
                "result": result,
                "languages": codes,
                "note": note,
                "responsible_organization": organization if result != CheckResult.CHECKED else None,
            },
            by=None,
        )
    # As if checked in that meeting (the service records the moment of the click).
    ValidationItem.objects.filter(meeting=meeting).update(checked_at=meeting.end)
    PageCheck.objects.filter(working_group=group, meeting=meeting).update(checked_at=meeting.end)
