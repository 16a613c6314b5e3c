"""Matrix entries of the members app: participants, organisations, import, export, mailing list."""

from tests.matrix import LOGIN, READ, READ_ONLY_PAGE, WRITE_DONE, WRITE_PAGE, Case, group_kwargs
from tests.members.factories import ImportBatchFactory, OrganizationFactory, ParticipantFactory

# Refused before any data is read: observers 403, outsiders 404.
WRITE_FORM_INVALID = {"coordinator": 200, "observer": 403, "outsider": 404, "staff": 200, "anonymous": LOGIN}
# A POST-only action of a group: a GET is refused after the access check (observers 403, outsiders 404).
POST_ONLY = READ_ONLY_PAGE


def participant_kwargs(world, group, object_group):
    participant = ParticipantFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "pk": participant.pk}


def organization_kwargs(world, group, object_group):
    organization = OrganizationFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "pk": organization.pk}


def batch_kwargs(world, group, object_group):
    batch = ImportBatchFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "batch": batch.pk}


def participant_data(world):
    return {"given_name": "Ayşe", "family_name": "Yılmaz", "email": "", "preferred_language": "de"}


def organization_data(world):
    return {"name": "Caritasverband", "kind": "welfare"}


def mapping_data(world):
    return {"column_0": "family_name", "column_1": "given_name", "column_2": "email"}


ENTRIES = {
    "members:participant-list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "members:participant-create": Case(
        kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=participant_data
    ),
    "members:participant-detail": Case(kwargs=participant_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "members:participant-edit": Case(
        kwargs=participant_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=participant_data, cross_objects=True
    ),
    "members:participant-leave": Case(
        kwargs=participant_kwargs,
        get=POST_ONLY,
        post=WRITE_DONE,
        post_data=lambda world: {"left_on": "2024-01-31"},
        cross_objects=True,
    ),
    "members:participant-erase": Case(
        kwargs=participant_kwargs,
        get=POST_ONLY,
        post=WRITE_DONE,
        post_data=lambda world: {"confirm": "yes"},
        cross_objects=True,
    ),
    "members:participant-token-rotate": Case(
        kwargs=participant_kwargs, get=POST_ONLY, post=WRITE_DONE, cross_objects=True
    ),
    "members:participant-token-revoke": Case(
        kwargs=participant_kwargs, get=POST_ONLY, post=WRITE_DONE, cross_objects=True
    ),
    "members:organization-list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "members:organization-create": Case(
        kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=organization_data
    ),
    "members:organization-detail": Case(kwargs=organization_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "members:organization-edit": Case(
        kwargs=organization_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=organization_data, cross_objects=True
    ),
    # A POST without a file shows the form again with the message next to the field.
    "members:import-upload": Case(kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_FORM_INVALID),
    "members:import-map": Case(
        kwargs=batch_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=mapping_data, cross_objects=True
    ),
    "members:import-preview": Case(
        kwargs=batch_kwargs,
        get=WRITE_PAGE,
        post={"coordinator": 405, "observer": 403, "outsider": 404, "staff": 405, "anonymous": LOGIN},
        cross_objects=True,
    ),
    "members:import-confirm": Case(kwargs=batch_kwargs, get=POST_ONLY, post=WRITE_DONE, cross_objects=True),
    "members:export-csv": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "members:export-xlsx": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "members:mailing-list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
}
