"""Small helpers that let page views share the service layer's errors."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect

from teekond.core.errors import Forbidden, NotFound, TeekondError


def domain_errors(view):
    """Turn NotFound into 404 and Forbidden into 403; other domain errors become a message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None
        except Forbidden as exc:
            return HttpResponseForbidden(exc.message)
        except TeekondError as exc:
            messages.error(request, exc.message)
            return redirect(request.get_full_path())

    return wrapper


def favicon(request):
    """/favicon.ico: a permanent redirect to the icon in the (hashed) static files."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("teekond/favicon.svg"))
