"""The template helpers of documents/base.html: page counter text and the text direction of names."""

import pytest
from django.template import Context, Template
from django.utils import translation

from documents.templatetags.documents_tags import page_counter, text_direction
from tests.documents.conftest import ARABIC, PERSIAN


@pytest.mark.parametrize(
    ("value", "direction"),
    [
        (ARABIC, "rtl"),
        (PERSIAN, "rtl"),
        ("שרה כהן", "rtl"),
        ("Jürgen Weiß", "ltr"),
        ("Олена Шевченко", "ltr"),
        ("İbrahim Öztürk", "ltr"),
        ("(1) " + ARABIC, "rtl"),  # digits and brackets are weak: the first strong letter decides
        ("Jürgen " + ARABIC, "ltr"),
        ("", "ltr"),
        (None, "ltr"),
    ],
)
def test_text_direction_is_that_of_the_first_strong_character(value, direction):
    assert text_direction(value) == direction


def test_page_counter_in_german_and_english():
    with translation.override("de"):
        assert page_counter() == '"Seite " counter(page) " von " counter(pages)'
    with translation.override("en"):
        assert page_counter() == '"Page " counter(page) " of " counter(pages)'


def test_filter_in_a_template():
    html = Template('{% load documents_tags %}<td dir="{{ name|text_direction }}">{{ name }}</td>').render(
        Context({"name": ARABIC})
    )
    assert html == f'<td dir="rtl">{ARABIC}</td>'
