from django.urls import path

from meetings import views

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
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:template_pk>/delete/", views.template_delete, name="template-delete"),
    path("focus-questions/", views.focus_question_list, name="focus-questions"),
    path("focus-questions/<int:question_pk>/delete/", views.focus_question_delete, name="focus-question-delete"),
]
