"""The seams between the apps, as the README's layout section states them, checked on the source.

- The apps import each other in one direction: infrastructure (``outbox``, ``documents``) knows no domain app;
  then members → meetings → findings → minutes → integreat; a later app may import an earlier one, never the reverse.
- An app imports from the core (``arbeitskreis``) only its base modules (models, access, hooks, …); the core's
  composing modules (dashboard, URLs, wiring, demo) import the apps and are imported by none of them.
- Imports stand at the top of a module (an AppConfig's ``ready`` is the one place Django asks for a late import).
- No Python file is longer than 400 lines.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INFRASTRUCTURE = ("outbox", "documents")
DOMAIN = ("members", "meetings", "findings", "minutes", "integreat", "networks")
APPS = (*INFRASTRUCTURE, *DOMAIN)
# The core's modules every app may use; the rest of the core composes the apps.
# "history": the group's change log, written by the core's team pages and by the apps (minutes) alike.
CORE_BASE = {
    *("models", "access", "hooks", "shortcuts", "forms", "exports", "languages", "env", "log", "collation"),
    "history",
}
# The one deliberate edge from the core's base up: the personal-link door resolves a participant.
CORE_BASE_MAY_IMPORT = {"access": {"members"}}
PACKAGES = ("arbeitskreis", *APPS)
MAX_LINES = 400


def _modules():
    for package in PACKAGES:
        folder = ROOT / package
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*.py")):
            if "migrations" not in path.parts:
                yield package, path


MODULES = list(_modules())


def _imports(tree):
    """``(module name, line, at top level)`` for every import of the file."""
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, id(node) in top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if "." in node.module:
                yield node.module, node.lineno, id(node) in top
            else:  # "from arbeitskreis import languages": the names are the modules
                for alias in node.names:
                    yield f"{node.module}.{alias.name}", node.lineno, id(node) in top


def _project_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name, line, at_top in _imports(tree):
        package, _, rest = name.partition(".")
        if package in PACKAGES:
            yield package, rest.split(".")[0], line, at_top


def _label(path):
    return str(path.relative_to(ROOT))


def test_the_source_is_read():
    assert len(MODULES) > 50


@pytest.mark.parametrize(("package", "path"), MODULES, ids=[_label(path) for _p, path in MODULES])
def test_imports_go_one_way(package, path):
    problems = []
    module = path.stem
    for imported, submodule, line, _at_top in _project_imports(path):
        where = f"{_label(path)}:{line} imports {imported}.{submodule}"
        if package == "arbeitskreis":
            base = module in CORE_BASE and path.parent.name == "arbeitskreis"
            allowed = CORE_BASE_MAY_IMPORT.get(module, set())
            if base and imported != "arbeitskreis" and imported not in allowed and imported not in INFRASTRUCTURE:
                problems.append(f"{where}: a base module of the core may not depend on an app")
            continue
        if imported == "arbeitskreis":
            if submodule not in CORE_BASE:
                problems.append(f"{where}: apps use only the core's base modules {sorted(CORE_BASE)}")
        elif package in INFRASTRUCTURE:
            if imported != package:
                problems.append(f"{where}: infrastructure knows no other app")
        elif imported in DOMAIN and DOMAIN.index(imported) > DOMAIN.index(package):
            problems.append(f"{where}: {package} comes before {imported}; offer a hook (arbeitskreis/hooks.py)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("package", "path"), MODULES, ids=[_label(path) for _p, path in MODULES])
def test_imports_of_project_code_stand_at_the_top(package, path):
    late = [
        f"{_label(path)}:{line} imports {imported}.{submodule} inside a function"
        for imported, submodule, line, at_top in _project_imports(path)
        if not at_top and path.name != "apps.py"
    ]
    assert not late, "\n".join(late)


def test_no_python_file_is_longer_than_400_lines():
    files = [
        path
        for path in ROOT.rglob("*.py")
        if not {".venv", "migrations", "node_modules", "staticfiles"} & set(path.parts)
    ]
    long = {_label(path): n for path in files if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_a_late_app_importing_an_earlier_one_is_caught(tmp_path):
    """The check itself: a members module that imported findings would be reported."""
    fake = ROOT / "members" / "_architecture_probe.py"
    fake.write_text("from findings import selectors\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError, match="members comes before findings"):
            test_imports_go_one_way("members", fake)
    finally:
        fake.unlink()
