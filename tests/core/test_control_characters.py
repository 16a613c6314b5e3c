"""Control characters are refused next to the field in every text field of every form (arbeitskreis/text.py).

PostgreSQL refuses NUL in text (a server error there, stored silently by SQLite); escape sequences, backspace and
DEL would end up in mails, calendar files and exports. Tab and line breaks stay text.
"""

import pytest
from django import forms
from django.urls import reverse

from arbeitskreis.text import no_control_characters
from members.models import Organization


class Note(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)


@pytest.mark.parametrize("bad", ["a\x00b", "Treffen \x1b[31m", "zurück\x08", "Ende\x7f", "C1\x85x"])
def test_a_text_field_of_any_form_refuses_control_characters(bad):
    form = Note({"title": bad, "text": f"Zeile 1\n{bad}"})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "text"}
    # NUL has Django's own message ("Null characters are not allowed."), the others this project's.
    codes = [error.code for error in form.errors.as_data()["title"]]
    assert codes in (["control_characters"], ["null_characters_not_allowed"])


def test_tabs_and_line_breaks_are_text():
    form = Note({"title": "Treffen\tim Rathaus", "text": "Zeile 1\r\nZeile 2\n\tEingerückt"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "Zeile 1\r\nZeile 2\n\tEingerückt"


def test_the_validator_is_installed_once():
    assert forms.CharField.default_validators.count(no_control_characters) == 1


def test_a_model_form_refuses_them_next_to_the_field_and_stores_nothing(coordinator_client, world, settings):
    response = coordinator_client.post(
        reverse("members:organization-create", kwargs=world.group.url_kwargs()),
        {"name": "Caritas\x1b Karlsruhe", "kind": "welfare", "website": "", "notes": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors["name"]] == ["control_characters"]
    assert not Organization.objects.exists()


def test_the_pattern_and_the_character_test_agree():
    """The validator searches with one compiled pattern; it refuses exactly the characters ``is_control`` names."""
    from arbeitskreis.text import CONTROL, is_control

    assert [c for c in range(0x300) if CONTROL.search(chr(c))] == [c for c in range(0x300) if is_control(chr(c))]
    assert CONTROL.search("Protokoll\x1b[31m") and not CONTROL.search("Zeile 1\r\nZeile 2\tEnde – ü")
