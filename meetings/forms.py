"""Forms of the meetings app. Model forms take their parent (group, meeting) as a keyword-only argument."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from arbeitskreis.forms import GroupModelForm
from meetings.models import (
    MAX_FOCUS_QUESTIONS,
    RECOMMENDED_MINUTES,
    AgendaItem,
    AgendaTemplate,
    Answer,
    FocusQuestion,
    Meeting,
)
from meetings.scheduling import BERLIN, day_off


def local_moment(form, field, day: datetime.date, time: datetime.time) -> datetime.datetime | None:
    """``day`` at ``time`` on the clock in Berlin, as an aware datetime in UTC.

    A time that does not exist that day (the clocks jump from 2:00 to 3:00 at the end of March) or exists
    twice (2:00–3:00 at the end of October) is refused with a German message next to ``field``; returns None.
    """
    first = datetime.datetime.combine(day, time, tzinfo=BERLIN)
    second = first.replace(fold=1)
    if first.astimezone(datetime.UTC).astimezone(BERLIN).replace(tzinfo=None) != first.replace(tzinfo=None):
        form.add_error(
            field,
            ValidationError(
                _("On %(date)s the clocks go forward: the time %(time)s does not exist that day in Germany."),
                code="nonexistent_time",
                params={"date": formats.date_format(day, "SHORT_DATE_FORMAT"), "time": time.strftime("%H:%M")},
            ),
        )
        return None
    if first.utcoffset() != second.utcoffset():
        form.add_error(
            field,
            ValidationError(
                _(
                    "On %(date)s the clocks go back: the time %(time)s occurs twice that day. Please choose "
                    "another time."
                ),
                code="ambiguous_time",
                params={"date": formats.date_format(day, "SHORT_DATE_FORMAT"), "time": time.strftime("%H:%M")},
            ),
        )
        return None
    return first.astimezone(datetime.UTC)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id; an id too large for the database is refused like any unknown id (Django looks
    it up as it is: SQLite raises ``OverflowError``, a server error)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and not -(2**63) <= int(text) < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text}
                )
        return super()._check_values(value)


class QuestionChoiceField(IdsChoiceField):
    def label_from_instance(self, obj):
        return obj.text


class MeetingForm(GroupModelForm):
    """Create or edit a meeting: one day, start and end time, place and/or online link, 1–2 focus questions.

    The cleaned data holds ``start`` and ``end`` (aware datetimes) for the service. After validation ``warnings``
    holds German notes that do not block saving (duration outside 60–120 minutes, a new meeting in the past).
    """

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    focus_questions = QuestionChoiceField(
        label=_("Focus questions"),
        queryset=FocusQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or two questions at the centre of the meeting."),
    )

    class Meta:
        model = Meeting
        fields = ["title", "place", "online_link", "focus_questions", "organiser_notes"]
        field_classes = {"online_link": forms.URLField}
        widgets = {"organiser_notes": forms.Textarea(attrs={"rows": 3})}

    field_order = ["title", "day", "start_time", "end_time", "place", "online_link", "focus_questions"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.warnings = []
        self.fields["online_link"].assume_scheme = "https"
        self.fields["online_link"].help_text = _("For meetings held online or with online participation.")
        self.fields["focus_questions"].queryset = FocusQuestion.objects.available_to(group)
        self.saved_day = None
        if self.instance.pk:
            start, end = timezone.localtime(self.instance.start), timezone.localtime(self.instance.end)
            self.initial.update(day=start.date(), start_time=start.time(), end_time=end.time())
            self.saved_day = start.date()

    def clean_focus_questions(self):
        questions = self.cleaned_data["focus_questions"]
        if len(questions) > MAX_FOCUS_QUESTIONS:
            raise ValidationError(_("Please choose at most two focus questions."), code="too_many")
        return questions

    def clean(self):
        cleaned = super().clean()
        day, start_time, end_time = (cleaned.get(name) for name in ("day", "start_time", "end_time"))
        if not cleaned.get("place") and not cleaned.get("online_link") and "place" not in self.errors:
            self.add_error("place", _("Please give a place or an online link (or both)."))
        if day and start_time and end_time:
            start = local_moment(self, "start_time", day, start_time)
            end = local_moment(self, "end_time", day, end_time)
            if start is None or end is None:
                return cleaned
            if end <= start:
                self.add_error("end_time", _("The end must be after the start."))
            else:
                cleaned["start"], cleaned["end"] = start, end
                self.instance.start, self.instance.end = start, end
                # Both in UTC: the real length, also on the nights the clocks change.
                minutes = int((end - start).total_seconds() // 60)
                low, high = RECOMMENDED_MINUTES
                if not low <= minutes <= high:
                    self.warnings.append(
                        _(
                            "The meeting lasts %(minutes)s minutes. The guidance recommends 60 to 120 minutes "
                            "including breaks."
                        )
                        % {"minutes": minutes}
                    )
                if self.instance.pk is None and start < timezone.now():
                    self.warnings.append(_("The date of this new meeting lies in the past."))
                if day != self.saved_day:
                    self._warn_day_off(day)
        return cleaned

    def _warn_day_off(self, day):
        """A new meeting or a meeting moved to a weekend day or a public holiday of the Bundesland gets a warning,
        not an error: some groups meet on Saturdays."""
        state = self.group.federal_state
        off = day_off(day, state=state, language=get_language() or "de")
        if off is None:
            return
        date = formats.date_format(day, "DATE_FORMAT")
        if off.holiday:
            self.warnings.append(
                _("%(date)s is a public holiday in %(state)s (%(name)s).")
                % {"date": date, "state": self.group.federal_state_name, "name": off.holiday}
            )
        else:
            self.warnings.append(
                _("%(date)s is a %(weekday)s.") % {"date": date, "weekday": formats.date_format(day, "l")}
            )


class MeetingCreateForm(MeetingForm):
    """A new meeting additionally starts from an agenda template."""

    template = forms.ModelChoiceField(
        label=_("Agenda template"),
        queryset=None,
        required=False,
        empty_label=_("Empty agenda"),
        help_text=_("The agenda is copied from the template; you can change it afterwards."),
    )

    field_order = [*MeetingForm.field_order, "template"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.fields["template"].queryset = AgendaTemplate.objects.available_to(group)


class AgendaItemForm(forms.ModelForm):
    # Not the model's PositiveSmallIntegerField form field, so that a negative number gets our own message.
    planned_minutes = forms.IntegerField(
        label=_("Planned minutes"), initial=10, widget=forms.NumberInput(attrs={"min": 0, "max": 600})
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "planned_minutes", "presenter", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance.meeting = meeting

    def clean_planned_minutes(self):
        minutes = self.cleaned_data["planned_minutes"]
        if minutes is not None and minutes < 0:
            raise ValidationError(_("The planned minutes cannot be negative."), code="negative")
        if minutes is not None and minutes > 600:
            raise ValidationError(_("Please plan at most 600 minutes for one item."), code="too_long")
        return minutes


class SaveAsTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name of the template"), max_length=200)


class FocusQuestionForm(GroupModelForm):
    class Meta:
        model = FocusQuestion
        fields = ["text", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class InvitationRecipientsForm(forms.Form):
    """Whom to invite: the contactable participants not invited yet, all ticked unless the coordinator unticks."""

    participants = IdsChoiceField(
        label=_("Invite"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one person to invite.")},
    )

    def __init__(self, *args, participants, ticked=(), **kwargs):
        """``participants``: who may be chosen (a queryset); ``ticked``: who is ticked at first (ids)."""
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        field.queryset = participants
        field.label_from_instance = lambda person: (
            f"{person.display_name} ({person.organization.name})" if person.organization_id else person.display_name
        )
        if not self.is_bound:
            self.initial["participants"] = list(ticked)


ANSWER_CHOICES = [
    (Answer.ACCEPTED, _("Yes, I will come")),
    (Answer.TENTATIVE, _("Maybe")),
    (Answer.DECLINED, _("No, I cannot come")),
]


class AnswerForm(forms.Form):
    """A participant's answer on their personal page; a link from the mail preselects it, only the POST records it."""

    answer = forms.ChoiceField(
        label=_("Will you come?"),
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose whether you will come.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        help_text=_("E.g. “I will come later” or who comes instead of you."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CoordinatorAnswerForm(AnswerForm):
    """An answer the coordination enters for a participant (e.g. after a phone call)."""

    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Answer.ACCEPTED, Answer.ACCEPTED.label),
            (Answer.TENTATIVE, Answer.TENTATIVE.label),
            (Answer.DECLINED, Answer.DECLINED.label),
        ],
        error_messages={"required": _("Please choose an answer.")},
    )


class FeedForm(forms.Form):
    label = forms.CharField(
        label=_("For whom is the link?"),
        max_length=200,
        help_text=_("E.g. “Outlook of the integration office”: so that you know later whom to ask before renewing it."),
    )
