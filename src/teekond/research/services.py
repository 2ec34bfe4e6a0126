"""Measure services: micro-surveys, responses, metrics, drivers, quadrants and the live
overlay on the map. Plain functions over the models; pages and the API call these.
Import jobs (survey exports, CRM lists) are in ``import_jobs``; alerts in ``alerts``.
"""

from __future__ import annotations

import logging
import statistics
import uuid
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role, Workspace
from teekond.core import emotions
from teekond.core.errors import Conflict, Invalid, NotFound
from teekond.journeys.models import Cell, Journey, LaneType, Step
from teekond.research import alerts, metrics, quadrants, textemotions
from teekond.research import drivers as drivers_mod
from teekond.research.models import (
    Customer,
    Question,
    Response,
    Source,
    SurveyConfig,
)

log = logging.getLogger(__name__)

SCORE_FIELDS = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "effect": (1, 5),
    "ease": (1, 5),
    "emotion_rating": (1, 5),
}
DEFAULT_QUESTIONS = [Question.CSAT.value, Question.COMMENT.value]
MAX_UPLOAD_BYTES = 200 * 1024**2
BATCH = 2000
MAX_BATCH_API = 1000
OVERLAY_MIN_N = 5


# ---------------------------------------------------------------- access


def responses_for(user) -> QuerySet[Response]:
    if not user.is_authenticated:
        return Response.objects.none()
    return Response.objects.filter(workspace__memberships__user=user)


def _check_version(obj, version: int | None) -> None:
    if version is None:
        raise Invalid(
            _("Send the version you read."), details=[{"field": "version", "message": "required"}]
        )
    if obj.version != version:
        raise Conflict(
            _("Someone else changed this in the meantime; reload and try again."),
            details={"current": {"version": obj.version}},
        )


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


def survey_by_token(token: str) -> SurveyConfig:
    config = (
        SurveyConfig.objects.select_related("step", "step__stage", "journey")
        .filter(token=token, is_active=True)
        .first()
    )
    if config is None:
        raise NotFound(_("This survey is not open."))
    return config


