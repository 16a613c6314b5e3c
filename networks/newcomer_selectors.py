"""Reads of the newcomers' feedback: the figures by content area and language (a fixed number of queries whatever the
number of answers), the charts that show them, and the answers of a group for its page."""

import hmac

import segno
from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from arbeitskreis import languages
from arbeitskreis.collation import sort_key
from findings import charts as bar_charts
from networks.models import Found, NewcomerLink, public_key_digest

NOT_FOUND = Q(found__in=(Found.NO, Found.PARTLY))
ANSWERS_PAGE_SIZE = 50


def public_url(link: NewcomerLink) -> str:
    """The full address of the public form (for the QR code and the poster)."""
    return settings.BASE_URL + reverse("newcomer-form:form", kwargs={"key": link.key})


def qr_svg(link: NewcomerLink) -> str:
    """The public address as an SVG QR code (error correction M: readable from a poster in a corridor)."""
    return segno.make(public_url(link), error="m").svg_inline(scale=1, border=4, omitsize=True)


def qr_data_uri(link: NewcomerLink) -> str:
    """The QR code as an SVG ``data:`` URI for the pages and the PDF (nothing is fetched)."""
    return segno.make(public_url(link), error="m").svg_data_uri(scale=1, border=4)


def figures(answers) -> dict:
    """What the newcomers looked for: totals (found, partly, not found), and by content area and by language the
    answers and the "not found" (three queries)."""
    values = answers.aggregate(
        n_total=Count("pk"),
        n_found=Count("pk", filter=Q(found=Found.YES)),
        n_partly=Count("pk", filter=Q(found=Found.PARTLY)),
        n_not_found=Count("pk", filter=Q(found=Found.NO)),
    )
    totals = {key.removeprefix("n_"): value for key, value in values.items()}
    by_area = [
        {"label": row["content_area__name"] or _("no topic chosen"), "value": row["n"], "missing": row["missing"]}
        for row in answers.values("content_area__name")
        .annotate(n=Count("pk"), missing=Count("pk", filter=NOT_FOUND))
        .order_by("-n", "content_area__name")
    ]
    rows = answers.values("language").annotate(n=Count("pk"), missing=Count("pk", filter=NOT_FOUND)).order_by()
    by_language = sorted(
        (
            {
                "label": languages.name(row["language"]) if row["language"] else _("no language chosen"),
                "code": row["language"],
                "value": row["n"],
                "missing": row["missing"],
            }
            for row in rows
        ),
        key=lambda row: (-row["value"], sort_key(row["label"])),
    )
    return {"totals": totals, "by_area": by_area, "by_language": by_language}


def charts(values: dict, prefix: str) -> dict:
    """The two bar charts of :func:`figures` (ids start with ``prefix``)."""
    series_names = (_("answers"), _("not or only partly found"))

    def chart(key, title, description):
        rows = values[key]
        return bar_charts.bar_chart(
            chart_id=f"{prefix}-{key}",
            title=title,
            description=description,
            categories=[row["label"] for row in rows],
            series=[
                (series_names[0], [row["value"] for row in rows]),
                (series_names[1], [row["missing"] for row in rows]),
            ],
        )

    return {
        "by_area": chart(
            "by_area",
            _("Newcomers' answers by topic"),
            _("For each topic two bars: the answers, and those that did not or only partly find what they looked for."),
        ),
        "by_language": chart(
            "by_language",
            _("Newcomers' answers by language"),
            _(
                "For each language two bars: the answers, and those that did not or only partly find what they looked "
                "for."
            ),
        ),
    }


def impact_section(group) -> dict:
    """The newcomers' part of a working group's Wirkung page (the hook ``findings.selectors.impact_sources``)."""
    if group.is_network:
        return {}
    values = figures(group.newcomer_answers.all())
    return {"newcomers": {"figures": values, "charts": charts(values, "newcomers")}}


def answers_page(group):
    """The group's answers for its page, newest first, with their content area and finding (a queryset to page)."""
    return group.newcomer_answers.select_related("content_area", "finding").order_by("-answered_on", "-pk")


def link_of(group):
    return NewcomerLink.objects.filter(working_group=group).first()


def link_for_key(key: str):
    """The link of a public address, or None (also for a key of the wrong shape: no lookup then)."""
    if not key or len(key) > 32:
        return None
    link = (
        NewcomerLink.objects.select_related("working_group__municipality")
        .filter(key_digest=public_key_digest(key))
        .first()
    )
    # The lookup is by the digest; the comparison of the key itself takes constant time.
    if link is None or not hmac.compare_digest(link.key, key):
        return None
    return link
