from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from teekond.core.bounds import Id, Version
from teekond.core.text import BoundedLine, Line, Text

QuestionT = Literal["nps", "csat", "ces", "three_es", "emotion", "comment"]
Questions = Annotated[list[QuestionT], Field(max_length=20)]


class ResponseIn(Schema):
    step_id: Id
    idempotency_key: Line = Field(min_length=1, max_length=120)
    nps: int | None = Field(default=None, ge=0, le=10)
    csat: int | None = Field(default=None, ge=1, le=5)
    ces: int | None = Field(default=None, ge=1, le=7)
    effect: int | None = Field(default=None, ge=1, le=5)
    ease: int | None = Field(default=None, ge=1, le=5)
    emotion_rating: int | None = Field(default=None, ge=1, le=5)
    emotion: Line = Field(default="", max_length=80)
    comment: Text = Field(default="", max_length=5000)
    complaint: bool = False  # the answer is a complaint (counts even without a score)
    language: Literal["", "et", "en"] = ""
    answered_at: datetime | None = None
    customer_external_id: Line | None = Field(default=None, max_length=100)
    respondent: Line = Field(default="", max_length=100)


class BatchIn(Schema):
    responses: list[ResponseIn] = Field(min_length=1, max_length=1000)


class BatchOut(Schema):
    created: int
    existing: int
    ids: list[int]


class SurveyOut(Schema):
    step_id: int
    token: str
    url: str
    questions: list[QuestionT]
    segment_questions: dict[str, list[QuestionT]]
    intro: str
    embed_origins: list[str]
    is_active: bool
    version: int


class SurveyPatch(Schema):
    version: Version
    questions: Questions | None = None
    # {segment: questions}; replaces the whole map; an empty list drops that segment
    segment_questions: dict[Annotated[Line, Field(max_length=100)], Questions] | None = Field(
        default=None, max_length=100
    )
    intro: Text | None = Field(default=None, max_length=300)
    # sites that may frame the widget; replaces the whole list
    embed_origins: list[Annotated[Line, Field(max_length=200)]] | None = Field(
        default=None, max_length=20
    )
    is_active: bool | None = None


class ImportOut(Schema):
    id: int
    kind: Literal["survey", "crm"]
    journey_id: int | None
    original_name: str
    status: str
    mapping: dict[str, str]
    version: int
    progress_done: int
    progress_total: int
    progress_percent: int
    # headers, fields, first rows with their problems: only while the mapping is open
    preview: dict | None = None
    # rows, problems (row, column, value, reason in the reader's language), created, …
    report: dict


class ImportStartIn(Schema):
    version: Version
    mapping: dict[BoundedLine, BoundedLine] | None = Field(
        default=None, max_length=100
    )  # field -> column; omit to keep the suggested one


class CustomerOut(Schema):
    id: int
    external_id: str
    name: str
    segment: str
    revenue: float | None
    potential_revenue: float | None
    persona_id: int | None
    churned_on: date | None


class SurveyLinkOut(Schema):
    url: str
    customer_external_id: str
    segment: str
    questions: list[QuestionT]
