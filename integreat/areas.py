"""Suggest the content area (Themenbereich) of a top-level page from its title (pure: no database).

A title suggests an area when it contains the area's name or one of the words the seeded areas are known by
(“Job und Beruf” → Arbeit, “Gesundheit & Ärzte” → Gesundheit). Words are compared by their beginning, case and
umlauts ignored, so “Kindergärten” matches “Kinder” and “Ärztinnen” matches “Arzt”. The coordinator confirms or
changes every suggestion on the areas page.
"""

import re
import unicodedata

# Word stems by the name of a seeded area (findings/migrations/0002_seed_content_areas.py).
STEMS = {
    "Ankommen": ("ankommen", "ankunft", "willkommen", "erste schritte", "neu in", "orientierung"),
    "Arbeit": ("arbeit", "job", "beruf", "beschaeftigung", "jobcenter", "anerkennung"),
    "Ausbildung und Studium": ("ausbildung", "studium", "studier", "hochschule", "universitaet"),
    "Beratung": ("beratung", "unterstuetzung", "anlaufstelle"),
    "Bildung": ("bildung", "schule", "weiterbildung"),
    "Deutsch lernen": ("deutsch", "sprache", "sprachkurs", "integrationskurs"),
    "Familie und Kinder": ("familie", "kind", "kita", "eltern", "jugend", "schwanger"),
    "Freizeit": ("freizeit", "sport", "kultur", "verein", "ehrenamt"),
    "Gesundheit": ("gesundheit", "arzt", "aerzt", "krank", "medizin", "pflege", "psych"),
    "Wohnen": ("wohn", "miete", "unterkunft", "haushalt"),
    "Behörden": ("behoerde", "amt", "aemter", "verwaltung", "aufenthalt", "dokumente", "buergerbuero"),
    "Notfall": ("notfall", "notruf", "gewalt", "krise"),
}


def normalise(text: str) -> str:
    """Lower case, umlauts written out (ä → ae, ß → ss), other accents dropped, punctuation turned into spaces."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


def _matches(title_words, title, stem):
    if " " in stem:
        return f" {stem}" in f" {title}"
    return any(word.startswith(stem) for word in title_words)


def suggest(title: str, areas):
    """The area (one of ``areas``, objects with a ``name``) whose name or stems the title contains, or None.

    The earliest match in the title wins (“Arbeit und Wohnen” → Arbeit); an area named in full beats a stem.
    """
    text = normalise(title)
    words = text.split()
    best = None
    for area in areas:
        name = normalise(area.name)
        stems = [name, *STEMS.get(area.name, ())]
        for rank, stem in enumerate(stems):
            if stem and _matches(words, text, stem):
                position = text.find(stem.split()[0]) if stem.split() else 0
                key = (rank > 0, position if position >= 0 else len(text))
                if best is None or key < best[0]:
                    best = (key, area)
                break
    return best[1] if best else None
