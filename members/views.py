import functools
import json
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from arbeitskreis import exports
from arbeitskreis.access import group_view
from arbeitskreis.shortcuts import group_url
from members import importing, selectors, services
from members.forms import (
    ImportConfirmForm,
    ImportMappingForm,
    ImportUploadForm,
    LeaveForm,
    OrganizationForm,
    ParticipantFilterForm,
    ParticipantForm,
)


def _list_url(group):
    return group_url("members:participant-list", group)


def _url(name, group, **kwargs):
    return group_url(f"members:{name}", group, **kwargs)


def _filters(request, group):
    form = ParticipantFilterForm(request.GET or None, languages=selectors.group_languages(group))
    return form, (form.filters() if request.GET else {})


# Views with an object in the URL look it up first and refuse other methods afterwards, so that another
# group's ids answer 404 whatever the method.


# --- Participants -------------------------------------------------------------------------------------------


@group_view
@require_safe
def participant_list(request, group):
    form, filters = _filters(request, group)
    participants = list(selectors.participant_list(group, filters))
    return render(
        request,
        "members/participant_list.html",
        {
            "group": group,
            "form": form,
            "participants": participants,
            "filtered": any(filters.get(k) for k in ("q", "kind", "language", "no_email"))
            or filters.get("status") not in (None, "", "active"),
            "query_string": request.GET.urlencode(),
            "deletion_requests": selectors.open_deletion_requests(group),
        },
    )


@group_view(write=True)
def participant_create(request, group):
    form = ParticipantForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        participant = services.create_participant(group=group, data=form.cleaned_data)
        messages.success(request, _("%(name)s has been added.") % {"name": participant.display_name})
        return redirect(participant)
    return render(request, "members/participant_form.html", {"group": group, "form": form, "participant": None})


@group_view
def participant_detail(request, group, pk):
    participant = selectors.participant_for_page(group, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
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
            "personal_url": settings.BASE_URL + _personal_url(participant.token) if participant.token else None,
        },
    )


def _personal_url(token):
    return reverse("personal:page", kwargs={"token": token})


