"""The newcomers' feedback: the public form (no login, no cookie, no personal data), its flood limit, hostile input,
the QR code and the poster, the counts on the Wirkung page, and a "not found" recorded as a content gap."""

import io

import pytest
import segno
from django.test import Client
from django.urls import reverse
from pdfminer.high_level import extract_text

from findings.models import ContentArea, Finding, FindingEvent
from networks import newcomer_selectors
from networks.models import NewcomerAnswer, NewcomerLink, NewcomerRateWindow
from tests.findings.factories import ContentAreaFactory, area
from tests.networks.factories import NewcomerAnswerFactory, link_of
from tests.snapshot import database_rows


def form_url(link):
    return reverse("newcomer-form:form", kwargs={"key": link.key})


def answer(**data):
    return {"content_area": area("Gesundheit").pk, "language": "ro", "found": "no", "missing": "Kinderärzte", **data}


def no_cookie(response):
    assert not response.cookies, f"the public page set a cookie: {list(response.cookies)}"
    assert "Set-Cookie" not in response


def test_the_coordinator_makes_the_public_link_and_renews_it(world, coordinator_client):
    page = reverse("newcomers:overview", kwargs=world.group.url_kwargs())
    assert "Öffentlichen Link einrichten" in coordinator_client.get(page).content.decode()
    coordinator_client.post(reverse("newcomers:link", kwargs=world.group.url_kwargs()))
    link = NewcomerLink.objects.get(working_group=world.group)
    content = coordinator_client.get(page).content.decode()
    assert newcomer_selectors.public_url(link) in content
    assert segno.make(newcomer_selectors.public_url(link), error="m").svg_data_uri(scale=1, border=4) in content
    old = link.key
    coordinator_client.post(reverse("newcomers:link", kwargs=world.group.url_kwargs()), {"renew": "1"})
    link.refresh_from_db()
    assert link.key != old
    response = Client().get(reverse("newcomer-form:form", kwargs={"key": old}))
    assert response.status_code == 404 and "Dieser Link funktioniert nicht" in response.content.decode()
    assert world.group.name not in response.content.decode()


