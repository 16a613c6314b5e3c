"""Reads of the members app that cross relations; the joins are decided here, once.

A one-object lookup returns a queryset scoped to the group; the view calls ``get_object_or_404(…, pk=pk)``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arbeitskreis import collation, languages
from arbeitskreis.hooks import Hook
from members import importing
from members.models import Participant

# What later apps know about a participant, for their page: each function connected here (arbeitskreis/wiring.py)
# takes the participant and returns named lists, e.g. {"findings_raised": [...]}, in a fixed number of queries.
participant_activity_sources = Hook("participant activity")
ACTIVITY_SECTIONS = ("invitations", "attendances", "findings_raised", "findings_owned", "measures_owned")
# What later apps show on the participant's own page (their personal link), e.g. {"upcoming_meetings": [...]}.
personal_page_sources = Hook("personal page")
# People in German order (family name, given name); every list and dropdown of people uses it.
PEOPLE_ORDER = collation.german("family_name", "given_name", "pk")


def add_dashboard_figures(groups):
    """Append the number of active participants to each group's figures, in one query for all groups, with a link
    to the participant list (which shows the active participants)."""
    counts = dict(
        Participant.objects.active()
        .filter(working_group__in=groups)
        .values("working_group")
        .annotate(n=Count("pk"))
        .values_list("working_group", "n")
    )
    for group in groups:
        group.figures.append(
            {
                "label": _("Active participants"),
                "value": counts.get(group.pk, 0),
                "url": reverse("members:participant-list", kwargs=group.url_kwargs()),
            }
        )


def participant_list(group, filters=None):
    """The group's participants for the list and the exports, filtered by the list's filter form data.

    ``filters`` keys: ``q`` (name, email, organisation), ``kind`` (organisation kind), ``status``
    ("active" — the default —, "left" or "all"), ``language`` (ISO 639-1), ``no_email`` (bool).
    Erased participants are only shown with status "all".
    """
    filters = filters or {}
    participants = group.participants.select_related("organization", "represents")
    status = filters.get("status") or "active"
    if status == "active":
        participants = participants.active()
    elif status == "left":
        participants = participants.left().not_erased()
    participants = collation.matching(
        participants, ("given_name", "family_name", "email", "organization__name"), filters.get("q") or ""
    )
    if filters.get("kind"):
        participants = participants.filter(organization__kind=filters["kind"])
    if filters.get("language"):
        participants = participants.speaking(filters["language"])
    if filters.get("no_email"):
        participants = participants.filter(email="")
    return participants.order_by(*PEOPLE_ORDER)


def participant_export(group, filters=None):
    """The header and rows of the participant export (CSV and XLSX) for the list's filters, in one query.

    Dates stay dates (the XLSX gets real date cells); languages are written out by name.
    """
    header = [
        _("Family name"),
        _("Given name"),
        _("Email"),
        _("Phone"),
        _("Organisation"),
        _("Organisation kind"),
        _("Function"),
        _("Stands in for"),
        _("Languages"),
        _("Language for emails"),
        _("Consent given on"),
        _("Consent given"),
        _("Left on"),
    ]
    rows = [
        [
            participant.family_name,
            participant.given_name,
            participant.email,
            participant.phone,
            participant.organization.name if participant.organization else "",
            participant.organization.get_kind_display() if participant.organization else "",
            participant.function,
            participant.represents.display_name if participant.represents else "",
            ", ".join(name for _code, name in participant.language_names),
            participant.get_preferred_language_display(),
            participant.consent_given_at,
            participant.get_consent_method_display(),
            participant.left_on,
        ]
        for participant in participant_list(group, filters)
    ]
    return header, rows


def open_deletion_requests(group):
    """Participants who asked for their data to be deleted and have not been erased yet (oldest request first)."""
    return list(
        group.participants.filter(deletion_requested_at__isnull=False, erased_at__isnull=True).order_by(
            "deletion_requested_at", "pk"
        )
    )


def group_languages(group):
    """The language codes spoken in the group, for the list's filter (one query)."""
    codes = set()
    for packed in group.participants.not_erased().exclude(languages="").values_list("languages", flat=True):
        codes.update(code for code in packed.split(",") if code)
    return sorted(codes)


def participants_for_page(group):
    """The group's participants with what their page shows joined in (organisation, "stands in for")."""
    return group.participants.select_related("organization", "represents")


def substitutes(participant):
    return list(participant.substitutes.not_erased().order_by(*PEOPLE_ORDER))


