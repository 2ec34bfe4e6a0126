"""Micro-surveys: which questions a step asks, its public link and personal customer links,
checking and recording answers (one at a time from the public page and the widget, or in
batches from the API). Alerts on the answers are evaluated in the background
(``tasks.after_answers``), so answering costs one INSERT.
"""

from __future__ import annotations

import time
import uuid
from contextlib import nullcontext
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role, Workspace
from teekond.core import emotions
from teekond.core.errors import Invalid, NotFound
from teekond.core.versions import check_version
from teekond.journeys.models import Step
from teekond.research import textemotions
from teekond.research.models import (
    Customer,
    Question,
    Response,
    Source,
    SurveyConfig,
)

SCORE_FIELDS = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "effect": (1, 5),
    "ease": (1, 5),
    "emotion_rating": (1, 5),
}
DEFAULT_QUESTIONS = [Question.CSAT.value, Question.COMMENT.value]
MAX_BATCH_API = 1000
MAX_EMBED_ORIGINS = 20
DROP_CHECK_EVERY = 60  # seconds
DETRACTOR_BATCH = 2  # seconds: detractor comments of one journey alerted together
DETRACTOR_SWEEP_BACK = (
    60  # seconds before its queueing that a batch looks back (repeats are harmless)
)


def _check_version(obj, version: int | None) -> None:
    check_version(obj, version)  # the one conflict check (core.versions)


# ---------------------------------------------------------------- micro-surveys


def survey_for_step(step: Step) -> SurveyConfig:
    config = SurveyConfig.objects.filter(step=step).first()
    if config is None:
        try:
            with transaction.atomic():
                config = SurveyConfig.objects.create(
                    workspace_id=step.journey.workspace_id,
                    journey_id=step.journey_id,
                    step=step,
                    questions=list(DEFAULT_QUESTIONS),
                )
        except IntegrityError:
            config = SurveyConfig.objects.get(step=step)
    return config


# Open surveys by public token, kept for a few seconds in each process: looking one up
# (with its step, stage and journey) cost more than storing the answer. The cost: in other
# server processes, closing a survey or renaming its step shows up to this late.
SURVEY_CACHE_SECONDS = 5.0
SURVEY_CACHE_SIZE = 1000
_by_token: dict[str, tuple[float, SurveyConfig]] = {}


def survey_by_token(token: str) -> SurveyConfig:
    now = time.monotonic()
    hit = _by_token.get(token)
    if hit is not None and now - hit[0] < SURVEY_CACHE_SECONDS:
        return hit[1]
    config = (
        SurveyConfig.objects.select_related("step", "step__stage", "journey")
        .filter(token=token[:32], is_active=True)
        .first()
    )
    if config is None:
        _by_token.pop(token, None)
        raise NotFound(_("This survey is not open."))
    if len(_by_token) >= SURVEY_CACHE_SIZE:
        _by_token.clear()
    _by_token[token] = (now, config)
    return config


def cached_survey(token: str) -> SurveyConfig | None:
    """The open survey of ``token`` if this process looked it up less than
    ``SURVEY_CACHE_SECONDS`` ago (no query), else None."""
    hit = _by_token.get(token)
    if hit is not None and time.monotonic() - hit[0] < SURVEY_CACHE_SECONDS:
        return hit[1]
    return None


def forget_survey(token: str) -> None:
    """Drop a survey from this process's cache (after it changed here)."""
    _by_token.pop(token, None)


def clean_origins(values) -> list[str]:
    """Sites allowed to embed a survey, as origins (``https://shop.example[:port]``): a
    scheme and a host, nothing else. Raise Invalid naming each bad entry."""
    if isinstance(values, str):
        values = values.split()
    if not isinstance(values, list | tuple):
        raise Invalid(_("Give a list of web addresses."))
    out, bad = [], []
    for raw in values:
        text = str(raw).strip().rstrip("/")
        if not text:
            continue
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            bad.append(text[:100])
            continue
        if (
            len(text) > 200
            or parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
            or parts.username
        ):
            bad.append(text[:100])
            continue
        origin = f"{parts.scheme.lower()}://{parts.hostname.lower()}" + (f":{port}" if port else "")
        if origin not in out:
            out.append(origin)
    if bad:
        raise Invalid(
            _("Give each site as its address only, like https://shop.example."),
            details=[{"field": "embed_origins", "message": b} for b in bad],
        )
    if len(out) > MAX_EMBED_ORIGINS:
        raise Invalid(_("At most %(n)s sites.") % {"n": MAX_EMBED_ORIGINS})
    return out


