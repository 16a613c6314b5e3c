"""Views of the members app inside a working group: participants, organisations, export and mailing list.

The import has its own module (``members/import_views.py``), the participant's own pages too
(``members/personal_views.py``).
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from arbeitskreis import exports
from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.shortcuts import group_url
from members import selectors, services
from members.forms import LeaveForm, OrganizationForm, ParticipantFilterForm, ParticipantForm


def _list_url(group):
    return group_url("members:participant-list", group)


def _filters(request, group):
    form = ParticipantFilterForm(request.GET or None, languages=selectors.group_languages(group))
    return form, (form.filters() if request.GET else {})


# --- Participants -------------------------------------------------------------------------------------------


PAGE_SIZE = 50


@group_view
def participant_list(request, group):
    """The participants, 50 to a page like the gap register (the exports hold everyone the filters find)."""
    form, filters = _filters(request, group)
    page = Paginator(selectors.participant_list(group, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/participant_list.html",
        {
            "group": group,
            "form": form,
            "page": page,
            "participants": page.object_list,
            "page_query": query.urlencode(),
            "filtered": any(filters.get(k) for k in ("q", "kind", "language", "no_email"))
            or filters.get("status") not in (None, "", "active"),
            "query_string": query.urlencode(),
            "deletion_requests": selectors.open_deletion_requests(group),
        },
    )


@group_view(methods=FORM, write=True)
def participant_create(request, group):
    form = ParticipantForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        participant = services.create_participant(group=group, data=form.cleaned_data)
        messages.success(request, _("%(name)s has been added.") % {"name": participant.display_name})
        return redirect(participant)
    return render(request, "members/participant_form.html", {"group": group, "form": form, "participant": None})


@group_view
def participant_detail(request, group, pk):
    participant = get_object_or_404(selectors.participants_for_page(group), pk=pk)
    return _participant_page(request, group, participant, LeaveForm(initial={"left_on": timezone.localdate()}))


def _participant_page(request, group, participant, leave_form):
    return render(
        request,
        "members/participant_detail.html",
        {
            "group": group,
            "participant": participant,
            "substitutes": selectors.substitutes(participant),
            "activity": selectors.participant_activity(participant),
            "leave_form": leave_form,
            "personal_url": selectors.personal_link(participant),
        },
    )


@group_view(methods=FORM, write=True)
def participant_edit(request, group, pk):
    participant = get_object_or_404(selectors.participants_for_page(group), pk=pk)
    if participant.is_erased:
        messages.error(request, _("The data of this person has been erased; there is nothing left to edit."))
        return redirect(participant)
    form = ParticipantForm(request.POST or None, instance=participant, group=group)
    if request.method == "POST" and form.is_valid():
        services.update_participant(participant=participant, data=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect(participant)
    return render(request, "members/participant_form.html", {"group": group, "form": form, "participant": participant})


@group_view(methods=ACTION)
def participant_leave(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    if request.POST.get("action") == "return":
        services.mark_returned(participant=participant)
        messages.success(request, _("%(name)s is active again.") % {"name": participant.display_name})
        return redirect(participant)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        # The page again, with the error next to the date field (nothing has been saved).
        return _participant_page(request, group, get_object_or_404(selectors.participants_for_page(group), pk=pk), form)
    services.mark_left(participant=participant, left_on=form.cleaned_data["left_on"])
    messages.success(
        request,
        _("%(name)s has been marked as left. The entry stays, e.g. for the attendance of past meetings.")
        % {"name": participant.display_name},
    )
    return redirect(participant)


@group_view(methods=ACTION)
def participant_erase(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please confirm that the personal data should be erased."))
        return redirect(participant)
    services.erase_participant(participant=participant)
    messages.success(
        request,
        _("The personal data has been erased. Attendance, minutes and findings now show “Deleted person”."),
    )
    return redirect(_list_url(group))


@group_view(methods=ACTION)
def participant_token_rotate(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    services.rotate_token(participant=participant)
    messages.success(request, _("The personal link has been renewed. The old link no longer works."))
    return redirect(participant)


@group_view(methods=ACTION)
def participant_token_revoke(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    services.revoke_token(participant=participant)
    messages.success(request, _("The personal link has been switched off."))
    return redirect(participant)


# --- Organisations ------------------------------------------------------------------------------------------


@group_view
def organization_list(request, group):
    show_archived = request.GET.get("archived") == "1"
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "members/organization_list.html",
        {
            "group": group,
            "organizations": list(selectors.organization_list(group, include_archived=show_archived, query=query)),
            "show_archived": show_archived,
            "query": query,
        },
    )


@group_view(methods=FORM, write=True)
def organization_create(request, group):
    form = OrganizationForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        organization = services.create_organization(group=group, data=form.cleaned_data)
        messages.success(request, _("%(name)s has been added.") % {"name": organization.name})
        return redirect(organization)
    return render(request, "members/organization_form.html", {"group": group, "form": form, "organization": None})


@group_view
def organization_detail(request, group, pk):
    organization = get_object_or_404(selectors.organizations_for_page(group), pk=pk)
    return render(
        request,
        "members/organization_detail.html",
        {
            "group": group,
            "organization": organization,
            "participants": selectors.organization_participants(organization),
        },
    )


@group_view(methods=FORM, write=True)
def organization_edit(request, group, pk):
    organization = get_object_or_404(selectors.organizations_for_page(group), pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization, group=group)
    if request.method == "POST" and form.is_valid():
        services.update_organization(organization=organization, data=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect(organization)
    return render(
        request, "members/organization_form.html", {"group": group, "form": form, "organization": organization}
    )


# --- Export and mailing list --------------------------------------------------------------------------------


def _export_name(group, extension):
    return _("participants-%(municipality)s-%(group)s-%(date)s.%(extension)s") % {
        "municipality": group.file_slug,
        "group": group.slug,
        "date": f"{timezone.localdate():%Y-%m-%d}",
        "extension": extension,
    }


@group_view
def export_csv(request, group):
    _form, filters = _filters(request, group)
    header, rows = selectors.participant_export(group, filters)
    return exports.csv_response(_export_name(group, "csv"), header, rows)


@group_view
def export_xlsx(request, group):
    _form, filters = _filters(request, group)
    header, rows = selectors.participant_export(group, filters)
    return exports.xlsx_response(_export_name(group, "xlsx"), header, rows, sheet_title=_("Participants"))


@group_view
def mailing_list(request, group):
    addresses, without_email, without_consent = selectors.mailing_list(group)
    emails = [p.email for p in addresses]
    return render(
        request,
        "members/mailing_list.html",
        {
            "group": group,
            "addresses": addresses,
            "emails_text": "; ".join(emails),
            "mailto": "mailto:?bcc=" + quote(",".join(emails), safe="@,") if emails else "",
            "without_email": without_email,
            "without_consent": without_consent,
        },
    )
