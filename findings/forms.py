from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arbeitskreis import collation, languages
from arbeitskreis.forms import GroupModelForm
from arbeitskreis.hooks import Hook
from findings.models import (
    ContentArea,
    Finding,
    FindingStatus,
    Priority,
    Suggestion,
    SuggestionKind,
    integreat_url_validator,
)
from findings.selectors import SORTS, STATUS_FILTERS, meetings_for_topics
from members.models import participant_name

# People and organisations in German order, in every dropdown.
PEOPLE_ORDER = collation.german("family_name", "given_name", "pk")
NAME_ORDER = collation.german("name", "pk")

LANGUAGE_ERRORS = {"invalid_choice": _("Unknown language code “%(value)s”. Please choose a language from the list.")}


class HttpURLField(forms.URLField):
    """A URL field that accepts only http and https (not ftp), with one clear message."""

    default_validators = [integreat_url_validator]
    default_error_messages = {"invalid": integreat_url_validator.message}


def participants_for(group, keep=None):
    """The group's active participants, plus ``keep`` (the pk of the current value, even if they left or were erased).

    An edit form must offer the value the finding has now; otherwise nothing is preselected and an unrelated
    change would silently save "nobody".
    """
    wanted = Q(left_on__isnull=True, erased_at__isnull=True)
    if keep:
        wanted |= Q(pk=keep)
    return group.participants.filter(wanted).select_related("organization").order_by(*PEOPLE_ORDER)


def participant_label(participant):
    """'Petra Wagner (Jobcenter)': two people of the same name stay apart."""
    organization = participant.organization.name if participant.organization_id else ""
    return _labelled(participant.display_name, organization, erased=participant.is_erased)


def _labelled(name, organization, *, erased):
    return f"{name} ({organization})" if organization and not erased else name


def participant_choices(people):
    """``[("p:<id>", participant_label), …]`` of ``people`` (a queryset) in German order, read as values: a select
    of 300 people needs their names, not 600 model instances."""
    rows = people.order_by(*PEOPLE_ORDER).values_list(
        "pk", "given_name", "family_name", "erased_at", "organization__name"
    )
    choices = []
    for pk, given_name, family_name, erased_at, organization in rows:
        erased = erased_at is not None
        name = participant_name(given_name, family_name, erased=erased)
        choices.append((f"p:{pk}", _labelled(name, organization, erased=erased)))
    return choices


def assignee_choices(group, *, empty_label, keep_participant=None, keep_organization=None, in_findings=False):
    """One select for the assignee: participants and organisations of the group, as "p:<id>" / "o:<id>", in
    German order.

    For a form: active participants and organisations plus the current value; for the register's filter
    (``in_findings``): only those some content gap of the group is assigned to — also people who left and archived
    organisations, whose content gaps one may still look for.
    """
    if in_findings:
        people = group.participants.filter(pk__in=group.findings.values("assignee_participant"))
        organizations = group.organizations.filter(pk__in=group.findings.values("assignee_organization"))
    else:
        people = participants_for(group, keep_participant)
        current = Q(archived=False) | Q(pk=keep_organization) if keep_organization else Q(archived=False)
        organizations = group.organizations.filter(current)
    return [
        ("", empty_label),
        (gettext("Participants"), participant_choices(people)),
        (gettext("Organisations"), [(f"o:{o.pk}", o.name) for o in organizations.order_by(*NAME_ORDER)]),
    ]


def meeting_choices(group, *, empty_label):
    """The meetings some content gap of the group was raised in, newest first, as ``(pk, "title (date)")``: one
    query for the values only, the date format looked up once."""
    pattern = _strftime(formats.get_format("SHORT_DATE_FORMAT"))
    meetings = (
        group.meetings.filter(pk__in=group.findings.values("raised_in_meeting"))
        .order_by("-start", "-pk")
        .values_list("pk", "title", "start")
    )
    return [("", empty_label)] + [
        (pk, f"{title} ({timezone.localtime(start).strftime(pattern)})") for pk, title, start in meetings
    ]


def _strftime(django_format):
    """A ``strftime`` pattern for a numeric Django date format such as "d.m.Y" (German) or "m/d/Y" (English)."""
    codes = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y"}
    if all(char in codes or not char.isalpha() for char in django_format):
        return "".join(codes.get(char, char.replace("%", "%%")) for char in django_format)
    return "%Y-%m-%d"


