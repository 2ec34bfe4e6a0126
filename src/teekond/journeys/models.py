"""Personas, journey maps (stages × steps × lanes with cells), current and future state.

Every object a user can edit carries an integer ``version``: an update must send the version
it read and a stale one is refused with Conflict (409). Adding, removing and reordering
stages, steps and lanes changes the map's structure and is guarded by the journey's
``structure_version`` instead, so two people editing different cells never block each other
while two people reordering the same map do.

Each cell, step and persona says what it rests on: real research (``evidence``) or an
assumption (the default), because mapping from one's own opinion is a named mistake.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from teekond.accounts.models import Workspace
from teekond.core import emotions


class Evidence(models.TextChoices):
    ASSUMPTION = "assumption", _("Assumption")
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation")
    FOCUS_GROUP = "focus_group", _("Focus group")
    INNOVATION_GAME = "innovation_game", _("Innovation game")
    ROLE_PLAY = "role_play", _("Role play")
    SURVEY = "survey", _("Survey")
    ANALYTICS = "analytics", _("Analytics")


class PersonaRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision-maker")
    USER = "user", _("User")
    BOTH = "both", _("Decision-maker and user")


class JourneyKind(models.TextChoices):
    HOLISTIC = "holistic", _("Holistic cross-channel map")
    SERVICE_BLUEPRINT = "service_blueprint", _("Service blueprint")
    EXPERIENCE = "experience", _("One specific experience")
    EMOTIONAL = "emotional", _("Emotional and psychological diagram")
    SPATIAL = "spatial", _("Spatial map")


class JourneyState(models.TextChoices):
    CURRENT = "current", _("Current state")
    FUTURE = "future", _("Future state")


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    SOCIAL_MEDIA = "social_media", _("Social media")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    PHYSICAL = "physical", _("Physical place or visit")
    AD = "ad", _("Advertisement")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    PACKAGING = "packaging", _("Packaging")
    APP = "app", _("App")
    SELF_SERVICE = "self_service", _("Self-service")
    SUPPORT = "support", _("Customer support")
    NEWSPAPER = "newspaper", _("Newspaper or magazine")
    RANKINGS = "rankings", _("Rankings")
    OTHER = "other", _("Other")


class Medium(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    PHYSICAL = "physical", _("Physical")


class Directness(models.TextChoices):
    DIRECT = "direct", _("Direct (customer-initiated)")
    INDIRECT = "indirect", _("Indirect (unplanned)")


class LaneType(models.TextChoices):
    TOUCHPOINTS = "touchpoints", _("Customer actions and touchpoints")
    NEEDS = "needs", _("Needs, thoughts and questions")
    EMOTION = "emotion", _("Emotions")
    PAINS = "pains", _("Pain points")
    OPPORTUNITIES = "opportunities", _("Opportunities and improvement actions")
    CONTEXT = "context", _("Context: environment, objects, people")
    FRONT_STAGE = "front_stage", _("Front stage: what the customer sees")
    BACK_STAGE = "back_stage", _("Back stage: what happens behind the scenes")
    SUPPORT = "support", _("Support processes")
    PROMISE = "promise", _("Customer promise kept")
    THREE_ES = "three_es", _("The three E's: effect, ease, emotion")
    TEXT = "text", _("Text")
    CUSTOM = "custom", _("Custom lane")


# Which of the seven parts of a map (DOMAIN §2) each lane type shows; None: extra lanes.
LANE_PART = {
    LaneType.TOUCHPOINTS: 1,
    LaneType.NEEDS: 2,
    LaneType.EMOTION: 3,
    LaneType.CONTEXT: 4,
    LaneType.FRONT_STAGE: 5,
    LaneType.BACK_STAGE: 5,
    LaneType.SUPPORT: 5,
    LaneType.PROMISE: 6,
    LaneType.OPPORTUNITIES: 7,
    LaneType.PAINS: None,
    LaneType.THREE_ES: None,
    LaneType.TEXT: None,
    LaneType.CUSTOM: None,
}

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
VALENCE_VALIDATORS = [
    MinValueValidator(emotions.VALENCE_RANGE[0]),
    MaxValueValidator(emotions.VALENCE_RANGE[1]),
]


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EvidenceFields(models.Model):
    evidence = models.CharField(
        _("evidence"), max_length=20, choices=Evidence.choices, default=Evidence.ASSUMPTION
    )
    evidence_note = models.TextField(_("evidence note"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_validated(self) -> bool:
        return self.evidence != Evidence.ASSUMPTION


def persona_photo_path(instance, filename: str) -> str:
    # The stored name never uses the uploaded one: it is random and its extension is the
    # verified image format's, so an upload cannot choose a path or a content type.
    return f"personas/{instance.workspace_id}/{filename}"


class Persona(Versioned, EvidenceFields):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("name"), max_length=120)
    tagline = models.CharField(_("short description"), max_length=200, blank=True)
    quote = models.TextField(_("quote"), blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=PersonaRole.choices, default=PersonaRole.BOTH
    )
    photo = models.ImageField(_("photo"), upload_to=persona_photo_path, blank=True)
    # Demographics
    gender = models.CharField(_("gender"), max_length=40, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    residence = models.CharField(_("residence"), max_length=120, blank=True)
    # Family
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    children = models.CharField(_("children"), max_length=200, blank=True)
    # Home
    housing = models.CharField(_("housing"), max_length=200, blank=True)
    car = models.CharField(_("car"), max_length=200, blank=True)
    tv_channels = models.TextField(_("TV channels"), blank=True)
    social_media = models.TextField(_("social media"), blank=True)
    # Education, career and work
    education = models.TextField(_("education"), blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    income = models.CharField(_("income"), max_length=120, blank=True)
    colleague_relations = models.TextField(_("relations with colleagues"), blank=True)
    career_plans = models.TextField(_("career plans"), blank=True)
    # Free time
    free_time = models.TextField(_("free time: where and how"), blank=True)
    hobbies = models.TextField(_("hobbies"), blank=True)
    friends = models.TextField(_("friends"), blank=True)
    # Inner world
    values = models.TextField(_("values and attitudes"), blank=True)
    goals = models.TextField(_("goals and sources of motivation"), blank=True)
    obstacles = models.TextField(_("obstacles, problems and fears"), blank=True)
    typical_day = models.TextField(_("a typical day"), blank=True)
    product_usage = models.TextField(_("how and why they use the product or service"), blank=True)
    expected_experience = models.TextField(_("expected experience"), blank=True)
    drivers = models.TextField(_("what drives them"), blank=True)
    inspirations = models.TextField(_("what inspires them"), blank=True)
    influences = models.TextField(_("what influences them"), blank=True)
    irritants = models.TextField(_("what irritates them"), blank=True)
    # B2B ideal customer profile
    company_employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    company_turnover = models.CharField(_("turnover"), max_length=120, blank=True)
    company_location = models.CharField(_("company location"), max_length=200, blank=True)
    tech_capability = models.TextField(_("technological capability"), blank=True)
    # Empathy map
    empathy_says = models.TextField(_("says"), blank=True)
    empathy_thinks = models.TextField(_("thinks"), blank=True)
    empathy_does = models.TextField(_("does"), blank=True)
    empathy_feels = models.TextField(_("feels"), blank=True)
    empathy_pains = models.TextField(_("pains"), blank=True)
    empathy_gains = models.TextField(_("gains"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return self.name

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha()]
        return "".join(w[0].upper() for w in words[:2]) or "?"


class Journey(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="journeys")
    # Optional so a team can sketch a map before the persona is written; the product nudges
    # towards one persona per journey (DOMAIN §1).
    persona = models.ForeignKey(
        Persona, on_delete=models.SET_NULL, null=True, blank=True, related_name="journeys"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goal = models.TextField(_("goal of the mapping"), blank=True)
    kind = models.CharField(
        _("kind of map"), max_length=20, choices=JourneyKind.choices, default=JourneyKind.HOLISTIC
    )
    state = models.CharField(
        _("state"), max_length=10, choices=JourneyState.choices, default=JourneyState.CURRENT
    )
    # Current and future state point at each other (both sides are set by the service).
    counterpart = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(
        _("content language"), max_length=8, choices=settings.LANGUAGES, default="et"
    )
    template_key = models.CharField(max_length=60, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    structure_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")

    def __str__(self) -> str:
        return self.title


class Stage(Versioned):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The named person responsible for this segment's results and improvements (DOMAIN §4).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )

    class Meta:
        ordering = ["journey_id", "position", "id"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return self.name


class Step(Versioned, EvidenceFields):
    """A step of the journey: a customer action at a touchpoint."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    medium = models.CharField(
        _("digital or physical"), max_length=10, choices=Medium.choices, blank=True
    )
    directness = models.CharField(
        _("direct or indirect"), max_length=10, choices=Directness.choices, blank=True
    )
    company_owned = models.BooleanField(_("owned by the company"), default=True)
    owner_department = models.CharField(_("owner department"), max_length=120, blank=True)

    class Meta:
        ordering = ["journey_id", "stage__position", "position", "id"]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")

    def __str__(self) -> str:
        return self.name


