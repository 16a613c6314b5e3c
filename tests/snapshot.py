"""A snapshot of every stored row, to show that a refused or failed write changed nothing."""

from django.apps import apps

# The login session (a request may touch it without writing anything of the app's) and the tables only migrations fill.
IGNORED = {"sessions.Session", "auth.Permission", "contenttypes.ContentType"}


def database_rows() -> dict:
    """``{model label: [row values, …]}`` for every model, ordered by primary key (one query per model)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label not in IGNORED and not model._meta.proxy
    }
