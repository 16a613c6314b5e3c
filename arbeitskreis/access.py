"""Access to a working group, resolved from the URL.

Every view inside a group goes through :func:`group_view`: the group is looked up from the
URL's municipality and group slugs; outsiders get 404 (the group's existence is not revealed),
observers get 403 on every write, anonymous users go to the login page.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from arbeitskreis.models import GroupRole, RoleKind, WorkingGroup

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class GroupAccess:
    group: WorkingGroup
    can_write: bool
    role: str  # "staff", "coordinator" or "observer"


def get_group_access(user, municipality_slug: str, group_slug: str) -> GroupAccess:
    """Return the group named by the slugs and what ``user`` may do there; 404 for outsiders."""
    try:
        group = WorkingGroup.objects.select_related("municipality").get(
            municipality__slug=municipality_slug, slug=group_slug
        )
    except WorkingGroup.DoesNotExist:
        raise Http404 from None
    if not user.is_authenticated or not user.is_active:
        raise Http404
    if user.is_staff:
        return GroupAccess(group, True, "staff")
    role = GroupRole.objects.filter(user=user, working_group=group).values_list("role", flat=True).first()
    if role is None:
        raise Http404
    return GroupAccess(group, role == RoleKind.COORDINATOR, role)


def group_view(view=None, *, write: bool = False):
    """Decorate a view whose URL carries ``municipality`` and ``group``.

    The view is called as ``view(request, group, **other_kwargs)``; ``request.group_access`` holds
    the :class:`GroupAccess`. Unsafe methods (POST …) always need write access; ``write=True``
    demands it for every method (pages that only exist to change something).
    """

    def decorator(func):
        @login_required
        @wraps(func)
        def wrapper(request, municipality, group, **kwargs):
            access = get_group_access(request.user, municipality, group)
            if (write or request.method not in SAFE_METHODS) and not access.can_write:
                raise PermissionDenied
            request.group_access = access
            return func(request, access.group, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
