"""What the minutes app hands over when a coordinator hands the group over (the core's hook
``arbeitskreis.handover.handover_sections``, wired in arbeitskreis/wiring.py): the open measures, most urgent first,
and the last approved minutes. Plain JSON, a fixed number of queries."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from minutes.measure_selectors import responsible_name, urgency
from minutes.models import Minutes, MinutesStatus, MinutesVersion

# The most open measures a handover lists (the report names the total and links the register).
HANDOVER_LIMIT = 200


def _date(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def open_measures(group) -> dict:
    """Open measures (open or in progress), the most urgent first: what, who, due (one query; two when cut)."""
    today = timezone.localdate()
    measures = group.measures.open()
    values = list(
        measures.order_by(*urgency(today)).values_list(
            "title",
            "due_date",
            "responsible_participant__given_name",
            "responsible_participant__family_name",
            "responsible_participant__erased_at",
            "responsible_organization__name",
        )[: HANDOVER_LIMIT + 1]
    )
    rows = [
        [title, responsible_name(given, family, erased, organization) or _("nobody yet"), _date(due)]
        for title, due, given, family, erased, organization in values[:HANDOVER_LIMIT]
    ]
    register = reverse("minutes:measures", kwargs=group.url_kwargs())
    return {
        "columns": [_("What"), _("Who"), _("Due")],
        "rows": rows,
        "total": measures.count() if len(values) > HANDOVER_LIMIT else len(values),
        "url": f"{register}?{urlencode({'status': 'active', 'sort': 'urgency'})}",
    }


def last_minutes(group) -> dict:
    """The last approved minutes (meeting, date, approved on, version) — an approved version stays the last one
    while a correction of it is being written —, and a note when later minutes are not approved yet (two queries)."""
    version = (
        MinutesVersion.objects.filter(minutes__meeting__working_group=group)
        .select_related("minutes__meeting")
        .order_by("-minutes__meeting__start", "-number")
        .first()
    )
    rows = []
    if version is not None:
        meeting = version.minutes.meeting
        when = _date(timezone.localtime(version.approved_at).date())
        approved_in = version.content.get("approved_in")
        if approved_in:
            when = _("%(date)s, in the meeting of %(meeting)s") % {
                "date": when,
                "meeting": _date(timezone.localtime(datetime.datetime.fromisoformat(approved_in)).date()),
            }
        rows.append([meeting.title, _date(timezone.localtime(meeting.start).date()), when, str(version.number)])
    pending = (
        Minutes.objects.filter(meeting__working_group=group)
        .exclude(status=MinutesStatus.APPROVED)
        .select_related("meeting")
        .order_by("-meeting__start")
        .first()
    )
    section = {
        "columns": [_("Meeting"), _("Date"), _("Approved on"), _("Version")],
        "rows": rows,
        "url": reverse("minutes:list", kwargs=group.url_kwargs()),
    }
    if pending is not None:
        section["note"] = _("The minutes of %(meeting)s (%(date)s) are not approved yet: %(status)s.") % {
            "meeting": pending.meeting.title,
            "date": _date(timezone.localtime(pending.meeting.start).date()),
            "status": pending.get_status_display(),
        }
    return section


def handover_sections(group) -> dict:
    return {"open_measures": open_measures(group), "last_minutes": last_minutes(group)}
