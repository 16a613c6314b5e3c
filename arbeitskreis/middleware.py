"""Project-wide middleware: private caching of personal pages, the request size limit."""

from django.conf import settings
from django.utils.cache import patch_vary_headers

from arbeitskreis.errors import request_too_large

# Where the pages reached through a personal link live (arbeitskreis/access.py PARTICIPANT_COOKIE_PATH).
PERSONAL_PREFIX = "/p/"


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a logged-in user and on every personal-link page.

    Whatever a coordinator sees may show personal data (participant lists, exports, the mailing list), and a shared
    computer's browser cache or a proxy must not keep it. A response that set its own Cache-Control (the calendar
    feeds, the PDFs, static files served before this middleware) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith(PERSONAL_PREFIX):
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ["Cookie"])
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than ``REQUEST_MAX_BYTES`` before anything reads it: the German page "too
    large" (413) in the layout instead of a server busy with a huge upload. The reverse proxy should refuse it
    even earlier (nginx ``client_max_body_size``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return request_too_large(request)
        return self.get_response(request)