class FindingForm(GroupModelForm):
    """Create or edit a content gap. Saving goes through ``findings.services`` (history!), not ``save()``; the
    cleaned data holds model values (languages packed, the assignee split into participant or organisation)."""

    languages = forms.MultipleChoiceField(
        label=_("Affected languages"),
        choices=languages.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages=LANGUAGE_ERRORS,
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    integreat_url = HttpURLField(
        label=_("Integreat page"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Optional: the address of the page in the Integreat app, e.g. https://integreat.app/…"),
    )

    class Meta:
        model = Finding
        fields = [
            "title",
            "description",
            "content_area",
            "kind",
            "priority",
            "raised_in_meeting",
            "raised_by",
            "due_date",
            "integreat_url",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.warnings = []
        self.fields["content_area"].queryset = ContentArea.objects.available_to(group)
        self.fields["raised_in_meeting"].queryset = group.meetings.order_by("-start")
        self.fields["raised_by"].queryset = participants_for(group, self.instance.raised_by_id)
        self.fields["raised_by"].label_from_instance = participant_label
        self.fields["assignee"].choices = assignee_choices(
            group,
            empty_label=gettext("nobody yet"),
            keep_participant=self.instance.assignee_participant_id,
            keep_organization=self.instance.assignee_organization_id,
        )
        if self.instance.pk:
            self.initial.setdefault("languages", self.instance.language_codes)
            if self.instance.assignee_participant_id:
                self.initial.setdefault("assignee", f"p:{self.instance.assignee_participant_id}")
            elif self.instance.assignee_organization_id:
                self.initial.setdefault("assignee", f"o:{self.instance.assignee_organization_id}")

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate() and due != (self.instance.due_date if self.instance.pk else None):
            self.warnings.append(
                gettext("The due date %(date)s lies in the past. The content gap has been saved anyway.")
                % {"date": formats.date_format(due, "SHORT_DATE_FORMAT")}
            )
        return due

    def clean_languages(self):
        return languages.pack(self.cleaned_data["languages"])

    def clean_assignee(self):
        value = self.cleaned_data.get("assignee") or ""
        participant = organization = None
        if value.startswith("p:") and value[2:].isdigit():
            participant = self.group.participants.filter(pk=value[2:]).first()
        elif value.startswith("o:") and value[2:].isdigit():
            organization = self.group.organizations.filter(pk=value[2:]).first()
        self.cleaned_data["assignee_participant"] = participant
        self.cleaned_data["assignee_organization"] = organization
        return value


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=FindingStatus.choices)
    note = forms.CharField(label=_("Resolution note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContentAreaForm(forms.Form):
    name = forms.CharField(label=_("New content area"), max_length=100)


class RegisterFilterForm(forms.Form):
    """The register's filters, read from the query string. Unknown values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    area = forms.ModelChoiceField(label=_("Content area"), required=False, queryset=ContentArea.objects.none())
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("all languages")), *languages.LANGUAGES]
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), required=False, coerce=int, choices=[("", _("all priorities")), *Priority.choices]
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    meeting = forms.TypedChoiceField(label=_("Raised in meeting"), required=False, coerce=int)
    followup = forms.ModelChoiceField(
        label=_("Follow-up of meeting"), required=False, queryset=None, widget=forms.HiddenInput
    )
    overdue = forms.BooleanField(label=_("only overdue"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, label) for key, (label, _o) in SORTS.items()]
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [(key, label) for key, (label, _v) in STATUS_FILTERS.items()]
        self.fields["status"].choices = [("", gettext("all")), *statuses]
        self.fields["area"].queryset = ContentArea.objects.available_to(group)
        self.fields["area"].empty_label = gettext("all areas")
        self.fields["meeting"].choices = meeting_choices(group, empty_label=gettext("all meetings"))
        self.fields["followup"].queryset = group.meetings.all()
        choices = assignee_choices(group, empty_label=gettext("everyone"), in_findings=True)
        choices.insert(1, ("none", gettext("nobody assigned")))
        self.fields["assignee"].choices = choices
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        """The valid filters; an invalid field (e.g. a deleted area in an old bookmark) is left out."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        return {key: value for key, value in data.items() if key not in self.errors and value not in (None, "", False)}


# The pages of the municipality's Integreat tree a suggestion can name, from a later app (wired in
# arbeitskreis/wiring.py): each connected function takes the group and returns grouped choices
# ``[(group label, [(address, title), …]), …]`` — none while the municipality has no page tree.
suggestion_page_sources = Hook("pages a suggestion can name")


class SuggestionForm(GroupModelForm):
    """What a participant fills in on the personal page: a content gap or a topic for the next agenda."""

    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.ChoiceField(
        label=_("Language concerned"),
        required=False,
        choices=[("", _("no particular language")), *languages.LANGUAGES],
        error_messages=LANGUAGE_ERRORS,
    )

    class Meta:
        model = Suggestion
        fields = ["kind", "title", "description", "language", "content_area"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": _("What would you like to suggest?")}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.fields["kind"].choices = SuggestionKind.choices
        self.fields["content_area"].queryset = ContentArea.objects.available_to(group)
        self.fields["content_area"].empty_label = gettext("not sure")
        pages = [choice for part in suggestion_page_sources(group) for choice in part]
        self.page_titles = {url: title.lstrip("– ") for _label, choices in pages for url, title in choices}
        if pages:
            self.fields["integreat_url"] = forms.ChoiceField(
                label=_("Page in the Integreat app"),
                required=False,
                choices=[("", gettext("no particular page")), *pages],
                help_text=_("If your suggestion is about a page of the app (e.g. “this page is outdated”)."),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("integreat_url") or ""
        cleaned["integreat_url"] = url
        cleaned["integreat_title"] = self.page_titles.get(url, "")[:500]
        return cleaned


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it declined?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The participant sees this note on their personal page."),
        error_messages={"required": _("Please tell the participant why the suggestion is declined.")},
    )


class AcceptTopicForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Add to the agenda of"),
        queryset=None,
        error_messages={"required": _("Please choose the meeting whose agenda gets this topic.")},
    )

    def __init__(self, *args, group, meetings=None, **kwargs):
        """``meetings``: the already loaded choices (the triage page renders many forms with one query)."""
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings_for_topics(group)
        if meetings is not None:
            field.choices = [(meeting.pk, str(meeting)) for meeting in meetings]
        field.widget.attrs["class"] = "form-select"
