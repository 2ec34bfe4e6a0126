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
from teekond.research.survey_asgi import SurveyAnswers  # noqa: E402

# The public micro-survey (page, widget, answers) skips session, CSRF and login middleware;
# its ordinary answers are taken in the event loop (research.survey_asgi).
application = path_router(django_application, SurveyAnswers(LeanASGIHandler()), ("/s/",))
