import copy

from django import forms
from django.conf import settings
from django.core import validators
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis import collation
from arbeitskreis import languages as language_list
from arbeitskreis.forms import GroupModelForm
from members import importing, tables
from members.models import ConsentMethod, Organization, OrganizationKind, Participant


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganizationForm(GroupModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "website", "notes", "archived"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = self.group.organizations.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("The working group already has an organisation with this name."))
        return name


def _person_label(participant):
    """'Ahmadi, Fatemeh (Caritasverband)' — the name with the organisation, for dropdowns."""
    if participant.organization_id:
        return f"{participant.sort_name} ({participant.organization.name})"
    return participant.sort_name


class ParticipantForm(GroupModelForm):
    languages = forms.CharField(
        label=gettext_lazy("Languages"),
        required=False,
    )

    class Meta:
        model = Participant
        fields = [
            "given_name",
            "family_name",
            "email",
            "phone",
            "organization",
            "function",
            "represents",
            "languages",
            "preferred_language",
            "consent_given_at",
            "consent_method",
            "notes",
        ]
        widgets = {
            "consent_given_at": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": gettext_lazy("Optional. Without an email address the person gets printed invitations."),
            "consent_given_at": gettext_lazy(
                "The day the person agreed to be contacted. Without consent the app sends them no email."
            ),
            "notes": gettext_lazy("The person sees these notes on their personal page."),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.fields["family_name"].required = True
        current_org = self.instance.organization_id
        offered_organizations = group.organizations.filter(Q(archived=False) | Q(pk=current_org))
        self.fields["organization"].queryset = offered_organizations.order_by(*collation.german("name", "pk"))
        # Everyone not erased is a valid choice (so that choosing someone who left gets a clear message from
        # clean_represents), but the dropdown only offers active people and the current choice, with their
        # organisation so that two people of the same name can be told apart.
        field = self.fields["represents"]
        others = group.participants.not_erased().select_related("organization")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        field.queryset = others.order_by(*collation.german("family_name", "given_name", "pk"))
        field.label_from_instance = _person_label
        offered = copy.copy(field)
        offered.queryset = field.queryset.filter(Q(left_on__isnull=True) | Q(pk=self.instance.represents_id))
        field.widget.choices = offered.choices
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = ", ".join(self.instance.language_codes)
        self.fields["languages"].help_text = _(
            "Language codes or names, separated by commas, e.g. de, tr, ar or Deutsch, Türkisch. Known: %(names)s."
        ) % {"names": ", ".join(f"{language_list.name(code)} = {code}" for code, _name in language_list.LANGUAGES)}

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email:
            others = self.group.participants.filter(email__iexact=email).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(_("Another participant of this working group has this email address."))
        return email

    def clean_languages(self):
        codes, unknown = importing.parse_languages(self.cleaned_data["languages"])
        if unknown:
            raise forms.ValidationError(
                _("Unknown languages: %(words)s. Please use two-letter codes such as de, tr, ar.")
                % {"words": ", ".join(unknown)}
            )
        return language_list.pack(codes)

    def clean_represents(self):
        """Nobody stands in for someone who left or was erased, nor for someone standing in for them."""
        chosen = self.cleaned_data.get("represents")
        if chosen is None:
            return chosen
        unchanged = self.instance.pk and chosen.pk == self.instance.represents_id
        if not chosen.is_active and not unchanged:
            raise forms.ValidationError(_("%(name)s has left the working group.") % {"name": chosen.display_name})
        person, steps = chosen, 0
        while person is not None and self.instance.pk and steps < 100:
            if person.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("%(name)s already stands in for this person; two people cannot stand in for each other.")
                    % {"name": chosen.display_name}
                )
            person, steps = person.represents, steps + 1
        return chosen

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_method") and not cleaned.get("consent_given_at"):
            self.add_error("consent_given_at", _("Please enter the date of the consent."))
        if cleaned.get("consent_given_at") and not cleaned.get("consent_method"):
            self.add_error("consent_method", _("Please say how the consent was given."))
        if cleaned.get("consent_given_at") and cleaned["consent_given_at"] > timezone.localdate():
            self.add_error("consent_given_at", _("The consent cannot lie in the future."))
        return cleaned


