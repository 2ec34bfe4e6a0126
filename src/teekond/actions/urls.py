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
    path("w/<slug:slug>/act/", views.act_overview, name="act"),
    path("w/<slug:slug>/journeys/<int:journey_id>/act/", views.journey_act, name="journey_act"),
    path(
        "w/<slug:slug>/journeys/<int:journey_id>/versions/diff/",
        views.version_diff,
        name="version_diff",
    ),
    path("w/<slug:slug>/crisis/new/", views.crisis_new, name="crisis_new"),
    path("w/<slug:slug>/crisis/<int:plan_id>/", views.crisis_plan, name="crisis_plan"),
]
