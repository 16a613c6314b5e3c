"""The load test's world and checks (``bench/load/``): the seeded addresses work, and each check fails when what it
checks is wrong (the load test itself runs in ``.ci/run``: ``make load-short``)."""

import pytest

from bench.load import run, world
from meetings import invitations
from meetings.models import Invitation, Meeting
from members.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return world.build(coordinators=2, participants=5, feeds=7)


def test_the_seeded_addresses_work(client, seeded):
    assert Invitation.objects.filter(meeting_id=seeded["meeting"]).count() == 5
    assert sorted(feed["kind"] for feed in seeded["feeds"]) == ["group"] * 2 + ["personal"] * 5
    for feed in seeded["feeds"]:
        assert client.get(feed["path"]).content.startswith(b"BEGIN:VCALENDAR")
    response = client.get(seeded["participants"][0]["link"])
    assert response.status_code == 302
    assert response["Location"] == f"/p/meetings/{seeded['meeting']}/"
    assert b'name="answer"' in client.get(response["Location"]).content
    for username in seeded["coordinators"]:
        response = client.post("/accounts/login/", {"username": username, "password": seeded["password"]})
        assert (response.status_code, response["Location"]) == (302, seeded["pages"]["dashboard"])
    for name, path in seeded["pages"].items():
        assert client.get(path).status_code == 200, name


def _answer(seeded, index, answer):
    participant = Participant.objects.get(pk=seeded["participants"][index]["pk"])
    invitations.record_answer(meeting=Meeting.objects.get(pk=seeded["meeting"]), participant=participant, answer=answer)
    return participant.pk


def _results(answers, unfinished=()):
    return {"answers": {str(pk): answer for pk, answer in answers.items()}, "unfinished": list(unfinished)}


def test_the_answer_check_passes_when_each_invitation_holds_the_last_answer(seeded):
    given = {_answer(seeded, 0, "declined"): "declined", _answer(seeded, 1, "accepted"): "accepted"}
    assert run.check_answers(seeded, _results(given), {"participants": 2}) == []


def test_the_answer_check_fails_on_an_answer_that_is_not_the_last_given(seeded):
    given = {_answer(seeded, 0, "declined"): "accepted"}
    assert run.check_answers(seeded, _results(given), {"participants": 1}) == [
        f"1 invitations do not hold the last answer given, e.g. participant {seeded['participants'][0]['pk']}"
    ]


def test_the_answer_check_fails_on_an_answer_recorded_for_a_participant_who_gave_none(seeded):
    _answer(seeded, 3, "tentative")
    problems = run.check_answers(seeded, _results({}), {"participants": 0})
    assert problems == [
        f"1 invitations do not hold the last answer given, e.g. participant {seeded['participants'][3]['pk']}"
    ]


def test_the_answer_check_fails_on_a_missing_invitation_row_and_on_unfinished_participants(seeded):
    pk = seeded["participants"][2]["pk"]
    Invitation.objects.filter(participant_id=pk).delete()
    problems = run.check_answers(seeded, _results({}, unfinished=[pk]), {"participants": 1})
    assert problems == [
        "1 participants did not finish answering",
        "0 of 1 participants answered",
        "4 invitation rows for 5 invited participants",
        f"1 invitations do not hold the last answer given, e.g. participant {pk}",
    ]


def test_the_server_log_check_fails_on_5xx_and_worker_trouble(tmp_path):
    log = tmp_path / "gunicorn.log"
    ok = '127.0.0.1 "GET /p/meetings/1/ HTTP/1.1" 200 5120 31ms "python-requests/2.32"\n'
    log.write_text(ok + ok.replace('" 200 ', '" 304 '))
    assert run.server_log(log) == []
    log.write_text(ok + ok.replace('" 200 ', '" 502 ') + "[2026-12-02] [1] [CRITICAL] WORKER TIMEOUT (pid:7)\n")
    assert run.server_log(log) == [
        "1 errors, tracebacks or worker timeouts in gunicorn's log",
        "1 responses with 5xx in gunicorn's log",
    ]
    log.write_text("")
    assert run.server_log(log) == ["gunicorn logged no request"]


def test_the_percentile_table_fails_on_failed_requests():
    row = {"name": "feed: group", "requests": 10, "failures": 0, "median": 5, "p95": 9, "p99": 9, "max": 12}
    assert run.percentile_table([row, {**row, "name": "overall"}]) == []
    failed = {**row, "failures": 2}
    assert run.percentile_table([failed, {**failed, "name": "overall"}]) == ["2 of 10 requests failed"]


def test_the_server_times_are_grouped_by_request_type():
    pages = {"group page": "/ak/lastheim/arbeitskreis/"}
    assert run.request_type("GET", "/feeds/….ics", "304", pages) == "feed: unchanged (304)"
    assert run.request_type("GET", "/feeds/….ics", "200", pages) == "feed: full (200)"
    assert run.request_type("GET", "/p/…/meetings/3/", "302", pages) == "participant: personal link"
    assert run.request_type("POST", "/p/meetings/3/", "302", pages) == "participant: answer POST"
    assert run.request_type("GET", "/p/meetings/3/", "200", pages) == "participant: answer page"
    assert run.request_type("POST", "/accounts/login/", "302", pages) == "coordinator: login POST"
    assert run.request_type("GET", "/ak/lastheim/arbeitskreis/", "200", pages) == "coordinator: group page"
    assert run.request_type("GET", "/elsewhere/", "200", pages) == "/elsewhere/"
