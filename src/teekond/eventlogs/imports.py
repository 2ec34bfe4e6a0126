"""The background import of an event log: read within limits, keep a bounded summary, and
end *done* or *failed with a reason* with nothing left on disk (``teekond.core.jobs``).
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import ibis
from django.conf import settings
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from teekond import analytics
from teekond.analytics.limits import Limits
from teekond.analytics.sankey import from_variants as sankey_from_variants
from teekond.core import jobs
from teekond.eventlogs.models import EventLog, Format, Status

#: What the stored summary keeps: the page and the API read it on every view.
TOP_VARIANTS = 50
MAX_VARIANT_STEPS = 100
TOP_EDGES = 500
#: The Sankey chart on the event-log page: the most frequent variants it draws.
PAGE_SANKEY_VARIANTS = 12


def limits() -> Limits:
    """``analytics.limits.Limits`` with the operator's ``TEEKOND_EVENTLOG_LIMITS`` applied."""
    overrides = getattr(settings, "TEEKOND_EVENTLOG_LIMITS", {}) or {}
    return dataclasses.replace(Limits(), **overrides)


def _reporter(log_id: int):
    """A progress callback that writes to the database at most twice a second."""
    progress = jobs.Progress(EventLog, log_id)
    return lambda done, total: progress(done, total, force=done >= total)


def remove_files(log: EventLog) -> None:
    """The upload, the canonical Parquet copy and any half-written one."""
    target = log.parquet_path
    target.unlink(missing_ok=True)
    target.with_suffix(".partial").unlink(missing_ok=True)
    if log.file:
        log.file.delete(save=False)


def fail(log_id: int, reason: str, detail: dict | None = None) -> None:
    """Mark a log that has not ended as failed, and remove its files (``jobs.Lifecycle``)."""
    log = EventLog.objects.filter(pk=log_id).first()
    if log is None:
        return
    ended = EventLog.end_failed(
        log_id,
        error=reason,
        error_detail=detail or {},
        summary={},
        cases=None,
        events=None,
        file="",
    )
    if ended:
        remove_files(log)  # by the names this instance still holds


ACTIVE = EventLog.ACTIVE
LIFECYCLE = jobs.Lifecycle(
    model=EventLog, task_path="teekond.eventlogs.tasks.import_event_log", fail=fail
)


def check(log: EventLog) -> EventLog:
    """``log``, failed first if its task died (see ``jobs.Lifecycle.check``)."""
    if LIFECYCLE.check(log):
        log.refresh_from_db()
    return log


def bounded_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary as stored: the top variants (each cut at MAX_VARIANT_STEPS) and edges."""
    variants = []
    for variant in summary["variants"][:TOP_VARIANTS]:
        steps = variant["activities"]
        if len(steps) > MAX_VARIANT_STEPS:
            variant = {**variant, "activities": steps[:MAX_VARIANT_STEPS], "length": len(steps)}
        variants.append(variant)
    edges = sorted(summary["dfg"], key=lambda e: (-e["count"], e["source"], e["target"]))
    return {
        **summary,
        "variants": variants,
        "variants_total": len(summary["variants"]),
        "dfg": edges[:TOP_EDGES],
        "dfg_total": len(summary["dfg"]),
        "activities_total": len(summary["activities"]),
    }


def run_import(log_id: int) -> EventLog:
    """The task's body: any exception fails the log (and is raised again for the backend)."""
    LIFECYCLE.run(log_id, _run)
    return EventLog.objects.get(pk=log_id)


