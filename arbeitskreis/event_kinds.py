"""What a line of a working group's history (``GroupEvent``, the change log) records: team, settings and minutes.

Its own module so that the core's models stay short; ``arbeitskreis.models`` re-exports it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    JOINED = "joined", _("joined")
    LEFT = "left", _("left")
    REMOVED = "removed", _("removed")
    ROLE_CHANGED = "role_changed", _("role changed")
    INVITED = "invited", _("invited")
    INVITATION_RESENT = "invitation_resent", _("invitation sent again")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("invitation withdrawn")
    HANDOVER = "handover", _("handover")
    SETTINGS_CHANGED = "settings_changed", _("settings changed")
    MINUTES_EDITED = "minutes_edited", _("minutes edited")
    MINUTES_IN_REVIEW = "minutes_in_review", _("minutes sent for review")
    MINUTES_APPROVED = "minutes_approved", _("minutes approved")
    MINUTES_CORRECTION = "minutes_correction", _("correction of the minutes started")
    MINUTES_SENT = "minutes_sent", _("approved minutes sent")
