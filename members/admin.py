from django.contrib import admin

from members.models import ImportBatch, Organization, Participant


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "working_group", "archived"]
    list_filter = ["kind", "archived", "working_group"]
    list_select_related = ["working_group"]
    search_fields = ["name", "working_group__name"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "email", "organization", "working_group", "left_on", "erased_at"]
    list_filter = ["working_group", "left_on", "consent_method"]
    list_select_related = ["organization", "working_group"]
    search_fields = ["family_name", "given_name", "email", "organization__name"]
    raw_id_fields = ["organization", "represents"]
    exclude = ["token", "token_digest"]
    readonly_fields = ["deletion_requested_at", "erased_at", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.issue_token()  # a participant added here gets a personal link like one added in the app
        super().save_model(request, obj, form, change)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "working_group", "created_by", "created_at", "imported_at"]
    list_select_related = ["working_group", "created_by"]
    exclude = ["rows"]
    readonly_fields = ["filename", "headers", "mapping", "created_by", "created_at", "imported_at"]
