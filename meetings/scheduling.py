"""Suggest the date of a group's next meeting: pure functions, no database access.

The rule: the group's cadence (six months by default) after the last meeting, moved forward off weekends
and off the public holidays of the municipality's Bundesland (the ``holidays`` library, subdivision = the
ISO 3166-2:DE code stored on the municipality), at the group's usual time and duration.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

BERLIN = ZoneInfo("Europe/Berlin")
# Without a previous meeting (or when the cadence date has passed): leave time to invite people.
FIRST_MEETING_AFTER = datetime.timedelta(days=28)
MINIMUM_NOTICE = datetime.timedelta(days=14)


@dataclass(frozen=True)
class Skipped:
    """A day the suggestion moved past, and why (a holiday's German or English name, or None for a weekend)."""

    day: datetime.date
    holiday: str | None


@dataclass(frozen=True)
class Suggestion:
    start: datetime.datetime
    end: datetime.datetime
    skipped: list[Skipped] = field(default_factory=list)


def _holiday_calendar(state: str, years, language: str):
    return holidays.country_holidays(
        "DE", subdiv=state or None, years=years, language="de" if language.startswith("de") else "en_US"
    )


def day_off(day: datetime.date, *, state: str, language: str = "de") -> Skipped | None:
    """A :class:`Skipped` when ``day`` is a weekend day or a public holiday in ``state`` (with the holiday's name,
    which wins over the weekend), None for a working day."""
    calendar = _holiday_calendar(state, [day.year], language)
    if day in calendar or day.weekday() >= 5:
        return Skipped(day, calendar.get(day))
    return None


def next_working_day(day: datetime.date, *, state: str, language: str = "de") -> tuple[datetime.date, list[Skipped]]:
    """The first day from ``day`` on that is neither a weekend day nor a public holiday in ``state``."""
    calendar = _holiday_calendar(state, range(day.year, day.year + 2), language)
    skipped = []
    while day.weekday() >= 5 or day in calendar:
        skipped.append(Skipped(day, calendar.get(day)))
        day += datetime.timedelta(days=1)
    return day, skipped


def suggest_meeting(
    *,
    last_start: datetime.datetime | None,
    cadence_months: int,
    start_time: datetime.time,
    duration_minutes: int,
    state: str,
    today: datetime.date,
    language: str = "de",
) -> Suggestion:
    """Suggest start and end of the next meeting.

    ``last_start`` is the start of the group's latest meeting that was not cancelled (None if there is none).
    The date is ``cadence_months`` after it, but never earlier than two weeks from ``today``; without a
    previous meeting it is four weeks from ``today``. It then moves forward off weekends and holidays.
    """
    earliest = today + MINIMUM_NOTICE
    if last_start is None:
        day = today + FIRST_MEETING_AFTER
    else:
        day = max(last_start.astimezone(BERLIN).date() + relativedelta(months=cadence_months), earliest)
    day, skipped = next_working_day(day, state=state, language=language)
    start = datetime.datetime.combine(day, start_time, tzinfo=BERLIN)
    # The length is added in UTC (adding to the clock in Berlin would be wrong on the nights the clocks change).
    end = (start.astimezone(datetime.UTC) + datetime.timedelta(minutes=duration_minutes)).astimezone(BERLIN)
    return Suggestion(start=start, end=end, skipped=skipped)