def participant_activity(participant):
    """Invitations, attendances and content gaps of a participant, as the later apps offer them.

    Returns a dict of lists (:data:`ACTIVITY_SECTIONS`), empty where no app fills a section.
    """
    return participant_activity_sources.merged({name: [] for name in ACTIVITY_SECTIONS}, participant)


def personal_page_sections(participant):
    """The later apps' sections of the participant's own page (:data:`personal_page_sources`)."""
    return personal_page_sources.merged({"upcoming_meetings": [], "minutes": []}, participant)


def related_records(participant):
    """Every record of another model that points at the participant (for their copy of their data).

    Returns a list of ``(label, [text, …])`` — one query per relation, whatever the number of records. This is the
    one place that reads the relations generically: a copy under GDPR Art. 15 must include the rows of every app,
    also of apps added later, so it follows every foreign key to the participant instead of a list to keep.
    """
    records = []
    relations = [
        relation
        for relation in participant._meta.related_objects
        if relation.related_model is not Participant and relation.one_to_many
    ]
    models = [relation.related_model for relation in relations]
    for relation in relations:
        model = relation.related_model
        joins = [f.name for f in model._meta.concrete_fields if f.many_to_one and f.name != relation.field.name]
        items = model._default_manager.filter(**{relation.field.name: participant}).select_related(*joins)
        texts = [str(item) for item in items]
        if texts:
            label = str(capfirst(model._meta.verbose_name_plural))
            if models.count(model) > 1:  # e.g. content gaps raised by and content gaps assigned to the person
                label = f"{label} ({relation.field.verbose_name})"
            records.append((label, texts))
    return records


def import_lookup(group):
    """What the import compares the file with, in one query: lower-case emails → participant ids, name keys
    (:func:`members.importing.name_key`) and participant ids → stored values (``display_name``, the fields of
    :data:`members.importing.CHANGE_FIELDS` with ``organization`` as its name, ``languages`` as codes)."""
    emails, names, people = {}, set(), {}
    rows = (
        group.participants.not_erased()
        .order_by("pk")
        .values_list(
            "pk", "given_name", "family_name", "email", "phone", "function", "notes", "languages", "organization__name"
        )
    )
    for pk, given_name, family_name, email, phone, function, notes, packed, organization_name in rows:
        if email:
            emails.setdefault(email.lower(), pk)
        names.add(importing.name_key(given_name, family_name))
        people[pk] = {
            "display_name": " ".join(part for part in (given_name, family_name) if part),
            "given_name": given_name,
            "family_name": family_name,
            "email": email,
            "phone": phone,
            "function": function,
            "notes": notes,
            "organization": organization_name or "",
            "languages": languages.unpack(packed),
        }
    return emails, names, people


def organization_names(group):
    """The casefolded names of all the group's organisations (archived ones too), in one query."""
    return {name.casefold() for name in group.organizations.values_list("name", flat=True)}


def organization_list(group, *, include_archived=False, query=""):
    """The group's organisations in German order with their number of active participants; ``query`` searches
    the names (every word, any case)."""
    organizations = group.organizations.annotate(
        active_count=Count(
            "participants",
            filter=Q(participants__left_on__isnull=True, participants__erased_at__isnull=True),
        )
    )
    if not include_archived:
        organizations = organizations.filter(archived=False)
    organizations = collation.matching(organizations, ("name",), query)
    return organizations.order_by(*collation.german("name", "pk"))


def organizations_for_page(group):
    return group.organizations.all()


def organization_participants(organization):
    return list(organization.participants.not_erased().select_related("represents").order_by("left_on", *PEOPLE_ORDER))


def mailing_list(group):
    """Who gets email from the app and who does not: (addresses, active without email, active without consent)."""
    active = list(group.participants.active().order_by(*PEOPLE_ORDER))
    addresses = [p for p in active if p.email and p.consent_given_at]
    without_email = [p for p in active if not p.email]
    without_consent = [p for p in active if p.email and not p.consent_given_at]
    return addresses, without_email, without_consent


