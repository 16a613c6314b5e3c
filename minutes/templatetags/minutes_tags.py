"""Template helpers of the minutes pages and documents."""

from django import template

from minutes.notes import render_markdown

register = template.Library()


@register.filter
def notes(text):
    """Notes written in the safe subset of Markdown, as sanitised HTML (the same on the page and in the PDF)."""
    return render_markdown(text)
