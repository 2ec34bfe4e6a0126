from django.urls import path

from teekond.actions import views

app_name = "actions"

urlpatterns = [
    path("w/<slug:slug>/diagnostics/", views.diagnostics, name="diagnostics"),
    path("w/<slug:slug>/diagnostics/new/", views.diagnostics_new, name="diagnostics_new"),
    path("w/<slug:slug>/diagnostics/<int:assessment_id>/", views.assessment, name="assessment"),
    path(
        "w/<slug:slug>/diagnostics/<int:assessment_id>/delete/",
        views.assessment_delete,
        name="assessment_delete",
    ),
    path(
        "w/<slug:slug>/diagnostics/<int:assessment_id>/export.<str:fmt>",
        views.assessment_export,
        name="assessment_export",
    ),
    path("w/<slug:slug>/backlog/", views.backlog, name="backlog"),
    path("w/<slug:slug>/backlog/<int:item_id>/", views.backlog_item, name="backlog_item"),
    path(
        "w/<slug:slug>/backlog/<int:item_id>/delete/", views.backlog_delete, name="backlog_delete"
    ),
    path("notifications/", views.notifications, name="notifications"),
]
