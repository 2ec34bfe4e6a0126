from django.urls import path

from teekond.workshops import views

app_name = "workshops"

W = "w/<slug:slug>/workshops/<int:workshop_id>/"

urlpatterns = [
    path("w/<slug:slug>/maps/<int:journey_id>/workshops/", views.workshop_list, name="list"),
    path(W, views.room, name="room"),
    path(W + "live/", views.live_part, name="live"),
    path(W + "do/<slug:action>/", views.act, name="act"),
    path(W + "guests/", views.guests, name="guests"),
    path(W + "qr.svg", views.qr, name="qr"),
    path(W + "guests/<int:link_id>/qr.svg", views.qr, name="guest_qr"),
    path(W + "groups/", views.group_list, name="groups"),
    path(W + "groups/<int:group_id>/", views.merge, name="merge"),
    path(W + "summary/", views.summary_page, name="summary"),
    path(W + "summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("workshop/<str:token>/", views.guest, name="guest"),
    path("workshop/<str:token>/live/", views.guest_live, name="guest_live"),
    path("workshop/<str:token>/do/<slug:action>/", views.guest_act, name="guest_act"),
]
