from django import forms

from arbeitskreis.models import WorkingGroup


class WorkingGroupSettingsForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "cadence_months",
            "default_start_time",
            "default_duration_minutes",
            "default_place",
            "default_online_link",
            "organizer_name",
            "organizer_email",
        ]
        widgets = {"default_start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        field_classes = {"default_online_link": forms.URLField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_online_link"].assume_scheme = "https"


class GroupModelForm(forms.ModelForm):
    """A model form for an object of a working group. It takes the group as a keyword-only argument and sets it on
    the instance, so that the form's validation (names unique per group) and its choices see the group; the
    service that saves the object sets it again from its own ``group`` argument."""

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.instance.working_group = group
