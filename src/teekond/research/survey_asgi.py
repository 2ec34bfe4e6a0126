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
   (origin, signed form token, the answer's bounds, the rate limits) and gives the
   thank-you page rendered once per language;
4. the row goes to the ``AnswerWriter``: a thread with this process's own connection that
   writes whatever answers are waiting in one transaction, each with one prepared
   ``INSERT … ON CONFLICT DO NOTHING`` (the idempotency key), and the page is sent once that
   transaction is committed.

Everything else is handed to the Django view unchanged, before any counter moved: a GET, a
refused origin or token, an invalid answer (its form comes back with the errors), the
honeypot, a personal customer link, the embedded widget (its frame headers are per survey),
another content type, a larger body, a survey not open, or ``Response`` save signals having
listeners; and an answer the writer could not store (the view tries again, with the ORM).
The alert work of an answer (``surveys.alert_work``) is queued from a thread before the
page is sent, when there is some.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import queue
import re
import threading
from urllib.parse import parse_qsl

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.base import BaseHandler
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_save, pre_save
from django.http import HttpResponse

from teekond.core.clientip import client_ip
from teekond.core.errors import Invalid, NotFound
from teekond.core.lean_asgi import lean_settings
from teekond.research import formtoken, ratelimit, survey_views, surveys
from teekond.research.models import Response, Source

PATH = re.compile(r"/s/([^/]{1,64})/")
MAX_BODY = 64 * 1024  # a full answer with a 5,000-character comment is well below it
FORM = b"application/x-www-form-urlencoded"
PLAIN_FIELDS = {
    "CharField",
    "TextField",
    "BooleanField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "IntegerField",
    "PositiveIntegerField",
    "BigIntegerField",
    "ForeignKey",
}
PLAIN_VALUES = {str, int, bool, type(None)}
MAX_BATCH = 200  # answers in one transaction at most
log = logging.getLogger(__name__)


class _Delegate(HttpResponse):
    """Not for this path: the Django view takes the request."""


class AnswerStore:
    """A database connection of its own for answers (and for the database rate-limit store),
    used by one thread only (the ``AnswerWriter``'s). Its statements are plain DB-API calls
    on Django's connection object."""

    def __init__(self):
        self.wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
        self.wrapper.connect()
        self.raw = self.wrapper.connection
        self.sqlite = self.wrapper.vendor == "sqlite"
        self.placeholder = "?" if self.sqlite else "%s"
        meta = Response._meta
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        # Fields whose database value is the Python value itself when that is a plain str,
        # int, bool or None (the ORM's conversion returns it unchanged); others are converted.
        self.prepared = [(f, f.get_internal_type() in PLAIN_FIELDS) for f in self.fields]
        qn = self.wrapper.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        values = ", ".join([self.placeholder] * len(self.fields))
        table, pk = qn(meta.db_table), qn(meta.pk.column)
        # names from the model, values bound
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING RETURNING {pk}"  # noqa: E501, S608

    def insert(self, cursor, response: Response) -> bool:
        """Store ``response`` (True), or find its idempotency key already stored (False)."""
        params = []
        for field, plain in self.prepared:
            value = field.pre_save(response, True)
            if not (plain and type(value) in PLAIN_VALUES):
                value = field.get_db_prep_save(value, connection=self.wrapper)
            params.append(value)
        cursor.execute(self.sql, params)
        row = cursor.fetchone()
        if row is None:
            return False
        response.pk = row[0]
        response._state.adding = False
        response._state.db = DEFAULT_DB_ALIAS
        return True

    def write(self, jobs: list[tuple[Response, list | None]]) -> list:
        """Count the rate limits of ``jobs`` that are counted in the database (``checks``;
        each UPSERT its own transaction, so two processes never wait on each other's
        counters), then store the allowed answers in one transaction. Per job: True
        (stored), False (already stored), None (refused by a limit) or the exception that
        stopped it."""
        with self.wrapper.wrap_database_errors:  # the driver's errors as Django's
            cursor = self.raw.cursor()
            try:
                allowed = [
                    not checks or ratelimit.allow(checks, cursor, self.placeholder)
                    for _response, checks in jobs
                ]
            finally:
                cursor.close()
            stored = iter(
                self._insert([r for (r, _c), ok in zip(jobs, allowed, strict=True) if ok])
            )
            return [next(stored) if ok else None for ok in allowed]

    def _insert(self, answers: list[Response]) -> list:
        if not answers:
            return []
        cursor = self.raw.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE" if self.sqlite else "BEGIN")
            try:
                out = [self.insert(cursor, response) for response in answers]
                cursor.execute("COMMIT")
                return out
            except Exception as exc:
                with contextlib.suppress(Exception):
                    cursor.execute("ROLLBACK")
                if len(answers) == 1:
                    return [exc]
        finally:
            cursor.close()
        return [self._insert([answer])[0] for answer in answers]  # find the one that failed

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.wrapper.close()


class AnswerWriter:
    """Stores answers from a thread of its own, in batches: whatever arrived while the last
    batch was written goes in the next transaction (at most ``MAX_BATCH``), so a busy survey
    commits once per batch instead of once per answer, and the event loop never waits for
    the database (SQLite's lock waits used to stop every request). An answer's future is
    settled only after its batch is committed: the thank-you page means stored."""

    def __init__(self):
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    async def write(self, response: Response, checks: list | None) -> bool | None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._start()
        self.jobs.put((response, checks, future, loop))
        return await future

    def _start(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="survey-answers", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        store = None
        while True:
            batch = [self.jobs.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                if store is None:
                    store = AnswerStore()
                results = store.write([(r, c) for r, c, _f, _l in batch])
            except Exception as exc:  # could not connect, or lost the connection
                results = [exc] * len(batch)
            if any(isinstance(r, BaseException) for r in results) and store is not None:
                store.close()  # a broken connection is opened anew for the next batch
                store = None
            for (_r, _c, future, loop), result in zip(batch, results, strict=True):
                loop.call_soon_threadsafe(_settle, future, result)


def _settle(future, result) -> None:
    if future.cancelled():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)


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
        self.writer = AnswerWriter()

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
        request = ASGIRequest(scope, io.BytesIO(body))
        request.survey_config = config
        request.answer = None
        # The chain runs the guards and gives the thank-you page with its headers; the row is
        # written after it (the writer is awaited), and a refusal by a limit counted in the
        # database turns the page into the busy one (the same headers on both).
        response = self.chain.get_response(request)
        if isinstance(response, _Delegate):
            return await self.django(scope, _replay(body, False, receive), send)
        if request.answer is not None:
            answer, checks, lang = request.answer
            try:
                stored = await self.writer.write(answer, checks)
            except Exception:
                log.exception("A survey answer could not be stored here; the view tries it")
                return await self.django(scope, _replay(body, False, receive), send)
            if stored is None:
                _become(response, survey_views.busy(request, lang, False))
            elif stored:
                work = surveys.alert_work([answer], gather=True)
                if work:
                    await sync_to_async(surveys.enqueue_alert_work)(work)
        await self.django.send_response(response, send)

    def _answer(self, request) -> HttpResponse:
        """The view's guards, in its order, with its functions (``survey_views``)."""
        config = request.survey_config
        data = _form(request.body)
        if data is None:
            return _Delegate()
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
        lang = survey_views.survey_language(request, data)
        ip = survey_views.rate_address(client_ip(request))
        checks = survey_views.limit_checks(config, key, ip)
        if ratelimit.store() == "database":
            pass  # counted by the writer, in the answer's transaction
        elif not ratelimit.allow(checks):
            return survey_views.busy(request, lang, False)
        else:
            checks = None
        answer = surveys.new_response(config, clean, source, lang, stored_key)
        request.answer = (answer, checks, lang)
        return survey_views.thanks(request, lang, False)


def _become(response: HttpResponse, other: HttpResponse) -> None:
    """Give ``response`` (headers already set by the chain) the body and status of ``other``."""
    response.status_code = other.status_code
    response.reason_phrase = other.reason_phrase
    response.content = other.content
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def _form(body: bytes) -> dict[str, str] | None:
    """The form's fields (the last value of a repeated name, as ``QueryDict.get`` gives),
    within Django's bound on their number; None for more."""
    try:
        pairs = parse_qsl(
            body.decode("utf-8", "replace"),
            keep_blank_values=True,
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except ValueError:
        return None
    return dict(pairs)


def _is_form(scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return value.split(b";", 1)[0].strip().lower() == FORM
    return False


_listening: dict[tuple[int, int], bool] = {}


def _signals() -> bool:
    """Does anything listen to a ``Response`` being saved? (Then the ORM saves it.) Asked
    again whenever a receiver is connected or disconnected anywhere."""
    state = (len(pre_save.receivers), len(post_save.receivers))
    if state not in _listening:
        _listening.clear()
        _listening[state] = pre_save.has_listeners(Response) or post_save.has_listeners(Response)
    return _listening[state]


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
