"""Rules every template keeps, read from the template files themselves."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SCROLL_BOX = re.compile(r'<div class="table-responsive[^"]*"[^>]*>')


def test_every_scrolling_table_can_be_reached_by_keyboard():
    """A table wider than the screen scrolls inside its box; keyboard users (and Safari) need the box focusable,
    or axe reports scrollable-region-focusable. A box that is a region is named (inside a section of the same
    name it is no region: two landmarks of one name are what axe's landmark-unique refuses)."""
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in SCROLL_BOX.findall(path.read_text(encoding="utf-8")):
            named = "aria-label=" in tag or "aria-labelledby=" in tag
            if 'tabindex="0"' not in tag or ('role="region"' in tag) != named:
                offenders.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert offenders == []


def test_the_rule_sees_the_boxes():
    """The rule above reads real templates: the registers' tables are among the boxes it checks."""
    boxes = [path.name for path in TEMPLATES.rglob("*.html") if SCROLL_BOX.search(path.read_text(encoding="utf-8"))]
    assert {"finding_list.html", "measure_list.html", "_report_body.html"} <= set(boxes)
