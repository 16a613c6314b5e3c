"""Admin: staff manage the global agenda templates and the focus question library here."""

from django.contrib import admin

from meetings.models import AgendaItem, AgendaTemplate, AgendaTemplateItem, FocusQuestion, Meeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "planned_minutes", "presenter"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "start", "status"]
    list_filter = ["status", "working_group__municipality__state"]
    search_fields = ["title", "working_group__name", "place"]
    date_hierarchy = "start"
    list_select_related = ["working_group"]
    autocomplete_fields = ["working_group"]
    filter_horizontal = ["focus_questions"]
    # Status and calendar sequence change only through meetings.services (allowed transitions, calendar updates).
    readonly_fields = ["status", "sequence", "calendar_uid", "created_at", "updated_at"]
    inlines = [AgendaItemInline]


class AgendaTemplateItemInline(admin.TabularInline):
    model = AgendaTemplateItem
    extra = 1
    fields = ["position", "title", "description", "minutes"]


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "working_group"]
    list_filter = ["kind", ("working_group", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["working_group"]
    inlines = [AgendaTemplateItemInline]


@admin.register(FocusQuestion)
class FocusQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "working_group"]
    list_filter = [("working_group", admin.EmptyFieldListFilter)]
    search_fields = ["text"]
    list_select_related = ["working_group"]
