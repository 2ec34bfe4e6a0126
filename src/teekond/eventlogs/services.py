"""Event logs in a workspace: upload, background import, link to a journey map, analyses.

Thin over ``teekond.analytics``; the only Django concerns here are access, storage and
progress.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import ibis
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from teekond import analytics
from teekond.accounts.access import get_visible, require_role
from teekond.accounts.models import Role, Workspace
from teekond.core.errors import Conflict, Invalid, NotFound
from teekond.core.versions import check_version
from teekond.eventlogs import imports
from teekond.eventlogs.models import EventLog, Format, Status

MAX_UPLOAD_BYTES = 2 * 1024**3
MAPPING_KEYS = ("case_id", "activity", "timestamp", "resource", "channel")


def get_log(user, log_id: int, needed: str = Role.VIEWER) -> EventLog:
    rows = EventLog.objects.select_related("workspace", "journey")
    return imports.check(get_visible(rows, user, log_id, _("Event log not found."), needed))


def checked(logs) -> list[EventLog]:
    """``logs`` as a list, each one whose task died failed first (``imports.check``)."""
    return [imports.check(log) if log.status in imports.ACTIVE else log for log in logs]


def detect_format(filename: str) -> str:
    name = filename.lower()
    for fmt in (Format.XES_GZ, Format.XES, Format.CSV, Format.PARQUET):
        if name.endswith("." + fmt):
            return fmt
    raise Invalid(_("Unknown file type: use .csv, .parquet, .xes or .xes.gz."))


def clean_mapping(mapping: dict | None) -> dict:
    mapping = {k: (v or "").strip() for k, v in (mapping or {}).items() if k in MAPPING_KEYS}
    return {k: v for k, v in mapping.items() if v}


def create_log(
    user, workspace: Workspace, uploaded, *, name: str = "", mapping: dict | None = None
) -> EventLog:
    """Store the upload and queue its import; the log is usable once the task has run."""
    require_role(user, workspace, Role.EDITOR)
    fmt = detect_format(uploaded.name)
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise Invalid(_("The file is larger than 2 GB."))
    if uploaded.size == 0:
        raise Invalid(_("The file is empty."))
    log = EventLog(
        workspace=workspace,
        token=secrets.token_hex(16),
        name=(name or Path(uploaded.name).name)[:200],
        original_name=uploaded.name[:255],
        format=fmt,
        mapping=clean_mapping(mapping),
        created_by=user,
    )
    log.file.save(uploaded.name, uploaded, save=False)
    log.save()
    from teekond.eventlogs.tasks import import_event_log

    transaction.on_commit(lambda: import_event_log.enqueue(log.pk))
    return log


def run_import(log_id: int) -> EventLog:
    """The background import (``imports.run_import``): ends done, or failed with a reason."""
    return imports.run_import(log_id)


def summary_window(log: EventLog, offset: int, limit: int) -> dict:
    """The stored summary with each ranked list cut to ``[offset, offset + limit)``."""
    _table(log)  # 409 until imported
    summary = log.summary

    def window(ranked: dict) -> dict:
        items = sorted(ranked.items(), key=lambda kv: -kv[1])
        return dict(items[offset : offset + limit])

    edges = sorted(summary.get("dfg", []), key=lambda e: -e["count"])
    return {
        "cases": summary["cases"],
        "events": summary["events"],
        "activities": window(summary.get("activities", {})),
        "activities_total": summary.get("activities_total", len(summary.get("activities", {}))),
        "start_activities": window(summary.get("start_activities", {})),
        "end_activities": window(summary.get("end_activities", {})),
        "dfg": edges[offset : offset + limit],
        "dfg_total": summary.get("dfg_total", len(edges)),
        "variants": summary.get("variants", [])[offset : offset + limit],
        "variants_total": summary.get("variants_total", len(summary.get("variants", []))),
    }


def delete_log(user, log: EventLog) -> None:
    require_role(user, log.workspace, Role.EDITOR)
    imports.remove_files(log)
    log.delete()


def _table(log: EventLog):
    if log.status != Status.DONE or not log.parquet_path.exists():
        raise Conflict(_("The event log is not imported yet."))
    return ibis.duckdb.connect().read_parquet(str(log.parquet_path))


def suggest_step_activities(log: EventLog, journey) -> dict[str, list[str]]:
    """Map each step to the activities with the same name (case and spacing ignored)."""
    known = {a.strip().casefold(): a for a in log.summary.get("activities", {})}
    return {
        str(step.pk): [known[step.name.strip().casefold()]]
        for step in journey.steps.all()
        if step.name.strip().casefold() in known
    }


@transaction.atomic
def link_journey(
    user, log: EventLog, journey_id: int | None, step_activities: dict, version: int
) -> EventLog:
    """Link the log to a journey map of the same workspace and say which activities are which step."""
    require_role(user, log.workspace, Role.EDITOR)
    locked = EventLog.objects.select_for_update().get(pk=log.pk)
    check_version(locked, version)
    journey = None
    cleaned: dict[str, list[str]] = {}
    if journey_id is not None:
        from teekond.journeys.models import Journey

        journey = Journey.objects.filter(pk=journey_id, workspace=log.workspace).first()
        if journey is None:
            raise NotFound(_("Journey map not found."))
        step_ids = {str(pk) for pk in journey.steps.values_list("pk", flat=True)}
        activities = set(log.summary.get("activities", {}))
        seen: dict[str, str] = {}
        problems = []
        for step_id, acts in (step_activities or {}).items():
            if str(step_id) not in step_ids:
                problems.append(_("Step %(id)s is not on this map.") % {"id": step_id})
                continue
            acts = [a for a in dict.fromkeys(acts or []) if a]
            for activity in acts:
                if activity not in activities:
                    problems.append(_("No activity %(a)s in the log.") % {"a": activity})
                elif activity in seen:
                    problems.append(_("Activity %(a)s is mapped to two steps.") % {"a": activity})
                seen[activity] = str(step_id)
            if acts:
                cleaned[str(step_id)] = acts
        if problems:
            raise Invalid(_("The step mapping is not valid."), details=problems)
    locked.journey = journey
    locked.step_activities = cleaned
    locked.version += 1
    locked.save(update_fields=["journey", "step_activities", "version"])
    return locked


def mapped_steps(log: EventLog) -> list:
    """The linked map's steps in map order that have activities mapped to them."""
    if log.journey is None:
        return []
    return [
        s for s in log.journey.steps.select_related("stage") if log.step_activities.get(str(s.pk))
    ]


