from __future__ import annotations

from datetime import date, datetime

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
