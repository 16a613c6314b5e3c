"""Fill German translations into locale/de/LC_MESSAGES/django.po.

    python scripts/translate.py translations.json   # {"English msgid": "Deutsche Übersetzung", ...}

Plural entries take a list: {"%(n)s item": ["%(n)s Eintrag", "%(n)s Einträge"]}. The file is updated
under a lock (several people or helpers may add translations at once), then compiled.
"""

import fcntl
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/de/LC_MESSAGES/django.po"


def main(path):
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    # One lock for every worktree of the machine (it holds no data); /tmp is where they all see it.
    with open("/tmp/arbeitskreis-po.lock", "w") as lock:  # nosec B108
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(PO), wrapwidth=0)
        known = {(entry.msgctxt, entry.msgid): entry for entry in po}
        unknown = []
        for key, value in translations.items():
            context, _, msgid = key.rpartition("\x04") if "\x04" in key else (None, None, key)
            entry = known.get((context, msgid))
            if entry is None:
                unknown.append(key)
                continue
            if isinstance(value, list):
                entry.msgstr_plural = dict(enumerate(value))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(PO))
        po.save_as_mofile(str(PO.with_suffix(".mo")))
    if unknown:
        print("Not in the catalogue (run make messages first?):", *unknown, sep="\n  ")
    untranslated = [entry.msgid for entry in polib.pofile(str(PO)).untranslated_entries()]
    print(f"{len(untranslated)} untranslated entries left")


if __name__ == "__main__":
    main(sys.argv[1])