@group_view(write=True)
def participant_edit(request, group, pk):
    participant = selectors.participant_for_page(group, pk)
    if participant.is_erased:
        messages.error(request, _("The data of this person has been erased; there is nothing left to edit."))
        return redirect(participant)
    form = ParticipantForm(request.POST or None, instance=participant, group=group)
    if request.method == "POST" and form.is_valid():
        services.update_participant(participant=participant, data=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect(participant)
    return render(request, "members/participant_form.html", {"group": group, "form": form, "participant": participant})


@group_view(write=True)
def participant_leave(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("action") == "return":
        services.mark_returned(participant=participant)
        messages.success(request, _("%(name)s is active again.") % {"name": participant.display_name})
        return redirect(participant)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        # The page again, with the error next to the date field (nothing has been saved).
        return _participant_page(request, group, selectors.participant_for_page(group, participant.pk), form)
    services.mark_left(participant=participant, left_on=form.cleaned_data["left_on"])
    messages.success(
        request,
        _("%(name)s has been marked as left. The entry stays, e.g. for the attendance of past meetings.")
        % {"name": participant.display_name},
    )
    return redirect(participant)


@group_view(write=True)
def participant_erase(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please confirm that the personal data should be erased."))
        return redirect(participant)
    services.erase_participant(participant=participant)
    messages.success(
        request,
        _("The personal data has been erased. Attendance, minutes and findings now show “Deleted person”."),
    )
    return redirect(_list_url(group))


@group_view(write=True)
def participant_token_rotate(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.rotate_token(participant=participant)
    messages.success(request, _("The personal link has been renewed. The old link no longer works."))
    return redirect(participant)


@group_view(write=True)
def participant_token_revoke(request, group, pk):
    participant = get_object_or_404(group.participants.not_erased(), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.revoke_token(participant=participant)
    messages.success(request, _("The personal link has been switched off."))
    return redirect(participant)


# --- Organisations ------------------------------------------------------------------------------------------


@group_view
@require_safe
def organization_list(request, group):
    show_archived = request.GET.get("archived") == "1"
    return render(
        request,
        "members/organization_list.html",
        {
            "group": group,
            "organizations": list(selectors.organization_list(group, include_archived=show_archived)),
            "show_archived": show_archived,
        },
    )


@group_view(write=True)
def organization_create(request, group):
    form = OrganizationForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        organization = services.create_organization(group=group, data=form.cleaned_data)
        messages.success(request, _("%(name)s has been added.") % {"name": organization.name})
        return redirect(organization)
    return render(request, "members/organization_form.html", {"group": group, "form": form, "organization": None})


@group_view
def organization_detail(request, group, pk):
    organization = selectors.organization_for_page(group, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return render(
        request,
        "members/organization_detail.html",
        {
            "group": group,
            "organization": organization,
            "participants": selectors.organization_participants(organization),
        },
    )


@group_view(write=True)
def organization_edit(request, group, pk):
    organization = selectors.organization_for_page(group, pk)
    form = OrganizationForm(request.POST or None, instance=organization, group=group)
    if request.method == "POST" and form.is_valid():
        services.update_organization(organization=organization, data=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect(organization)
    return render(
        request, "members/organization_form.html", {"group": group, "form": form, "organization": organization}
    )


# --- Import -------------------------------------------------------------------------------------------------


@group_view(write=True)
def import_upload(request, group):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = services.create_import_batch(
            group=group, user=request.user, filename=form.cleaned_data["file"].name, table=form.table
        )
        unknown = importing.unknown_columns(batch.headers, batch.mapping, batch.rows)
        if unknown or not importing.has_name_column(batch.mapping):
            return redirect(_url("import-map", group, batch=batch.pk))
        return redirect(_url("import-preview", group, batch=batch.pk))
    return render(
        request,
        "members/import_upload.html",
        {"group": group, "form": form, "recognised_columns": _recognised_columns()},
    )


def _recognised_columns():
    """``[(field label, [header, …]), …]`` for the upload page, from :data:`members.importing.HEADER_ALIASES`."""
    return [(label, sorted(importing.HEADER_ALIASES[name])) for name, label in importing.FIELDS.items()]


def _open_batch(group, batch):
    return get_object_or_404(group.import_batches.filter(imported_at__isnull=True), pk=batch)


@group_view(write=True)
def import_map(request, group, batch):
    batch = _open_batch(group, batch)
    form = ImportMappingForm(request.POST or None, headers=batch.headers, mapping=batch.mapping)
    if request.method == "POST" and form.is_valid():
        services.set_import_mapping(batch=batch, mapping=form.mapping())
        return redirect(_url("import-preview", group, batch=batch.pk))
    unknown = set(importing.unknown_columns(batch.headers, batch.mapping, batch.rows))
    columns = [
        {"field": form[f"column_{index}"], "unknown": index in unknown, "samples": _samples(batch.rows, index)}
        for index in range(len(batch.headers))
    ]
    return render(
        request, "members/import_map.html", {"group": group, "batch": batch, "form": form, "columns": columns}
    )


def _samples(rows, index, count=3):
    values = [row[index] for row in rows if index < len(row) and row[index]]
    return values[:count]


@group_view(write=True)
def import_preview(request, group, batch):
    batch = _open_batch(group, batch)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not importing.has_name_column(batch.mapping):
        return redirect(_url("import-map", group, batch=batch.pk))
    emails, names, people = selectors.import_lookup(group)
    results = importing.analyse(batch.rows, batch.mapping, emails, lines=batch.lines, existing_names=names)
    known_organizations = selectors.organization_names(group)
    columns = [name for name in importing.FIELDS if name in batch.mapping.values()]
    for result in results:
        current = people.get(result.existing_id)
        result.existing_name = current["display_name"] if current else None
        result.changes = importing.changes(result, current) if current else []
        organization = result.values.get("organization", "").strip()
        result.new_organization = bool(
            organization
            and organization.casefold() not in known_organizations
            and result.outcome in (importing.NEW, importing.UPDATE, importing.POSSIBLE_DUPLICATE)
        )
        result.cells = [(name, result.values.get(name, "")) for name in columns]
    counts = importing.summarise(results)
    return render(
        request,
        "members/import_preview.html",
        {
            "group": group,
            "batch": batch,
            "results": results,
            "counts": counts,
            "to_import": counts[importing.NEW] + counts[importing.UPDATE],
            "skipped": sum(counts.values())
            - counts[importing.NEW]
            - counts[importing.UPDATE]
            - counts[importing.POSSIBLE_DUPLICATE]
            - counts[importing.EMPTY],
            "columns": [(name, importing.FIELDS[name]) for name in columns],
            "form": ImportConfirmForm(),
            "empty_formulas": batch.empty_formulas,
            "empty_formula_cells": ", ".join(batch.empty_formulas[:10]),
        },
    )


@group_view(write=True)
def import_confirm(request, group, batch):
    batch = get_object_or_404(group.import_batches, pk=batch)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose how the consent was given, or that it is not recorded."))
        return redirect(_url("import-preview", group, batch=batch.pk))
    try:
        counts = services.import_participants(
            batch=batch,
            consent_method=form.cleaned_data["consent_method"],
            create_anyway=importing.parse_line_numbers(request.POST.getlist("create_anyway")),
        )
    except importing.TableError as error:
        messages.error(request, error.message)
        return redirect(_list_url(group))
    created, updated = counts[importing.NEW], counts[importing.UPDATE]
    possible_duplicates = counts[importing.POSSIBLE_DUPLICATE]
    skipped = sum(counts.values()) - created - updated - possible_duplicates - counts[importing.EMPTY]
    sentences = [
        ngettext("%(count)s participant has been added.", "%(count)s participants have been added.", created)
        % {"count": created},
        ngettext("%(count)s participant has been updated.", "%(count)s participants have been updated.", updated)
        % {"count": updated},
    ]
    if skipped:
        sentences.append(
            ngettext("%(count)s row has been skipped.", "%(count)s rows have been skipped.", skipped)
            % {"count": skipped}
        )
    if possible_duplicates:
        sentences.append(
            ngettext(
                "%(count)s possible duplicate has not been imported.",
                "%(count)s possible duplicates have not been imported.",
                possible_duplicates,
            )
            % {"count": possible_duplicates}
        )
    messages.success(request, " ".join(sentences))
    return redirect(_list_url(group))


# --- Export and mailing list --------------------------------------------------------------------------------


def _export_name(group, extension):
    return _("participants-%(municipality)s-%(group)s-%(date)s.%(extension)s") % {
        "municipality": group.municipality.slug,
        "group": group.slug,
        "date": f"{timezone.localdate():%Y-%m-%d}",
        "extension": extension,
    }


@group_view
@require_safe
def export_csv(request, group):
    _form, filters = _filters(request, group)
    header, rows = selectors.participant_export(group, filters)
    return exports.csv_response(_export_name(group, "csv"), header, rows)


@group_view
@require_safe
def export_xlsx(request, group):
    _form, filters = _filters(request, group)
    header, rows = selectors.participant_export(group, filters)
    return exports.xlsx_response(_export_name(group, "xlsx"), header, rows, sheet_title=_("Participants"))


@group_view
@require_safe
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


# --- The participant's personal page (no login: the secret link is the key) ---------------------------------


def personal_link_invalid(request):
    """The 404 page for a personal link that no longer works: no login links, nothing about the group."""
    response = render(request, "members/personal_link_invalid.html", status=404)
    return _personal_response(response)


def personal_link_view(view):
    """Answer :class:`members.selectors.PersonalLinkInvalid` from ``view`` with :func:`personal_link_invalid`."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except selectors.PersonalLinkInvalid:
            return personal_link_invalid(request)

    return wrapper


def _personal_response(response):
    # The token is in the URL: never indexed. Referrer-Policy stays "same-origin" (the project's setting); with
    # "no-referrer" browsers send "Origin: null" and the deletion request would fail the CSRF check.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page_language(request, participant):
    """The language the visitor chose with the switcher, else the participant's preferred language."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else participant.preferred_language


@never_cache
@personal_link_view
@require_safe
def personal_page(request, token):
    participant = selectors.participant_by_token(token)
    language = _page_language(request, participant)
    with translation.override(language):
        response = render(
            request,
            "members/personal_page.html",
            {
                "participant": participant,
                "group": participant.working_group,
                "activity": selectors.participant_activity(participant),
                "related_records": selectors.related_records(participant),
            },
        )
    response["Content-Language"] = language
    return _personal_response(response)


@never_cache
@personal_link_view
@require_safe
def personal_data_json(request, token):
    participant = selectors.participant_by_token(token)
    content = json.dumps(selectors.personal_data(participant), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    with translation.override(_page_language(request, participant)):
        filename = _("my-data-working-group.json")
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{get_valid_filename(filename)}"'
    return _personal_response(response)


@never_cache
@personal_link_view
@require_POST
def personal_deletion_request(request, token):
    participant = selectors.participant_by_token(token)
    with transaction.atomic():
        first = services.request_deletion(participant=participant)
    with translation.override(_page_language(request, participant)):
        if first:
            messages.success(
                request,
                _(
                    "Your request has been sent to the coordination of the working group. "
                    "Your data will be deleted soon."
                ),
            )
        else:
            messages.info(request, _("Your request has already been received."))
    return _personal_response(redirect("personal:page", token=token))