def update_survey(config: SurveyConfig, changes: dict, version: int | None) -> SurveyConfig:
    valid = set(Question.values)
    origins = changes.get("embed_origins")
    if origins is not None:
        origins = clean_origins(origins)
    questions = changes.get("questions")
    if questions is not None:
        bad = [q for q in questions if q not in valid]
        if bad:
            raise Invalid(
                _("Unknown question."), details=[{"field": "questions", "message": str(bad)}]
            )
        if not questions:
            raise Invalid(_("Ask at least one question."))
    per_segment = changes.get("segment_questions")
    if per_segment is not None:
        if not isinstance(per_segment, dict) or not all(
            isinstance(k, str) and isinstance(v, list) for k, v in per_segment.items()
        ):
            raise Invalid(_("Give a list of questions per segment."))
        bad = sorted({q for v in per_segment.values() for q in v if q not in valid})
        if bad:
            raise Invalid(
                _("Unknown question."),
                details=[{"field": "segment_questions", "message": str(bad)}],
            )
        # an empty list means: this segment gets the general questions
        per_segment = {
            k.strip()[:100]: [q for q in Question.values if q in v]
            for k, v in per_segment.items()
            if k.strip() and v
        }
    with transaction.atomic():
        fresh = SurveyConfig.objects.select_for_update().get(pk=config.pk)
        _check_version(fresh, version)
        if questions is not None:
            fresh.questions = [q for q in Question.values if q in questions]
        if per_segment is not None:
            fresh.segment_questions = per_segment
        if "intro" in changes:
            fresh.intro = (changes["intro"] or "")[:300]
        if "is_active" in changes:
            fresh.is_active = bool(changes["is_active"])
        if origins is not None:
            fresh.embed_origins = origins
        fresh.version += 1
        fresh.save()
    forget_survey(fresh.token)
    return fresh


def survey_url(config: SurveyConfig, request=None, source: str = "") -> str:
    path = reverse("survey", args=[config.token])
    if source:
        path += f"?src={source}"
    base = request.build_absolute_uri("/")[:-1] if request else settings_base_url()
    return base + path


CUSTOMER_SALT = "teekond.survey.customer"


def customer_link(config: SurveyConfig, customer: Customer, request=None, source: str = "") -> str:
    """The survey link for one known customer (an e-mail or SMS after a purchase): it
    carries a signed reference, so the survey never asks who they are, ties the answer to
    the CRM customer, and asks their segment its own questions. The reference cannot be
    forged or moved to another workspace's customer."""
    if customer.workspace_id != config.workspace_id:
        raise NotFound(_("Customer not found."))
    ref = signing.dumps([config.workspace_id, customer.pk], salt=CUSTOMER_SALT, compress=True)
    url = survey_url(config, request, source)
    return url + ("&" if "?" in url else "?") + urlencode({"c": ref})