def personal_data(participant):
    """Everything stored about a participant, as a JSON-ready dict (their copy under GDPR Art. 15 and 20)."""

    def iso(value):
        return value.isoformat() if value else None

    group = participant.working_group
    return {
        "working_group": group.name,
        "municipality": group.scope_name,
        "given_name": participant.given_name,
        "family_name": participant.family_name,
        "email": participant.email,
        "invalid_email_from_import": participant.invalid_email or None,
        "phone": participant.phone,
        "organization": participant.organization.name if participant.organization else None,
        "function": participant.function,
        "stands_in_for": participant.represents.display_name if participant.represents else None,
        "languages": participant.language_codes,
        "preferred_language": participant.preferred_language,
        "left_on": iso(participant.left_on),
        "consent_given_on": iso(participant.consent_given_at),
        "consent_method": participant.consent_method or None,
        "notes": participant.notes,
        "deletion_requested_at": iso(participant.deletion_requested_at),
        "created_at": iso(participant.created_at),
        "updated_at": iso(participant.updated_at),
        "related_records": dict(related_records(participant)),
        "personal_link": personal_link(participant),
    }


def personal_link(participant):
    """The full address of the participant's personal link (for the coordination and for mails), or None."""
    if not participant.token:
        return None
    return settings.BASE_URL + reverse("personal:entry", kwargs={"token": participant.token})


@dataclass
class ImportPreview:
    """What the preview of an import shows: every row judged, the counts, the mapped columns in field order."""

    results: list
    counts: importing.Counts
    columns: list  # [(field name, label), …] of the columns shown as such
    details: list  # [(field name, label), …] of the rarely needed columns, shown folded into each row
    invalid_emails: dict  # line → the invalid address of each row that offers a correction


def import_preview(batch):
    """Judge the rows of ``batch`` against the group's participants (two queries) for the preview page.

    Each row result additionally knows ``existing_name`` and ``changes`` (for an update), ``new_organization``
    (the file names an organisation the group does not have), ``cells`` (``(field, label, value)`` in column order) and
    ``details`` (the values of the folded columns that are not empty, as ``(label, value)``).
    """
    group = batch.working_group
    emails, names, people = import_lookup(group)
    results = importing.analyse(batch.rows, batch.mapping, emails, lines=batch.lines, existing_names=names)
    known_organizations = organization_names(group)
    mapped = [name for name in importing.FIELDS if name in batch.mapping.values()]
    columns = [name for name in mapped if name not in importing.DETAIL_FIELDS]
    details = [name for name in mapped if name in importing.DETAIL_FIELDS]
    labels = {name: str(importing.FIELDS[name]) for name in mapped}  # translated once, not in every row
    for result in results:
        current = people.get(result.existing_id)
        result.existing_name = current["display_name"] if current else None
        result.changes = importing.changes(result, current) if current else []
        organization = result.values.get("organization", "").strip()
        result.new_organization = bool(
            organization
            and organization.casefold() not in known_organizations
            and result.outcome in (importing.NEW, importing.UPDATE, importing.POSSIBLE_DUPLICATE)
        )
        result.cells = [(name, labels[name], result.values.get(name, "")) for name in columns]
        result.details = [(labels[name], result.values[name]) for name in details if result.values.get(name)]
    return ImportPreview(
        results=results,
        counts=importing.summarise(results),
        columns=[(name, importing.FIELDS[name]) for name in columns],
        details=[(name, importing.FIELDS[name]) for name in details],
        invalid_emails={result.line: result.invalid_email for result in results if result.offers_correction},
    )


# The most rows of one list in a handover (a group has 10 to 300 participants; the report then says how many more).
HANDOVER_LIMIT = 500


def handover_sections(group):
    """For the handover (wired in arbeitskreis/wiring.py): the active participants with their organisation, function
    and email, and the organisations with their number of active participants (two queries, at most
    :data:`HANDOVER_LIMIT` rows each, ``total`` counted only when a list is cut)."""
    people = list(participant_list(group)[: HANDOVER_LIMIT + 1])
    organizations = list(organization_list(group)[: HANDOVER_LIMIT + 1])
    kwargs = group.url_kwargs()
    return {
        "participants": {
            "columns": [_("Name"), _("Organisation"), _("Function"), _("Email")],
            "rows": [
                [p.display_name, p.organization.name if p.organization else "", p.function, p.email]
                for p in people[:HANDOVER_LIMIT]
            ],
            "total": participant_list(group).count() if len(people) > HANDOVER_LIMIT else len(people),
            "url": reverse("members:participant-list", kwargs=kwargs),
        },
        "organisations": {
            "columns": [_("Organisation"), _("Kind"), _("Active participants")],
            "rows": [[o.name, o.get_kind_display(), str(o.active_count)] for o in organizations[:HANDOVER_LIMIT]],
            "total": organization_list(group).count() if len(organizations) > HANDOVER_LIMIT else len(organizations),
            "url": reverse("members:organization-list", kwargs=kwargs),
        },
    }
