"""The fast form renderer gives exactly Django's HTML for every widget it writes out in Python — and the app uses
it (``FORM_RENDERER``)."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from arbeitskreis.form_renderer import FAST, FastFormRenderer

HOSTILE = '<b>"Ayşe" & Öztürk</b>'
CHOICES = [("", "---------"), (1, "Ayşe Yılmaz"), (2, HOSTILE), ("o:3", mark_safe("<i>sicher</i>"))]
GROUPED = [("Personen", [(1, "Ayşe"), (2, "Олена")]), ("Organisationen", [("o:1", "AWO")]), (5, "ohne Gruppe")]


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True, "x": False}))
    email = forms.EmailField()
    number = forms.IntegerField()
    url = forms.URLField()
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    when = forms.DateTimeField()
    flag = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    select = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=CHOICES[1:])
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    radio_grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect(attrs={"class": "list-unstyled"}))
    boxes = forms.MultipleChoiceField(choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple)
    tristate = forms.NullBooleanField()


VALUES = [
    {},
    {
        "text": HOSTILE,
        "email": "a@example.org",
        "number": "12",
        "url": "https://integreat.app/?a=1&b=2",
        "search": '"quoted"',
        "password": "geheim<>",
        "hidden": "x",
        "date": "2026-12-02",
        "when": "2026-12-02 16:00",
        "flag": "on",
        "notes": "Zeile 1\n<script>alert(1)</script>",
        "select": "2",
        "grouped": "o:1",
        "many": ["1", "o:3"],
        "radio": "2",
        "radio_grouped": "5",
        "boxes": ["1", "2"],
        "tristate": "true",
    },
]


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("field", list(Everything.base_fields))
def test_every_widget_renders_exactly_as_with_djangos_templates(field, data):
    django_form = Everything(data or None, initial={"date": datetime.date(2026, 1, 5)}, renderer=DjangoTemplates())
    fast_form = Everything(data or None, initial={"date": datetime.date(2026, 1, 5)}, renderer=FastFormRenderer())
    assert str(fast_form[field]) == str(django_form[field])
    for django_option, fast_option in zip(django_form[field], fast_form[field], strict=True):
        if hasattr(django_option, "tag"):
            assert fast_option.tag() == django_option.tag()  # one radio button or box on its own, as templates do


def test_the_written_out_templates_are_the_ones_used_and_the_app_renders_with_them():
    django_form, fast_form = Everything(renderer=DjangoTemplates()), Everything(renderer=FastFormRenderer())
    used = set()

    class Spy(DjangoTemplates):
        def render(self, template_name, context, request=None):
            used.add(template_name)
            return super().render(template_name, context, request=request)

    str(Everything(renderer=Spy()))
    assert {name for name in used if name.startswith("django/forms/widgets/")} <= set(FAST)
    assert str(fast_form["select"]) == str(django_form["select"])
    assert settings.FORM_RENDERER == "arbeitskreis.form_renderer.FastFormRenderer"


def test_url_maker_gives_the_urls_reverse_gives(world):
    from django.urls import reverse

    from arbeitskreis.shortcuts import url_maker

    kwargs = world.group.url_kwargs()
    person = url_maker("members:participant-detail", vary="pk", **kwargs)
    answer = url_maker("meetings:invitation-answer", vary="invitation_pk", **kwargs, pk=12)
    for pk in (1, 42, 987654):
        assert person(pk) == reverse("members:participant-detail", kwargs={**kwargs, "pk": pk})
        assert answer(pk) == reverse("meetings:invitation-answer", kwargs={**kwargs, "pk": 12, "invitation_pk": pk})
