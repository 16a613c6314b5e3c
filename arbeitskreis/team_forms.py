"""Forms of the team pages, the invitation page and the handover. Their ``cleaned_data`` goes to the keyword-only
services in arbeitskreis/team.py and arbeitskreis/handover.py."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis.accounts import email_taken
from arbeitskreis.history import person_name
from arbeitskreis.models import RoleKind

ROLE_CHOICES = [
    (RoleKind.COORDINATOR, gettext_lazy("Coordinator – reads and changes everything")),
    (RoleKind.OBSERVER, gettext_lazy("Observer – only reads")),
]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of your colleague"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLE_CHOICES, widget=forms.RadioSelect)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=RoleKind.choices)


class JoinForm(forms.Form):
    """A new account from the invitation page: name, user name and password (Django's password rules)."""

    first_name = forms.CharField(label=gettext_lazy("Given name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Family name"), max_length=150)
    username = UsernameField(
        label=gettext_lazy("User name"),
        max_length=150,
        help_text=gettext_lazy("You log in with it. Letters, digits and @ . + - _ are allowed."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self):
        username = self.cleaned_data["username"]
        get_user_model().username_validator(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken. Please choose another one."))
        return username

    def clean(self):
        cleaned = super().clean()
        if email_taken(self.email):
            raise forms.ValidationError(
                _("There is an account with this email address already. Please log in with it to join.")
            )
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=self.email,
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SuccessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, role):
        return f"{person_name(role.user)} ({role.get_role_display()})"


class HandoverForm(forms.Form):
    successor = SuccessorChoiceField(
        label=gettext_lazy("Your successor"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": gettext_lazy("Please choose your successor.")},
    )
    stay = forms.TypedChoiceField(
        label=gettext_lazy("And you?"),
        choices=[
            ("1", gettext_lazy("I stay in the working group as an observer (I can still read everything).")),
            ("0", gettext_lazy("I leave the working group's team.")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    update_organiser = forms.BooleanField(
        label=gettext_lazy("Make my successor the organiser of invitations (name and email in the settings)"),
        required=False,
        initial=True,
    )
    note = forms.CharField(
        label=gettext_lazy("Notes for your successor"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What is worth knowing: contacts, agreements, what is coming up. Part of the report."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = candidates
