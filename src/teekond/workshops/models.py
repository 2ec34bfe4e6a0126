"""Workshop mode: a facilitator runs a session on a journey map (seed 000: seminar-style
workshops with brainstorming and group work under a skilled facilitator).

A workshop has an agenda of steps built from the seeds' method, a timer and a current step
everyone follows, sticky notes per step (optionally anonymous while brainstorming) that the
facilitator clusters and turns into map items, dot votes within a budget per person,
break-out groups each working on a copy of the map, guests who join by a time-limited link,
and at the end a summary saved with a named version of the map.

Everyone who writes on a workshop is a ``Participant``: a workspace member or a guest who
came through a ``GuestLink``. Notes and votes point at participants, so a guest's note is
attributed like a member's.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teekond.accounts.models import Workspace

# Bounds of one workshop (every count and length a participant controls has one).
MAX_AGENDA_STEPS = 20
MAX_NOTES_PER_STEP = 300
MAX_NOTES_PER_PARTICIPANT_STEP = 40
NOTE_MAX_LENGTH = 280
TITLE_MAX_LENGTH = 200
PROMPT_MAX_LENGTH = 1000
MAX_CLUSTERS_PER_STEP = 40
VOTE_BUDGET_MAX = 20
MAX_GROUPS = 8
MAX_GUEST_LINKS = 20
MAX_GUESTS_PER_LINK = 60
MAX_GUESTS = 100
GUEST_LINK_MAX_HOURS = 24 * 14
GUEST_NAME_MAX_LENGTH = 60
TIMER_MAX_MINUTES = 180
STEP_MAX_MINUTES = 240


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class Workshop(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(pgettext_lazy("workshop", "title"), max_length=TITLE_MAX_LENGTH)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    current_step = models.ForeignKey(
        "AgendaStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Authors are hidden from the board while brainstorming; they are always stored, so a
    # note turned into a map item still names its author as evidence.
    anonymous = models.BooleanField(_("anonymous notes while brainstorming"), default=True)
    authors_revealed = models.BooleanField(default=False)
    vote_budget = models.PositiveSmallIntegerField(_("votes per person"), default=5)
    voting_open = models.BooleanField(default=False)
    # The timer: running while ``timer_ends_at`` is set, paused with the seconds left.
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_paused_left = models.PositiveIntegerField(null=True, blank=True)
    # The map's version saved when the workshop started (what changed is measured from it)
    # and the one saved with the summary.
    start_version = models.PositiveIntegerField(null=True, blank=True)
    summary_version = models.PositiveIntegerField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # Every change of the workshop's state moves this on; live clients and pollers compare.
    revision = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title

    @property
    def timer_left(self) -> int | None:
        """Seconds left on the timer (0 when it ran out), None when no timer is set."""
        if self.timer_ends_at is not None:
            return max(0, int((self.timer_ends_at - timezone.now()).total_seconds()))
        return self.timer_paused_left

    @property
    def names_hidden(self) -> bool:
        return self.anonymous and not self.authors_revealed and self.status != Status.ENDED


class AgendaStep(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=30, blank=True)  # the method's step, "" for a custom one
    title = models.CharField(pgettext_lazy("workshop", "title"), max_length=TITLE_MAX_LENGTH)
    prompt = models.TextField(_("question to the group"), blank=True)
    minutes = models.PositiveSmallIntegerField(pgettext_lazy("workshop", "minutes"), default=10)
    # What this step's notes usually become: a lane type ("needs", "pains" …), "touchpoint",
    # "opportunity" or "" (the facilitator chooses).
    target = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["workshop_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class GuestAccess(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Notes and votes")


class GuestLink(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="guest_links")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    access = models.CharField(max_length=5, choices=GuestAccess.choices, default=GuestAccess.WRITE)
    max_guests = models.PositiveSmallIntegerField(default=30)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.workshop_id}:{self.token[:6]}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Participant(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guest_link = models.ForeignKey(
        GuestLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="guests"
    )
    # A guest's secret, kept in their session; members are recognised by their login.
    guest_key = models.CharField(max_length=64, blank=True, db_index=True)
    name = models.CharField(max_length=GUEST_NAME_MAX_LENGTH)
    group = models.ForeignKey(
        "BreakoutGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class Cluster(models.Model):
    step = models.ForeignKey(AgendaStep, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(pgettext_lazy("workshop", "title"), max_length=TITLE_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    step = models.ForeignKey(AgendaStep, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, related_name="notes"
    )
    text = models.CharField(pgettext_lazy("workshop", "note"), max_length=NOTE_MAX_LENGTH)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    colour = models.CharField(max_length=10, default="yellow")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One dot. A participant may put several of their dots on one note."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="votes")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.note_id}"


class Conversion(models.Model):
    """A note or a cluster the facilitator turned into a map item (the provenance)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="conversions")
    note = models.ForeignKey(
        Note, on_delete=models.SET_NULL, null=True, blank=True, related_name="conversions"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="conversions"
    )
    kind = models.CharField(max_length=12)  # cell, touchpoint, opportunity
    label = models.CharField(max_length=TITLE_MAX_LENGTH)
    authors = models.CharField(max_length=500, blank=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}"


class BreakoutGroup(models.Model):
    """A group working on its own copy of the map. ``links`` says which copied stage, step
    and lane stands for which original; ``base`` holds the copy's items as they were made,
    so the merge shows only what the group changed."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(pgettext_lazy("workshop", "name"), max_length=TITLE_MAX_LENGTH)
    task = models.TextField(pgettext_lazy("workshop", "task"), blank=True)
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    links = models.JSONField(default=dict)
    base = models.JSONField(default=dict)
    decisions = models.JSONField(default=dict, blank=True)  # change key -> applied/rejected
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop_id", "id"]

    def __str__(self) -> str:
        return self.name
