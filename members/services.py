"""Every write of the members app: participants, organisations, leaving, erasure, tokens, imports."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from arbeitskreis import languages
from arbeitskreis.hooks import Hook
from documents import cache as documents_cache
from members import importing, selectors, tables
from members.models import ImportBatch, Organization, Participant
from outbox import services as outbox

logger = logging.getLogger(__name__)

# What the later apps do when a participant is erased (wired in arbeitskreis/wiring.py): each connected function
# takes ``participant=`` while the name still exists and removes it from the texts its app copied it into.
erasure_steps = Hook("participant erasure")


PARTICIPANT_FIELDS = (
    "given_name",
    "family_name",
    "email",
    "phone",
    "organization",
    "function",
    "represents",
    "languages",
    "preferred_language",
    "consent_given_at",
    "consent_method",
    "notes",
)
ORGANIZATION_FIELDS = ("name", "kind", "website", "notes", "archived")
IMPORTED_FIELDS = ("given_name", "family_name", "email", "phone", "function", "notes")


def _values(data, names):
    return {name: data[name] for name in names if name in data}


@transaction.atomic
def create_participant(*, group, data):
    """Add a participant to ``group`` from validated form data (:class:`members.forms.ParticipantForm`).

    Side effects: creates a :class:`Participant` with a new personal link. Returns it.
    """
    participant = Participant(working_group=group, **_values(data, PARTICIPANT_FIELDS))
    participant.issue_token()
    participant.save()
    return participant


@transaction.atomic
def update_participant(*, participant, data):
    """Change a participant from validated form data. Side effects: saves the given fields of ``participant``."""
    for name, value in _values(data, PARTICIPANT_FIELDS).items():
        setattr(participant, name, value)
    participant.save()
    return participant


@transaction.atomic
def create_organization(*, group, data):
    """Add an organisation to ``group`` from validated form data. Side effects: creates an :class:`Organization`."""
    return Organization.objects.create(working_group=group, **_values(data, ORGANIZATION_FIELDS))


@transaction.atomic
def update_organization(*, organization, data):
    """Change an organisation from validated form data. Side effects: saves the given fields of ``organization``
    (archiving keeps its participants; it is only no longer offered for new ones)."""
    for name, value in _values(data, ORGANIZATION_FIELDS).items():
        setattr(organization, name, value)
    organization.save()
    return organization


@transaction.atomic
def mark_left(*, participant, left_on):
    """Mark a participant as having left the working group on ``left_on``.

    Side effects: sets ``left_on``; the participant drops out of the active list and the mailing list.
    Nothing is deleted.
    """
    participant.left_on = left_on
    participant.save(update_fields=["left_on", "updated_at"])


@transaction.atomic
def mark_returned(*, participant):
    """Undo :func:`mark_left`. Side effects: clears ``left_on``."""
    participant.left_on = None
    participant.save(update_fields=["left_on", "updated_at"])


@transaction.atomic
def rotate_token(*, participant):
    """Give the participant a new personal link.

    Side effects: the old link and every participant session opened with it stop working at once (the
    invalid-link page); a new 256-bit token is stored.
    """
    participant.issue_token()
    participant.save(update_fields=["token", "token_digest", "updated_at"])
    return participant.token


@transaction.atomic
def revoke_token(*, participant):
    """Switch the participant's personal link off.

    Side effects: the token is removed; the link and its sessions show the invalid-link page.
    """
    participant.revoke_token()
    participant.save(update_fields=["token", "token_digest", "updated_at"])


@transaction.atomic
def erase_participant(*, participant, when=None):
    """Erase a participant's personal data (GDPR Art. 17) but keep the row.

    Side effects: names, email, phone, organisation, function, languages, notes, consent, the "stands in for"
    link and the personal link are removed; ``erased_at`` is set and, if still open, ``left_on``; the later apps
    remove the name from the texts they copied it into (:data:`erasure_steps`, e.g. the findings history); mails
    to the person not sent yet are dropped and the others lose address and text (:func:`outbox.forget_address`).
    Attendance, minutes and findings keep pointing at the row and show a neutral placeholder ("Deleted person").
    """
    when = when or timezone.now()
    erasure_steps(participant=participant)  # while the name still exists
    outbox.forget_address(address=participant.email)
    documents_cache.forget_all()  # printed letters, attendance sheets and protocols may show the name
    participant.given_name = ""
    participant.family_name = ""
    participant.email = ""
    participant.invalid_email = ""  # an address from an import that was left out
    participant.phone = ""
    participant.organization = None
    participant.represents = None
    participant.function = ""
    participant.languages = ""
    participant.notes = ""
    participant.consent_given_at = None
    participant.consent_method = ""
    participant.revoke_token()
    participant.preferred_language = "de"
    participant.left_on = participant.left_on or timezone.localdate(when)
    participant.erased_at = when
    participant.save()
    Participant.objects.filter(represents=participant).update(represents=None)


def anonymise_left_participants(*, months=None, today=None, dry_run=False):
    """Erase everyone who left more than ``months`` months ago (default: the setting).

    Side effects: :func:`erase_participant` for each of them, in one transaction. Returns their count.
    """
    months = months if months is not None else settings.MEMBERS_ANONYMISE_AFTER_MONTHS
    cutoff = _months_before(today or timezone.localdate(), months)
    candidates = Participant.objects.filter(erased_at__isnull=True, left_on__lt=cutoff)
    if dry_run:
        return candidates.count()
    with transaction.atomic():
        participants = list(candidates.select_for_update())
        for participant in participants:
            erase_participant(participant=participant)
    return len(participants)


def _months_before(day, months):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def request_deletion(*, participant):
    """Record a participant's request to delete their data (from their personal page).

    Side effects: sets ``deletion_requested_at`` (once; the participant list and page then show the open request
    to the coordinators); queues a mail to the group's organiser, if an address is known, with a link to the
    participant's page where the coordinator can erase the data (through the outbox, in this transaction).
    Returns False when the request had been made before (nothing changes then).
    """
    if participant.deletion_requested_at:
        return False
    participant.deletion_requested_at = timezone.now()
    participant.save(update_fields=["deletion_requested_at", "updated_at"])
    group = participant.working_group
    if group.organizer_email:
        link = settings.BASE_URL + participant.get_absolute_url()
        with override("de"):
            subject = _("Deletion request in %(group)s") % {"group": group.name}
            body = _(
                "%(name)s has asked for their personal data to be deleted from the working group "
                "%(group)s.\n\nPlease check the request and erase the data here:\n%(link)s\n"
            ) % {"name": participant.display_name, "group": group.name, "link": link}
        outbox.queue_mail(
            to=group.organizer_email,
            subject=subject,
            text=body,
            about=participant,
            kind="deletion-request",
            dedupe_key=f"deletion-request:participant-{participant.pk}",
        )
    return True


@transaction.atomic
def create_import_batch(*, group, user, filename, table):
    """Keep an uploaded, readable table until the user confirms it.

    Side effects: stores an :class:`ImportBatch` (rows and the guessed column mapping) in the database;
    older unconfirmed batches of the same user and group, and every group's batches left unconfirmed for more
    than a day (they hold personal data), are removed. No participant is touched.
    """
    ImportBatch.objects.filter(working_group=group, created_by=user, imported_at__isnull=True).delete()
    discard_stale_import_batches()
    return ImportBatch.objects.create(
        working_group=group,
        created_by=user,
        filename=tables.clean_text(filename)[:255],
        headers=table.headers,
        rows=table.rows,
        lines=table.lines,
        empty_formulas=table.empty_formulas,
        mapping=importing.guess_mapping(table.headers),
    )


def discard_stale_import_batches(*, older_than=datetime.timedelta(days=1)):
    """Delete uploaded lists nobody confirmed in time (they hold personal data). Returns the number deleted.

    Side effects: deletes :class:`ImportBatch` rows older than ``older_than`` that were never imported.
    """
    deleted, _counts = ImportBatch.objects.filter(
        imported_at__isnull=True, created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


@transaction.atomic
def set_import_mapping(*, batch, mapping):
    """Store the columns the user mapped by hand. Side effects: updates ``batch.mapping``."""
    batch.mapping = mapping
    batch.save(update_fields=["mapping"])


@transaction.atomic
def import_participants(*, batch, data, by=None):
    """Create or update the participants of a confirmed import, all or nothing.

    ``data`` is the confirmation form's cleaned data (:class:`members.forms.ImportConfirmForm`): ``consent_method``,
    ``create_anyway`` (lines of possible duplicates to create anyway), ``corrections`` (line → the email address
    typed instead of an invalid one) and ``left_out`` (lines with an invalid address the user unticked). A row
    whose name matches an existing participant with another (or no) email is a possible duplicate and is skipped
    unless its line is in ``create_anyway``; other line numbers are ignored.

    Side effects: locks the batch; creates the organisations named in the file that the group does not have
    yet (matched by name, any case); creates a participant for each "new" row and fills the empty fields of the
    existing participant for each "update" row (a value in the file replaces a stored one, empty cells never
    erase anything, the stored email keeps its case); a new participant whose address in the file is invalid is
    created without email, with the address kept in ``invalid_email`` for the coordination to fix; with
    ``consent_method`` the new participants get consent dated today; marks the batch as imported by ``by``, with
    its counts, and clears its rows. Rows judged (possible) duplicate, too long, empty or unticked are not stored
    (nothing is cut short). Returns the counts by outcome.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.imported_at:
        raise tables.TableError(_("This file has already been imported."))
    group = batch.working_group
    emails, names, _people = selectors.import_lookup(group)
    results = importing.analyse(
        batch.rows,
        batch.mapping,
        emails,
        lines=batch.lines,
        existing_names=names,
        create_anyway=data.get("create_anyway", frozenset()),
        corrections=data.get("corrections", {}),
        left_out=data.get("left_out", frozenset()),
    )
    consent_method = data.get("consent_method", "")
    organizations = {org.name.casefold(): org for org in group.organizations.all()}
    existing = group.participants.in_bulk([r.existing_id for r in results if r.existing_id])
    today = timezone.localdate()
    to_create = []
    for result in results:
        if not result.is_imported:
            continue
        values = dict(result.values)
        org_name = values.pop("organization", "").strip()
        organization = None
        if org_name:
            organization = organizations.get(org_name.casefold())
            if organization is None:
                organization = Organization.objects.create(working_group=group, name=org_name)
                organizations[org_name.casefold()] = organization
        fields = {name: values.get(name, "") for name in IMPORTED_FIELDS}
        if result.outcome == importing.NEW:
            participant = Participant(
                working_group=group,
                organization=organization,
                languages=languages.pack(result.languages),
                invalid_email=result.invalid_email,
                **fields,
            )
            if consent_method:
                participant.consent_given_at = today
                participant.consent_method = consent_method
            participant.issue_token()
            to_create.append(participant)
        else:
            participant = existing[result.existing_id]
            for name, value in fields.items():
                if value and not (name == "email" and value.lower() == participant.email.lower()):
                    setattr(participant, name, value)
            if organization:
                participant.organization = organization
            if result.languages:
                merged = participant.language_codes + result.languages
                participant.languages = languages.pack(merged)
            participant.save()
    Participant.objects.bulk_create(to_create)
    counts = importing.summarise(results)
    batch.imported_at = timezone.now()
    batch.imported_by = by
    batch.counts = counts.stored()
    batch.rows = []
    batch.lines = []
    batch.save(update_fields=["imported_at", "imported_by", "counts", "rows", "lines"])
    return counts