def update_survey(config: SurveyConfig, changes: dict, version: int | None) -> SurveyConfig:
    valid = set(Question.values)
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
        fresh.version += 1
        fresh.save()
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
    existing = Response.objects.filter(
        workspace_id=config.workspace_id, idempotency_key=key
    ).first()
    if existing:
        return existing, False
    clean = clean_answer(data, config.questions_for(customer.segment if customer else None))
    # The page's language is not necessarily the comment's: tag by what the text looks like.
    tags, lang = _tag(clean["comment"], "")
    try:
        with transaction.atomic():
            response = Response.objects.create(
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
    except IntegrityError:
        return Response.objects.get(workspace_id=config.workspace_id, idempotency_key=key), False
    alerts.after_responses([response])
    return response, True


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
    alerts.after_responses(
        list(Response.objects.filter(workspace=workspace, idempotency_key__in=created_keys))
    )
    return {
        "created": len(created_keys),
        "existing": len(existing),
        "ids": [stored[k] for _, _, k, _ in cleaned],
    }


# ---------------------------------------------------------------- metrics

_VALUES = ("nps", "csat", "ces", "effect", "ease", "emotion_rating", "comment", "complaint")


def _add(bucket: metrics.Bucket, row: tuple) -> None:
    nps, csat, ces, effect, ease, emotion_rating, comment, complaint = row[: len(_VALUES)]
    bucket.add(
        nps=nps,
        csat=csat,
        ces=ces,
        effect=effect,
        ease=ease,
        emotion=emotion_rating,
        comment=comment,
        complaint=complaint,
    )


def filter_responses(
    qs: QuerySet[Response],
    *,
    step=None,
    stage=None,
    persona=None,
    segment: str | None = None,
    since=None,
    until=None,
) -> QuerySet[Response]:
    if step is not None:
        qs = qs.filter(step=step)
    if stage is not None:
        qs = qs.filter(step__stage=stage)
    if persona is not None:
        qs = qs.filter(Q(journey__persona=persona) | Q(customer__persona=persona))
    if segment:
        qs = qs.filter(customer__segment=segment)
    if since is not None:
        qs = qs.filter(answered_at__gte=since)
    if until is not None:
        qs = qs.filter(answered_at__lt=until)
    return qs


def summarize(qs: QuerySet[Response]) -> dict:
    bucket = metrics.Bucket()
    for row in qs.values_list(*_VALUES).iterator(chunk_size=5000):
        _add(bucket, row)
    return bucket.summary()


def grouped(qs: QuerySet[Response], key: str) -> dict:
    """One summary per value of ``key`` (a field path such as step_id, customer__segment)."""
    buckets: dict = defaultdict(metrics.Bucket)
    for row in qs.values_list(*_VALUES, key).iterator(chunk_size=5000):
        _add(buckets[row[len(_VALUES)]], row)
    return {k: b.summary() for k, b in buckets.items()}


def trend(qs: QuerySet[Response], period: str = "month") -> list[dict]:
    if period not in metrics.PERIODS:
        raise Invalid(_("Unknown period: use week, month or quarter."))
    tz = timezone.get_current_timezone()

    def rows():
        for row in qs.values_list(*_VALUES, "answered_at").iterator(chunk_size=5000):
            nps, csat, ces, effect, ease, emo, comment, complaint, at = row
            yield (
                timezone.localtime(at, tz),
                {
                    "nps": nps,
                    "csat": csat,
                    "ces": ces,
                    "effect": effect,
                    "ease": ease,
                    "emotion": emo,
                    "comment": comment,
                    "complaint": complaint,
                },
            )

    return metrics.trend(rows(), period)


def journey_metrics(
    journey: Journey, *, period: str = "month", persona=None, segment=None, since=None, until=None
) -> dict:
    qs = filter_responses(
        Response.objects.filter(journey=journey),
        persona=persona,
        segment=segment,
        since=since,
        until=until,
    )
    by_step = grouped(qs, "step_id")
    by_stage = grouped(qs, "step__stage_id")
    steps = []
    for stage in journey.stages.all():
        for step in stage.steps.all():
            steps.append(
                {
                    "id": step.pk,
                    "name": step.name,
                    "stage_id": stage.pk,
                    "stage": stage.name,
                    "metrics": by_step.get(step.pk, metrics.Bucket().summary()),
                }
            )
    return {
        "journey": {"id": journey.pk, "title": journey.title},
        "overall": summarize(qs),
        "stages": [
            {
                "id": s.pk,
                "name": s.name,
                "metrics": by_stage.get(s.pk, metrics.Bucket().summary()),
            }
            for s in journey.stages.all()
        ],
        "steps": steps,
        "segments": {k or "": v for k, v in grouped(qs, "customer__segment").items()},
        "trend": trend(qs, period),
        "period": period,
    }


def workspace_metrics(workspace: Workspace, **filters) -> dict:
    qs = filter_responses(Response.objects.filter(workspace=workspace), **filters)
    return {
        "overall": summarize(qs),
        "journeys": grouped(qs, "journey_id"),
        "personas": grouped(qs, "journey__persona_id"),
        "segments": {k or "": v for k, v in grouped(qs, "customer__segment").items()},
        "churn": churn_rates(workspace),
    }


def churn_rates(workspace: Workspace, journey: Journey | None = None) -> dict:
    """Share of CRM customers who have left (``churned_on`` set), in %, with its Wilson
    interval: overall and per segment. With ``journey``: only customers who answered on it."""
    qs = Customer.objects.filter(workspace=workspace)
    if journey is not None:
        qs = qs.filter(responses__journey=journey).distinct()
    counts: dict = defaultdict(lambda: [0, 0])  # segment -> [churned, customers]
    for segment, churned_on in qs.values_list("segment", "churned_on"):
        counts[segment or ""][0] += churned_on is not None
        counts[segment or ""][1] += 1
    churned = sum(c for c, _n in counts.values())
    total = sum(n for _c, n in counts.values())
    return {
        "overall": {**metrics.csat_from_counts(churned, total).as_dict(), "count": churned},
        "segments": {
            seg: {**metrics.csat_from_counts(c, n).as_dict(), "count": c}
            for seg, (c, n) in sorted(counts.items())
        },
    }


def trend_spec(points: list[dict], labels: dict[str, str]) -> dict:
    """Vega-Lite lines of NPS and CSAT per period with their intervals as bands."""
    values = []
    for p in points:
        for metric in ("nps", "csat"):
            m = p[metric]
            if m["value"] is None:
                continue
            values.append(
                {
                    "period": p["period"],
                    "metric": labels[metric],
                    "value": round(m["value"], 1),
                    "low": round(m["low"], 1) if m["low"] is not None else m["value"],
                    "high": round(m["high"], 1) if m["high"] is not None else m["value"],
                    "n": m["n"],
                }
            )
    x = {"field": "period", "type": "ordinal", "title": labels["period"]}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 240,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.15},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative", "title": labels["value"]},
                    "y2": {"field": "high"},
                    "color": {"field": "metric", "type": "nominal", "title": None},
                },
            },
            {
                "mark": {"type": "line", "point": True, "tooltip": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {"field": "metric", "type": "nominal", "title": None},
                    "tooltip": [
                        {"field": "period"},
                        {"field": "metric"},
                        {"field": "value"},
                        {"field": "low"},
                        {"field": "high"},
                        {"field": "n"},
                    ],
                },
            },
        ],
    }


