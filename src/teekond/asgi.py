import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teekond.settings")
# WhiteNoise serves static files with a synchronous iterator; under ASGI Django warns about
# it on every file. The files are small and cached by the browser, so the cost is accepted.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)
django_application = get_asgi_application()

from teekond.core.lean_asgi import LeanASGIHandler, path_router  # noqa: E402 (after setup)

# The public micro-survey (page, widget, answers) skips session, CSRF and login middleware.
application = path_router(django_application, LeanASGIHandler(), ("/s/",))

# Under `teekond serve` each web process pays the PDF exports' one-time costs (fonts,
# stylesheets) in a background thread at start, not in the first user's request.
if os.environ.get("TEEKOND_WARM_EXPORTS") == "1":
    from teekond.exports.pdf import warm_up  # noqa: E402

    warm_up()
