"""The networks' demo data: the network of Baden-Württemberg with the demo coordinators, a held network meeting with
approved minutes and the next one invited, feedback in every status, newcomers' answers — once, however often
``seed_demo`` runs."""

from django.core.management import call_command

from arbeitskreis.models import WorkingGroup
from meetings.models import MeetingStatus
from networks.models import Feedback, FeedbackStatus, NewcomerAnswer


def test_the_demo_has_a_network_with_its_meetings_feedback_and_newcomers_answers(db):
    call_command("seed_demo")
    call_command("seed_demo")
    (network,) = WorkingGroup.objects.networks()
    assert network.state == "BW" and network.municipality is None
    members = sorted(network.network_members.filter(participant__left_on=None).values_list("user__username", flat=True))
    assert members == ["koordination-karlsruhe", "koordination2-karlsruhe"]
    assert network.participants.filter(family_name="Vogt").count() == 1  # added by staff, not by the sync
    held, upcoming = network.meetings.order_by("start")
    assert held.status == MeetingStatus.MINUTES_APPROVED and held.minutes.versions.count() == 1
    # Made before the second coordinator of Karlsruhe joined (the team's demo runs last): two members and a guest.
    assert held.minutes.decisions.count() == 2 and held.attendances.count() == 3
    assert upcoming.status == MeetingStatus.INVITED and upcoming.invitations.count() == 2
    assert set(Feedback.objects.values_list("status", flat=True)) == set(FeedbackStatus.values)
    assert Feedback.objects.filter(working_group__municipality__slug="bielefeld").count() == 2
    assert Feedback.objects.exclude(reply="").count() == 3
    assert NewcomerAnswer.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").count() == 24
    assert NewcomerAnswer.objects.filter(working_group__municipality__slug="bielefeld").count() == 14
    assert NewcomerAnswer.objects.exclude(finding=None).count() == 1
    assert not NewcomerAnswer.objects.filter(content_area=None).exists()  # every demo topic is a seeded area
