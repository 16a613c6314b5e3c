"""Writes of the newcomers' feedback (Wirkungsmessung): a working group's public link, the anonymous answers with
their flood limit, and a "not found" recorded as a content gap.

**What is stored.** Per answer the topic (a content area and a few words), the language, found or not, what was
missing, and the day — no name, no address, no time of day, no IP address, no cookie. **The flood limit** is a
counter per link and hour in the database (:class:`NewcomerRateWindow`), so several app servers share it: the
counter is raised with one conditional ``UPDATE … WHERE count < limit`` (atomic on PostgreSQL and SQLite), and an
answer past ``NEWCOMER_ANSWERS_PER_HOUR`` raises :class:`TooManyAnswers` — the counter stays, nothing is stored.
Counting per link rather than per sender needs no address of the sender; the price: a flood also holds back honest
answers for the rest of the hour (the coordinator can renew the link).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from findings import services as findings_services
from findings.models import FindingKind, Priority
from networks.models import (
    Found,
    NewcomerAnswer,
    NewcomerLink,
    NewcomerRateWindow,
    new_public_key,
    public_key_digest,
)

ANSWER_FIELDS = ("content_area", "topic", "language", "found", "missing")


class TooManyAnswers(Exception):
    """The link took as many answers this hour as it may; nothing was stored."""


@transaction.atomic
def open_link(*, group, renew: bool = False) -> NewcomerLink:
    """The group's public feedback link: made on first use; ``renew`` gives it a new key.

    Side effects: a :class:`NewcomerLink` created, or its key replaced (the old link and its QR codes stop working,
    the answers stay). A regional network has no newcomers' form (ValidationError)."""
    if group.is_network:
        raise ValidationError(_("A regional network has no newcomers' feedback form."))
    key = new_public_key()
    link, created = NewcomerLink.objects.select_for_update().get_or_create(
        working_group=group, defaults={"key": key, "key_digest": public_key_digest(key)}
    )
    if renew and not created:
        link.key = new_public_key()
        link.key_digest = public_key_digest(link.key)
        link.created_at = timezone.now()
        link.save(update_fields=["key", "key_digest", "created_at"])
    return link


def _window_start(now):
    return now.replace(minute=0, second=0, microsecond=0)


@transaction.atomic
def submit_answer(*, link: NewcomerLink, data: dict, now=None) -> NewcomerAnswer:
    """Store one anonymous answer from the public form (``data``: the form's cleaned data).

    Side effects: the link's counter for this hour raised — unless it reached ``NEWCOMER_ANSWERS_PER_HOUR``: then
    :class:`TooManyAnswers` and nothing is stored —; a :class:`NewcomerAnswer` with the day only; counters older
    than a day deleted.
    """
    now = now or timezone.now()
    start = _window_start(now)
    window, _created = NewcomerRateWindow.objects.get_or_create(link=link, starts_at=start)
    taken = NewcomerRateWindow.objects.filter(pk=window.pk, count__lt=settings.NEWCOMER_ANSWERS_PER_HOUR).update(
        count=F("count") + 1
    )
    if not taken:
        raise TooManyAnswers
    answer = NewcomerAnswer(
        working_group_id=link.working_group_id,
        answered_on=timezone.localdate(now),
        **{name: data[name] for name in ANSWER_FIELDS if data.get(name) is not None},
    )
    answer.full_clean()
    answer.save()
    NewcomerRateWindow.objects.filter(link=link, starts_at__lt=start - datetime.timedelta(days=1)).delete()
    return answer


def _finding_title(answer) -> str:
    what = answer.topic or (answer.content_area.name if answer.content_area_id else "")
    if what:
        return (_("Newcomers did not find: %(what)s") % {"what": what})[:200]
    return _("Newcomers did not find what they looked for")


@transaction.atomic
def record_as_finding(*, answer: NewcomerAnswer, by):
    """Turn a "not found" answer into a content gap of its group (once).

    Side effects: the answer locked; a finding (missing content, normal priority) with the answer's topic, language
    and what was missing, its history line through ``findings.services.create_finding``; the answer linked to it.
    Raises ValidationError when the answer was found or is recorded already.
    """
    answer = NewcomerAnswer.objects.select_for_update(of=("self",)).select_related("content_area").get(pk=answer.pk)
    if answer.finding_id is not None:
        raise ValidationError(_("This answer has been recorded as a content gap already."))
    if answer.found == Found.YES:
        raise ValidationError(_("Only an answer that did not find what it looked for becomes a content gap."))
    day = answer.answered_on.strftime("%d.%m.%Y")
    description = _("From the newcomers' feedback of %(date)s.") % {"date": day}
    if answer.missing:
        description += "\n\n" + answer.missing
    finding = findings_services.create_finding(
        group=answer.working_group,
        data={
            "title": _finding_title(answer),
            "description": description,
            "content_area": answer.content_area,
            "languages": f",{answer.language}," if answer.language else "",
            "kind": FindingKind.MISSING_CONTENT,
            "priority": Priority.NORMAL,
        },
        by=by,
    )
    answer.finding = finding
    answer.save(update_fields=["finding"])
    return finding
