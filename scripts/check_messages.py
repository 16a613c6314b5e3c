"""Fail when makemessages would find a string the German catalogue lacks, or one left untranslated or fuzzy.

Runs makemessages into a copy of the project's locale folder, so the working tree stays as it is.
"""

import os
import shutil
import subprocess  # runs manage.py makemessages with fixed arguments  # nosec B404
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "project"
        shutil.copytree(
            ROOT, work, ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "node_modules", "*.pyc")
        )
        env = {**os.environ, "DEBUG": "1"}
        subprocess.run(  # fixed arguments, no shell  # nosec B603
            [sys.executable, "manage.py", "makemessages", "-l", "de", "--ignore=static", "--no-obsolete"],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        po = polib.pofile(str(work / "locale/de/LC_MESSAGES/django.po"))
        problems = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    if problems:
        print("The German catalogue is not complete (run `make messages`, then translate):")
        print("\n".join(f"  {p}" for p in problems))
        sys.exit(1)
    print(f"German catalogue complete: {len(po.translated_entries())} entries.")


if __name__ == "__main__":
    main()
