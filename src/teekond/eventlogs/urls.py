from django.urls import path

from teekond.eventlogs import views

urlpatterns = [
    path("w/<slug:slug>/logs/", views.log_list, name="eventlogs"),
    path("w/<slug:slug>/logs/<int:log_id>/", views.log_detail, name="eventlog"),
    path("w/<slug:slug>/logs/<int:log_id>/link/", views.log_link, name="eventlog_link"),
    path("w/<slug:slug>/logs/<int:log_id>/delete/", views.log_delete, name="eventlog_delete"),
]
