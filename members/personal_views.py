"""The participant's own pages, reached through the personal link (``arbeitskreis.access.personal_link_view``).

No login: the link is exchanged for a participant session, and every page here is called with the participant.
"""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from arbeitskreis.access import ACTION, personal_link_view
from members import selectors, services


@personal_link_view
def personal_page(request, participant):
    return render(
        request,
        "members/personal_page.html",
        {
            "participant": participant,
            "group": participant.working_group,
            "sections": selectors.personal_page_sections(participant),
            "related_records": selectors.related_records(participant),
        },
    )


@personal_link_view
def personal_data_json(request, participant):
    content = json.dumps(selectors.personal_data(participant), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = get_valid_filename(_("my-data-working-group.json"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@personal_link_view(methods=ACTION)
def personal_deletion_request(request, participant):
    if services.request_deletion(participant=participant):
        messages.success(
            request,
            _("Your request has been sent to the coordination of the working group. Your data will be deleted soon."),
        )
    else:
        messages.info(request, _("Your request has already been received."))
    return redirect("personal:page")
