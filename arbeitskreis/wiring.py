"""Where the later apps answer the earlier apps' hooks (:mod:`arbeitskreis.hooks`), in one place.

The apps import each other in one direction: ``outbox`` and ``documents`` at the bottom (they know no domain app),
then members → meetings → findings → minutes → integreat; the core (this package) composes them. Each line below
says: this page or write of an earlier app shows or does what a later app offers.
"""

from findings import forms as findings_forms
from findings import impact as findings_impact
from findings import selectors as findings_selectors
from findings import services as findings_services
from integreat import checklist as integreat_checklist
from integreat import coverage as integreat_coverage
from integreat import selectors as integreat_selectors
from meetings import feeds as meetings_feeds
from meetings import selectors as meetings_selectors
from members import selectors as members_selectors
from members import services as members_services


def connect():
    """Connect every hook (called once from ``ArbeitskreisConfig.ready``)."""
    # The coordinator's page of a participant lists their invitations, the content gaps they raised and those
    # assigned to them; the participant's own page, the meetings they can answer.
    members_selectors.participant_activity_sources.connect(meetings_selectors.participant_activity)
    members_selectors.participant_activity_sources.connect(findings_selectors.participant_activity)
    members_selectors.personal_page_sources.connect(meetings_selectors.personal_page_sections)
    # An erasure removes the name from the findings history and the agenda topics the person suggested, and
    # switches off the person's calendar subscription.
    members_services.erasure_steps.connect(findings_services.forget_participant)
    members_services.erasure_steps.connect(meetings_feeds.forget_participant)
    # A meeting's follow-up lists the open content gaps of earlier meetings; its page, those raised in it.
    meetings_selectors.follow_up_sources.connect(findings_selectors.meeting_follow_up)
    meetings_selectors.meeting_record_sources.connect(findings_selectors.meeting_records)
    # The Integreat content: the pages a meeting validates stand on its agenda and handout; the Wirkung page shows
    # the translation coverage of the municipality's pages; a participant's suggestion can name a page of the tree.
    meetings_selectors.agenda_section_sources.connect(integreat_checklist.agenda_sections)
    findings_impact.impact_section_sources.connect(integreat_coverage.impact_sections)
    findings_forms.suggestion_page_sources.connect(integreat_selectors.page_choices)
    # Not yet connected: the pages validated in a meeting for the protocol (integreat.checklist.validated_in, or as
    # JSON validated_for_protocol for minutes.selectors.protocol_sources, once the protocol template shows them) and
    # the coverage per language for the network report (integreat.coverage.coverage_by_language).