def analytics_journey(log: EventLog) -> analytics.Journey:
    steps = mapped_steps(log)
    if not steps:
        raise Conflict(_("Link the log to a journey map and map at least one step first."))
    return analytics.Journey.from_dict(
        {
            "name": log.journey.title,
            "steps": [
                {"name": f"{s.pk}", "activities": log.step_activities[str(s.pk)]} for s in steps
            ],
        }
    )


def sankey(log: EventLog, top_n: int = 10) -> dict:
    return analytics.sankey(_table(log), top_n=top_n)


def durations(log: EventLog) -> dict:
    return analytics.durations(_table(log))


def funnel(log: EventLog) -> dict:
    steps = mapped_steps(log)
    if not steps:
        raise Conflict(_("Link the log to a journey map and map at least one step first."))
    result = analytics.funnel(_table(log), [log.step_activities[str(s.pk)] for s in steps])
    for row, step in zip(result["steps"], steps, strict=True):
        row["step_id"], row["name"] = step.pk, step.name
    return result


def latest_linked(logs: QuerySet[EventLog]) -> EventLog | None:
    """The most recently imported of ``logs`` that is linked to a map with steps mapped."""
    return (
        logs.filter(status=Status.DONE, journey__isnull=False)
        .exclude(step_activities={})
        .select_related("journey")
        .order_by("-finished_at", "-id")
        .first()
    )


CONFORMANCE_CACHE_SECONDS = 3600


def cached_conformance(log: EventLog) -> dict:
    """``conformance`` kept in the cache per log version: a re-link or re-import changes the
    key, so the map and the home page never show stale numbers nor re-read the log."""
    return _cached(log, "conformance", conformance)


def _cached(log: EventLog, what: str, compute) -> dict:
    stamp = log.finished_at.timestamp() if log.finished_at else 0
    key = f"teekond:eventlog-{what}:{log.pk}:{log.version}:{stamp}"
    result = cache.get(key)
    if result is None:
        result = compute(log)
        cache.set(key, result, CONFORMANCE_CACHE_SECONDS)
    return result


def conformance(log: EventLog) -> dict:
    steps = mapped_steps(log)
    result = analytics.conformance(_table(log), analytics_journey(log))
    by_id = {str(s.pk): s for s in steps}
    for row in result["steps"]:
        step = by_id[row["name"]]
        row["step_id"], row["name"] = step.pk, step.name
    result["ended_early"] = {by_id[k].name: v for k, v in result["ended_early"].items()}
    return result


def stored_analyses(log: EventLog, compute, version: int = 1) -> dict:
    """``compute(log)`` once per state of the log and its link, kept as JSON beside the
    Parquet copy (derived data, shared by every web process; a new import, link or
    step renaming changes the fingerprint, and so does ``version``: raise it when what
    ``compute`` returns changes). The event-log page took 1-2 s per view."""
    import hashlib
    import json

    if log.status != Status.DONE or not log.parquet_path.exists():
        return compute(log)
    stat = log.parquet_path.stat()
    steps = [(s.pk, s.name, s.stage.name) for s in mapped_steps(log)]
    state = [version, stat.st_size, stat.st_mtime_ns, log.journey_id, log.step_activities, steps]
    digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
    path = log.parquet_path.with_name(f"{log.token}.analyses.{digest[:16]}.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    result = compute(log)
    for stale in path.parent.glob(f"{log.token}.analyses.*.json"):
        stale.unlink(missing_ok=True)
    partial = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
    partial.write_text(json.dumps(result, default=str), encoding="utf-8")
    partial.replace(path)  # atomic: another process reads the old file or the new one
    return result
