from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field

from teekond.core.bounds import Id, Version
from teekond.core.text import Line

# The activities of a log standing for one map step.
Activities = Annotated[list[Annotated[Line, Field(max_length=1000)]], Field(max_length=100)]


class Window(Schema):
    """Which part of a ranked list to answer: no list is answered whole."""

    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(100, ge=1, le=500)


class EventLogOut(Schema):
    id: int
    workspace_id: int
    name: str
    format: str
    status: str
    progress_percent: int
    error: str
    error_detail: dict = Field(
        description="why the import failed: code, params, line, row, column (empty if it did not)"
    )
    cases: int | None
    events: int | None
    journey_id: int | None
    step_activities: dict[str, list[str]]
    version: int
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_error(obj) -> str:
        from teekond.eventlogs.imports import error_text

        return error_text(obj) if obj.error else ""


class EventLogSummary(Schema):
    cases: int
    events: int
    activities: dict[str, int] = Field(description="the window of activities, most events first")
    activities_total: int
    start_activities: dict[str, int]
    end_activities: dict[str, int]
    dfg: list[dict] = Field(description="the window of transitions, most frequent first")
    dfg_total: int = Field(description="all transitions; the 500 most frequent are kept")
    variants: list[dict] = Field(
        description="the window of the 50 most common path variants, each cut at 100 steps "
        "(then ``length`` gives its full number of steps)"
    )
    variants_total: int


class LinkIn(Schema):
    model_config = ConfigDict(extra="forbid")
    journey_id: Id | None = Field(description="a journey map of the same workspace; null unlinks")
    step_activities: dict[Annotated[Line, Field(max_length=20)], Activities] = Field(
        default_factory=dict,
        max_length=1000,
        description="map step id -> activities of the log standing for it",
    )
    version: Version = Field(description="the log's version as read; a stale one gets 409")