STATUS_CHOICES = [
    ("active", gettext_lazy("Active")),
    ("left", gettext_lazy("Left")),
    ("all", gettext_lazy("All")),
]


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=gettext_lazy("Organisation kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds"))] + list(OrganizationKind.choices),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=STATUS_CHOICES)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    no_email = forms.BooleanField(label=gettext_lazy("Only without email"), required=False)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", gettext_lazy("All languages"))] + sorted(
            ((code, language_list.name(code)) for code in languages), key=lambda choice: collation.sort_key(choice[1])
        )

    def filters(self):
        """The valid filters; an invalid value (e.g. a hand-edited URL) is ignored, never an error page."""
        if not self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return self.cleaned_data


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=gettext_lazy("Left on"), widget=DateInput())

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot lie in the future."))
        return left_on


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant list"),
        help_text=gettext_lazy(
            "A CSV or Excel file (.csv, .xlsx) with one row per person and a header row, "
            "e.g. the participation list of the introductory workshop."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
        error_messages={
            "required": gettext_lazy("Please choose a file."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MEMBERS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s). The limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        data = upload.read()
        try:
            table = tables.read_table(data, upload.name)
        except tables.TableError as error:
            raise forms.ValidationError(error.message) from None
        mapping = importing.guess_mapping(table.headers)
        if not importing.has_name_column(mapping) and not importing.unknown_columns(table.headers, mapping, table.rows):
            raise forms.ValidationError(
                _("The file has no column with the family name. Please name a column “Nachname” or “Name”.")
            )
        self.table = table
        return upload


class ImportMappingForm(forms.Form):
    """One choice per column of the file: which participant field it holds, or "ignore"."""

    def __init__(self, *args, headers, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext_lazy("– ignore –"))] + list(importing.FIELDS.items())
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Column %(number)s") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=mapping.get(str(index), ""),
            )

    def clean(self):
        cleaned = super().clean()
        used = {}
        for name, value in list(cleaned.items()):
            if not value:
                continue
            if value in used:
                self.add_error(
                    name,
                    _("“%(field)s” is already chosen for another column.") % {"field": importing.FIELDS[value]},
                )
            used[value] = name
        if "family_name" not in used:
            raise forms.ValidationError(_("Please choose the column that holds the family name."))
        return cleaned

    def mapping(self):
        return {str(index): self.cleaned_data.get(f"column_{index}") or "" for index in range(len(self.headers))}


class ImportConfirmForm(forms.Form):
    """The confirmation of an import: consent, the possible duplicates to create anyway, and for each row with an
    invalid email address whether to import the person without it (ticked by default) or a corrected address.

    ``invalid_emails`` maps the line numbers of those rows to the address in the file. ``cleaned_data`` gets
    ``create_anyway`` and ``left_out`` (sets of line numbers) and ``corrections`` (line → address, "" for none).
    """

    consent_method = forms.ChoiceField(
        label=gettext_lazy("Consent of the new participants"),
        required=False,
        choices=[("", gettext_lazy("Not recorded – no emails until consent is entered"))]
        + [(value, label) for value, label in ConsentMethod.choices],
        help_text=gettext_lazy(
            "If the people on this list agreed to be contacted (e.g. by signing the participation list), "
            "say how; the consent is recorded with today's date."
        ),
    )

    def __init__(self, *args, invalid_emails=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_emails = invalid_emails or {}
        for line, email in self.invalid_emails.items():
            self.fields[f"email_{line}"] = forms.CharField(
                label=gettext_lazy("Email address"), required=False, initial=email, strip=True
            )

    def email_field(self, line):
        return self[f"email_{line}"]

    def _lines(self, name):
        """The line numbers sent as ``name`` (several checkboxes or hidden fields of that name)."""
        return importing.parse_line_numbers(self.data.getlist(name)) if self.is_bound else frozenset()

    def is_kept(self, line):
        """Whether the row with an invalid address is ticked: by default, and on a form sent back as it was sent
        (a form without the row's hidden ``invalid_rows`` field keeps it too)."""
        return line not in self._lines("invalid_rows") or line in self._lines("keep_without_email")

    def clean(self):
        cleaned = super().clean()
        cleaned["create_anyway"] = self._lines("create_anyway")
        cleaned["left_out"] = {line for line in self.invalid_emails if not self.is_kept(line)}
        cleaned["corrections"] = {}
        for line, original in self.invalid_emails.items():
            typed = cleaned.get(f"email_{line}")
            if f"email_{line}" not in self.data or typed == original or line in cleaned["left_out"]:
                continue
            if typed and not _valid_email(typed):
                self.add_error(
                    f"email_{line}",
                    _("Please enter a valid email address, or leave the field empty to import the person without."),
                )
            cleaned["corrections"][line] = typed
        return cleaned


def _valid_email(address):
    try:
        validators.validate_email(address)
    except forms.ValidationError:
        return False
    return len(address) <= Participant._meta.get_field("email").max_length
