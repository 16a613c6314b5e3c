"""Escaping registry of the members app: participants, organisations, import, exports, mailing list."""

from tests.escaping import ACTION, EMPTY_FORM, Shows, group_kwargs

NAMES = ("p.given_name", "p.family_name")
PERSON = (*NAMES, "p.email", "p.phone", "p.function", "p.notes")


def participant(h):
    return {**group_kwargs(h), "pk": h.participant.pk}


def organization(h):
    return {**group_kwargs(h), "pk": h.organization.pk}


def batch(h):
    return {**group_kwargs(h), "batch": h.batch.pk}


PAGES = {
    "members:participant-list": Shows(group_kwargs, (*NAMES, "p.email", "p.function", "org.name")),
    "members:participant-create": Shows(group_kwargs, (*NAMES, "org.name")),  # the dropdowns
    "members:participant-detail": Shows(participant, (*PERSON, "org.name", "finding.title")),
    "members:participant-edit": Shows(participant, (*PERSON, "org.name")),
    "members:participant-leave": ACTION,
    "members:participant-erase": ACTION,
    "members:participant-token-rotate": ACTION,
    "members:participant-token-revoke": ACTION,
    "members:organization-list": Shows(group_kwargs, ("org.name",)),
    "members:organization-create": EMPTY_FORM,
    "members:organization-detail": Shows(organization, ("org.name", "org.website", "org.notes", *NAMES, "p.function")),
    "members:organization-edit": Shows(organization, ("org.name", "org.website", "org.notes")),
    "members:import-upload": EMPTY_FORM,
    "members:import-map": Shows(batch, ("import.filename", "import.header", "import.cell")),
    "members:import-preview": Shows(batch, ("import.filename", "import.cell")),
    "members:import-confirm": ACTION,
    "members:export-csv": Shows(group_kwargs, (*PERSON[:-1], "org.name"), kind="csv"),
    "members:export-xlsx": Shows(group_kwargs, (*PERSON[:-1], "org.name"), kind="xlsx"),
    "members:mailing-list": Shows(group_kwargs, ("p.email",)),
}
