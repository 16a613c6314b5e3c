from django.urls import path

from findings import views

app_name = "findings"

urlpatterns = [
    path("", views.finding_list, name="list"),
    path("new/", views.finding_create, name="create"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("impact/", views.impact, name="impact"),
    path("areas/", views.content_areas, name="areas"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/<int:pk>/accept/", views.suggestion_accept, name="suggestion-accept"),
    path("suggestions/<int:pk>/decline/", views.suggestion_decline, name="suggestion-decline"),
    path("<int:pk>/", views.finding_detail, name="detail"),
    path("<int:pk>/edit/", views.finding_edit, name="edit"),
    path("<int:pk>/status/", views.finding_transition, name="transition"),
]

# Staff only: the Wirkung figures across all municipalities (outside any group).
overview_patterns = ([path("", views.impact_overview, name="impact")], "findings-overview")