def test_a_newcomer_answers_without_a_cookie_and_only_the_answer_and_the_day_are_stored(world):
    link = link_of(world.group)
    newcomer = Client(HTTP_ACCEPT_LANGUAGE="ar", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Mozilla/5.0 Android")
    response = newcomer.get(form_url(link))
    no_cookie(response)
    content = response.content.decode()
    assert "Welches Thema haben Sie gesucht?" in content and "Which topic did you look for?" in content
    assert 'lang="en"' in content and "Rumänisch / Romanian" in content
    assert "csrfmiddlewaretoken" not in content
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    response = newcomer.post(form_url(link), answer(topic="Kinderarzt", missing="Eine Liste auf Rumänisch."))
    no_cookie(response)
    assert response["Location"] == reverse("newcomer-form:thanks", kwargs={"key": link.key})
    thanks = newcomer.get(response["Location"])
    no_cookie(thanks)
    assert "Vielen Dank!" in thanks.content.decode() and "Thank you!" in thanks.content.decode()
    (stored,) = NewcomerAnswer.objects.values()
    assert stored["topic"] == "Kinderarzt" and stored["language"] == "ro" and stored["found"] == "no"
    assert stored["missing"] == "Eine Liste auf Rumänisch."
    assert stored["working_group_id"] == world.group.pk
    assert set(stored) == {
        "id", "working_group_id", "content_area_id", "topic", "language", "found", "missing", "answered_on",
        "finding_id",
    }  # fmt: skip
    assert "203.0.113.9" not in str(database_rows()) and "Android" not in str(database_rows())


def test_the_form_offers_the_groups_own_topics_but_not_another_groups(world):
    own = ContentAreaFactory(working_group=world.group, name="Landwirtschaft")
    foreign = ContentAreaFactory(working_group=world.other_group, name="Bergbau")
    link = link_of(world.group)
    content = Client().get(form_url(link)).content.decode()
    assert "Landwirtschaft" in content and "Bergbau" not in content
    response = Client().post(form_url(link), answer(content_area=foreign.pk))
    assert response.status_code == 200 and "Bitte prüfen Sie diese Antwort." in response.content.decode()
    assert not NewcomerAnswer.objects.exists()
    assert Client().post(form_url(link), answer(content_area=own.pk)).status_code == 302


def test_a_robot_filling_the_hidden_field_gets_thanks_and_stores_nothing(world):
    link = link_of(world.group)
    response = Client().post(form_url(link), answer(website="https://spam.example"))
    assert response.status_code == 302
    assert not NewcomerAnswer.objects.exists() and not NewcomerRateWindow.objects.exists()


def test_a_flood_past_the_limit_stores_nothing_and_never_fails(world, settings):
    settings.NEWCOMER_ANSWERS_PER_HOUR = 3
    link = link_of(world.group)
    statuses = [Client().post(form_url(link), answer()).status_code for _ in range(3)]
    assert statuses == [302, 302, 302]
    before = database_rows()
    for _ in range(20):
        response = Client().post(form_url(link), answer(missing="Flut"))
        assert response.status_code == 429
        no_cookie(response)
        assert "Gerade kommen zu viele Antworten" in response.content.decode()
    assert database_rows() == before  # not even the counter moved
    assert NewcomerAnswer.objects.count() == 3 and not NewcomerAnswer.objects.filter(missing="Flut").exists()
    # Another group's form is not held back.
    assert Client().post(form_url(link_of(world.other_group)), answer()).status_code == 302


HOSTILE = [
    {},
    {"found": "maybe"},
    {"found": "no", "content_area": "abc"},
    {"found": "no", "content_area": "-1"},
    {"found": "no", "content_area": "99999999999999999999999"},
    {"found": "no", "language": "xx"},
    {"found": "no", "language": "<script>"},
    {"found": "no", "missing": "x" * 1001},
    {"found": "no", "topic": "y" * 201},
    {"found": "no", "missing": "Null\x00Byte"},
    {"found": "no\x00"},
]


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_gets_the_form_again_and_stores_nothing(world, data):
    link = link_of(world.group)
    before = database_rows()
    response = Client().post(form_url(link), data)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Antworten." in response.content.decode()
    no_cookie(response)
    assert database_rows() == before


def test_wrong_keys_methods_and_bodies_never_end_in_a_500(world):
    link = link_of(world.group)
    client = Client(raise_request_exception=False)
    for key in ("x", "a" * 33, "a" * 200, "..", "%00", "ÄÖÜ"):
        assert client.get(f"/n/{key}/").status_code == 404
        assert client.post(f"/n/{key}/", answer()).status_code == 404
    assert client.put(form_url(link)).status_code == 405
    assert client.delete(form_url(link)).status_code == 405
    assert (
        client.post(
            form_url(link), data=b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"
        ).status_code
        < 500
    )
    assert client.post(form_url(link), data="{}", content_type="application/json").status_code == 200
    surrogate = b"found=no&topic=%ED%A0%80&missing=%FF%FE"  # not UTF-8: replaced, never a 500
    assert (
        client.post(form_url(link), data=surrogate, content_type="application/x-www-form-urlencoded").status_code < 500
    )
    big = {"found": "no", "missing": "z" * 3_000_000}
    assert client.post(form_url(link), big).status_code == 413  # DATA_UPLOAD_MAX_MEMORY_SIZE: the "too large" page
    (stored,) = NewcomerAnswer.objects.all()  # only the answer whose bytes were no UTF-8, with U+FFFD in their place
    assert "\ufffd" in stored.topic


def test_the_wirkung_page_counts_the_answers_by_topic_and_language(world, coordinator_client):
    NewcomerAnswerFactory(working_group=world.group, content_area=area("Gesundheit"), language="ro", found="no")
    NewcomerAnswerFactory(working_group=world.group, content_area=area("Gesundheit"), language="ro", found="yes")
    NewcomerAnswerFactory(working_group=world.group, content_area=area("Arbeit"), language="ar", found="partly")
    NewcomerAnswerFactory(working_group=world.other_group, content_area=area("Wohnen"), language="uk", found="no")
    response = coordinator_client.get(reverse("findings:impact", kwargs=world.group.url_kwargs()))
    section = response.context["newcomers"]["figures"]
    assert section["totals"] == {"total": 3, "found": 1, "partly": 1, "not_found": 1}
    assert [(row["label"], row["value"], row["missing"]) for row in section["by_area"]] == [
        ("Gesundheit", 2, 1),
        ("Arbeit", 1, 1),
    ]
    assert [(row["code"], row["value"], row["missing"]) for row in section["by_language"]] == [
        ("ro", 2, 1),
        ("ar", 1, 1),
    ]
    content = response.content.decode()
    assert "Was Neuzugewanderte gesucht haben" in content and "Ukrainisch" not in content


def test_a_not_found_becomes_a_content_gap_once(world, coordinator_client):
    missing = NewcomerAnswerFactory(
        working_group=world.group, content_area=area("Gesundheit"), topic="Kinderarzt", language="ro", found="no"
    )
    found = NewcomerAnswerFactory(working_group=world.group, found="yes")
    to_finding = reverse("newcomers:to-finding", kwargs={**world.group.url_kwargs(), "pk": missing.pk})
    response = coordinator_client.post(to_finding)
    finding = Finding.objects.get()
    assert response["Location"] == finding.get_absolute_url()
    assert finding.title == "Neuzugewanderte haben nicht gefunden: Kinderarzt"
    assert finding.languages == ",ro," and finding.content_area == area("Gesundheit")
    assert missing.missing in finding.description
    assert FindingEvent.objects.filter(finding=finding, field="created", actor=world.coordinator).exists()
    missing.refresh_from_db()
    assert missing.finding == finding
    coordinator_client.post(to_finding)
    coordinator_client.post(reverse("newcomers:to-finding", kwargs={**world.group.url_kwargs(), "pk": found.pk}))
    assert Finding.objects.count() == 1
    page = coordinator_client.get(reverse("newcomers:overview", kwargs=world.group.url_kwargs())).content.decode()
    assert finding.get_absolute_url() in page


def test_the_poster_prints_the_qr_code_and_the_address_in_both_languages(world, coordinator_client):
    link = link_of(world.group)
    response = coordinator_client.get(reverse("newcomers:poster", kwargs=world.group.url_kwargs()))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(extract_text(io.BytesIO(response.content)).split())
    assert "Haben Sie gefunden, was Sie brauchen?" in text and "Did you find what you need?" in text
    assert newcomer_selectors.public_url(link) in text.replace(" ", "")
    svg = coordinator_client.get(reverse("newcomers:qr", kwargs=world.group.url_kwargs()))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    assert ContentArea.objects.exists()
