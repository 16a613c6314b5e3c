"""The outbox's reads for other apps' pages: per object what was sent when, failures, counts — one query each."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from outbox import selectors
from outbox.models import MailStatus
from tests.factories import MunicipalityFactory, UserFactory
from tests.outbox.factories import OutboxMailFactory

pytestmark = pytest.mark.django_db


def mails_for(objects, *, statuses=(MailStatus.SENT, MailStatus.FAILED)):
    """Two mails about each object (a day apart), plus one mail about nothing."""
    now = timezone.now()
    for obj in objects:
        for age, status in zip((2, 1), statuses, strict=True):
            OutboxMailFactory(about=obj, status=status, created_at=now - datetime.timedelta(days=age))
    OutboxMailFactory()


def test_mails_about_gives_each_object_its_own_mails_newest_first():
    users = UserFactory.create_batch(2)
    municipality = MunicipalityFactory()
    mails_for([*users, municipality])
    left_out = UserFactory()
    OutboxMailFactory(about=left_out)

    result = selectors.mails_about([*users, municipality, UserFactory()])

    assert len(result) == 4
    for obj in [*users, municipality]:
        assert [mail.status for mail in result[obj]] == [MailStatus.FAILED, MailStatus.SENT]
        assert {mail.about for mail in result[obj]} == {obj}
    assert list(result.values())[3] == []
    assert selectors.mails_about([]) == {}


def test_a_user_and_a_municipality_with_the_same_id_are_kept_apart():
    user = UserFactory()
    municipality = MunicipalityFactory(pk=user.pk)
    OutboxMailFactory(about=user, subject="für die Person")

    result = selectors.mails_about([user, municipality])

    assert [mail.subject for mail in result[user]] == ["für die Person"]
    assert result[municipality] == []


@pytest.mark.parametrize("count", [2, 40])
def test_mails_about_costs_one_query_however_many_objects(django_assert_num_queries, count):
    users = UserFactory.create_batch(count // 2)
    municipalities = MunicipalityFactory.create_batch(count // 2)
    mails_for([*users, municipalities[0]])
    ContentType.objects.clear_cache()  # a cold content-type cache costs nothing either: the join does the work

    with django_assert_num_queries(1):
        result = selectors.mails_about([*users, *municipalities])
        assert sum(len(mails) for mails in result.values()) == 2 * (len(users) + 1)
        assert all(mail.sent_at is None and mail.subject for mails in result.values() for mail in mails)


@pytest.mark.parametrize("count", [2, 40])
def test_failures_and_counts_cost_one_query_each(django_assert_num_queries, count):
    users = UserFactory.create_batch(count)
    mails_for(users)

    with django_assert_num_queries(2):
        failed = list(selectors.failed_mails(about=users))
        counts = selectors.status_counts(about=users)

    assert len(failed) == count
    assert [mail.created_at for mail in failed] == sorted((mail.created_at for mail in failed), reverse=True)
    assert counts == {MailStatus.QUEUED: 0, MailStatus.SENDING: 0, MailStatus.SENT: count, MailStatus.FAILED: count}


def test_without_objects_the_counts_and_failures_cover_every_mail():
    mails_for(UserFactory.create_batch(3), statuses=(MailStatus.QUEUED, MailStatus.FAILED))

    assert selectors.status_counts() == {"queued": 4, "sending": 0, "sent": 0, "failed": 3}
    assert selectors.failed_mails().count() == 3
    assert list(selectors.failed_mails(about=[])) == []
