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