def _run(log_id: int) -> None:
    """Read the uploaded file, validate every event, and keep the canonical Parquet file.

    Nothing is half-imported: the Parquet file is written under a temporary name and moved in
    place only when the whole log was read and checked.
    """
    log = EventLog.objects.get(pk=log_id)
    started = EventLog.objects.filter(pk=log_id, status__in=ACTIVE).update(
        status=Status.RUNNING, error="", error_detail={}
    )
    if not started:
        return  # ended meanwhile (a page found the task dead); nothing to do
    target = log.parquet_path
    scratch = target.with_suffix(".partial")
    backend = ibis.duckdb.connect()
    try:
        event_log = analytics.load_log(
            log.file.path,
            log.mapping or None,
            _reporter(log_id),
            backend=backend,
            format="xes" if log.format == Format.XES_GZ else log.format,
            limits=limits(),
        )
        full = analytics.summary(event_log)
        summary = bounded_summary(full)
        # What the page shows of every log, computed once here (on the in-process engine)
        # and stored with it, so that the page of a log of millions of events reads no events.
        summary["page"] = {
            "sankey": sankey_from_variants(full["variants"][:PAGE_SANKEY_VARIANTS], full["cases"]),
            "durations": analytics.durations(event_log),
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        if event_log.arrow is not None:  # already canonical and in file order
            import pyarrow.parquet as pq

            pq.write_table(event_log.arrow, scratch)
        else:
            event_log.table.order_by("order").to_parquet(scratch)
        os.replace(scratch, target)
    except analytics.EventLogError as exc:
        fail(log_id, _english(exc, log), _detail(exc, log))
        return
    finally:
        backend.disconnect()
        scratch.unlink(missing_ok=True)
    done = EventLog.objects.filter(pk=log_id, status=Status.RUNNING).update(
        status=Status.DONE,
        cases=summary["cases"],
        events=summary["events"],
        summary=summary,
        finished_at=timezone.now(),
        progress_done=F("progress_total"),
    )
    if not done:  # failed by a page while we worked: its outcome stands
        target.unlink(missing_ok=True)


def _uploaded_name(log: EventLog) -> str:
    return log.original_name or f"{log.name}.{log.format}"


def _reason(exc: analytics.EventLogError, log: EventLog) -> str:
    """The reader's reason, naming the uploaded file where an engine named the stored one."""
    reason = exc.reason
    for stored in filter(None, [exc.path, log.file.name if log.file else ""]):
        reason = reason.replace(stored, _uploaded_name(log))
        reason = reason.replace(os.path.basename(stored), _uploaded_name(log))
    return reason


def _english(exc: analytics.EventLogError, log: EventLog) -> str:
    """The refusal for the API: the uploaded file's name (never the server's path of the
    stored copy) and one place in it, the line where it is known, else the row."""
    return analytics.EventLogError(
        _reason(exc, log),
        line=exc.line,
        row=None if exc.line else exc.row,
        column=exc.column,
        path=_uploaded_name(log),
    ).args[0]


def _detail(exc: analytics.EventLogError, log: EventLog) -> dict:
    detail = {
        "line": exc.line,
        "row": exc.row,
        "column": exc.column,
        "file": _uploaded_name(log),
        "reason": _reason(exc, log),
    }
    if exc.code:
        detail.update(code=exc.code, params=exc.params)
    return {k: v for k, v in detail.items() if v is not None}


def _n(value: object) -> str:
    return number_format(value, force_grouping=True)


def _limit_message(code: str, params: dict) -> str | None:
    limit = params.get("limit", 0)
    if code == "too_long":
        n = {"length": _n(params.get("length")), "limit": _n(limit), "key": params.get("key")}
        kind = params.get("kind")
        if kind == "activity":
            return _("An activity name is %(length)s characters long; the limit is %(limit)s.") % n
        if kind == "case":
            return _("A case id is %(length)s characters long; the limit is %(limit)s.") % n
        if kind == "column":
            return _("A column name is %(length)s characters long; the limit is %(limit)s.") % n
        if kind == "header":
            return _("The header line is %(length)s bytes long; the limit is %(limit)s.") % n
        return _("A value of %(key)s is %(length)s characters long; the limit is %(limit)s.") % n
    if code == "too_many_activities":
        return _("The log has more than %(limit)s distinct activities.") % {"limit": _n(limit)}
    if code == "too_big_unpacked":
        return _("The file unpacks to more than %(size)s, far more than its compressed size.") % {
            "size": filesizeformat(limit)
        }
    if code == "too_big":
        return _("The file holds more than %(size)s.") % {"size": filesizeformat(limit)}
    if code == "markup_too_long":
        return _("The file holds a value or text longer than %(size)s.") % {
            "size": filesizeformat(limit)
        }
    return None


def error_text(log: EventLog) -> str:
    """Why ``log`` failed, in the active language where the reason is one of ours: the
    uploaded file's name, then the line (or, where no line is known, the row) and column."""
    detail = log.error_detail or {}
    message = _limit_message(detail.get("code", ""), detail.get("params", {}))
    # Our own sentences for the limits say what is wrong; a reader's reason names no column.
    reader_said = message is None and bool(detail.get("reason"))
    if message is None:
        message = detail.get("reason") or jobs.translate(log.error)
    where = [detail["file"]] if detail.get("file") else []
    if detail.get("line"):
        where.append(_("line %(n)s") % {"n": _n(detail["line"])})
    elif detail.get("row"):
        where.append(_("row %(n)s") % {"n": _n(detail["row"])})
    if detail.get("column") and reader_said:
        where.append(_("column %(name)s") % {"name": detail["column"]})
    return f"{', '.join(where)}: {message}" if where else message
