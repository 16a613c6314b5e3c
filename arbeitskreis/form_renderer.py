"""The form renderer (``FORM_RENDERER``): Django's, with the common widget templates written out in Python.

Django renders every widget — and every ``<option>`` of a select, every radio button — through a template with two
or three nested ``{% include %}``s. A filter form whose "Zuständig" select lists 300 people, or a recording page with
three radio buttons for each of 300 participants, spent most of its time there (``bench/pages.py``). The functions
below produce exactly the HTML of Django's own templates (``django/forms/widgets/*.html``, whitespace included —
``tests/core/test_form_renderer.py`` compares them with Django's output for every widget kind); every other template
(crispy's, the project's) is rendered by Django as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"


def _attrs(attrs) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(str(value))}"')
    return "".join(parts)


# Each function returns what Django's template gives *before* the renderer strips the outermost result: every
# template file ends with a newline, which stays in the output of an {% include %} of it (attrs.html has none).


def _input(widget) -> str:
    value = widget["value"]
    value_attr = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value_attr}{_attrs(widget['attrs'])}>\n"
    )


def _input_kind(widget) -> str:  # text.html, email.html, …: an include of input.html
    return _input(widget) + "\n"


def _input_option(widget) -> str:
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    element_id = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(element_id)}"' if element_id else ""
    return f"<label{label_for}>{_input(widget)} {conditional_escape(widget['label'])}</label>\n"


def _choice_option(widget) -> str:  # radio_option.html, checkbox_option.html: an include of input_option.html
    return _input_option(widget) + "\n"


def _select_option(widget) -> str:
    return (
        f'<option value="{conditional_escape(str(widget["value"]))}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>\n"
    )


def _option(option) -> str:
    return OPTIONS[option["template_name"]](option)  # KeyError: an option template of its own, Django renders it


def _select(widget) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _multiple_input(widget) -> str:
    element_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = ["<div"]
    if element_id:
        parts.append(f' id="{conditional_escape(element_id)}"')
    if css_class:
        parts.append(f' class="{conditional_escape(css_class)}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _multiple_input_kind(widget) -> str:  # radio.html, checkbox_select.html: an include of multiple_input.html
    return _multiple_input(widget) + "\n"


def _textarea(widget) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>\n"
    )


OPTIONS = {
    WIDGETS + "select_option.html": _select_option,
    WIDGETS + "radio_option.html": _choice_option,
    WIDGETS + "checkbox_option.html": _choice_option,
    WIDGETS + "input_option.html": _input_option,
}

FAST = {
    **OPTIONS,
    WIDGETS + "input.html": _input,
    **{
        WIDGETS + f"{kind}.html": _input_kind
        for kind in (
            "text",
            "email",
            "number",
            "url",
            "tel",
            "search",
            "password",
            "hidden",
            "date",
            "time",
            "datetime",
            "color",
            "checkbox",
        )
    },
    WIDGETS + "select.html": _select,
    WIDGETS + "multiple_input.html": _multiple_input,
    WIDGETS + "radio.html": _multiple_input_kind,
    WIDGETS + "checkbox_select.html": _multiple_input_kind,
    WIDGETS + "textarea.html": _textarea,
}


class FastFormRenderer(DjangoTemplates):
    """Django's default form renderer; the widget templates of :data:`FAST` are produced in Python."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context:
            try:
                return fast(context["widget"]).strip()  # as Django's renderer strips its result
            except KeyError:  # an option of a template this module does not know: Django renders it
                pass
        return super().render(template_name, context, request=request)
