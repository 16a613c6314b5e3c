"""Forms of the measures: create and edit (one select for the responsible), the status change, the register's
filters. The cleaned data holds model values; saving goes through ``minutes.measures`` (history!), not ``save()``."""

import decimal
import re

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arbeitskreis.forms import GroupModelForm
from findings.forms import NAME_ORDER, participant_choices, participants_for
from minutes.measure_selectors import SORTS, STATUS_FILTERS
from minutes.models import Measure, MeasureStatus

MAX_BUDGET = decimal.Decimal("9999999999.99")  # max_digits=12, decimal_places=2
_AMOUNT = re.compile(r"^\d+(?:[.,]\d+)*$")


def parse_amount(text: str) -> decimal.Decimal:
    """An amount in euros as people type it: "1500", "1500,50", "1.500,50", "1,500.50", "1 500 €".

    The last "," or "." followed by one or two digits is the decimal separator; every other one separates thousands.
    Raises ``ValueError`` for anything else ("abc", "-5" — a sign is not part of an amount here).
    """
    text = text.replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "").strip()
    if not _AMOUNT.match(text):
        raise ValueError(text)
    match = re.search(r"[.,](\d{1,2})$", text)
    whole, cents = (text[: match.start()], match.group(1)) if match else (text, "0")
    return decimal.Decimal(re.sub(r"[.,]", "", whole) + "." + cents)


class BudgetField(forms.CharField):
    """A budget in euros (optional): refused with a German message when it is not an amount or is negative."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if value.lstrip().startswith("-"):
            raise forms.ValidationError(_("The budget cannot be negative."), code="negative")
        try:
            amount = parse_amount(value)
        except (ValueError, decimal.InvalidOperation):
            raise forms.ValidationError(
                _("Please enter an amount in euros, e.g. 1500 or 1.500,50."), code="invalid"
            ) from None
        if amount > MAX_BUDGET:
            raise forms.ValidationError(_("The budget is too large."), code="max_value")
        return amount

    def prepare_value(self, value):
        if isinstance(value, decimal.Decimal):
            return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
        return value


def responsible_choices(group, *, empty_label, keep_participant=None, keep_organization=None, in_measures=False):
    """One select for the responsible: participants and organisations of the group, as "p:<id>" / "o:<id>", in
    German order. For a form: active ones plus the current value; for the register's filter (``in_measures``):
    only those some measure of the group names — also people who left and archived organisations."""
    if in_measures:
        people = group.participants.filter(pk__in=group.measures.values("responsible_participant"))
        organizations = group.organizations.filter(pk__in=group.measures.values("responsible_organization"))
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
    """The meetings some measure of the group was decided in, newest first, as ``(pk, "title (date)")`` (one query
    for the values only)."""
    meetings = (
        group.meetings.filter(pk__in=group.measures.values("meeting"))
        .order_by("-start", "-pk")
        .values_list("pk", "title", "start")
    )
    return [("", empty_label)] + [
        (pk, f"{title} ({formats.date_format(timezone.localtime(start), 'SHORT_DATE_FORMAT')})")
        for pk, title, start in meetings
    ]


class MeasureForm(GroupModelForm):
    """Create or edit a measure: what, details, the meeting it was decided in, who is responsible (one select), due
    date, budget and funding source."""

    responsible = forms.ChoiceField(label=_("Responsible"), required=False)
    budget = BudgetField(
        label=_("Budget (EUR)"), required=False, help_text=_("Optional, e.g. 1.500 or 2.000,50 (in euros).")
    )

    class Meta:
        model = Measure
        fields = ["title", "description", "meeting", "due_date", "budget", "funding_source"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": _("What is to be done?")}
        error_messages = {"title": {"required": _("Please say what is to be done.")}}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.fields["meeting"].queryset = group.meetings.order_by("-start", "-pk")
        self.fields["meeting"].empty_label = gettext("not decided in a meeting")
        self.fields["funding_source"].help_text = gettext(
            "E.g. Landesprogramm Integrationsmanagement, Kommunaler Haushalt."
        )
        self.fields["responsible"].choices = responsible_choices(
            group,
            empty_label=gettext("nobody yet"),
            keep_participant=self.instance.responsible_participant_id,
            keep_organization=self.instance.responsible_organization_id,
        )
        if self.instance.responsible_participant_id:
            self.initial.setdefault("responsible", f"p:{self.instance.responsible_participant_id}")
        elif self.instance.responsible_organization_id:
            self.initial.setdefault("responsible", f"o:{self.instance.responsible_organization_id}")

    def clean_title(self):
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if not title:
            raise forms.ValidationError(_("Please say what is to be done."), code="required")
        return title

    def clean_responsible(self):
        if len(self.data.getlist(self.add_prefix("responsible"))) > 1:
            raise forms.ValidationError(
                _("Please choose one participant or one organisation as responsible, not several."), code="several"
            )
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
        meeting, due = cleaned.get("meeting"), cleaned.get("due_date")
        if meeting and due:
            day = timezone.localtime(meeting.start).date()
            if due < day:
                self.add_error(
                    "due_date",
                    gettext("The due date lies before the meeting the measure was decided in (%(date)s).")
                    % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")},
                )
        return cleaned


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=MeasureStatus.choices)


class MeasureFilterForm(forms.Form):
    """The register's filters, read from the query string. Unknown values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    responsible = forms.ChoiceField(label=_("Responsible"), required=False)
    meeting = forms.TypedChoiceField(label=_("Decided in the meeting"), required=False, coerce=int)
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
        choices = responsible_choices(group, empty_label=gettext("everyone"), in_measures=True)
        choices.insert(1, ("none", gettext("nobody responsible")))
        self.fields["responsible"].choices = choices
        self.fields["meeting"].choices = meeting_choices(group, empty_label=gettext("all meetings"))
        self.fields["followup"].queryset = group.meetings.all()
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        """The valid filters; an invalid field (e.g. a deleted meeting in an old bookmark) is left out."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        return {key: value for key, value in data.items() if key not in self.errors and value not in (None, "", False)}
