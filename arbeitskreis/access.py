"""The two doors into the app: a working group resolved from the URL, and a participant's personal link.

Every view inside a group goes through :func:`group_view`: the group is looked up from the URL's municipality
and group slugs; outsiders get 404 (the group's existence is not revealed), observers get 403 on every write,
anonymous users go to the login page, and a method the view does not take gets 405.

A regional network (``netz/<state>/…``: no municipality) is looked up by its slug. Staff run it (read and write);
its members — the coordinators of the working groups of its Bundesland — read its meetings, minutes, mailing list
and report (role ``member``), everyone else gets 404. Of the group pages only :data:`NETWORK_SECTIONS` exist for a
network (the participants, settings and suggestions only for staff: :data:`NETWORK_STAFF_SECTIONS`); the team,
content gaps and the newcomers' feedback of a network give 404.

Every page a participant reaches through their personal link goes through :func:`personal_link_view`. The link
``/p/<token>/…`` is exchanged on each visit for a participant session (a signed, HttpOnly, SameSite cookie that
names the participant and a fingerprint of the token) and redirected to the same address without the token, so
that nothing the page loads afterwards (static files, the favicon, the language switch) carries the secret in
its address or its Referer. Renewing, switching off or erasing the link ends the session too. Wrong, old,
switched-off and erased links all show the same invalid-link page.
"""

import hmac
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from arbeitskreis.models import GroupKind, GroupRole, RoleKind, WorkingGroup
from members.models import Participant, token_digest

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The methods a view takes (``group_view(methods=…)``, ``personal_link_view(methods=…)``).
READ = ("GET", "HEAD")  # a page
FORM = ("GET", "HEAD", "POST")  # a page with a form that posts to itself
ACTION = ("POST",)  # a button: POST-only, redirects with a message


def _refuse_method(request, methods):
    return None if request.method in methods else HttpResponseNotAllowed(methods)


# --- Working groups -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupAccess:
    group: WorkingGroup
    can_write: bool
    role: str  # "staff", "coordinator", "observer", or "member" (of a network: reads)


# The URL namespaces a network has: for its members (and staff), and for staff only. Everything else is 404.
NETWORK_SECTIONS = frozenset({"meetings", "minutes", "network"})
NETWORK_STAFF_SECTIONS = frozenset({"groups", "members", "findings"})


def is_network_member(user, network) -> bool:
    """Whether ``user`` coordinates a working group in the network's Bundesland (one query)."""
    return GroupRole.objects.filter(
        user=user,
        role=RoleKind.COORDINATOR,
        working_group__kind=GroupKind.LOCAL,
        working_group__municipality__state=network.state,
    ).exists()


def _lookup(user, municipality_slug, group_slug):
    """The group named by the slugs (a network: no municipality) with the user's role in it (``user_role``, None
    for none; not read for staff): one query."""
    groups = WorkingGroup.objects.select_related("municipality")
    if not user.is_staff:
        role = GroupRole.objects.filter(working_group=OuterRef("pk"), user=user).values("role")[:1]
        groups = groups.annotate(user_role=Subquery(role))
    if municipality_slug:
        return groups.get(kind=GroupKind.LOCAL, municipality__slug=municipality_slug, slug=group_slug)
    return groups.get(kind=GroupKind.NETWORK, slug=group_slug)


