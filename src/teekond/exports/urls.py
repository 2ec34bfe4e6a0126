from django.urls import path

from teekond.exports import views

app_name = "exports"

urlpatterns = [
    path("w/<slug:slug>/backup/", views.backup_page, name="backup"),
    path("w/<slug:slug>/backup/download/", views.backup_download, name="backup_download"),
    path("w/<slug:slug>/backup/restores/<int:job_id>/", views.restore_status, name="restore"),
    path("w/<slug:slug>/journeys/import/", views.journey_import, name="journey_import"),
    path(
        "w/<slug:slug>/journeys/<int:journey_id>/present/",
        views.journey_present,
        name="journey_present",
    ),
    path(
        "w/<slug:slug>/journeys/<int:journey_id>/export.<str:fmt>",
        views.journey_export_view,
        name="journey_export",
    ),
    path(
        "w/<slug:slug>/journeys/<int:journey_id>/share/",
        views.share_create,
        name="share_create",
    ),
    path(
        "w/<slug:slug>/journeys/<int:journey_id>/share/<int:link_id>/revoke/",
        views.share_revoke,
        name="share_revoke",
    ),
    path("share/<str:token>/", views.shared, name="shared"),
]
