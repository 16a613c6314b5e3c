"""The rows of the page tree as HTML, built here rather than in the template.

The tree shows thousands of rows at once; Django's template engine spends about 60 µs on each of them, this function
a few (bench/integreat_tree.py). Every value is escaped with ``django.utils.html.escape`` before it is joined, so
the result is marked safe as a whole; ``templates/integreat/_tree_table.html`` draws the table around it, and
tests/security/test_escaping.py checks the tree with hostile titles, addresses and paths.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Deepest indentation step of the page tree (classes tree-depth-0 … tree-depth-8 in arbeitskreis.css); deeper pages
# are indented as much as that (a Content-Security-Policy without inline styles allows no computed padding).
TREE_MAX_DEPTH = 8


def tree_rows(tree) -> SafeString:
    """``<tr>`` elements for ``tree.rows`` (:class:`integreat.selectors.TreeRow`): page (indented by depth, linked
    to the app), content area, source text updated, translations, last check, open content gaps."""
    # The labels looked up once (and outside f-strings, where makemessages would not find them).
    outdated_label, due_label = escape(_("outdated")), escape(_("due"))
    missing, stale, never = escape(_("missing")), escape(_("older than the source text")), escape(_("never"))
    outdated = f' <span class="badge text-bg-warning">{outdated_label}</span>'
    due = f' <span class="badge text-bg-secondary">{due_label}</span>'
    possible = tree.translations_possible
    parts = []
    for row in tree.rows:
        title = escape(row.title)
        if row.url:
            title = f'<a href="{escape(row.url)}">{title}</a>'
        if row.top_title:
            title = f'<span class="small text-body-secondary">{escape(row.top_title)} › </span>{title}'
        translations = f"{row.translated}/{possible}"
        if row.missing_text:
            translations += f'<span class="d-block small">{missing}: {escape(row.missing_text)}</span>'
        if row.stale_text:
            translations += f'<span class="d-block small">{stale}: {escape(row.stale_text)}</span>'
        if row.checked_text:
            check = (
                f'<a href="{escape(row.check_url)}">{escape(row.checked_text)}</a> '
                f'<span class="small">({escape(row.check_result)})</span>{due if row.due else ""}'
            )
        else:
            check = never
        parts.append(
            f'<tr><th scope="row" class="{"fw-normal" if row.depth else "fw-semibold"} '
            f'tree-depth-{min(int(row.depth), TREE_MAX_DEPTH)}">{title}</th>'
            f"<td>{escape(row.area)}</td>"
            f'<td class="text-nowrap">{escape(row.updated_text)}{outdated if row.outdated else ""}</td>'
            f"<td>{translations}</td><td>{check}</td>"
            f'<td class="text-end">{int(row.open_gaps) or ""}</td></tr>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped  # nosec B308, B703
