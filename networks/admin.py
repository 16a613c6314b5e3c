"""Admin: staff look into the networks' memberships, the feedback and the newcomers' answers; the pages of the app are
where they work with them (the feedback inbox, the networks)."""

from django.contrib import admin

from networks.models import Feedback, NetworkMember, NewcomerAnswer, NewcomerLink


@admin.register(NetworkMember)
class NetworkMemberAdmin(admin.ModelAdmin):
    list_display = ["participant", "network", "user", "on_mailing_list", "created_at"]
    list_filter = ["network", "on_mailing_list"]
    list_select_related = ["participant", "network", "user"]
    raw_id_fields = ["participant", "user"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["working_group", "category", "status", "created_at", "replied_at"]
    list_filter = ["status", "category", "working_group__municipality__state"]
    list_select_related = ["working_group"]
    raw_id_fields = ["working_group", "finding", "suggestion", "minutes", "created_by", "replied_by"]


@admin.register(NewcomerLink)
class NewcomerLinkAdmin(admin.ModelAdmin):
    list_display = ["working_group", "created_at"]
    list_select_related = ["working_group"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False  # a link is made on the group's newcomers page (networks.newcomers.open_link, with its digest)


@admin.register(NewcomerAnswer)
class NewcomerAnswerAdmin(admin.ModelAdmin):
    list_display = ["working_group", "answered_on", "content_area", "language", "found"]
    list_filter = ["found", "language"]
    list_select_related = ["working_group", "content_area"]
    raw_id_fields = ["working_group", "finding"]
