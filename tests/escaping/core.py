"""Escaping registry of the tenant core, the accounts and the staff pages."""

from tests.escaping import EMPTY_FORM, NoUserText, Shows, group_kwargs, no_kwargs

GROUP = ("group.name", "municipality.name")
USER = ("user.first_name", "user.last_name")  # the footer of every page shows who is logged in

PAGES = {
    "dashboard": Shows(no_kwargs, (*GROUP, *USER)),
    "healthz": NoUserText("the database status as JSON"),
    "groups:detail": Shows(
        group_kwargs,
        (*GROUP, *USER, "group.default_place", "group.default_online_link", "group.organizer_name"),
    ),
    "groups:settings": Shows(
        group_kwargs,
        (
            "group.name",
            "group.default_place",
            "group.default_online_link",
            "group.organizer_name",
            "group.organizer_email",
        ),
    ),
    "login": EMPTY_FORM,
    "logout": NoUserText("POST-only: logs out and shows the app's own text"),
    "password_change": Shows(no_kwargs, USER),
    "password_change_done": Shows(no_kwargs, USER),
    "password_reset": EMPTY_FORM,
    "password_reset_done": NoUserText("the app's own text"),
    "password_reset_confirm": NoUserText("an invalid reset link: the app's own text"),
    "password_reset_complete": NoUserText("the app's own text"),
    "set_language": NoUserText("redirects"),
    "account:profile": Shows(no_kwargs, (*USER, "user.email")),
    "favicon": NoUserText("redirects to the icon"),
    "findings-overview:impact": Shows(no_kwargs, ("municipality.name", "group.name", "area.name"), as_="staff"),
}