class Lane(Versioned):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="lanes")
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(_("type"), max_length=20, choices=LaneType.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["journey_id", "position", "id"]
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")

    def __str__(self) -> str:
        return self.name

    @property
    def part(self) -> int | None:
        return LANE_PART.get(LaneType(self.type))


class Cell(Versioned, EvidenceFields):
    """What one lane says about one step. Which fields matter depends on the lane's type:
    every lane uses ``text``; emotion lanes ``emotion`` and ``valence``; promise lanes
    ``rating`` (1-5, how well the promise was kept); three-E lanes the three ratings."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="cells")
    lane = models.ForeignKey(Lane, on_delete=models.CASCADE, related_name="cells")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="cells")
    text = models.TextField(_("text"), blank=True)
    emotion = models.CharField(
        _("emotion"), max_length=20, blank=True, choices=emotions.choices("en")
    )
    # Null means the emotion's default valence from the vocabulary.
    valence = models.SmallIntegerField(
        _("valence"), null=True, blank=True, validators=VALENCE_VALIDATORS
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    effect_rating = models.PositiveSmallIntegerField(
        _("effect"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    ease_rating = models.PositiveSmallIntegerField(
        _("ease"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    emotion_rating = models.PositiveSmallIntegerField(
        _("emotion"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["lane_id", "step_id"]
        constraints = [
            models.UniqueConstraint(fields=["lane", "step"], name="one_cell_per_lane_and_step")
        ]
        verbose_name = _("cell")
        verbose_name_plural = _("cells")

    def __str__(self) -> str:
        return f"{self.lane} × {self.step}"

    @property
    def effective_valence(self) -> int | None:
        if self.valence is not None:
            return self.valence
        if self.emotion and self.emotion in emotions.BY_KEY:
            return emotions.BY_KEY[self.emotion].valence
        return None

    @property
    def is_empty(self) -> bool:
        return not (
            self.text.strip()
            or self.emotion
            or self.valence is not None
            or self.rating is not None
            or self.effect_rating is not None
            or self.ease_rating is not None
            or self.emotion_rating is not None
        )


# The persona's fields grouped as the seed lists them, for forms and persona pages.
PERSONA_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (_("Demographics"), ("gender", "age", "residence")),
    (_("Family"), ("partner", "children")),
    (_("Home"), ("housing", "car", "tv_channels", "social_media")),
    (_("Education"), ("education",)),
    (
        _("Career and work"),
        ("position", "skills", "income", "colleague_relations", "career_plans"),
    ),
    (_("Free time"), ("free_time", "hobbies", "friends")),
    (_("Values and attitudes"), ("values",)),
    (_("Goals and motivation"), ("goals",)),
    (_("Obstacles, problems and fears"), ("obstacles",)),
    (_("A typical day"), ("typical_day",)),
    (_("Using the product or service"), ("product_usage", "expected_experience")),
    (
        _("What drives, inspires, influences and irritates them"),
        ("drivers", "inspirations", "influences", "irritants"),
    ),
    (
        _("Ideal customer profile (B2B)"),
        ("company_employees", "company_turnover", "company_location", "tech_capability"),
    ),
    (
        _("Empathy map"),
        (
            "empathy_says",
            "empathy_thinks",
            "empathy_does",
            "empathy_feels",
            "empathy_pains",
            "empathy_gains",
        ),
    ),
)
