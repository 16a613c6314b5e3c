"""A read-only log of the outbox for staff, with "send again" for failed mails."""

from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat, truncatechars
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from outbox import services
from outbox.models import MailStatus, OutboxAttachment, OutboxMail


class AttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ["filename", "mimetype", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("size"))
    def size(self, attachment):
        return filesizeformat(len(attachment.content))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "to_address",
        "subject",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "kind", "language", "calendar_method"]
    search_fields = ["to_address", "subject", "message_id", "dedupe_key"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    actions = ["send_again"]
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["status", "to_address", "from_address", "reply_to", "subject", "kind", "language"]}),
        (
            _("Delivery"),
            {
                "fields": [
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "claimed_at",
                    "sent_at",
                    "created_at",
                    "message_id",
                    "dedupe_key",
                    "content_type",
                    "object_id",
                ]
            },
        ),
        (pgettext_lazy("email", "Content"), {"fields": ["text_body", "html_body", "calendar_method", "calendar"]}),
    ]
    readonly_fields = [field for _name, options in fieldsets for field in options["fields"]]

    @admin.display(description=_("last error"))
    def short_error(self, mail):
        return truncatechars(mail.last_error, 80)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text_body", "html_body", "calendar")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log is pruned by `manage.py prune_outbox`, not by hand

    def has_send_again_permission(self, request):
        return request.user.has_perm("outbox.change_outboxmail")

    @admin.action(description=_("Send again"), permissions=["send_again"])
    def send_again(self, request, queryset):
        retried = 0
        for mail in queryset.filter(status__in=[MailStatus.FAILED, MailStatus.QUEUED]):
            try:
                services.retry(mail=mail)
            except services.NotRetryable:  # a worker took it meanwhile
                continue
            retried += 1
        skipped = queryset.count() - retried
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)s mail is queued to be sent again.",
                    "%(count)s mails are queued to be sent again.",
                    retried,
                )
                % {"count": retried},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)s mail was left alone: it is sent or being sent.",
                    "%(count)s mails were left alone: they are sent or being sent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
