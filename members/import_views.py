"""The import of a participant list: upload → (column mapping) → preview → confirmation, all or nothing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arbeitskreis.access import ACTION, FORM, group_view
from arbeitskreis.shortcuts import group_url
from members import importing, selectors, services, tables
from members.forms import ImportConfirmForm, ImportMappingForm, ImportUploadForm


def _url(name, group, **kwargs):
    return group_url(f"members:{name}", group, **kwargs)


@group_view(methods=FORM, write=True)
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


def _open_batches(group):
    return group.import_batches.filter(imported_at__isnull=True)


@group_view(methods=FORM, write=True)
def import_map(request, group, batch):
    batch = get_object_or_404(_open_batches(group), pk=batch)
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
    batch = get_object_or_404(_open_batches(group), pk=batch)
    if not importing.has_name_column(batch.mapping):
        return redirect(_url("import-map", group, batch=batch.pk))
    preview = selectors.import_preview(batch)
    return render(
        request,
        "members/import_preview.html",
        {
            "group": group,
            "batch": batch,
            "results": preview.results,
            "counts": preview.counts,
            "columns": preview.columns,
            "form": ImportConfirmForm(),
            "empty_formulas": batch.empty_formulas,
            "empty_formula_cells": ", ".join(batch.empty_formulas[:10]),
        },
    )


@group_view(methods=ACTION)
def import_confirm(request, group, batch):
    batch = get_object_or_404(group.import_batches, pk=batch)
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
    except tables.TableError as error:
        messages.error(request, error.message)
        return redirect(_url("participant-list", group))
    messages.success(request, _summary(counts))
    return redirect(_url("participant-list", group))


def _summary(counts):
    created, updated = counts[importing.NEW], counts[importing.UPDATE]
    sentences = [
        ngettext("%(count)s participant has been added.", "%(count)s participants have been added.", created)
        % {"count": created},
        ngettext("%(count)s participant has been updated.", "%(count)s participants have been updated.", updated)
        % {"count": updated},
    ]
    if counts.skipped:
        sentences.append(
            ngettext("%(count)s row has been skipped.", "%(count)s rows have been skipped.", counts.skipped)
            % {"count": counts.skipped}
        )
    if possible_duplicates := counts[importing.POSSIBLE_DUPLICATE]:
        sentences.append(
            ngettext(
                "%(count)s possible duplicate has not been imported.",
                "%(count)s possible duplicates have not been imported.",
                possible_duplicates,
            )
            % {"count": possible_duplicates}
        )
    return " ".join(sentences)
