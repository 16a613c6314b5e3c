from django.urls import path

from integreat import views

app_name = "integreat"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("coverage/", views.coverage, name="coverage"),
    path("areas/", views.areas, name="areas"),
    path("fetch/", views.fetch, name="fetch"),
    path("upload/", views.upload, name="upload"),
    path("meetings/<int:pk>/", views.validation_page, name="validation"),
    path("meetings/<int:pk>/add-areas/", views.validation_add_areas, name="validation-add-areas"),
    path("meetings/<int:pk>/add-pages/", views.validation_add_pages, name="validation-add-pages"),
    path("meetings/<int:pk>/items/<int:item_pk>/remove/", views.validation_remove, name="validation-remove"),
]
