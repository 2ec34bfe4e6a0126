from django.urls import path

from teekond.research import survey_views, views

urlpatterns = [
    path("s/<str:token>/", survey_views.survey, name="survey"),
    path("w/<slug:slug>/measure/", views.measure_home, name="measure"),
    path(
        "w/<slug:slug>/measure/journeys/<int:journey_id>/",
        views.measure_journey,
        name="measure_journey",
    ),
    path(
        "w/<slug:slug>/measure/steps/<int:step_id>/survey/",
        views.survey_settings,
        name="survey_settings",
    ),
    path(
        "w/<slug:slug>/measure/steps/<int:step_id>/survey/qr.<str:fmt>",
        views.survey_qr,
        name="survey_qr",
    ),
    path("w/<slug:slug>/measure/imports/", views.imports, name="imports"),
    path("w/<slug:slug>/measure/imports/<int:job_id>/", views.import_detail, name="import_detail"),
    path(
        "w/<slug:slug>/measure/imports/<int:job_id>/delete/",
        views.import_delete,
        name="import_delete",
    ),
    path("w/<slug:slug>/measure/settings/", views.measure_settings, name="measure_settings"),
]
