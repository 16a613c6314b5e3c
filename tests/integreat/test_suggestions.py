"""A participant's suggestion can name a page of the tree; accepted, the content gap links to that page."""

from django.urls import reverse

from findings.models import Finding, Suggestion
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link


def test_the_suggestion_form_offers_the_pages_and_the_finding_links_the_page(client, world, snapshot):
    participant = ParticipantFactory(working_group=world.group)
    open_personal_link(client, participant)
    page = client.get(reverse("personal:suggest")).content.decode()
    assert "Seite in der Integreat-App" in page
    assert '<optgroup label="Wohnen">' in page and "– Wohnungssuche</option>" in page
    address = snapshot.pages.get(title="Kaution").url
    response = client.post(
        reverse("personal:suggest"),
        {"kind": "gap", "title": "Kaution ist veraltet", "integreat_url": address, "language": ""},
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.integreat_url, suggestion.integreat_title) == (address, "Kaution")
    assert "Kaution ist veraltet" in client.get(reverse("personal:suggest")).content.decode()

    client.force_login(world.coordinator)
    triage = client.get(reverse("findings:suggestions", kwargs=world.group.url_kwargs())).content.decode()
    assert f'href="{address}"' in triage
    client.post(reverse("findings:suggestion-accept", kwargs={**world.group.url_kwargs(), "pk": suggestion.pk}))
    assert Finding.objects.get().integreat_url == address


def test_an_address_that_is_not_in_the_tree_is_refused(client, world, snapshot):
    participant = ParticipantFactory(working_group=world.group)
    open_personal_link(client, participant)
    response = client.post(
        reverse("personal:suggest"),
        {"kind": "gap", "title": "Irgendwas", "integreat_url": "https://example.org/phishing"},
    )
    assert response.status_code == 200
    assert "integreat_url" in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_without_a_tree_the_form_has_no_page_field(client, world):
    participant = ParticipantFactory(working_group=world.group)
    open_personal_link(client, participant)
    assert "Seite in der Integreat-App" not in client.get(reverse("personal:suggest")).content.decode()
