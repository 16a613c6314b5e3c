"""The participant's suggestion page, reached through the personal link (``arbeitskreis.access.personal_link_view``)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arbeitskreis.access import FORM, personal_link_view
from findings import selectors, services
from findings.forms import SuggestionForm


@personal_link_view(methods=FORM)
def suggest(request, participant):
    """A participant suggests a content gap or an agenda topic and sees what became of earlier suggestions."""
    group = participant.working_group
    form = SuggestionForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        services.submit_suggestion(participant=participant, data=form.cleaned_data)
        messages.success(request, _("Thank you! Your suggestion has been passed on to the coordination."))
        return redirect("personal:suggest")
    return render(
        request,
        "findings/suggest.html",
        {
            "participant": participant,
            "suggestion_group": group,
            "form": form,
            "suggestions": selectors.suggestions_of_participant(participant),
        },
    )
