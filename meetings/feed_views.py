"""The calendar feeds for calendar clients: no login, the secret address is the key (``meetings.feeds``)."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import condition, require_safe

from meetings import feeds


class CalendarResponse(HttpResponse):
    """Calendar data as calendar clients expect it: ``text/calendar; charset=utf-8`` with a file name."""

    def __init__(self, content: bytes, *, filename: str, **kwargs):
        super().__init__(content, content_type="text/calendar; charset=utf-8", **kwargs)
        self["Content-Disposition"] = f'inline; filename="{filename}"'


def _feed(request, token):
    if not hasattr(request, "_calendar_feed"):
        request._calendar_feed = feeds.feed_for_token(token)
    if request._calendar_feed is None:
        raise Http404
    return request._calendar_feed


def _fingerprint(request, token):
    if not hasattr(request, "_feed_fingerprint"):
        request._feed_fingerprint = feeds.fingerprint(_feed(request, token))
    return request._feed_fingerprint


def _etag(request, token):
    return _fingerprint(request, token)[0]


def _last_modified(request, token):
    return _fingerprint(request, token)[1]


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def calendar_feed(request, token):
    """The feed; a conditional request with an unchanged ETag or Last-Modified gets 304 without building it."""
    feed = _feed(request, token)
    filename = f"{slugify(feed.working_group.name) or 'arbeitskreis'}.ics"
    response = CalendarResponse(feeds.build(feed), filename=filename)
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