def get_group_access(user, municipality_slug: str, group_slug: str) -> GroupAccess:
    """Return the group named by the slugs (a network: no municipality) and what ``user`` may do there; 404 for
    outsiders. One query for the group with its municipality and the user's role (a network's member: one more)."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    try:
        group = _lookup(user, municipality_slug, group_slug)
    except WorkingGroup.DoesNotExist:
        raise Http404 from None
    if user.is_staff:
        return GroupAccess(group, True, "staff")
    role = group.user_role
    if role is None and group.is_network and is_network_member(user, group):
        return GroupAccess(group, False, "member")
    if role is None:
        raise Http404
    return GroupAccess(group, role == RoleKind.COORDINATOR, role)


def _check_section(request, access):
    """A network has only some of a group's pages: the others are not found (see the module's docstring)."""
    if not access.group.is_network:
        return
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    sections = NETWORK_SECTIONS | (NETWORK_STAFF_SECTIONS if access.role == "staff" else frozenset())
    if namespace not in sections:
        raise Http404


def group_view(view=None, *, methods=READ, write: bool = False):
    """Decorate a view whose URL carries ``municipality`` and ``group``.

    The view is called as ``view(request, group, **other_kwargs)``; ``request.group_access`` holds the
    :class:`GroupAccess`. In this order: outsiders 404, anonymous users the login page; unsafe methods (POST …)
    need write access (403), ``write=True`` demands it for every method (pages that only exist to change
    something — implied for :data:`ACTION`); a method not in ``methods`` (:data:`READ` by default, :data:`FORM`,
    :data:`ACTION`) gets 405. Objects are then looked up through the group:
    ``get_object_or_404(selectors.….(group), pk=pk)``.
    """
    write = write or not SAFE_METHODS.intersection(methods)

    def decorator(func):
        @login_required
        @wraps(func)
        def wrapper(request, municipality, group, **kwargs):
            access = get_group_access(request.user, municipality, group)
            _check_section(request, access)
            if (write or request.method not in SAFE_METHODS) and not access.can_write:
                raise PermissionDenied
            if refused := _refuse_method(request, methods):
                return refused
            request.group_access = access
            return func(request, access.group, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


# --- Personal links ---------------------------------------------------------------------------------------------

PARTICIPANT_COOKIE = "ak_participant"
PARTICIPANT_COOKIE_SALT = "arbeitskreis.personal-link"
# Only the participant pages see the cookie.
PARTICIPANT_COOKIE_PATH = "/p/"
# A participant session lasts as long as a login session; the link itself works as often as it is used.
PARTICIPANT_COOKIE_MAX_AGE = 60 * 60 * 24 * 14


def _fingerprint(token: str) -> str:
    return token_digest(token)[:32]


def _participant_for_token(token):
    if not token or len(token) < 32 or len(token) > 64:
        return None
    digest = token_digest(token)
    participant = Participant.objects.filter(token_digest=digest, erased_at__isnull=True).first()
    # The lookup is by the digest; the comparison of the secret itself takes constant time.
    if participant is None or not hmac.compare_digest(participant.token or "", token):
        return None
    return participant


def _participant_from_session(request):
    try:
        value = request.get_signed_cookie(
            PARTICIPANT_COOKIE, salt=PARTICIPANT_COOKIE_SALT, max_age=PARTICIPANT_COOKIE_MAX_AGE
        )
        pk, fingerprint = value.split(":", 1)
        pk = int(pk)
    except (KeyError, ValueError, signing.BadSignature):
        return None
    participant = (
        Participant.objects.select_related("working_group__municipality", "organization", "represents")
        .filter(pk=pk, erased_at__isnull=True, token__isnull=False)
        .first()
    )
    if participant is None or not hmac.compare_digest(_fingerprint(participant.token), fingerprint):
        return None
    return participant


def private_headers(response, *, no_referrer=False):
    """Headers of every page that shows one person's data: never cached, never indexed.

    Pages reached through a personal link carry no token in their address, so ``same-origin`` (the project's
    Referrer-Policy) leaks nothing; the address *with* the token is only ever answered with a redirect that
    sends no Referer at all (``no_referrer``). ``no-referrer`` on the pages themselves would make browsers send
    ``Origin: null`` with their forms and fail the CSRF check.
    """
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    if no_referrer:
        response["Referrer-Policy"] = "no-referrer"
    patch_vary_headers(response, ["Cookie"])
    return response


def invalid_link(request):
    """The page for a personal link that does not work: no login links, nothing about the group (404)."""
    return private_headers(render(request, "personal/link_invalid.html", status=404))


def page_language(request, participant):
    """The language the visitor chose with the switcher, else the participant's preferred language."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else participant.preferred_language


def start_participant_session(request, token, rest=""):
    """Exchange a personal link for a participant session and redirect to its address without the token.

    Side effects: sets the signed participant cookie (HttpOnly, SameSite=Lax — a link clicked in a mail is a
    cross-site navigation —, Secure like the session cookie, path ``/p/``). The query string is kept (answer
    links preselect an answer). A wrong link gets the invalid-link page and no cookie.
    """
    participant = _participant_for_token(token)
    if participant is None:
        return invalid_link(request)
    target = PARTICIPANT_COOKIE_PATH + rest
    if query := request.META.get("QUERY_STRING"):
        target += "?" + query
    response = redirect(target)
    response.set_signed_cookie(
        PARTICIPANT_COOKIE,
        f"{participant.pk}:{_fingerprint(participant.token)}",
        salt=PARTICIPANT_COOKIE_SALT,
        max_age=PARTICIPANT_COOKIE_MAX_AGE,
        path=PARTICIPANT_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return private_headers(response, no_referrer=True)


def personal_link_view(view=None, *, methods=READ):
    """Decorate a page a participant reaches through their personal link (``/p/…``).

    The view is called as ``view(request, participant, **kwargs)`` in the participant's language (unless the
    visitor switched it), with the private headers set on the response. Without a valid participant session —
    a wrong, old, switched-off or erased link — the invalid-link page (404); a method not in ``methods`` gets 405.
    """

    def decorator(func):
        @wraps(func)
        def wrapper(request, **kwargs):
            participant = _participant_from_session(request)
            if participant is None:
                return invalid_link(request)
            if refused := _refuse_method(request, methods):
                return refused
            request.participant = participant
            language = page_language(request, participant)
            with translation.override(language):
                response = func(request, participant, **kwargs)
            response.setdefault("Content-Language", language)
            return private_headers(response)

        return wrapper

    return decorator(view) if view is not None else decorator
