"""Forms of the networks app: a new network, feedback to the Integreat team and the staff's answer, the inbox's
filters, the report's meeting and the newcomers' public form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from arbeitskreis import languages
from arbeitskreis.models import State, WorkingGroup
from findings.models import ContentArea
from networks.models import FeedbackCategory, FeedbackStatus, Found


class NetworkForm(forms.Form):
    """Staff make the regional network of a Bundesland: online by default."""

    state = forms.ChoiceField(label=_("Federal state"), choices=())
    default_online_link = forms.URLField(
        label=_("Online link of the meetings"),
        assume_scheme="https",
        help_text=_("The video conference the network meets in; each meeting can have its own."),
    )
    organizer_name = forms.CharField(
        label=capfirst(WorkingGroup._meta.get_field("organizer_name").verbose_name), max_length=200
    )
    organizer_email = forms.EmailField(
        label=capfirst(WorkingGroup._meta.get_field("organizer_email").verbose_name),
        help_text=WorkingGroup._meta.get_field("organizer_email").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(WorkingGroup.objects.networks().values_list("state", flat=True))
        self.fields["state"].choices = [("", "–")] + [(code, name) for code, name in State.choices if code not in taken]


class FeedbackForm(forms.Form):
    """A coordinator passes something on to the Integreat team; for minutes, which part (``parts``)."""

    category = forms.ChoiceField(
        label=_("What kind of feedback is it?"), choices=FeedbackCategory.choices, widget=forms.RadioSelect
    )
    part = forms.ChoiceField(label=_("Which part of the minutes?"), choices=(), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Your feedback to the Integreat team"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What should the Integreat team know or change? Please name no participants."),
    )

    def __init__(self, *args, parts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parts is None:
            del self.fields["part"]
        else:
            self.fields["part"].choices = [(part.key, part.label) for part in parts]


class AnswerForm(forms.Form):
    """Staff answer a feedback."""

    status = forms.ChoiceField(label=_("Status"), choices=FeedbackStatus.choices)
    reply = forms.CharField(
        label=_("Reply to the coordination"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown next to the item and sent by mail when it changes."),
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("all"))] + FeedbackStatus.choices, required=False)
    state = forms.ChoiceField(label=_("Federal state"), choices=[("", _("all"))] + State.choices, required=False)
    category = forms.ChoiceField(
        label=_("Kind of feedback"), choices=[("", _("all"))] + FeedbackCategory.choices, required=False
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NewcomerForm(forms.Form):
    """The anonymous form of the newcomers (no name, no address). ``website`` is a trap for robots: people do not see
    it, and an answer with it filled in is dropped without a word."""

    content_area = AreaChoiceField(queryset=ContentArea.objects.none(), required=False)
    topic = forms.CharField(max_length=200, required=False)
    language = forms.ChoiceField(choices=(), required=False)
    found = forms.ChoiceField(choices=Found.choices, widget=forms.RadioSelect)
    missing = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_area"].queryset = ContentArea.objects.available_to(group)
        self.fields["language"].choices = [("", "–")] + [(code, code) for code, _name in languages.LANGUAGES]

    def clean_found(self):
        value = self.cleaned_data["found"]
        if value not in Found.values:
            raise ValidationError(_("Please choose an answer."), code="invalid")
        return value

    @property
    def is_trap(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ReportForm(forms.Form):
    """Which network meeting the report is for (its day ends the half-year)."""

    meeting = forms.TypedChoiceField(label=_("For the meeting"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("today"))] + [(meeting.pk, str(meeting)) for meeting in meetings]
