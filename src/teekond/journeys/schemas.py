"""Request and answer shapes of the map API (they document themselves in OpenAPI)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from teekond.accounts.schemas import Strict
from teekond.core import emotions
from teekond.core.bounds import Count, Id, Ids, Position, Version
from teekond.core.text import TEXT_MAX, BoundedLine, Line, Text
from teekond.journeys.models import (
    Channel,
    Directness,
    Evidence,
    JourneyKind,
    JourneyState,
    LaneType,
    Medium,
    PersonaRole,
)

EvidenceT = Literal[tuple(Evidence.values)]
RoleT = Literal[tuple(PersonaRole.values)]
KindT = Literal[tuple(JourneyKind.values)]
StateT = Literal[tuple(JourneyState.values)]
ChannelT = Literal[tuple(["", *Channel.values])]
MediumT = Literal[tuple(["", *Medium.values])]
DirectnessT = Literal[tuple(["", *Directness.values])]
LaneTypeT = Literal[tuple(LaneType.values)]
EmotionT = Literal[tuple(["", *emotions.BY_KEY])]
LanguageT = Literal["et", "en"]

VERSION = Field(description="The version you read; a stale one is refused with 409 Conflict.")
STRUCTURE_VERSION = Field(
    description="The journey's structure_version you read; a stale one is refused with 409."
)
EVIDENCE = Field(
    default=None,
    description="What this rests on: a research method, or `assumption` (the default).",
)
Rating = int | None


# ---------------------------------------------------------------------------- personas


class PersonaFields(Strict):
    tagline: Line | None = Field(default=None, max_length=200)
    quote: Text | None = Field(default=None, max_length=TEXT_MAX)
    role: RoleT | None = Field(
        default=None,
        description="decision_maker (e.g. the parent who chooses the school), user (the pupil) "
        "or both.",
    )
    gender: Line | None = Field(default=None, max_length=40)
    age: int | None = Field(default=None, ge=0, le=150)
    residence: Line | None = Field(default=None, max_length=120)
    partner: Line | None = Field(default=None, max_length=200)
    children: Line | None = Field(default=None, max_length=200)
    housing: Line | None = Field(default=None, max_length=200)
    car: Line | None = Field(default=None, max_length=200)
    tv_channels: Text | None = Field(default=None, max_length=TEXT_MAX)
    social_media: Text | None = Field(default=None, max_length=TEXT_MAX)
    education: Text | None = Field(default=None, max_length=TEXT_MAX)
    position: Line | None = Field(default=None, max_length=200)
    skills: Text | None = Field(default=None, max_length=TEXT_MAX)
    income: Line | None = Field(default=None, max_length=120)
    colleague_relations: Text | None = Field(default=None, max_length=TEXT_MAX)
    career_plans: Text | None = Field(default=None, max_length=TEXT_MAX)
    free_time: Text | None = Field(default=None, max_length=TEXT_MAX)
    hobbies: Text | None = Field(default=None, max_length=TEXT_MAX)
    friends: Text | None = Field(default=None, max_length=TEXT_MAX)
    values: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Values and attitudes."
    )
    goals: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Goals and sources of motivation."
    )
    obstacles: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Obstacles, problems and fears."
    )
    typical_day: Text | None = Field(default=None, max_length=TEXT_MAX)
    product_usage: Text | None = Field(
        max_length=TEXT_MAX,
        default=None,
        description="How and why they use the product or service.",
    )
    expected_experience: Text | None = Field(default=None, max_length=TEXT_MAX)
    drivers: Text | None = Field(max_length=TEXT_MAX, default=None, description="What drives them.")
    inspirations: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="What inspires them."
    )
    influences: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="What influences them."
    )
    irritants: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="What irritates them."
    )
    company_employees: Count | None = Field(
        default=None, description="B2B ideal customer profile: number of employees."
    )
    company_turnover: Line | None = Field(default=None, max_length=120)
    company_location: Line | None = Field(default=None, max_length=200)
    tech_capability: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="B2B: technological capability."
    )
    empathy_says: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Empathy map: says."
    )
    empathy_thinks: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Empathy map: thinks."
    )
    empathy_does: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Empathy map: does."
    )
    empathy_feels: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Empathy map: feels."
    )
    empathy_pains: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Empathy map: pains."
    )
    empathy_gains: Text | None = Field(
        max_length=TEXT_MAX, default=None, description="Empathy map: gains."
    )
    evidence: EvidenceT | None = EVIDENCE
    evidence_note: Text | None = Field(default=None, max_length=TEXT_MAX)


class PersonaIn(PersonaFields):
    name: Line = Field(min_length=1, max_length=120)


class PersonaPatch(PersonaFields):
    name: Line | None = Field(default=None, min_length=1, max_length=120)
    version: Version = VERSION


class AvatarOut(Schema):
    initials: str
    colour: str = Field(description="Background colour for the initials avatar.")
    photo_url: str | None = Field(description="API address of the uploaded photo, if any.")


class EmpathyMapOut(Schema):
    says: str
    thinks: str
    does: str
    feels: str
    pains: str
    gains: str


class PersonaOut(Schema):
    id: int
    workspace_id: int
    name: str
    tagline: str
    quote: str
    role: str
    gender: str
    age: int | None
    residence: str
    partner: str
    children: str
    housing: str
    car: str
    tv_channels: str
    social_media: str
    education: str
    position: str
    skills: str
    income: str
    colleague_relations: str
    career_plans: str
    free_time: str
    hobbies: str
    friends: str
    values: str
    goals: str
    obstacles: str
    typical_day: str
    product_usage: str
    expected_experience: str
    drivers: str
    inspirations: str
    influences: str
    irritants: str
    company_employees: int | None
    company_turnover: str
    company_location: str
    tech_capability: str
    empathy_says: str
    empathy_thinks: str
    empathy_does: str
    empathy_feels: str
    empathy_pains: str
    empathy_gains: str
    empathy_map: EmpathyMapOut
    evidence: str
    evidence_note: str
    avatar: AvatarOut
    version: int
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------------------- journeys


class JourneyIn(Strict):
    title: Line = Field(min_length=1, max_length=200)
    persona_id: Id | None = Field(default=None, description="The persona whose journey it is.")
    description: Text = Field(default="", max_length=TEXT_MAX)
    goal: Text = Field(max_length=TEXT_MAX, default="", description="What the mapping is for.")
    kind: KindT = "holistic"
    state: StateT = "current"
    language: LanguageT = Field(default="et", description="Language of the map's content.")
    default_lanes: bool = Field(
        default=True, description="Start with the seven parts of a map as lanes."
    )
    stages: list[BoundedLine] = Field(
        default_factory=list, max_length=100, description="Names of the first stages."
    )


class JourneyPatch(Strict):
    title: Line | None = Field(default=None, min_length=1, max_length=200)
    persona_id: Id | None = None
    description: Text | None = Field(default=None, max_length=TEXT_MAX)
    goal: Text | None = Field(default=None, max_length=TEXT_MAX)
    kind: KindT | None = None
    language: LanguageT | None = None
    owner_id: Id | None = Field(default=None, description="A member responsible for the map.")
    version: Version = VERSION


class JourneyOut(Schema):
    id: int
    workspace_id: int
    persona_id: int | None
    persona_name: str
    title: str
    description: str
    goal: str
    kind: str
    state: str
    counterpart_id: int | None = Field(
        description="The linked future-state (or current-state) map."
    )
    language: str
    template_key: str
    owner_id: int | None
    version: int
    structure_version: int
    created_at: datetime
    updated_at: datetime


class DuplicateIn(Strict):
    title: Line | None = Field(default=None, max_length=200)


class FromTemplateIn(Strict):
    key: Line = Field(max_length=80, description="A key from GET /journey-templates.")
    language: LanguageT = "et"


class TemplateOut(Schema):
    key: str
    title: str
    description: str
    personas: int
    journeys: int


class TemplateResultOut(Schema):
    personas: list[PersonaOut]
    journeys: list[JourneyOut]


class PairOut(Schema):
    current: JourneyGridOut
    future: JourneyGridOut | None


# ---------------------------------------------------------------------------- map parts


class StageIn(Strict):
    name: Line = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=TEXT_MAX)
    position: Position | None = Field(default=None, description="0-based; the end when left out.")
    structure_version: Version = STRUCTURE_VERSION


class StagePatch(Strict):
    name: Line | None = Field(default=None, min_length=1, max_length=200)
    description: Text | None = Field(default=None, max_length=TEXT_MAX)
    owner_id: Id | None = Field(default=None, description="Member responsible for this segment.")
    version: Version = VERSION


class StageOut(Schema):
    id: int
    journey_id: int
    position: int
    name: str
    description: str
    owner_id: int | None
    version: int
    structure_version: int | None = Field(
        default=None,
        description="The map's structure_version after a structural change (add, move, "
        "reorder); absent elsewhere.",
    )


class StepFields(Strict):
    description: Text | None = Field(default=None, max_length=TEXT_MAX)
    channel: ChannelT | None = None
    medium: MediumT | None = Field(default=None, description="digital or physical.")
    directness: DirectnessT | None = Field(
        default=None,
        description="direct (customer-initiated: purchase, use, service) or indirect "
        "(unplanned: ad, review, article).",
    )
    company_owned: bool | None = None
    owner_department: Line | None = Field(default=None, max_length=120)
    evidence: EvidenceT | None = EVIDENCE
    evidence_note: Text | None = Field(default=None, max_length=TEXT_MAX)


class StepIn(StepFields):
    name: Line = Field(min_length=1, max_length=200)
    position: Position | None = Field(default=None, description="0-based; the end when left out.")
    structure_version: Version = STRUCTURE_VERSION


class StepPatch(StepFields):
    name: Line | None = Field(default=None, min_length=1, max_length=200)
    version: Version = VERSION


class StepOut(Schema):
    id: int
    journey_id: int
    stage_id: int
    position: int
    name: str
    description: str
    channel: str
    medium: str
    directness: str
    company_owned: bool
    owner_department: str
    evidence: str
    evidence_note: str
    version: int
    structure_version: int | None = Field(
        default=None,
        description="The map's structure_version after a structural change (add, move, "
        "reorder); absent elsewhere.",
    )


class MoveStepIn(Strict):
    stage_id: Id = Field(description="The stage to move to (may be the current one).")
    position: Position | None = Field(default=None, description="0-based; the end when left out.")
    structure_version: Version = STRUCTURE_VERSION


class OrderIn(Strict):
    ids: Ids = Field(description="Every id, each once, in the new order.")
    structure_version: Version = STRUCTURE_VERSION


class LaneIn(Strict):
    type: LaneTypeT
    name: Line = Field(default="", max_length=200, description="Defaults to the type's name.")
    description: Text = Field(default="", max_length=TEXT_MAX)
    position: Position | None = None
    structure_version: Version = STRUCTURE_VERSION


class LanePatch(Strict):
    name: Line | None = Field(default=None, min_length=1, max_length=200)
    description: Text | None = Field(default=None, max_length=TEXT_MAX)
    version: Version = VERSION


class LaneOut(Schema):
    id: int
    journey_id: int
    position: int
    type: str
    name: str
    description: str
    part: int | None = Field(description="Which of the seven parts of a map the lane shows.")
    version: int
    structure_version: int | None = Field(
        default=None,
        description="The map's structure_version after a structural change (add, move, "
        "reorder); absent elsewhere.",
    )


class CellIn(Strict):
    lane_id: Id
    step_id: Id
    version: Version | None = Field(
        default=None,
        description="The cell version you read; null or 0 when you saw no cell.",
    )
    text: Text | None = Field(default=None, max_length=TEXT_MAX)
    emotion: EmotionT | None = Field(default=None, description="A key of the emotion vocabulary.")
    valence: int | None = Field(
        default=None, ge=-3, le=3, description="-3..+3; null means the emotion's default."
    )
    rating: Rating = Field(default=None, ge=1, le=5, description="Customer promise kept, 1-5.")
    effect_rating: Rating = Field(default=None, ge=1, le=5, description="Effect, 1-5.")
    ease_rating: Rating = Field(default=None, ge=1, le=5, description="Ease, 1-5.")
    emotion_rating: Rating = Field(default=None, ge=1, le=5, description="Emotion, 1-5.")
    evidence: EvidenceT | None = EVIDENCE
    evidence_note: Text | None = Field(default=None, max_length=TEXT_MAX)


class CellOut(Schema):
    id: int
    journey_id: int
    lane_id: int
    step_id: int
    text: str
    emotion: str
    emotion_label: str
    valence: int | None
    effective_valence: int | None
    rating: int | None
    effect_rating: int | None
    ease_rating: int | None
    emotion_rating: int | None
    evidence: str
    evidence_note: str
    version: int


class StageWithStepsOut(StageOut):
    steps: list[StepOut]


class LaneWithCellsOut(LaneOut):
    type_label: str
    cells: dict[int, CellOut] = Field(description="Cells keyed by step id.")


class CurvePointOut(Schema):
    step_id: int
    step_name: str
    stage_id: int
    stage_name: str
    lane_id: int | None
    cell_id: int | None
    cell_version: int | None
    emotion: str
    valence: int | None
    label: str = Field(description="The emotion's name in the active language.")
    note: str


class JourneyGridOut(Schema):
    journey: JourneyOut
    persona: PersonaOut | None
    stages: list[StageWithStepsOut]
    step_ids: list[int] = Field(description="Every step id in map order.")
    lanes: list[LaneWithCellsOut]
    emotion_curve: list[CurvePointOut]


class WarningOut(Schema):
    code: str = Field(
        description="first_touchpoint_negative, last_touchpoint_negative, "
        "lowest_point_without_opportunity, steps_without_emotion, mostly_assumptions, "
        "no_emotion_lane, no_touchpoints"
    )
    severity: str
    message: str
    step_ids: list[int]
    details: dict


class CountsOut(Schema):
    total: int
    validated: int
    assumed: int


class EvidenceOut(Schema):
    items: int
    validated: int
    assumed: int
    assumed_share: float | None
    cells: CountsOut
    steps: CountsOut
    by_evidence: dict[str, int]
    persona_evidence: str | None


class ChoiceOut(Schema):
    value: str
    label: str


class EmotionOut(Schema):
    key: str
    label: str
    valence: int = Field(description="Default position on the curve, -3..+3.")
    words: list[str] = Field(description="The group's head word and its synonyms.")


class LaneTypeOut(ChoiceOut):
    part: int | None


class FieldLabelOut(Schema):
    name: str
    label: str


class PersonaSectionOut(Schema):
    label: str
    fields: list[FieldLabelOut]


class VocabularyOut(Schema):
    emotions: list[EmotionOut]
    channels: list[ChoiceOut]
    media: list[ChoiceOut]
    directness: list[ChoiceOut]
    evidence: list[ChoiceOut]
    kinds: list[ChoiceOut]
    states: list[ChoiceOut]
    persona_roles: list[ChoiceOut]
    lane_types: list[LaneTypeOut]
    default_lanes: list[str]
    blueprint_lanes: list[str]
    persona_sections: list[PersonaSectionOut]


PairOut.model_rebuild()
