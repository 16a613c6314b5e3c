from django.contrib import admin

from minutes.models import Measure, Minutes


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "version", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["meeting__working_group"]
    readonly_fields = ["revision", "updated_at"]
    raw_id_fields = ["meeting", "approved_in"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group", "status", "due_date", "budget"]
    list_filter = ["status", "working_group"]
    list_select_related = ["working_group"]
    raw_id_fields = ["meeting", "responsible_participant", "responsible_organization"]