# ---------------------------------------------------------------- drivers


def step_score(csat=None, effect=None, ease=None, emotion_rating=None, ces=None) -> float | None:
    """One answer's score of its touchpoint on a 1..5 scale, for the driver analysis.

    CSAT where it was asked; else the mean of the three E's that were rated (1..5 each);
    else CES, rescaled from 1..7 (7 = easiest) to 1..5. None when the answer has no score
    (an NPS-only or comment-only answer). Each step is standardised on its own in the
    regression, so a step asked with the three E's weighs as much as one asked with CSAT.
    """
    if csat is not None:
        return float(csat)
    three = [v for v in (effect, ease, emotion_rating) if v is not None]
    if three:
        return statistics.fmean(three)
    if ces is not None:
        return 1 + (ces - 1) * 4 / 6
    return None


def journey_drivers(journey: Journey, language: str = "en") -> dict:
    """Per respondent (CRM customer, else the respondent id): mean score per step
    (``step_score``), and the mean likelihood to recommend they gave anywhere on this
    journey."""
    per: dict = defaultdict(lambda: {"steps": defaultdict(list), "nps": []})
    qs = Response.objects.filter(journey=journey).values_list(
        "customer_id",
        "respondent",
        "step_id",
        "nps",
        "csat",
        "effect",
        "ease",
        "emotion_rating",
        "ces",
    )
    for customer_id, respondent, step_id, nps, *scores in qs.iterator(chunk_size=5000):
        who = ("c", customer_id) if customer_id else (("r", respondent) if respondent else None)
        if who is None:
            continue
        score = step_score(*scores)
        if score is not None:
            per[who]["steps"][step_id].append(score)
        if nps is not None:
            per[who]["nps"].append(nps)
    respondents = [
        ({s: statistics.fmean(v) for s, v in d["steps"].items()}, statistics.fmean(d["nps"]))
        for d in per.values()
        if d["nps"] and d["steps"]
    ]
    labels = {s.pk: s.name for s in journey.steps.all()}
    result = drivers_mod.key_drivers(respondents, labels)
    return {
        "r2": result.r2,
        "n": result.n,
        "drivers": [
            {
                "step_id": d.key,
                "step": d.label,
                "weight": round(d.weight, 1),
                "direction": d.direction,
                "beta": round(d.beta, 3),
                "correlation": round(d.correlation, 3),
                "n": d.n,
            }
            for d in result.drivers
        ],
        "reading": drivers_mod.reading(result, language),
    }


# ---------------------------------------------------------------- quadrants


def customer_quadrants(
    workspace: Workspace,
    journey: Journey | None = None,
    score: float | None = None,
    revenue: float | None = None,
    potential: float | None = None,
) -> dict:
    """Customers with a revenue and at least one likelihood-to-recommend answer; their score
    is the mean of those answers (0-10)."""
    qs = Response.objects.filter(workspace=workspace, customer__isnull=False, nps__isnull=False)
    if journey is not None:
        qs = qs.filter(journey=journey)
    scores: dict[int, list[int]] = defaultdict(list)
    for cid, nps in qs.values_list("customer_id", "nps").iterator(chunk_size=5000):
        scores[cid].append(nps)
    points = [
        quadrants.Point(
            c.pk,
            c.name,
            round(statistics.fmean(scores[c.pk]), 2),
            float(c.revenue),
            float(c.potential_revenue) if c.potential_revenue is not None else None,
            c.segment,
        )
        for c in Customer.objects.filter(
            workspace=workspace, pk__in=list(scores), revenue__isnull=False
        )
    ]
    return quadrants.classify(points, score, revenue, potential)


def quadrant_labels() -> dict[str, str]:
    return {
        "exemplary": _("Exemplary"),
        "growth": _("Growth"),
        "at_risk": _("At risk"),
        "hanging": _("Hanging"),
    }


def quadrant_spec(result: dict) -> dict:
    return quadrants.plot_spec(
        result,
        quadrant_labels(),
        {
            "score": _("Likelihood to recommend (mean, 0-10)"),
            "revenue": _("Revenue"),
            "potential": _("Potential revenue"),
            "name": _("Customer"),
            "segment": _("Segment"),
        },
    )


# ---------------------------------------------------------------- live overlay


def _sign(value: float | None, low: float, high: float) -> int:
    if value is None:
        return 0
    return 1 if value >= high else (-1 if value <= low else 0)


