"""Networks, feedback and newcomers' answers for the tests, made through the services as the pages do."""

import factory

from networks import feedback, newcomers, services
from networks.models import Feedback, FeedbackCategory, Found, NewcomerAnswer


def network_of(state, **data):
    """The regional network of ``state`` (made with the service on first use: its coordinators become members)."""
    network = services.network_of_state(state)
    if network is None:
        network = services.create_network(
            state=state,
            data={
                "default_online_link": "https://meet.example.org/netzwerk",
                "organizer_name": "Integreat-Team",
                "organizer_email": "netzwerk@integreat.example.org",
                **data,
            },
        )
    return network


def network_for(group):
    """The regional network of the Bundesland of ``group`` (a working group)."""
    return network_of(group.federal_state)


def pass_on(group, *, by=None, text="Die App sollte Termine als Kalender anbieten.", **objects):
    return feedback.pass_on(group=group, data={"category": FeedbackCategory.APP_WISH, "text": text}, by=by, **objects)


def link_of(group):
    return newcomers.open_link(group=group)


class NewcomerAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewcomerAnswer

    found = Found.NO
    language = "ro"
    topic = "Kinderarzt"
    missing = "Eine Liste der Kinderärzte, die Rumänisch sprechen."


__all__ = ["Feedback", "NewcomerAnswerFactory", "link_of", "network_for", "network_of", "pass_on"]
