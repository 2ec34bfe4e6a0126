"""Request and answer shapes of the workshop API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from teekond.accounts.schemas import Strict
from teekond.actions.models import Cadence
from teekond.core.bounds import Id, Version
from teekond.core.text import Line, Text, clean_text
from teekond.journeys.models import Evidence
from teekond.workshops.agenda import METHOD, TARGETS
from teekond.workshops.models import (
    GUEST_LINK_MAX_HOURS,
    MAX_GROUPS,
    MAX_GUESTS_PER_LINK,
    MAX_NOTES_PER_STEP,
    NOTE_MAX_LENGTH,
    PROMPT_MAX_LENGTH,
    STEP_MAX_MINUTES,
    TIMER_MAX_MINUTES,
    TITLE_MAX_LENGTH,
    VOTE_BUDGET_MAX,
    GuestAccess,
)
from teekond.workshops.services import LANE_TARGETS, NOTE_COLOURS, TIMER_ACTIONS

MethodKey = Literal[tuple(m.key for m in METHOD)]


def clean_line(value: str) -> str:
    return clean_text(value)


class WorkshopIn(Strict):
    title: Line = Field(min_length=1, max_length=TITLE_MAX_LENGTH)
    steps: list[MethodKey] | None = Field(
        default=None,
        max_length=len(METHOD),
        description="The method's steps to keep (all by default).",
    )
    anonymous: bool = True
    vote_budget: int = Field(default=5, ge=1, le=VOTE_BUDGET_MAX)


class AgendaStepIn(Strict):
    title: Line = Field(min_length=1, max_length=TITLE_MAX_LENGTH)
    prompt: Text = Field(default="", max_length=PROMPT_MAX_LENGTH)
    minutes: int = Field(default=10, ge=1, le=STEP_MAX_MINUTES)
    target: Literal[tuple(["", *LANE_TARGETS, *TARGETS])] = ""


class GoToIn(Strict):
    step_id: Id


class TimerIn(Strict):
    action: Literal[TIMER_ACTIONS]
    minutes: int | None = Field(default=None, ge=1, le=TIMER_MAX_MINUTES)


class OptionsIn(Strict):
    voting_open: bool | None = None
    authors_revealed: bool | None = None
    vote_budget: int | None = Field(default=None, ge=1, le=VOTE_BUDGET_MAX)


class NoteIn(Strict):
    text: Text = Field(min_length=1, max_length=NOTE_MAX_LENGTH)
    colour: Literal[NOTE_COLOURS] = "yellow"


class NotePatch(Strict):
    text: Text = Field(min_length=1, max_length=NOTE_MAX_LENGTH)


class ClusterIn(Strict):
    title: Line = Field(min_length=1, max_length=TITLE_MAX_LENGTH)
    note_ids: list[Id] = Field(default_factory=list, max_length=MAX_NOTES_PER_STEP)


class PlaceIn(Strict):
    cluster_id: Id | None = None


class ConvertIn(Strict):
    kind: Literal[TARGETS]
    note_id: Id | None = None
    cluster_id: Id | None = None
    lane_id: Id | None = None
    step_id: Id | None = None
    stage_id: Id | None = None
    evidence: Literal[tuple(Evidence.values)] = "assumption"


class GuestLinkIn(Strict):
    access: Literal[tuple(GuestAccess.values)] = "write"
    hours: int = Field(default=4, ge=1, le=GUEST_LINK_MAX_HOURS)
    max_guests: int = Field(default=30, ge=1, le=MAX_GUESTS_PER_LINK)


GroupName = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(clean_line)]


class GroupsIn(Strict):
    names: list[GroupName] = Field(min_length=1, max_length=MAX_GROUPS)
    task: Text = Field(default="", max_length=1000)


class DecisionIn(Strict):
    key: Line = Field(min_length=1, max_length=80)
    decision: Literal["apply", "reject"]


class FinishIn(Strict):
    name: Line = Field(default="", max_length=TITLE_MAX_LENGTH)
    cadence: Literal[tuple(Cadence.values)] | None = None


class ActionIn(Strict):
    version: Version
    owner_id: Id | None = None
    deadline: date | None = None
    kind: Literal["opportunity", "action"] | None = None


class AgendaStepOut(Schema):
    id: int
    position: int
    key: str
    title: str
    prompt: str
    minutes: int
    target: str
    note_count: int


class NoteOut(Schema):
    id: int
    text: str
    colour: str
    author: str
    own: bool
    cluster_id: int | None
    votes: int
    my_votes: int
    converted: bool


class ClusterOut(Schema):
    id: int
    title: str
    votes: int
    converted: bool
    notes: list[NoteOut]


class BoardOut(Schema):
    step_id: int
    loose: list[NoteOut]
    clusters: list[ClusterOut]
    count: int


class WorkshopOut(Schema):
    id: int
    journey_id: int
    title: str
    status: str
    revision: int
    anonymous: bool
    authors_revealed: bool
    vote_budget: int
    voting_open: bool
    current_step_id: int | None
    timer_left: int | None
    timer_running: bool
    votes_left: int
    can_facilitate: bool
    can_write: bool
    participants: list[str]
    agenda: list[AgendaStepOut]
    board: BoardOut | None
    next_review_on: date | None
    summary_version: int | None
    started_at: datetime | None
    ended_at: datetime | None


class ResultOut(Schema):
    note_id: int
    text: str
    votes: int
    step: str
    cluster: str


class ConversionOut(Schema):
    id: int
    kind: str
    label: str
    authors: str
    subject: str


class GuestLinkOut(Schema):
    id: int
    url: str
    access: str
    max_guests: int
    guests: int
    expires_at: datetime
    active: bool


class GroupOut(Schema):
    id: int
    name: str
    journey_id: int | None
    members: list[str]


class GroupChangeOut(Schema):
    key: str
    kind: str
    action: str
    label: str
    fields: dict
    blocked: str
    conflict: dict
    status: str


class SummaryOut(Schema):
    title: str
    journey: str
    held_on: str
    participants: list[str]
    changes: list[dict]
    votes: list[ResultOut]
    conversions: list[dict]
    actions: list[dict]
    notes: int
    version: int | None = None
    next_review_on: str | None = None
    cadence: str | None = None
    proposed_review: date | None = None
