"""The PDF cache: one row per rendered document, keyed by its content (see documents/cache.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RenderedDocument(models.Model):
    """A rendered PDF, shared by every app server through the database; nothing is kept on local disk."""

    key = models.CharField(_("key"), max_length=64, unique=True, help_text=_("SHA-256 of the HTML and renderer."))
    renderer = models.CharField(_("renderer"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")

    def __str__(self):
        return f"{self.key[:12]}… ({self.size} B)"
