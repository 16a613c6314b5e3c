"""Forms of the minutes: the recording page (one form for the whole meeting) and the workflow's small forms."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minutes.models import AttendanceStatus

MAX_NOTES = 20_000
MAX_LINE = 2_000


class RecordForm(forms.Form):
    """Everything written in the meeting, saved at once: attendance of every participant, guests, notes per agenda
    item, answers to the focus questions, decisions — and, optionally, a content gap raised.

    ``cleaned_data`` holds what ``minutes.services.save`` takes: ``attendance`` ({participant id: status}), ``guests``
    ([(name, organisation)]), ``notes`` ({agenda item id: text}), ``answers`` ({question id: text}), ``decisions``
    ([text]), and ``revision`` (the save this form was made from).
    """

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "invalid": gettext_lazy("The form is out of date. Please reload the page."),
            "required": gettext_lazy("The form is out of date. Please reload the page."),
            "min_value": gettext_lazy("The form is out of date. Please reload the page."),
        },
    )
    guests = forms.CharField(
        label=gettext_lazy("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One person per line: name; organisation (the organisation may be left out)."),
    )
    decisions = forms.CharField(
        label=gettext_lazy("Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One decision per line."),
    )

    def __init__(self, *args, attendance_rows, agenda_rows, questions, notes, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendance_rows, self.agenda_rows, self.questions = attendance_rows, agenda_rows, questions
        for row in attendance_rows:
            person = row["participant"]
            self.fields[f"attendance_{person.pk}"] = forms.ChoiceField(
                label=person.display_name,
                choices=AttendanceStatus.choices,
                initial=row["status"],
                widget=forms.RadioSelect,
            )
        for row in agenda_rows:
            self.fields[f"note_{row.item.pk}"] = forms.CharField(
                label=f"{row.number}. {row.item.title}",
                required=False,
                max_length=MAX_NOTES,
                initial=notes.get(row.item.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for question in questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                max_length=MAX_NOTES,
                initial=answers.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def attendance_fields(self):
        return [(row, self[f"attendance_{row['participant'].pk}"]) for row in self.attendance_rows]

    def note_fields(self):
        return [(row, self[f"note_{row.item.pk}"]) for row in self.agenda_rows]

    def answer_fields(self):
        return [self[f"answer_{question.pk}"] for question in self.questions]

    def clean_guests(self):
        guests = []
        for line in self.cleaned_data["guests"].splitlines():
            name, _sep, organization = (part.strip() for part in line.partition(";"))
            if not name:
                continue
            if len(name) > 200 or len(organization) > 200:
                raise forms.ValidationError(_("Please keep names and organisations under 200 characters."))
            guests.append((name, organization))
        return guests

    def clean_decisions(self):
        lines = [line.strip() for line in self.cleaned_data["decisions"].splitlines() if line.strip()]
        if any(len(line) > MAX_LINE for line in lines):
            raise forms.ValidationError(
                _("A decision may have at most %(count)s characters; please split it.") % {"count": MAX_LINE}
            )
        return lines

    def clean(self):
        cleaned = super().clean()
        cleaned["attendance"] = {
            row["participant"].pk: cleaned[f"attendance_{row['participant'].pk}"]
            for row in self.attendance_rows
            if f"attendance_{row['participant'].pk}" in cleaned
        }
        cleaned["notes"] = {
            row.item.pk: cleaned[f"note_{row.item.pk}"] for row in self.agenda_rows if f"note_{row.item.pk}" in cleaned
        }
        cleaned["answers"] = {
            question.pk: cleaned[f"answer_{question.pk}"]
            for question in self.questions
            if f"answer_{question.pk}" in cleaned
        }
        return cleaned


class ApproveForm(forms.Form):
    approved_in = forms.ModelChoiceField(
        label=gettext_lazy("Approved in the meeting of"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("– not in a meeting –"),
    )
    confirm_missing_notes = forms.BooleanField(
        label=gettext_lazy("Approve all the same, although some agenda items have no notes"), required=False
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_in"].queryset = meetings
        self.fields["approved_in"].widget.attrs["class"] = "form-select"


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Please give the reason for the correction.")},
    )


class SendForm(forms.Form):
    recipients = forms.ChoiceField(
        label=gettext_lazy("Send to"),
        choices=[
            ("all", gettext_lazy("all participants of the working group")),
            ("attendees", gettext_lazy("only those who attended")),
        ],
        widget=forms.RadioSelect,
        initial="all",
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your remark on the draft"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Please write your remark.")},
    )
