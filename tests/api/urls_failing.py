"""A URL configuration for tests: a TeekondAPI whose one operation fails, to see what a
server error looks like (the real API has no operation that fails on purpose)."""

from __future__ import annotations

from django.urls import path

from teekond.api import errors
from teekond.api.api import TeekondAPI

failing = TeekondAPI(urls_namespace="failing")
errors.install(failing)


@failing.get("/boom", auth=None)
def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/", failing.urls)]
