"""Admin: staff keep the global list of content areas here and can look into findings and suggestions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from findings.models import ContentArea, Finding, FindingEvent, Suggestion


@admin.register(ContentArea)
class ContentAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "working_group", "position"]
    list_filter = [("working_group", admin.EmptyFieldListFilter)]
    list_select_related = ["working_group"]
    search_fields = ["name"]


class FindingEventInline(admin.TabularInline):
    model = FindingEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "actor_label", "field", "before", "after"]
    readonly_fields = fields

    @admin.display(description=_("before"))
    def before(self, event):
        return event.old_display

    @admin.display(description=_("after"))
    def after(self, event):
        return event.new_display

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "content_area", "status", "priority", "due_date", "created_at"]
    list_filter = ["status", "priority", "kind", "working_group__municipality__state", "content_area"]
    list_select_related = ["working_group", "content_area"]
    search_fields = ["title", "description", "working_group__name"]
    raw_id_fields = ["raised_in_meeting", "raised_by"]
    # Status, assignee, priority and due date change only through the app, which writes their history.
    readonly_fields = [
        "status",
        "priority",
        "due_date",
        "assignee_participant",
        "assignee_organization",
        "created_at",
        "updated_at",
        "closed_at",
    ]
    date_hierarchy = "created_at"
    inlines = [FindingEventInline]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "working_group", "status", "created_at", "decided_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["working_group"]
    search_fields = ["title", "description"]
    raw_id_fields = ["participant", "finding", "agenda_item", "decided_by"]
    # Accepting and declining happen only through findings.services (content gap or agenda item, the note).
    readonly_fields = ["status", "created_at", "decided_at", "decided_by"]
