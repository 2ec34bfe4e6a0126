from django.urls import path

from teekond.exports import views

app_name = "exports"

urlpatterns = [
    path("w/<slug:slug>/backup/", views.backup_page, name="backup"),
    path("w/<slug:slug>/backup/download/", views.backup_download, name="backup_download"),
]
