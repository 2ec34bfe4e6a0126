from __future__ import annotations

import json

from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from teekond.accounts.access import workspace_for
from teekond.core.bounds import Count, Id
from teekond.core.errors import Invalid, also_answers
from teekond.core.text import BoundedLine, BoundedText
from teekond.eventlogs import services
from teekond.eventlogs.schemas import EventLogOut, EventLogSummary, LinkIn, Window

router = Router(tags=["event logs"])
# Analyses of a log answer 409 until it is imported (and, for some, linked to a map).
NOT_READY = also_answers(409)


@router.get("/workspaces/{workspace_id}/eventlogs", response=list[EventLogOut])
def list_logs(request, workspace_id: Id, window: Query[Window]):
    """The workspace's logs, newest first, ``limit`` at a time from ``offset``."""
    logs = workspace_for(request.auth, workspace_id).event_logs.all()
    return services.checked(logs[window.offset : window.offset + window.limit])


@router.post("/workspaces/{workspace_id}/eventlogs", response={202: EventLogOut})
def upload_log(
    request,
    workspace_id: Id,
    file: File[UploadedFile],
    name: BoundedLine = Form(""),  # noqa: B008 - ninja drops defaults of Form[Annotated]
    mapping: BoundedText = Form(""),  # noqa: B008
):
    """Upload a CSV, Parquet, XES or XES.gz log; it is imported in the background (poll its status).

    ``mapping`` is optional JSON: ``{"case_id": "...", "activity": "...", "timestamp": "..."}``.
    """
    try:
        parsed = json.loads(mapping) if mapping else {}
    except json.JSONDecodeError:
        raise Invalid("mapping must be a JSON object") from None
    if not isinstance(parsed, dict):
        raise Invalid("mapping must be a JSON object")
    workspace = workspace_for(request.auth, workspace_id)
    log = services.create_log(request.auth, workspace, file, name=name, mapping=parsed)
    return Status(202, log)


@router.get("/eventlogs/{log_id}", response=EventLogOut)
def get_log(request, log_id: Id):
    return services.get_log(request.auth, log_id)


@router.delete("/eventlogs/{log_id}", response={204: None})
def delete_log(request, log_id: Id):
    services.delete_log(request.auth, services.get_log(request.auth, log_id))
    return Status(204, None)


@router.get("/eventlogs/{log_id}/summary", response=EventLogSummary, openapi_extra=NOT_READY)
def summary(request, log_id: Id, window: Query[Window]):
    """Counts, and a window (``offset``, ``limit``) of each ranked list; ``*_total`` say how
    many there are in all."""
    log = services.get_log(request.auth, log_id)
    return services.summary_window(log, window.offset, window.limit)


@router.put("/eventlogs/{log_id}/journey", response=EventLogOut)
def link_journey(request, log_id: Id, payload: LinkIn):
    log = services.get_log(request.auth, log_id)
    return services.link_journey(
        request.auth, log, payload.journey_id, payload.step_activities, payload.version
    )


@router.get("/eventlogs/{log_id}/sankey", openapi_extra=NOT_READY)
def sankey(request, log_id: Id, top: Count = 10):
    return services.sankey(services.get_log(request.auth, log_id), top_n=max(1, min(top, 100)))


@router.get("/eventlogs/{log_id}/funnel", openapi_extra=NOT_READY)
def funnel(request, log_id: Id):
    return services.funnel(services.get_log(request.auth, log_id))


@router.get("/eventlogs/{log_id}/conformance", openapi_extra=NOT_READY)
def conformance(request, log_id: Id):
    return services.conformance(services.get_log(request.auth, log_id))


@router.get("/eventlogs/{log_id}/durations", openapi_extra=NOT_READY)
def durations(request, log_id: Id):
    return services.durations(services.get_log(request.auth, log_id))
