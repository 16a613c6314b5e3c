from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from arbeitskreis import selectors, services
from arbeitskreis.access import FORM, group_view, invalid_link, start_participant_session
from arbeitskreis.forms import WorkingGroupSettingsForm
from arbeitskreis.models import State
from networks import selectors as network_selectors

STAFF_PAGE_SIZE = 25


@login_required
@require_safe
def dashboard(request):
    """A coordinator's or observer's groups as cards; for staff (every group of every municipality) a compact table
    with a Bundesland filter, a search and pages, whose figures are computed for the page shown only."""
    if request.user.is_staff:
        return _staff_dashboard(request)
    groups = selectors.dashboard_groups(request.user)
    networks = network_selectors.networks_of(request.user)
    return render(request, "arbeitskreis/dashboard.html", {"groups": groups, "networks": networks})


def _staff_dashboard(request):
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.staff_groups(state=state, query=query), STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    groups = selectors.add_figures(list(page.object_list))
    filters = {key: value for key, value in (("state", state), ("q", query)) if value}
    return render(
        request,
        "arbeitskreis/dashboard_staff.html",
        {
            "groups": groups,
            "page": page,
            "columns": [figure["label"] for figure in groups[0].figures] if groups else [],
            "states": State.choices,
            "state": state,
            "query": query,
            "filter_query": urlencode(filters),
        },
    )


@group_view
def group_detail(request, group):
    return render(
        request,
        "arbeitskreis/group_detail.html",
        {
            "group": selectors.add_figures([group])[0],
            "people": selectors.group_people(group),
            "network": network_selectors.network_of_group(group),
        },
    )


@group_view(methods=FORM, write=True)
def group_settings(request, group):
    form = WorkingGroupSettingsForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        services.update_group_settings(group=group, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The settings of the working group have been saved."))
        return redirect(group)
    return render(request, "arbeitskreis/group_settings.html", {"group": group, "form": form})


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the icon is a static file (served by whitenoise)."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def personal_link(request, token, rest=""):
    """A personal link from a mail or the coordination: exchanged for a participant session, see
    :func:`arbeitskreis.access.start_participant_session`. Only reading: a GET never records anything."""
    return start_participant_session(request, token, rest)


def personal_link_unknown(request, rest):
    """An address under ``p/`` that is no page and no link (e.g. cut short when copied from a mail)."""
    return invalid_link(request)
