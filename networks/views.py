"""Pages of the regional networks: the staff's overview of the Bundesländer and a new network (``netz/``), a
network's home, its mailing list with exports, and its report as a page and a PDF (``netz/<state>/…``, through
``group_view``: staff read and write, the network's members read), and a coordinator leaving or joining the state's
mailing list (from the account page). The network's meetings, minutes and participants are the other apps' pages
under the same prefix."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arbeitskreis import exports
from arbeitskreis.access import ACTION, group_view
from arbeitskreis.shortcuts import error_text, group_url
from documents.cache import cached_pdf
from documents.responses import PdfResponse
from meetings import selectors as meeting_selectors
from meetings.models import MeetingStatus
from networks import report as network_report
from networks import selectors, services
from networks.forms import NetworkForm, ReportForm
from networks.models import NetworkMember


def _staff_only(request):
    if not request.user.is_staff:
        raise PermissionDenied


@login_required
@require_safe
def network_list(request):
    """Staff: every Bundesland with its network, or the button to make one."""
    _staff_only(request)
    return render(request, "networks/network_list.html", {"states": selectors.state_overview()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def network_create(request):
    _staff_only(request)
    initial = {
        "state": request.GET.get("state", ""),
        "organizer_name": request.user.get_full_name(),
        "organizer_email": request.user.email,
    }
    form = NetworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            network = services.create_network(state=data["state"], data=data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The regional network has been created with %(count)s coordinators of the federal state.")
                % {"count": network.participants.active().count()},
            )
            return redirect(group_url("network:home", network))
    return render(request, "networks/network_form.html", {"form": form})


@group_view
def home(request, group):
    upcoming, past = meeting_selectors.meeting_lists(group)
    entries, _left = selectors.mailing_list(group)
    return render(
        request,
        "networks/home.html",
        {
            "group": group,
            "upcoming": upcoming[:3],
            "past": past[:3],
            "members": group.participants.active().count(),
            "on_list": len(entries),
        },
    )


@group_view(methods=ACTION)
def sync(request, group):
    """Staff: bring the participants in step with the coordinators now (also done on every team change)."""
    result = services.sync_members(network=group)
    messages.success(
        request,
        _("Brought in step with the coordinators: %(joined)s joined, %(updated)s updated, %(left)s left.")
        % {"joined": result.joined, "updated": result.updated, "left": result.left},
    )
    return redirect(group_url("network:home", group))


@group_view
def mailing_list(request, group):
    entries, left = selectors.mailing_list(group)
    emails = [entry.email for entry in entries]
    mine = selectors.membership(group, request.user)
    return render(
        request,
        "networks/mailing_list.html",
        {
            "group": group,
            "entries": entries,
            "left": left,
            "emails_text": ", ".join(emails),
            "mailto": "mailto:" + quote(",".join(emails), safe="@,") if emails else "",
            "mine": mine,
        },
    )


def _export(group, response_class, extension):
    entries, _left = selectors.mailing_list(group)
    header, rows = selectors.mailing_list_rows(entries)
    name = _("mailing-list-%(state)s-%(date)s") % {"state": group.slug, "date": f"{timezone.localdate():%Y-%m-%d}"}
    if response_class is exports.xlsx_response:
        return response_class(f"{name}.{extension}", header, rows, sheet_title=_("Mailing list"))
    return response_class(f"{name}.{extension}", header, rows)


@group_view
def mailing_list_csv(request, group):
    return _export(group, exports.csv_response, "csv")


@group_view
def mailing_list_xlsx(request, group):
    return _export(group, exports.xlsx_response, "xlsx")


def _report(request, group):
    meetings = list(group.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("-start")[:20])
    form = ReportForm(request.GET or None, meetings=meetings)
    chosen = form.cleaned_data.get("meeting") if form.is_valid() else None
    meeting = network_report.reference_meeting(group, chosen)
    # The half-year before the meeting, as far as it has passed (a meeting ahead: until today).
    today = timezone.localdate()
    day = min(timezone.localtime(meeting.start).date(), today) if meeting is not None else today
    visible = network_report.visible_municipalities(request.user, group.state)
    if meeting is not None and not request.GET:
        form = ReportForm(initial={"meeting": meeting.pk}, meetings=meetings)
    return {
        "group": group,
        "form": form,
        "meeting": meeting,
        "report": network_report.network_report(group, day=day, visible=visible),
        "is_staff": request.user.is_staff,
    }


@group_view
def report(request, group):
    return render(request, "networks/report.html", _report(request, group))


@group_view
def report_pdf(request, group):
    context = _report(request, group)
    html = render_to_string("networks/report_pdf.html", context, request=None)
    day = context["report"]["period"].day
    name = _("Network report %(state)s %(date)s") % {"state": group.federal_state_name, "date": day.isoformat()}
    return PdfResponse(cached_pdf(html), filename=f"{name}.pdf")


@login_required
@require_POST
def mailing_list_membership(request, pk):
    """A coordinator leaves the state's mailing list or joins it again (``on``: "1" or "0"), from their account."""
    member = get_object_or_404(NetworkMember.objects.filter(user=request.user), pk=pk)
    on = request.POST.get("on") == "1"
    try:
        services.set_on_mailing_list(member=member, on=on)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        state = member.network.federal_state_name
        if on:
            messages.success(request, _("You are on the mailing list of %(state)s again.") % {"state": state})
        else:
            messages.success(request, _("You have left the mailing list of %(state)s.") % {"state": state})
    return redirect("account:profile")
