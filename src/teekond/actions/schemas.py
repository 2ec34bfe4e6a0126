from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from teekond.core.bounds import Amount, Count, Id, Ids, Version
from teekond.core.text import Line, Text

# A map item, "app.model:id" (e.g. "journeys.step:12").
Subject = Annotated[Line, Field(max_length=120)]


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
    answers: dict[Annotated[Line, Field(max_length=80)], Count] = Field(max_length=200)
    taken_on: date | None = None
    note: Text = Field(default="", max_length=2000)


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
    title: Line = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=10000)
    subject: Subject | None = Field(default=None, description='a map item, e.g. "journeys.step:12"')
    owner_id: Id | None = None
    deadline: date | None = None
    status: Literal["idea", "planned", "in_progress", "done", "dropped"] = "idea"
    impact: int = Field(default=3, ge=1, le=5)
    effort: int = Field(default=3, ge=1, le=5)
    metric_key: Line = Field(default="", max_length=80)
    metric_target: Amount | None = None


class BacklogPatch(Strict):
    version: Version = Field(
        description="the version you read; a newer one on the server gives 409"
    )
    kind: Literal["opportunity", "action"] | None = None
    title: Line | None = Field(default=None, min_length=1, max_length=200)
    description: Text | None = Field(default=None, max_length=10000)
    subject: Subject | None = None
    owner_id: Id | None = None
    deadline: date | None = None
    status: Literal["idea", "planned", "in_progress", "done", "dropped"] | None = None
    impact: int | None = Field(default=None, ge=1, le=5)
    effort: int | None = Field(default=None, ge=1, le=5)
    metric_key: Line | None = Field(default=None, max_length=80)
    metric_target: Amount | None = None


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
    subject: Subject | None = None
    body: Text = Field(min_length=1, max_length=10000)
    kind: Literal["comment", "observation", "customer_note"] = "comment"
    evidence: Line = Field(default="", max_length=40)


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
    ids: Ids


class OwnerIn(Strict):
    subject: Subject
    owner_id: Id | None


class CadenceIn(Strict):
    subject: Subject
    cadence: Literal["monthly", "quarterly", "half_yearly", "yearly"]


class ReviewIn(Strict):
    subject: Subject
    held_on: date | None = None
    participants: Text = Field(default="", max_length=2000)
    findings: Text = Field(min_length=1, max_length=20000)
    decisions: Text = Field(default="", max_length=20000)


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
    name: Line = Field(min_length=1, max_length=200)


class VersionOut(Schema):
    number: int
    name: str
    created_by: str | None
    created_at: datetime


class RestoreIn(Strict):
    structure_version: Version | None = None


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
