"""Error pages in the app's layout and the visitor's language: a bad or too large request, a refused form."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def bad_request(request, exception=None):
    """``handler400``: a request Django refused while reading it. Too large (``DATA_UPLOAD_MAX_MEMORY_SIZE``) gets
    the 413 page, too many fields (``DATA_UPLOAD_MAX_NUMBER_FIELDS``) its own explanation, anything else the
    general one."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    reason = "fields" if isinstance(exception, TooManyFieldsSent) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def request_too_large(request):
    """A request whose body is larger than the limits (413)."""
    return render(request, "413.html", status=413)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent without a valid security token (an old tab, cookies switched off, a form
    from another site). What to do, in the layout; ``reason`` (Django's English diagnosis) is not shown."""
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
    return render(request, "403_csrf.html", {"back_url": referer if same_site else ""}, status=403)
