"""Matrix entries of the findings app: the register and its pages, the staff overview."""

from tests.findings.factories import FindingFactory, SuggestionFactory
from tests.matrix import (
    LOGIN,
    READ,
    READ_ONLY_PAGE,
    WRITE_DONE,
    WRITE_PAGE,
    Case,
    group_kwargs,
)
from tests.members.factories import ParticipantFactory


def finding_kwargs(world, group, object_group):
    finding = FindingFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "pk": finding.pk}


def suggestion_kwargs(world, group, object_group):
    suggestion = SuggestionFactory(participant=ParticipantFactory(working_group=object_group))
    return {**group_kwargs(world, group, object_group), "pk": suggestion.pk}


def finding_data(world):
    from findings.models import ContentArea

    return {
        "title": "Kita-Anmeldung fehlt",
        "description": "Wie melde ich mein Kind an?",
        "content_area": ContentArea.objects.get(working_group=None, name="Familie und Kinder").pk,
        "languages": ["ar", "uk"],
        "kind": "missing_content",
        "priority": "2",
    }


# POST-only actions: observers are refused (403) before the method check, outsiders get 404.
POST_ONLY = READ_ONLY_PAGE
# A POST with a valid form redirects; the form page itself is for writers only.
WRITE_FORM = WRITE_PAGE
STAFF_ONLY = {"coordinator": 403, "observer": 403, "outsider": 403, "staff": 200, "anonymous": LOGIN}
STAFF_ONLY_POST = {"coordinator": 405, "observer": 405, "outsider": 405, "staff": 405, "anonymous": LOGIN}

ENTRIES = {
    "findings:list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "findings:create": Case(kwargs=group_kwargs, get=WRITE_FORM, post=WRITE_DONE, post_data=finding_data),
    "findings:export-csv": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "findings:export-xlsx": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "findings:impact": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "findings:areas": Case(
        kwargs=group_kwargs, get=READ, post=WRITE_DONE, post_data=lambda world: {"name": "Mobilität"}
    ),
    "findings:suggestions": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "findings:suggestion-accept": Case(kwargs=suggestion_kwargs, get=POST_ONLY, post=WRITE_DONE, cross_objects=True),
    "findings:suggestion-decline": Case(
        kwargs=suggestion_kwargs,
        get=POST_ONLY,
        post=WRITE_DONE,
        post_data=lambda world: {"note": "Das Thema gibt es schon."},
        cross_objects=True,
    ),
    "findings:detail": Case(kwargs=finding_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "findings:edit": Case(
        kwargs=finding_kwargs, get=WRITE_FORM, post=WRITE_DONE, post_data=finding_data, cross_objects=True
    ),
    "findings:transition": Case(
        kwargs=finding_kwargs,
        get=POST_ONLY,
        post=WRITE_DONE,
        post_data=lambda world: {"to": "in_progress"},
        cross_objects=True,
    ),
    "findings-overview:impact": Case(
        kwargs=lambda world, group, object_group: {}, get=STAFF_ONLY, post=STAFF_ONLY_POST
    ),
}
