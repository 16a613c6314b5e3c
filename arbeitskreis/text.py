"""Text typed into a form: control characters are refused, next to the field, in every form of the project.

PostgreSQL refuses NUL in text (a server error, where SQLite would store it), and the other control characters
(escape sequences, backspace, DEL) end up in mails, calendar files, CSV exports and PDFs. Tab and line breaks
are text. ``install()`` makes the validator a default of Django's ``forms.CharField`` — and so of every text
field of every form, model forms, the admin and Django's own forms alike — once, when the project starts.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Text: tab and line breaks. NUL is refused by Django's own validator of every ``CharField`` (one message is enough).
ALLOWED = {"\t", "\n", "\r", "\x00"}


def is_control(character: str) -> bool:
    code = ord(character)
    return (code < 32 or 127 <= code < 160) and character not in ALLOWED


# The same characters as one pattern: a long text (minutes' notes) is searched in C, not character by character.
CONTROL = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in [*range(32), *range(127, 160)] if chr(c) not in ALLOWED) + "]"
)


@deconstructible
class NoControlCharactersValidator:
    message = _("Please remove the control characters (invisible special characters) from this text.")
    code = "control_characters"

    def __call__(self, value):
        if isinstance(value, str) and CONTROL.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator)


no_control_characters = NoControlCharactersValidator()


def install():
    """Every ``forms.CharField`` (and subclass that keeps the default validators) refuses control characters."""
    if no_control_characters not in forms.CharField.default_validators:
        forms.CharField.default_validators = [*forms.CharField.default_validators, no_control_characters]
