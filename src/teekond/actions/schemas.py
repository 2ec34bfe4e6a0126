from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class QuestionOut(Schema):
    key: str
    area: str
    topic: str
    text: str


class AreaOut(Schema):
    key: str
    name: str
    questions: list[QuestionOut]


class AssessmentIn(Strict):
    answers: dict[str, int]
    taken_on: date | None = None
    note: str = Field(default="", max_length=2000)


class AssessmentOut(Schema):
    id: int
    taken_on: date
    respondent: str | None
    note: str
    created_at: datetime
    answers: dict[str, int]
    area_scores: dict[str, float]
    overall: float


class BacklogIn(Strict):
    kind: Literal["opportunity", "action"] = "action"
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10000)
    subject: str | None = Field(default=None, description='a map item, e.g. "journeys.step:12"')
    owner_id: int | None = None
    deadline: date | None = None
    status: Literal["idea", "planned", "in_progress", "done", "dropped"] = "idea"
    impact: int = Field(default=3, ge=1, le=5)
    effort: int = Field(default=3, ge=1, le=5)
    metric_key: str = Field(default="", max_length=80)
    metric_target: float | None = None


class BacklogPatch(Strict):
    version: int = Field(description="the version you read; a newer one on the server gives 409")
    kind: Literal["opportunity", "action"] | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=10000)
    subject: str | None = None
    owner_id: int | None = None
    deadline: date | None = None
    status: Literal["idea", "planned", "in_progress", "done", "dropped"] | None = None
    impact: int | None = Field(default=None, ge=1, le=5)
    effort: int | None = Field(default=None, ge=1, le=5)
    metric_key: str | None = Field(default=None, max_length=80)
    metric_target: float | None = None


class BacklogOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    subject: str | None
    subject_label: str | None
    owner_id: int | None
    owner: str | None
    deadline: date | None
    status: str
    impact: int
    effort: int
    quick_win: bool
    quadrant: str
    metric_key: str
    metric_target: float | None
    metric_current: float | None = Field(
        default=None, description="the measured value, where the Measure pillar provides one"
    )
    version: int
    updated_at: datetime


class CommentIn(Strict):
    subject: str | None = None
    body: str = Field(min_length=1, max_length=10000)
    kind: Literal["comment", "observation", "customer_note"] = "comment"
    evidence: str = ""


class CommentOut(Schema):
    id: int
    subject: str | None
    author: str | None
    body: str
    kind: str
    evidence: str
    mentions: list[str]
    created_at: datetime


class NotificationOut(Schema):
    id: int
    workspace_id: int
    message: str
    link: str
    created_at: datetime
    read: bool


class ReadIn(Strict):
    ids: list[int]


class OwnerIn(Strict):
    subject: str
    owner_id: int | None


class CadenceIn(Strict):
    subject: str
    cadence: Literal["monthly", "quarterly", "half_yearly", "yearly"]


class ReviewIn(Strict):
    subject: str
    held_on: date | None = None
    participants: str = Field(default="", max_length=2000)
    findings: str = Field(min_length=1, max_length=20000)
    decisions: str = Field(default="", max_length=20000)


class ReviewOut(Schema):
    id: int
    subject: str | None
    held_on: date
    participants: str
    findings: str
    decisions: str


class ChangeOut(Schema):
    id: int
    actor: str | None
    action: str
    subject: str | None
    label: str
    changes: dict
    created_at: datetime


class VersionIn(Strict):
    name: str = Field(min_length=1, max_length=200)


class VersionOut(Schema):
    number: int
    name: str
    created_by: str | None
    created_at: datetime


class RestoreIn(Strict):
    structure_version: int | None = None


class CheckOut(Schema):
    key: str
    title: str
    passed: bool
    detail: str
    fix: str


class HealthOut(Schema):
    journey_id: int
    score: int
    checks: list[CheckOut]
