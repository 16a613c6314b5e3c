from django.contrib import admin

from arbeitskreis.models import GroupEvent, GroupRole, Municipality, WorkingGroup


class WorkingGroupInline(admin.TabularInline):
    model = WorkingGroup
    fields = ["name", "slug", "cadence_months"]
    extra = 0
    show_change_link = True


class GroupRoleInline(admin.TabularInline):
    model = GroupRole
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "official_key", "integreat_region_slug"]
    list_filter = ["state"]
    search_fields = ["name", "slug", "official_key", "integreat_region_slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WorkingGroupInline]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "state", "cadence_months", "organizer_name"]
    list_filter = ["kind", "municipality__state", "state"]
    list_select_related = ["municipality"]
    search_fields = ["name", "municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupRoleInline]


@admin.register(GroupRole)
class GroupRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "working_group", "role", "created_at"]
    list_filter = ["role", "working_group__municipality__state"]
    list_select_related = ["user", "working_group"]
    search_fields = ["user__username", "user__email", "working_group__name"]
    autocomplete_fields = ["user", "working_group"]


@admin.register(GroupEvent)
class GroupEventAdmin(admin.ModelAdmin):
    """The groups' change log (who changed roles, settings, minutes …), read-only: only the services write it."""

    list_display = ["created_at", "working_group", "kind", "actor_name", "user_name"]
    list_filter = ["kind", "working_group__municipality__state"]
    list_select_related = ["working_group"]
    search_fields = ["actor_name", "user_name", "working_group__name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
