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

from channels.auth import AuthMiddlewareStack  # noqa: E402 (after setup)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from teekond.core.lean_asgi import LeanASGIHandler, path_router  # noqa: E402
from teekond.core.live_consumer import LiveConsumer  # noqa: E402
from teekond.research.survey_asgi import SurveyAnswers  # noqa: E402

# The public micro-survey (page, widget, answers) skips session, CSRF and login middleware;
# its ordinary answers are taken in the event loop (research.survey_asgi).
http_application = path_router(django_application, SurveyAnswers(LeanASGIHandler()), ("/s/",))

# Live co-editing (docs/live.md): websockets from pages of this site only (the Origin must
# be one of ALLOWED_HOSTS), with the session's user, to the one live consumer.
websocket_application = AllowedHostsOriginValidator(
    AuthMiddlewareStack(
        URLRouter(
            [
                re_path(
                    r"^ws/live/(?P<kind>[a-z][a-z0-9_]{0,30})/(?P<object_id>[0-9]{1,18})/$",
                    LiveConsumer.as_asgi(),
                )
            ]
        )
    )
)

application = ProtocolTypeRouter({"http": http_application, "websocket": websocket_application})

# Under `teekond serve` each web process pays the PDF exports' one-time costs (fonts,
# stylesheets) in a background thread at start, not in the first user's request.
if os.environ.get("TEEKOND_WARM_EXPORTS") == "1":
    from teekond.exports.pdf import warm_up  # noqa: E402

    warm_up()
