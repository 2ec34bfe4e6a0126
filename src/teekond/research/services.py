"""Measure services: responses, metrics, drivers, quadrants, the live
overlay on the map. Plain functions over the models; pages and the API call these.
Import jobs (survey exports, CRM lists) are in ``import_jobs``; micro-surveys and recording
answers in ``surveys``; alerts in ``alerts``.
"""

from __future__ import annotations

import logging
import statistics
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.models import Workspace
from teekond.core import emotions
from teekond.core.errors import Invalid
from teekond.journeys.models import Cell, Journey, LaneType
from teekond.research import drivers as drivers_mod
from teekond.research import metrics, quadrants
from teekond.research.models import (
    Customer,
    Response,
)

# The micro-survey code lives in ``surveys``; these names stay importable from here for
# existing callers.
from teekond.research.surveys import (  # noqa: F401
    CUSTOMER_SALT,
    DEFAULT_QUESTIONS,
    DROP_CHECK_EVERY,
    MAX_BATCH_API,
    SCORE_FIELDS,
    _check_version,
    _customer_ids,
    _tag,
    clean_answer,
    customer_from_link,
    customer_link,
    new_idempotency_key,
    record_batch,
    record_response,
    settings_base_url,
    survey_by_token,
    survey_for_step,
    survey_url,
    update_survey,
)

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * 1024**2
BATCH = 2000
OVERLAY_MIN_N = 5


# ---------------------------------------------------------------- access


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


# ---------------------------------------------------------------- alerts


# ---------------------------------------------------------------- notifications & settings


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
