"""The import of a participant list: upload → (column mapping) → preview → confirmation, all or nothing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

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


def _batch(group, pk):
    return get_object_or_404(group.import_batches.select_related("imported_by"), pk=pk)


def _done(request, group, batch):
    """A finished import opened again (browser back, a bookmark): what was imported, when and by whom."""
    summary = _summary(importing.Counts.from_stored(batch.counts))
    return render(request, "members/import_done.html", {"group": group, "batch": batch, "summary": summary})


@never_cache  # the browser's back button asks again: a finished import shows what it did
@group_view(methods=FORM, write=True)
def import_map(request, group, batch):
    batch = _batch(group, batch)
    if batch.imported_at:
        return _done(request, group, batch)
    form = ImportMappingForm(request.POST or None, headers=batch.headers, mapping=batch.mapping)
    if request.method == "POST" and form.is_valid():
        services.set_import_mapping(batch=batch, mapping=form.mapping())
        return redirect(_url("import-preview", group, batch=batch.pk))
    unknown = set(importing.unknown_columns(batch.headers, batch.mapping, batch.rows))
    columns = [
        {"field": form[f"column_{index}"], "unknown": index in unknown, "samples": _samples(batch.rows, index)}
        for index in range(len(batch.headers))
    ]
    context = {
        "group": group,
        "batch": batch,
        "form": form,
        "columns": columns,
        "recognised": _recognised(batch),
        "unknown": [form[f"column_{index}"].label for index in sorted(unknown)],
        "has_name_column": importing.has_name_column(batch.mapping),
    }
    return render(request, "members/import_map.html", context)


def _recognised(batch):
    """``["Nachname (column “Name”)", "Vorname", …]``: the fields the columns were matched to, in the file's
    order, with the column's header where it is not (a shortening of) the field's own name."""
    found = []
    for index, header in enumerate(batch.headers):
        if name := batch.mapping.get(str(index)):
            label = str(importing.FIELDS[name])
            key, label_key = importing.normalise_header(header), importing.normalise_header(label)
            if not (key.startswith(label_key) or label_key.startswith(key)):  # "E-Mail" for "E-Mail-Adresse"
                label = _("%(field)s (column “%(header)s”)") % {"field": label, "header": header}
            found.append(label)
    return found


def _samples(rows, index, count=3):
    values = [row[index] for row in rows if index < len(row) and row[index]]
    return values[:count]


@never_cache
@group_view(write=True)
def import_preview(request, group, batch):
    batch = _batch(group, batch)
    if batch.imported_at:
        return _done(request, group, batch)
    if not importing.has_name_column(batch.mapping):
        return redirect(_url("import-map", group, batch=batch.pk))
    preview = selectors.import_preview(batch)
    return _preview_page(request, group, batch, preview, ImportConfirmForm(invalid_emails=preview.invalid_emails))


def _preview_page(request, group, batch, preview, form):
    for result in preview.results:  # every row gets both (a missing attribute is slow to look up in a template)
        offered = result.line in preview.invalid_emails
        result.email_field = form.email_field(result.line) if offered else None
        result.kept = form.is_kept(result.line) if offered else False
    return render(
        request,
        "members/import_preview.html",
        {
            "group": group,
            "batch": batch,
            "results": preview.results,
            "counts": preview.counts,
            "columns": preview.columns,
            "details": preview.details,
            "form": form,
            "create_anyway": form.cleaned_data["create_anyway"] if form.is_bound else frozenset(),
            "empty_formulas": batch.empty_formulas,
            "empty_formula_cells": ", ".join(batch.empty_formulas[:10]),
        },
    )


@group_view(methods=ACTION)
def import_confirm(request, group, batch):
    batch = _batch(group, batch)
    if batch.imported_at:
        messages.error(request, _("This file has already been imported."))
        return redirect(_url("import-preview", group, batch=batch.pk))
    preview = selectors.import_preview(batch)
    form = ImportConfirmForm(request.POST, invalid_emails=preview.invalid_emails)
    if not form.is_valid():
        # The preview again, with each message next to its row or field (nothing has been stored).
        return _preview_page(request, group, batch, preview, form)
    try:
        counts = services.import_participants(batch=batch, data=form.cleaned_data, by=request.user)
    except tables.TableError as error:  # imported meanwhile, e.g. in another tab
        messages.error(request, error.message)
        return redirect(_url("import-preview", group, batch=batch.pk))
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
    if counts.without_email:
        sentences.append(
            ngettext(
                "%(count)s person has been added without their invalid email address; their page shows it.",
                "%(count)s people have been added without their invalid email addresses; their pages show them.",
                counts.without_email,
            )
            % {"count": counts.without_email}
        )
    return " ".join(sentences)
