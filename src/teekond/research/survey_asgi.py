"""The public survey's answers (``POST /s/<token>/``) taken in the web server's event loop.

Behind uvicorn an answer through Django's ASGI handler spent most of its time in the
request cycle, not in its work: each synchronous middleware and the view ran through
``sync_to_async`` (a hop to a worker thread and back, several per request), the URL was
resolved, the ORM compiled its INSERT (``bench/README.md``). Here the ordinary answer — a
visitor of the survey's own page sending a valid form — is taken without those hops:

1. the body is read (at most ``MAX_BODY`` bytes) and a Django ``ASGIRequest`` made of it;
2. the lean middleware chain (``core.lean_asgi``: every middleware of ``settings.MIDDLEWARE``
   except session, CSRF, login, messages, locale and audit, so the security headers) runs
   synchronously around ``_answer``, in the loop;
3. ``_answer`` applies the view's guards with the view's own functions, in its order
   (origin, signed form token, the answer's bounds, the rate limits), then stores the row
   with one prepared ``INSERT … ON CONFLICT DO NOTHING`` on this process's own connection
   (autocommit: stored before the thank-you page is sent) and answers with the thank-you
   page rendered once per language.

Everything else is handed to the Django view unchanged, before any counter moved: a GET, a
refused origin or token, an invalid answer (its form comes back with the errors), the
honeypot, a personal customer link, the embedded widget (its frame headers are per survey),
another content type, a larger body, a survey not open, or ``Response`` save signals having
listeners. The alert work of an answer (``surveys.alert_work``) is queued from a thread
before the page is sent, when there is some.
"""

from __future__ import annotations

import io
import re

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.base import BaseHandler
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models.signals import post_save, pre_save
from django.http import HttpResponse
from django.utils import translation

from teekond.core.clientip import client_ip
from teekond.core.errors import Invalid, NotFound
from teekond.core.lean_asgi import lean_settings
from teekond.research import formtoken, ratelimit, survey_views, surveys
from teekond.research.models import Response, Source

PATH = re.compile(r"/s/([^/]{1,64})/")
MAX_BODY = 64 * 1024  # a full answer with a 5,000-character comment is well below it
FORM = b"application/x-www-form-urlencoded"


class _Delegate(HttpResponse):
    """Not for this path: the Django view takes the request."""


class AnswerStore:
    """This process's own database connection for answers (and the database rate-limit
    store), used only from the event loop's thread. Opened in a worker thread (Django's
    ``connect`` refuses to run in the loop); its statements are plain DB-API calls."""

    def __init__(self):
        self.wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
        self.wrapper.connect()
        self.raw = self.wrapper.connection
        self.placeholder = "?" if self.wrapper.vendor == "sqlite" else "%s"
        meta = Response._meta
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        qn = self.wrapper.ops.quote_name
        self.sql = (
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in self.fields)}) "
            f"VALUES ({', '.join([self.placeholder] * len(self.fields))}) "
            f"ON CONFLICT DO NOTHING RETURNING {qn(meta.pk.column)}"
        )

    def insert(self, response: Response) -> bool:
        """Store ``response`` (True), or find its idempotency key already stored (False)."""
        params = [
            f.get_db_prep_save(f.pre_save(response, True), connection=self.wrapper)
            for f in self.fields
        ]
        cursor = self.raw.cursor()
        try:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return False
        response.pk = row[0]
        response._state.adding = False
        response._state.db = DEFAULT_DB_ALIAS
        return True

    def cursor(self):
        return self.raw.cursor()

    def close(self) -> None:
        try:
            self.wrapper.close()
        except DatabaseError:
            pass


class _Chain(BaseHandler):
    """The lean middleware chain, synchronous, with ``_answer`` in place of URL resolving."""

    def __init__(self, view):
        super().__init__()
        self._view = view
        with lean_settings():
            self.load_middleware(is_async=False)

    def _get_response(self, request):
        return self._view(request)


class SurveyAnswers:
    """ASGI app: ordinary survey answers here, every other request to ``django`` (the lean
    Django handler serving ``/s/``)."""

    def __init__(self, django):
        self.django = django
        self.chain = _Chain(self._answer)
        self.store: AnswerStore | None = None

    async def __call__(self, scope, receive, send):
        match = PATH.fullmatch(scope["path"]) if scope["type"] == "http" else None
        if match is None or scope["method"] != "POST" or not _is_form(scope):
            return await self.django(scope, receive, send)
        body, more = b"", True
        while more and len(body) <= MAX_BODY:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if more or len(body) > MAX_BODY or _signals():
            return await self.django(scope, _replay(body, more, receive), send)
        config = surveys.cached_survey(match.group(1))
        if config is None:
            try:
                config = await sync_to_async(surveys.survey_by_token)(match.group(1))
            except NotFound:
                return await self.django(scope, _replay(body, False, receive), send)
        if self.store is None:
            self.store = await sync_to_async(AnswerStore, thread_sensitive=False)()
        request = ASGIRequest(scope, io.BytesIO(body))
        request.survey_config = config
        request.alert_work = None
        try:
            response = self.chain.get_response(request)
        except DatabaseError:
            self._reset()
            raise
        if isinstance(response, _Delegate):
            return await self.django(scope, _replay(body, False, receive), send)
        if response.status_code >= 500:
            self._reset()  # a broken connection is opened anew for the next answer
        if request.alert_work:
            await sync_to_async(surveys.enqueue_alert_work)(request.alert_work)
        await self.django.send_response(response, send)

    def _reset(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _answer(self, request) -> HttpResponse:
        """The view's guards, in its order, with its functions (``survey_views``)."""
        config = request.survey_config
        data = request.POST
        source = request.GET.get("src") or data.get("src") or Source.WEB
        if source not in (Source.WEB, Source.QR):
            return _Delegate()  # the widget (per-survey frame headers) or the view's default
        if data.get("website") or request.GET.get("c") or data.get("c"):
            return _Delegate()  # the honeypot; a personal link (a customer to look up)
        key = data.get("key", "")
        stored_key = key.strip()[:120]
        if not stored_key or not survey_views.origin_allowed(request, config):
            return _Delegate()
        try:
            formtoken.check(data.get("form_token", ""), config.token, key)
            clean = surveys.clean_answer(
                {name: data.get(name) for name in survey_views.ANSWER_FIELDS},
                config.questions_for(None),
            )
        except (formtoken.FormTokenError, Invalid):
            return _Delegate()
        lang = survey_views.survey_language(request)
        ip = survey_views.rate_address(client_ip(request))
        assert self.store is not None
        cursor = self.store.cursor() if ratelimit.store() == "database" else None
        try:
            allowed = ratelimit.allow(
                survey_views.limit_checks(config, key, ip), cursor, self.store.placeholder
            )
        finally:
            if cursor is not None:
                cursor.close()
        with translation.override(lang):
            if not allowed:
                return survey_views.busy(request, lang, False)
            response = surveys.new_response(config, clean, source, lang, stored_key)
            if self.store.insert(response):
                request.alert_work = surveys.alert_work([response], gather=True)
            return survey_views.thanks(request, lang, False)


def _is_form(scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return value.split(b";", 1)[0].strip().lower() == FORM
    return False


def _signals() -> bool:
    return pre_save.has_listeners(Response) or post_save.has_listeners(Response)


def _replay(body: bytes, more: bool, receive):
    """``receive`` with the part of the body already read put back in front."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay
