"""Template helpers of the findings pages."""

from django import template

from findings.selectors import pending_suggestion_count

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_suggestions(context, group):
    """How many suggestions of ``group`` wait for a decision: for the badge on every findings tab.

    A view that knows the number already puts ``pending_suggestions`` in the context (no query); otherwise
    one COUNT query.
    """
    known = context.get("pending_suggestions")
    return known if known is not None else pending_suggestion_count(group)
