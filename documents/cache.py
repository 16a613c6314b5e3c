"""The content-keyed PDF cache: an unchanged document is served without rendering, on every app server.

The key is the SHA-256 of the renderer version (WeasyPrint's and pydyf's versions plus
``documents.pdf.RENDERER_REVISION``), the base URL and the HTML. The print CSS is inlined into the HTML by
``documents/base.html``, so a change of the CSS — like any change of the content — makes a new key; the old
entry is pruned later. A file linked from ``/static/`` enters the key only through its URL: in production
(ManifestStaticFilesStorage) that URL carries the file's hash; in development a changed linked file needs a
new HTML or a bumped revision.

``last_used_at`` is written at most once a day per entry (:data:`TOUCH_INTERVAL`), not on every hit: a hit
is then one SELECT instead of a SELECT plus an UPDATE (on PostgreSQL a new row version per download),
and pruning by days needs no finer clock than that.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from documents.models import RenderedDocument
from documents.pdf import render_pdf, renderer_version

logger = logging.getLogger(__name__)

#: ``last_used_at`` of an entry is refreshed on a hit when it is older than this.
TOUCH_INTERVAL = datetime.timedelta(days=1)


def cache_key(html: str, *, base_url: str | None = None) -> str:
    digest = hashlib.sha256()
    for part in (renderer_version(), base_url or ""):
        digest.update(part.encode())
        digest.update(b"\x00")
    digest.update(html.encode())
    return digest.hexdigest()


def cached_pdf(html: str, *, base_url: str | None = None, render: Callable[..., bytes] | None = None) -> bytes:
    """The PDF of ``html``: from the cache when this HTML was rendered before, else rendered and stored.

    ``render`` (default :func:`documents.pdf.render_pdf`) is called as ``render(html, base_url=…)``.
    Side effects: on a miss one ``RenderedDocument`` row is inserted; when another request or server
    stored the same key in the meantime, the unique key refuses the second insert and the PDF just rendered
    is returned all the same. On a hit ``last_used_at`` is refreshed at most once a day.
    """
    key = cache_key(html, base_url=base_url)
    now = timezone.now()
    row = RenderedDocument.objects.filter(key=key).values_list("pk", "content", "last_used_at").first()
    if row is not None:
        pk, content, last_used_at = row
        if now - last_used_at >= TOUCH_INTERVAL:
            RenderedDocument.objects.filter(pk=pk).update(last_used_at=now)
        return bytes(content)

    pdf = (render or render_pdf)(html, base_url=base_url)
    # One line per rendering (a hit logs nothing): shows in the logs which app server rendered what.
    logger.info("PDF rendered, not in the cache: %s (%s bytes)", key[:16], len(pdf))
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the caller's transaction usable
            RenderedDocument.objects.create(
                key=key, renderer=renderer_version(), content=pdf, size=len(pdf), created_at=now, last_used_at=now
            )
    except IntegrityError:
        pass  # rendered concurrently by another request: the stored PDF is equivalent
    return pdf


def forget_all() -> int:
    """Empty the cache (e.g. when a person's data is erased: a cached PDF may hold their name). Nothing is lost: a
    document is rendered again on its next download. Returns how many entries were deleted."""
    deleted, _ = RenderedDocument.objects.all().delete()
    return deleted


def prune(*, days: int, max_bytes: int) -> int:
    """Delete entries not used for ``days`` days, then the least recently used ones until the rest fits
    ``max_bytes``. Returns how many entries were deleted.

    Entries of an earlier renderer version are never hit again and age out like any other.
    """
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = RenderedDocument.objects.filter(last_used_at__lt=cutoff).delete()
    total = RenderedDocument.objects.aggregate(total=Sum("size"))["total"] or 0
    if total <= max_bytes:
        return deleted
    doomed = []
    for pk, size in RenderedDocument.objects.order_by("last_used_at", "pk").values_list("pk", "size").iterator():
        if total <= max_bytes:
            break
        doomed.append(pk)
        total -= size
    for start in range(0, len(doomed), 500):
        RenderedDocument.objects.filter(pk__in=doomed[start : start + 500]).delete()
    return deleted + len(doomed)
