"""Forms of the Integreat content: the tree's filters, the upload, the content areas, the meeting's checklist.

Each form's ``cleaned_data`` holds what its service takes (``data=``): parsed JSON, content areas, page paths,
languages, the responsible participant or organisation.
"""

import json

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from findings.forms import assignee_choices
from findings.models import ContentArea
from integreat.models import CheckResult
from integreat.selectors import NO_AREA


def _select(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["class"] = "form-select"


class TreeFilterForm(forms.Form):
    """The tree's filters, read from the query string; an unknown value is ignored, never an error page."""

    area = forms.ChoiceField(label=_("Content area"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    untranslated = forms.BooleanField(label=_("only with a translation missing or outdated"), required=False)
    outdated = forms.BooleanField(label=_("only pages not updated for"), required=False)
    months = forms.IntegerField(label=_("months"), required=False, min_value=1, max_value=120)

    def __init__(self, *args, areas, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {str(area.pk): area for area in areas}
        self.fields["area"].choices = [
            ("", gettext("all areas")),
            *[(key, area.name) for key, area in self.areas.items()],
            (NO_AREA, gettext("no content area")),
        ]
        self.fields["language"].choices = [("", gettext("all languages")), *languages.items()]
        self.fields["months"].initial = settings.INTEGREAT_STALE_MONTHS
        self.fields["months"].widget.attrs.update(size=3, inputmode="numeric")
        _select(self)

    def filters(self) -> dict:
        self.is_valid()
        data = {key: value for key, value in getattr(self, "cleaned_data", {}).items() if key not in self.errors}
        area = data.get("area")
        data["area"] = NO_AREA if area == NO_AREA else self.areas.get(area or "")
        data["months"] = data.get("months") or settings.INTEGREAT_STALE_MONTHS
        return {key: value for key, value in data.items() if value not in (None, "", False)}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleJSONField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,application/json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, (list, tuple)) else [data]) if file]
        if not files:
            super().clean(None, initial)  # "This field is required."
            return []
        return [super(MultipleJSONField, self).clean(file, initial) for file in files]


def _read_json(upload):
    limit = settings.INTEGREAT_API_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file “%(name)s” is larger than %(limit)s MB.") % {"name": upload.name, "limit": limit // 1048576}
        )
    try:
        return json.loads(upload.read())
    except (ValueError, RecursionError):
        raise forms.ValidationError(
            _("The file “%(name)s” is not valid JSON. Please save the answer of the API unchanged.")
            % {"name": upload.name}
        ) from None


class UploadForm(forms.Form):
    """The answers of the two API endpoints, saved as JSON files (for installations without internet access)."""

    regions = forms.FileField(
        label=_("Regions (answer of /api/v3/regions/)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
        help_text=_("The list of regions, or the answer of /api/v3/regions/<region>/ for the region alone."),
    )
    pages = MultipleJSONField(
        label=_("Pages (answers of /api/v3/<region>/<language>/pages/)"),
        help_text=_("One file per language of the region; choose them all at once."),
    )

    def clean_regions(self):
        return _read_json(self.cleaned_data["regions"])

    def clean_pages(self):
        return [(upload.name, _read_json(upload)) for upload in self.cleaned_data["pages"]]


class AreaMappingForm(forms.Form):
    """A content area for every top-level page; unsaved suggestions are preselected."""

    def __init__(self, *args, assignments, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignments = assignments
        self.areas = {str(area.pk): area for area in areas}
        choices = [("", gettext("no content area")), *[(key, area.name) for key, area in self.areas.items()]]
        for index, assignment in enumerate(assignments):
            field = forms.ChoiceField(label=assignment.title, choices=choices, required=False)
            field.initial = str(assignment.area.pk) if assignment.area else ""
            field.suggested = assignment.suggested
            self.fields[f"top_{index}"] = field
        _select(self)

    def rows(self):
        return [(assignment, self[f"top_{index}"]) for index, assignment in enumerate(self.assignments)]

    def clean(self):
        cleaned = super().clean()
        cleaned["mapping"] = {
            assignment.page_key: self.areas.get(cleaned.get(f"top_{index}") or "")
            for index, assignment in enumerate(self.assignments)
        }
        return cleaned


class PickAreasForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Content areas"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one content area.")},
    )

    def __init__(self, *args, choices, **kwargs):
        """``choices``: the AreaChoice rows of ``integreat.checklist.area_choices``."""
        super().__init__(*args, **kwargs)
        self.by_pk = {str(choice.area.pk): choice.area for choice in choices}
        self.fields["areas"].choices = [
            (
                str(choice.area.pk),
                gettext("%(area)s (%(pages)s pages, %(due)s due for a check)")
                % {"area": choice.area.name, "pages": choice.pages, "due": choice.due},
            )
            for choice in choices
        ]

    def clean_areas(self):
        return [self.by_pk[key] for key in self.cleaned_data["areas"]]


class PickPagesForm(forms.Form):
    area = forms.IntegerField(widget=forms.HiddenInput)
    pages = forms.MultipleChoiceField(
        label=_("Pages"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one page.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        """``candidates``: the Candidate rows of ``integreat.checklist.candidates`` (due ones first)."""
        super().__init__(*args, **kwargs)
        self.fields["pages"].choices = [(row.key, _candidate_label(row)) for row in candidates]


def _candidate_label(row):
    if row.check is None:
        state = gettext("never checked")
    else:
        state = gettext("last checked on %(date)s") % {
            "date": formats.date_format(timezone.localtime(row.check.checked_at), "SHORT_DATE_FORMAT")
        }
    return f"{'– ' * row.depth}{row.title} ({state})"


def area_of_group(group, pk):
    return ContentArea.objects.available_to(group).filter(pk=pk).first() if str(pk).isdigit() else None


class MarkForm(forms.Form):
    """The result of checking one page in the meeting (one form per page of the checklist)."""

    result = forms.ChoiceField(
        label=_("Result"),
        choices=CheckResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a result.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages concerned"), required=False, widget=forms.CheckboxSelectMultiple
    )
    responsible = forms.ChoiceField(label=_("Responsible"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, group, languages, responsible_choices=None, **kwargs):
        """``languages``: {code: label} of the region; ``responsible_choices`` computed once for all forms."""
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["languages"].choices = list(languages.items())
        self.fields["responsible"].choices = responsible_choices or assignee_choices(
            group, empty_label=gettext("nobody yet")
        )
        _select(self)

    def clean_responsible(self):
        value = self.cleaned_data.get("responsible") or ""
        participant = organization = None
        if value.startswith("p:") and value[2:].isdigit():
            participant = self.group.participants.filter(pk=value[2:]).first()
        elif value.startswith("o:") and value[2:].isdigit():
            organization = self.group.organizations.filter(pk=value[2:]).first()
        self.cleaned_data["responsible_participant"] = participant
        self.cleaned_data["responsible_organization"] = organization
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") == CheckResult.MISSING_TRANSLATION and not cleaned.get("languages"):
            self.add_error("languages", gettext("Please choose the languages the translation is missing in."))
        return cleaned
