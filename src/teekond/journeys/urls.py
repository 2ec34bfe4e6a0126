from django.urls import path

from teekond.journeys import panel, views

urlpatterns = [
    path("w/<slug:slug>/maps/", views.overview, name="journeys"),
    path("w/<slug:slug>/maps/new/", views.journey_new, name="journey_new"),
    path(
        "w/<slug:slug>/maps/from-template/",
        views.journey_from_template,
        name="journey_from_template",
    ),
    path("w/<slug:slug>/maps/<int:journey_id>/", views.journey_editor, name="journey"),
    path("w/<slug:slug>/maps/<int:journey_id>/grid/", views.journey_grid, name="journey_grid"),
    path(
        "w/<slug:slug>/maps/<int:journey_id>/overlays/",
        views.journey_overlays,
        name="journey_overlays",
    ),
    path(
        "w/<slug:slug>/maps/<int:journey_id>/present/",
        views.journey_present,
        name="journey_present",
    ),
    path(
        "w/<slug:slug>/maps/<int:journey_id>/compare/",
        views.journey_compare,
        name="journey_compare",
    ),
    path(
        "w/<slug:slug>/maps/<int:journey_id>/future/", views.journey_future, name="journey_future"
    ),
    path(
        "w/<slug:slug>/maps/<int:journey_id>/duplicate/",
        views.journey_duplicate,
        name="journey_duplicate",
    ),
    path(
        "w/<slug:slug>/maps/<int:journey_id>/delete/", views.journey_delete, name="journey_delete"
    ),
    path(
        "w/<slug:slug>/maps/<int:journey_id>/steps/<int:step_id>/panel/",
        panel.step_panel,
        name="journey_step_panel",
    ),
    path("w/<slug:slug>/personas/", views.persona_list, name="personas"),
    path(
        "w/<slug:slug>/personas/<int:persona_id>/delete/",
        views.persona_delete,
        name="persona_delete",
    ),
    path("w/<slug:slug>/personas/<int:persona_id>/", views.persona_detail, name="persona"),
    path("w/<slug:slug>/personas/<int:persona_id>/edit/", views.persona_edit, name="persona_edit"),
    path(
        "w/<slug:slug>/personas/<int:persona_id>/photo/",
        views.persona_photo,
        name="persona_photo",
    ),
]