def customer_from_link(config: SurveyConfig, ref: str | None) -> Customer | None:
    """The customer a survey link names, or None (no reference, a forged or foreign one)."""
    if not ref:
        return None
    try:
        workspace_id, customer_id = signing.loads(ref, salt=CUSTOMER_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if workspace_id != config.workspace_id:
        return None
    return Customer.objects.filter(workspace_id=workspace_id, pk=customer_id).first()


def settings_base_url() -> str:
    return getattr(settings, "TEEKOND_BASE_URL", "") or "http://localhost:8000"


# ---------------------------------------------------------------- recording answers


def clean_answer(data: dict, questions: list[str] | None = None) -> dict:
    """Check one answer's scores and texts; raise Invalid with each bad field."""
    errors = []
    out: dict = {}
    for name, (low, high) in SCORE_FIELDS.items():
        value = data.get(name)
        if value in (None, ""):
            out[name] = None
            continue
        try:
            number = int(value)
            if str(value).strip() not in (str(number), f"{number}.0") and not isinstance(
                value, int
            ):
                raise ValueError
        except (TypeError, ValueError):
            errors.append({"field": name, "message": _("Not a whole number.")})
            continue
        if not low <= number <= high:
            errors.append(
                {"field": name, "message": _("Must be between %(low)s and %(high)s.") % locals()}
            )
            continue
        out[name] = number
    emotion = (data.get("emotion") or "").strip()
    if emotion and emotion not in emotions.BY_KEY:
        errors.append({"field": "emotion", "message": _("Unknown emotion.")})
    out["emotion"] = emotion
    comment = (data.get("comment") or "").strip()
    if len(comment) > 5000:
        errors.append({"field": "comment", "message": _("At most 5000 characters.")})
    out["comment"] = comment
    if questions is not None:
        asked = set(questions)
        allowed = {
            "nps": "nps",
            "csat": "csat",
            "ces": "ces",
            "effect": "three_es",
            "ease": "three_es",
            "emotion_rating": "three_es",
            "emotion": "emotion",
            "comment": "comment",
        }
        for f, q in allowed.items():
            if out.get(f) not in (None, "") and q not in asked:
                out[f] = None if f in SCORE_FIELDS else ""
    # A micro-survey asks no complaint question, so its form cannot set the flag.
    out["complaint"] = bool(data.get("complaint")) and questions is None
    if not out["complaint"] and not any(
        out.get(f) not in (None, "") for f in (*SCORE_FIELDS, "emotion", "comment")
    ):
        errors.append({"field": "", "message": _("The answer is empty.")})
    if errors:
        raise Invalid(_("The answer is not valid."), details=errors)
    return out


def _tag(comment: str, language: str) -> tuple[list[str], str]:
    if not comment:
        return [], language
    lang = language if language in ("et", "en") else textemotions.guess_language(comment)
    return textemotions.tag(comment, lang).emotions, lang


def record_response(
    config: SurveyConfig,
    data: dict,
    *,
    source: str = Source.WEB,
    language: str = "",
    idempotency_key: str,
    customer: Customer | None = None,
) -> tuple[Response, bool]:
    """Store one micro-survey answer once: a retried POST with the same key returns the stored
    answer and ``created`` False."""
    key = (idempotency_key or "").strip()[:120]
    if not key:
        raise Invalid(_("The answer has no idempotency key."))

    def stored():
        return Response.objects.filter(
            workspace_id=config.workspace_id, idempotency_key=key
        ).first()

    try:
        clean = clean_answer(data, config.questions_for(customer.segment if customer else None))
    except Invalid:
        # a retry of an answer already stored is not checked again (it may be a stale form)
        existing = stored()
        if existing is None:
            raise
        return existing, False
    # Insert first and let the unique key catch a retry: one INSERT for a new answer, no
    # lookup before it.
    # Alone (autocommit), the INSERT is its own transaction; inside a caller's transaction a
    # savepoint keeps a duplicate key from breaking it.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    response = new_response(config, clean, source, language, key, customer)
    try:
        with guard:
            response.save(force_insert=True)
    except IntegrityError:
        existing = stored()
        if existing is None:
            raise
        return existing, False
    _schedule_alerts([response], gather=True)
    return response, True


def new_response(
    config: SurveyConfig,
    clean: dict,
    source: str,
    language: str,
    key: str,
    customer: Customer | None = None,
) -> Response:
    """The unsaved row of one checked micro-survey answer (``clean`` from ``clean_answer``);
    stored by ``record_response``, or by the survey's ASGI path (``survey_asgi``)."""
    # The page's language is not necessarily the comment's: tag by what the text looks like.
    tags, lang = _tag(clean["comment"], "")
    return Response(
        workspace_id=config.workspace_id,
        journey_id=config.journey_id,
        step_id=config.step_id,
        customer=customer,
        respondent=customer.external_id[:100] if customer else "",
        source=source if source in Source.values else Source.WEB,
        language=lang or language,
        idempotency_key=key,
        emotions=tags,
        **clean,
    )


def _customer_ids(workspace_id: int, external_ids: set[str]) -> dict[str, int]:
    """Customers by external id, creating a bare record for ids the CRM import has not sent
    yet (its name is the id until a CRM import fills it in)."""
    found = dict(
        Customer.objects.filter(
            workspace_id=workspace_id, external_id__in=external_ids
        ).values_list("external_id", "id")
    )
    missing = external_ids - set(found)
    if missing:
        Customer.objects.bulk_create(
            [Customer(workspace_id=workspace_id, external_id=e, name=e) for e in missing],
            ignore_conflicts=True,
        )
        found = dict(
            Customer.objects.filter(
                workspace_id=workspace_id, external_id__in=external_ids
            ).values_list("external_id", "id")
        )
    return found


def record_batch(user, workspace: Workspace, items: list[dict]) -> dict:
    """Store answers pushed by another system. Every item is checked before any is stored;
    an item whose idempotency key is already stored is reported as existing, not duplicated."""
    require_role(user, workspace, Role.EDITOR)
    if len(items) > MAX_BATCH_API:
        raise Invalid(_("At most %(n)s answers per request.") % {"n": MAX_BATCH_API})
    steps = {
        s.pk: s
        for s in Step.objects.filter(
            journey__workspace=workspace, pk__in={i.get("step_id") for i in items}
        )
    }
    errors, cleaned, keys = [], [], set()
    for n, item in enumerate(items):
        step = steps.get(item.get("step_id"))
        key = (item.get("idempotency_key") or "").strip()
        if step is None:
            errors.append({"field": f"responses.{n}.step_id", "message": _("No such step.")})
        if not key:
            errors.append({"field": f"responses.{n}.idempotency_key", "message": _("Required.")})
        elif key in keys:
            errors.append(
                {"field": f"responses.{n}.idempotency_key", "message": _("Repeated in this batch.")}
            )
        keys.add(key)
        try:
            clean = clean_answer(item)
        except Invalid as exc:
            errors.extend(
                {"field": f"responses.{n}.{e['field']}".rstrip("."), "message": e["message"]}
                for e in exc.details
            )
            continue
        cleaned.append((item, step, key, clean))
    if errors:
        raise Invalid(_("Some answers are not valid; nothing was stored."), details=errors)
    existing = dict(
        Response.objects.filter(workspace=workspace, idempotency_key__in=keys).values_list(
            "idempotency_key", "id"
        )
    )
    customers = _customer_ids(
        workspace.pk,
        {str(i["customer_external_id"]) for i, *_ in cleaned if i.get("customer_external_id")},
    )
    new = []
    for item, step, key, clean in cleaned:
        if key in existing:
            continue
        tags, lang = _tag(clean["comment"], item.get("language") or "")
        ext = item.get("customer_external_id")
        new.append(
            Response(
                workspace=workspace,
                journey_id=step.journey_id,
                step=step,
                customer_id=customers.get(str(ext)) if ext else None,
                respondent=(item.get("respondent") or "")[:100],
                answered_at=item.get("answered_at") or timezone.now(),
                source=Source.API,
                language=lang,
                idempotency_key=key,
                emotions=tags,
                **clean,
            )
        )
    with transaction.atomic():
        Response.objects.bulk_create(new, ignore_conflicts=True)
    stored = dict(
        Response.objects.filter(workspace=workspace, idempotency_key__in=keys).values_list(
            "idempotency_key", "id"
        )
    )
    created_keys = [r.idempotency_key for r in new if r.idempotency_key not in existing]
    _schedule_alerts(
        list(Response.objects.filter(workspace=workspace, idempotency_key__in=created_keys))
    )
    return {
        "created": len(created_keys),
        "existing": len(existing),
        "ids": [stored[k] for _, _, k, _ in cleaned],
    }


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def _schedule_alerts(responses: list[Response], gather: bool = False) -> None:
    """Hand the alert work of fresh answers to the background worker (``alert_work``)."""
    work = alert_work(responses, gather)
    if work:
        enqueue_alert_work(work)


def alert_work(responses: list[Response], gather: bool = False) -> dict | None:
    """What the background worker must do after these fresh answers, or None (most answers):
    a detractor's comment is alerted within ``DETRACTOR_BATCH`` seconds, the drop test runs
    at most once a minute per journey (it reads two months of answers). Detractor comments
    are gathered per journey: the first one in a quiet journey queues one task to run
    ``DETRACTOR_BATCH`` seconds later, which alerts every detractor comment of the journey
    since shortly before it was queued, so a busy survey writes one task row per journey and
    batch, not one per comment (``gather``: answers of the public survey, answered now; the
    API's may carry an older answering time and are named one by one). Only the cache is touched here (the survey's ASGI path calls
    this in its event loop); ``enqueue_alert_work`` writes the task."""
    detractors = [r for r in responses if r.is_detractor and r.comment]
    sweeps: list[int] = []
    if detractors and gather and _can_defer():
        sweeps = sorted(
            {
                r.journey_id
                for r in detractors
                if cache.add(f"research:detractors:{r.journey_id}", 1, DETRACTOR_BATCH)
            }
        )
        detractors = []
    journeys = sorted(
        {
            r.journey_id
            for r in responses
            if cache.add(f"research:drops:{r.journey_id}", 1, DROP_CHECK_EVERY)
        }
    )
    if not (detractors or sweeps or journeys):
        return None
    return {"detractors": [r.pk for r in detractors], "journeys": journeys, "sweeps": sweeps}


def enqueue_alert_work(work: dict) -> None:
    """Not deferred to commit: callers have committed the answers already."""
    from teekond.research.tasks import after_answers

    if work["detractors"] or work["journeys"]:
        after_answers.enqueue(work["detractors"], work["journeys"])
    if work["sweeps"]:
        now = timezone.now()
        since = (now - timedelta(seconds=DETRACTOR_SWEEP_BACK)).isoformat()
        task = after_answers.using(run_after=now + timedelta(seconds=DETRACTOR_BATCH))
        task.enqueue([], [], sweep_journeys=work["sweeps"], since=since)


_defers: dict[int, bool] = {}


def _can_defer() -> bool:
    """A backend that runs tasks at once (the tests') cannot batch: each comment is sent.
    Asked once per ``TASKS`` setting (reading the backend costs more than the answer's
    INSERT in the event loop)."""
    tasks = getattr(settings, "TASKS", None)
    if id(tasks) not in _defers:
        from django_tasks import default_task_backend

        _defers.clear()
        _defers[id(tasks)] = bool(default_task_backend.supports_defer)
    return _defers[id(tasks)]
