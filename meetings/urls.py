from django.urls import path

from meetings import invitation_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/status/", views.meeting_status, name="status"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/save-as-template/", views.save_as_template, name="save-as-template"),
    path("<int:pk>/agenda/new/", views.agenda_item_add, name="agenda-item-add"),
    path("<int:pk>/agenda/reorder/", views.agenda_reorder, name="agenda-reorder"),
    path("<int:pk>/agenda/<int:item_pk>/edit/", views.agenda_item_edit, name="agenda-item-edit"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", views.agenda_item_delete, name="agenda-item-delete"),
    path("<int:pk>/agenda/<int:item_pk>/move/", views.agenda_item_move, name="agenda-item-move"),
    path("<int:pk>/invitations/", invitation_views.invitation_list, name="invitations"),
    path("<int:pk>/invitations/send/", invitation_views.invitation_send, name="invitations-send"),
    path("<int:pk>/invitations/update/", invitation_views.invitation_update, name="invitations-update"),
    path(
        "<int:pk>/invitations/mails/<int:mail_pk>/retry/",
        invitation_views.invitation_mail_retry,
        name="invitation-mail-retry",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/answer/",
        invitation_views.invitation_answer,
        name="invitation-answer",
    ),
    path("feeds/", invitation_views.feed_list, name="feeds"),
    path("feeds/<int:feed_pk>/renew/", invitation_views.feed_renew, name="feed-renew"),
    path("feeds/<int:feed_pk>/revoke/", invitation_views.feed_revoke, name="feed-revoke"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:template_pk>/delete/", views.template_delete, name="template-delete"),
    path("focus-questions/", views.focus_question_list, name="focus-questions"),
    path("focus-questions/<int:question_pk>/delete/", views.focus_question_delete, name="focus-question-delete"),
]