def step_overlay(journey: Journey, since=None) -> list[dict]:
    """Per step of the map, in map order: what the map assumes next to what was measured.

    Assumed: the first emotion lane's valence (-3..+3) and the first three-E lane's ratings.
    Measured: balance (good minus bad, -100..100), CSAT, the three E's, the mean valence of
    the emotions tagged in comments. ``disagrees`` is True when at least ``OVERLAY_MIN_N``
    answers exist and either the signs differ — assumed valence ≥ +1 while the measured
    balance is ≤ −20, or assumed ≤ −1 while it is ≥ +20 — or a measured E differs from the
    assumed rating by 1.5 points or more. ``reasons`` names which.
    """
    cells = Cell.objects.filter(
        journey=journey, lane__type__in=[LaneType.EMOTION, LaneType.THREE_ES]
    ).select_related("lane")
    emotion_lane = journey.lanes.filter(type=LaneType.EMOTION).order_by("position", "id").first()
    three_lane = journey.lanes.filter(type=LaneType.THREE_ES).order_by("position", "id").first()
    assumed_valence, assumed_three = {}, {}
    for cell in cells:
        if emotion_lane and cell.lane_id == emotion_lane.pk:
            assumed_valence[cell.step_id] = cell.effective_valence
        if three_lane and cell.lane_id == three_lane.pk:
            assumed_three[cell.step_id] = {
                "effect": cell.effect_rating,
                "ease": cell.ease_rating,
                "emotion": cell.emotion_rating,
            }
    qs = filter_responses(Response.objects.filter(journey=journey), since=since)
    measured = grouped(qs, "step_id")
    tagged: dict[int, list[int]] = defaultdict(list)
    for step_id, keys in qs.exclude(emotions=[]).values_list("step_id", "emotions"):
        tagged[step_id].extend(emotions.BY_KEY[k].valence for k in keys if k in emotions.BY_KEY)
    out = []
    for step in journey.steps.select_related("stage").order_by("stage__position", "position"):
        m = measured.get(step.pk, metrics.Bucket().summary())
        valence = assumed_valence.get(step.pk)
        three = assumed_three.get(step.pk) or {}
        reasons = []
        n = m["responses"]
        bal = m["balance"]["value"]
        if n >= OVERLAY_MIN_N:
            measured_sign = _sign(bal, -20, 20)
            if bal is None:
                measured_sign = _sign(m["emotion"]["value"], 2.5, 3.5)
            assumed_sign = _sign(valence, -1, 1)
            if assumed_sign and measured_sign and assumed_sign != measured_sign:
                reasons.append("valence")
            for e in ("effect", "ease", "emotion"):
                got, want = m[e]["value"], three.get(e)
                if got is not None and want is not None and abs(got - want) >= 1.5:
                    reasons.append(e)
        out.append(
            {
                "step_id": step.pk,
                "step": step.name,
                "stage_id": step.stage_id,
                "stage": step.stage.name,
                "assumed": {
                    "valence": valence,
                    **{e: three.get(e) for e in ("effect", "ease", "emotion")},
                },
                "measured": {
                    "responses": n,
                    "balance": bal,
                    "nps": m["nps"]["value"],
                    "csat": m["csat"]["value"],
                    "ces": m["ces"]["value"],
                    "effect": m["effect"]["value"],
                    "ease": m["ease"]["value"],
                    "emotion": m["emotion"]["value"],
                    "comment_valence": (
                        statistics.fmean(tagged[step.pk]) if tagged.get(step.pk) else None
                    ),
                },
                "disagrees": bool(reasons),
                "reasons": reasons,
            }
        )
    return out


# ---------------------------------------------------------------- comments


def step_comments(journey: Journey, limit_per_step: int = 5) -> dict[int, list[Response]]:
    out: dict[int, list[Response]] = defaultdict(list)
    for step in journey.steps.all():
        out[step.pk] = list(
            Response.objects.filter(step=step)
            .exclude(comment="")
            .order_by("-answered_at")[:limit_per_step]
        )
    return out


# ---------------------------------------------------------------- helpers


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def as_float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def backlog_metric(item) -> float | None:
    """The current measured value of a backlog item's KPI (its step's or journey's NPS, CSAT…).

    Registered with the Act backlog, so an improvement action shows where its metric stands.
    """
    key = (item.metric_key or "").split(".")[-1]
    subject = item.subject
    if key == "churn":
        journey = subject if isinstance(subject, Journey) else None
        return churn_rates(item.workspace, journey)["overall"]["value"]
    measures = ("nps", "csat", "ces", "effect", "ease", "emotion", "balance", "complaints")
    if subject is None or key not in measures:
        return None
    if isinstance(subject, Journey):
        qs = Response.objects.filter(journey=subject)
    elif subject._meta.label_lower == "journeys.step":
        qs = Response.objects.filter(step=subject)
    elif subject._meta.label_lower == "journeys.stage":
        qs = Response.objects.filter(step__stage=subject)
    else:
        return None
    return summarize(qs)[key]["value"]
