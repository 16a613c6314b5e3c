"""Where the later apps answer the earlier apps' hooks (:mod:`arbeitskreis.hooks`), in one place.

The apps import each other in one direction: ``outbox`` and ``documents`` at the bottom (they know no domain app),
then members → meetings → findings → minutes → integreat → networks; the core (this package) composes them. Each
line below says: this page or write of an earlier app shows or does what a later app offers.
"""

from arbeitskreis import accounts, handover, team
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
from minutes import handover as minutes_handover
from minutes import measure_selectors as minutes_measure_selectors
from minutes import measures as minutes_measures
from minutes import selectors as minutes_selectors
from minutes import services as minutes_services
from networks import feedback_selectors as networks_feedback
from networks import newcomer_selectors as networks_newcomers
from networks import services as networks_services


def connect():
    """Connect every hook (called once from ``ArbeitskreisConfig.ready``)."""
    # The coordinator's page of a participant lists their invitations, the content gaps they raised and those
    # assigned to them; the participant's own page, the meetings they can answer.
    members_selectors.participant_activity_sources.connect(meetings_selectors.participant_activity)
    members_selectors.participant_activity_sources.connect(findings_selectors.participant_activity)
    members_selectors.personal_page_sources.connect(meetings_selectors.personal_page_sections)
    # … the meetings they attended and the measures they are responsible for; on their own page, the minutes they
    # can read.
    members_selectors.participant_activity_sources.connect(minutes_selectors.participant_activity)
    members_selectors.personal_page_sources.connect(minutes_selectors.personal_page_sections)
    # An erasure removes the name from the findings history and the agenda topics the person suggested, and
    # switches off the person's calendar subscription.
    members_services.erasure_steps.connect(findings_services.forget_participant)
    members_services.erasure_steps.connect(meetings_feeds.forget_participant)
    # … and from the history of the measures (a responsible is kept there as the name it had).
    members_services.erasure_steps.connect(minutes_measures.forget_participant)
    # … and from the kept versions of the minutes (their remarks on drafts are deleted).
    members_services.erasure_steps.connect(minutes_services.forget_participant)
    # A meeting's follow-up lists the open content gaps of earlier meetings; its page, those raised in it.
    meetings_selectors.follow_up_sources.connect(findings_selectors.meeting_follow_up)
    # … and the open measures (action items) decided before it, until they are done or dropped.
    meetings_selectors.follow_up_sources.connect(minutes_measure_selectors.meeting_follow_up)
    meetings_selectors.meeting_record_sources.connect(findings_selectors.meeting_records)
    # A handover shows what is handed over: the participants and organisations, the next meeting, the templates,
    # focus questions and calendar links, the open content gaps, the open measures and the last approved minutes.
    handover.handover_sections.connect(members_selectors.handover_sections)
    handover.handover_sections.connect(findings_selectors.handover_sections)
    handover.handover_sections.connect(meetings_selectors.handover_sections)
    handover.handover_sections.connect(minutes_handover.handover_sections)
    # The Integreat content: the pages a meeting validates stand on its agenda and handout; the Wirkung page shows
    # the translation coverage of the municipality's pages; a participant's suggestion can name a page of the tree.
    meetings_selectors.agenda_section_sources.connect(integreat_checklist.agenda_sections)
    findings_impact.impact_section_sources.connect(integreat_coverage.impact_sections)
    findings_forms.suggestion_page_sources.connect(integreat_selectors.page_choices)
    # The protocol of a meeting lists the pages validated in it.
    minutes_selectors.protocol_sources.connect(integreat_checklist.validated_for_protocol)
    # The regional network of a Bundesland keeps its participants in step with the coordinators of the state's
    # working groups: a team change (joining, leaving, role, handover) and a changed name or email reach it.
    team.team_changes.connect(networks_services.coordinators_changed)
    accounts.profile_changes.connect(networks_services.account_changed)
    # A content gap, a suggestion and the minutes show what was passed on to the Integreat team about them, with the
    # team's reply; the Wirkung page counts the newcomers' answers by topic and language.
    findings_selectors.finding_sources.connect(networks_feedback.attach_to_findings)
    findings_selectors.suggestion_sources.connect(networks_feedback.attach_to_suggestions)
    minutes_selectors.minutes_sources.connect(networks_feedback.attach_to_minutes)
    findings_selectors.impact_sources.connect(networks_newcomers.impact_section)
