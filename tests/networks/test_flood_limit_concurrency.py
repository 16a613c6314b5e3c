"""The flood limit holds when many answers arrive at the same moment on several app servers: the counter is one row
raised with a conditional UPDATE, so exactly the limit is stored (PostgreSQL; see tests/concurrency.py)."""

import pytest

from networks import newcomers
from networks.models import NewcomerAnswer, NewcomerRateWindow
from tests.concurrency import at_once, row_lock_test
from tests.factories import WorkingGroupFactory

pytestmark = row_lock_test


def test_twelve_answers_at_once_against_a_limit_of_five_store_five(settings):
    settings.NEWCOMER_ANSWERS_PER_HOUR = 5
    link = newcomers.open_link(group=WorkingGroupFactory())

    def submit():
        return newcomers.submit_answer(link=link, data={"found": "no", "missing": "Kita"})

    outcomes = at_once(*[submit] * 12)
    stored = [outcome for outcome in outcomes if outcome.error is None]
    refused = [outcome for outcome in outcomes if isinstance(outcome.error, newcomers.TooManyAnswers)]
    assert len(stored) == 5 and len(refused) == 7, [outcome.error for outcome in outcomes]
    assert NewcomerAnswer.objects.count() == 5
    assert NewcomerRateWindow.objects.get().count == 5
    with pytest.raises(newcomers.TooManyAnswers):
        submit()
