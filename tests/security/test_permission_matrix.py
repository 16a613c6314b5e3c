"""Every URL pattern of the project, tried as coordinator, observer, other group's coordinator, staff, anonymous.

GET expectations hold for HEAD too; a write refused to an observer or an outsider leaves every row as it was.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import LOGIN, ROLES, load_entries
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link
from tests.snapshot import database_rows

ENTRIES = load_entries()


def _walk(patterns, namespace="", in_admin=False):
    """``(name or None, pattern, in_admin)`` for every URL pattern; ``in_admin`` for those under ``admin.site``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            admin_site = in_admin or (pattern.app_name == admin.site.name and pattern.namespace == admin.site.name)
            yield from _walk(pattern.url_patterns, inner, admin_site)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else None, pattern, in_admin


def project_url_names(patterns=None):
    """All named URL patterns outside the Django admin (tested separately below), and the unnamed ones.

    Only the admin's own unnamed patterns (its redirects and catch-all) are left out: an unnamed pattern anywhere
    else — a ``TemplateView.as_view()`` or any other view of Django's — cannot be listed in the matrix.
    """
    names, unnamed = set(), []
    for name, pattern, in_admin in _walk(get_resolver().url_patterns if patterns is None else patterns):
        if in_admin:
            continue
        if name is None:
            unnamed.append(str(pattern.pattern))
        else:
            names.add(name)
    return names, unnamed


def admin_url_names():
    return sorted(name for name, _, in_admin in _walk(get_resolver().url_patterns) if name and in_admin)


def test_every_url_pattern_is_in_the_matrix():
    names, unnamed = project_url_names()
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    missing = names - set(ENTRIES)
    assert not missing, f"URL patterns missing from the permission matrix (tests/matrix/): {sorted(missing)}"
    stale = set(ENTRIES) - names
    assert not stale, f"The matrix lists URL names that no longer exist: {sorted(stale)}"


def test_an_unnamed_view_of_djangos_own_is_not_exempt():
    """An unnamed ``TemplateView.as_view()`` (a view of Django's, outside the admin) is reported, not skipped."""
    from django.urls import include, path
    from django.views.generic import TemplateView

    patterns = [
        path("about/", TemplateView.as_view(template_name="404.html")),
        path("admin/", admin.site.urls),
        path("x/", include(([path("", TemplateView.as_view(template_name="404.html"), name="named")], "x"))),
    ]
    names, unnamed = project_url_names(patterns)
    assert unnamed == ["about/"]
    assert names == {"x:named"}


def _cases():
    for name, case in sorted(ENTRIES.items()):
        for method in ("get", "post"):
            expectations = getattr(case, method)
            if expectations is None:
                continue
            for role in ROLES:
                yield pytest.param(name, method, role, id=f"{name}-{method}-{role}")


REFUSED = (403, 404, 405, LOGIN)


def _check(response, expected, name):
    if expected == LOGIN:
        assert response.status_code == 302, f"{name}: expected a redirect to the login, got {response.status_code}"
        assert response["Location"].startswith(reverse("login")), response["Location"]
    else:
        assert response.status_code == expected, f"{name}: expected {expected}, got {response.status_code}"


@pytest.mark.parametrize(("name", "method", "role"), list(_cases()))
def test_role_gets_expected_status(client, world, name, method, role):
    case = ENTRIES[name]
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    if case.participant:
        open_personal_link(client, ParticipantFactory(working_group=world.group))
    url = reverse(name, kwargs=case.kwargs(world, world.group, world.group))
    if method == "get":
        _check(client.get(url), case.get[role], name)
        # HEAD is answered like GET, without a body (the same address: a GET changes nothing).
        response = client.head(url)
        _check(response, case.get[role], f"{name} (HEAD)")
        assert response.content == b"", f"{name}: a HEAD answer has no body"
        return
    data = case.post_data(world) if case.post_data else {}
    expected = case.post[role]
    # A write refused by the access decision (the observer's 403, the outsider's 404) changes no row.
    before = database_rows() if role in ("observer", "outsider") and expected in REFUSED else None
    response = client.post(url, data)
    _check(response, expected, name)
    if before is not None:
        assert database_rows() == before, f"{name}: the refused POST of {role} changed stored data"


CROSS_CASES = [
    pytest.param(name, method, id=f"{name}-{method}")
    for name, case in sorted(ENTRIES.items())
    if case.cross_objects
    for method in ("get", "post")
    # A method the view does not take is refused (405) before anything is looked up: it reveals nothing.
    if getattr(case, method) is not None and getattr(case, method)["coordinator"] != 405
]


@pytest.mark.skipif(not CROSS_CASES, reason="no URL with object ids yet")
@pytest.mark.parametrize(("name", "method"), CROSS_CASES or [("-", "get")])
def test_objects_of_another_group_are_not_found(client, world, name, method):
    """The group's own coordinator with the group's slugs but another group's object ids: 404."""
    case = ENTRIES[name]
    client.force_login(world.coordinator)
    url = reverse(name, kwargs=case.kwargs(world, world.group, world.other_group))
    data = case.post_data(world) if (case.post_data and method == "post") else {}
    if method == "get":
        assert client.get(url).status_code == 404
        assert client.head(url).status_code == 404
        return
    before = database_rows()
    assert client.post(url, data).status_code == 404
    assert database_rows() == before, f"{name}: a POST with another group's ids changed stored data"


ADMIN_KWARGS = {"object_id": "1", "app_label": "arbeitskreis", "content_type_id": "1", "id": "1"}


@pytest.mark.parametrize("name", admin_url_names())
@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_admin_is_for_staff_only(client, world, name, role):
    pattern = {n: p for n, p, _ in _walk(get_resolver().url_patterns) if n}[name]
    kwargs = {key: ADMIN_KWARGS.get(key, "1") for key in pattern.pattern.converters} or {
        key: ADMIN_KWARGS.get(key, "1") for key in pattern.pattern.regex.groupindex
    }
    if role == "coordinator":
        client.force_login(world.coordinator)
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    if name == "admin:login":
        assert response.status_code in (200, 302)
        return
    if name == "admin:logout":
        assert response.status_code in (302, 405)
        return
    assert response.status_code == 302, f"{name} answered {response.status_code}"
    assert response["Location"].startswith(reverse("admin:login"))
