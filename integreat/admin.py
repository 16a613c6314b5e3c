"""Admin: staff see each municipality's region, when its snapshot was taken and how the last attempt ended."""

from django.contrib import admin

from integreat.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["municipality", "slug", "page_count", "taken_at", "taken_from", "attempt_status", "attempt_problem"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "slug", "name"]
    readonly_fields = [field.name for field in Region._meta.fields]

    def has_add_permission(self, request):
        return False
