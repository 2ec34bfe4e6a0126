"""Workshop logic: who may do what, the agenda, the timer, notes, clusters and dot votes.

Every call takes an ``Actor``: a workspace member (``member_actor``) or a guest who came
through a guest link (``guest_actor``). Members who are editors or owners facilitate;
viewers and read-only guests follow the board; guests with a write link add notes and
vote. A guest's access is checked on every call, so revoking the link or letting it expire
stops it at once.

Turning notes into map items is in ``convert``, break-out groups in ``groups``, the end of
the workshop in ``summary``. Every change moves ``Workshop.revision`` on and is published
to the workshop's live topic (``live.changed``) when the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teekond.accounts.access import get_visible, require_role
from teekond.accounts.models import ROLE_RANK, Role
from teekond.actions import versions
from teekond.core.errors import Forbidden, Invalid, NotFound
from teekond.core.text import text_problem
from teekond.workshops import live
from teekond.workshops.agenda import BY_KEY, METHOD, TARGETS
from teekond.workshops.models import (
    GUEST_NAME_MAX_LENGTH,
    MAX_AGENDA_STEPS,
    MAX_CLUSTERS_PER_STEP,
    MAX_NOTES_PER_PARTICIPANT_STEP,
    MAX_NOTES_PER_STEP,
    NOTE_MAX_LENGTH,
    PROMPT_MAX_LENGTH,
    STEP_MAX_MINUTES,
    TIMER_MAX_MINUTES,
    TITLE_MAX_LENGTH,
    VOTE_BUDGET_MAX,
    AgendaStep,
    Cluster,
    GuestAccess,
    Note,
    Participant,
    Status,
    Vote,
    Workshop,
)

NOTE_COLOURS = ("yellow", "pink", "blue", "green")
LANE_TARGETS = (
    "touchpoints",
    "needs",
    "emotion",
    "pains",
    "opportunities",
    "context",
    "text",
    "custom",
)


# --- who is acting ------------------------------------------------------------------------


@dataclass
class Actor:
    workshop: Workshop
    user: object | None = None
    role: str | None = None  # the member's role in the workspace
    participant: Participant | None = None
    guest_access: str | None = None

    @property
    def is_guest(self) -> bool:
        return self.user is None

    @property
    def can_facilitate(self) -> bool:
        return self.role is not None and ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role.EDITOR]

    @property
    def can_write(self) -> bool:
        return self.can_facilitate or self.guest_access == GuestAccess.WRITE

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def workshop_for(user, workshop_id: int, needed: str = Role.VIEWER) -> Workshop:
    """The workshop if the user may see it (NotFound for outsiders, Forbidden below ``needed``)."""
    return get_visible(
        Workshop.objects.select_related("journey", "workspace", "current_step"),
        user,
        workshop_id,
        _("Workshop not found."),
        needed,
    )


def workshops_of(user, journey):
    require_role(user, journey.workspace, Role.VIEWER)
    return Workshop.objects.filter(journey=journey).select_related("facilitator")


def member_actor(user, workshop: Workshop) -> Actor:
    membership = require_role(user, workshop.workspace, Role.VIEWER)
    participant = Participant.objects.filter(workshop=workshop, user=user).first()
    return Actor(workshop, user=user, role=membership.role, participant=participant)


def _facilitator(actor: Actor) -> None:
    if not actor.can_facilitate:
        raise Forbidden(_("Only the facilitator (an editor of the workspace) may do this."))


def _writer(actor: Actor) -> Participant:
    if not actor.can_write:
        raise Forbidden(_("You can follow this workshop but not write on it."))
    if actor.workshop.status == Status.ENDED:
        raise Invalid(_("The workshop has ended."))
    return participant_of(actor)


def participant_of(actor: Actor) -> Participant:
    """The actor's participant row; a member joins on their first write."""
    if actor.participant is not None:
        return actor.participant
    if actor.user is None:
        raise Forbidden(_("Join the workshop with your name first."))
    name = (actor.user.get_full_name() or actor.user.get_username())[:GUEST_NAME_MAX_LENGTH]
    actor.participant, _created = Participant.objects.get_or_create(
        workshop=actor.workshop, user=actor.user, defaults={"name": name}
    )
    return actor.participant


def _line(value: str, field: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(
            _("Write something first."), details=[{"field": field, "message": _("required")}]
        )
    if len(value) > max_length:
        raise Invalid(
            _("At most %(n)d characters.") % {"n": max_length},
            details=[{"field": field, "message": _("too long")}],
        )
    if text_problem(value, multiline=True) is not None:
        raise Invalid(
            _("The text holds a character it may not hold."),
            details=[{"field": field, "message": _("bad character")}],
        )
    return value


def _touch(workshop: Workshop, event: str, **data) -> None:
    """Move the revision on and tell everyone on the workshop when the change commits."""
    Workshop.objects.filter(pk=workshop.pk).update(revision=F("revision") + 1)
    workshop.refresh_from_db(fields=["revision"])
    live.changed(workshop, event, **data)


# --- the workshop and its agenda ----------------------------------------------------------


@transaction.atomic
def create_workshop(
    user,
    journey,
    title: str,
    *,
    steps: list[str] | None = None,
    anonymous: bool = True,
    vote_budget: int = 5,
) -> Workshop:
    """A workshop on ``journey`` with the method's agenda (``steps``: the method's keys to
    keep, all of them by default), written in the map's language."""
    require_role(user, journey.workspace, Role.EDITOR)
    title = _line(title, "title", TITLE_MAX_LENGTH)
    if not 1 <= vote_budget <= VOTE_BUDGET_MAX:
        raise Invalid(
            _("Give each person 1 to %(n)d votes.") % {"n": VOTE_BUDGET_MAX},
            details=[{"field": "vote_budget", "message": ""}],
        )
    keys = [s.key for s in METHOD] if steps is None else list(dict.fromkeys(steps))
    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        raise Invalid(
            _("Unknown agenda steps: %s") % ", ".join(unknown[:10]),
            details=[{"field": "steps", "message": ""}],
        )
    workshop = Workshop.objects.create(
        workspace=journey.workspace,
        journey=journey,
        title=title,
        facilitator=user,
        anonymous=anonymous,
        vote_budget=vote_budget,
    )
    with translation.override(journey.language):
        AgendaStep.objects.bulk_create(
            AgendaStep(
                workshop=workshop,
                position=i,
                key=m.key,
                title=str(m.title),
                prompt=str(m.prompt),
                minutes=m.minutes,
                target=m.target,
            )
            for i, m in enumerate(BY_KEY[k] for k in keys)
        )
    return workshop


def agenda_of(workshop: Workshop) -> list[AgendaStep]:
    return list(workshop.agenda.annotate(note_count=Count("notes")))


def step_of(workshop: Workshop, step_id: int) -> AgendaStep:
    step = AgendaStep.objects.filter(workshop=workshop, pk=step_id).first()
    if step is None:
        raise NotFound(_("Agenda step not found."))
    return step


@transaction.atomic
def add_step(actor: Actor, title: str, prompt: str = "", minutes: int = 10, target: str = ""):
    _facilitator(actor)
    workshop = actor.workshop
    count = workshop.agenda.count()
    if count >= MAX_AGENDA_STEPS:
        raise Invalid(_("An agenda has at most %(n)d steps.") % {"n": MAX_AGENDA_STEPS})
    if not 1 <= minutes <= STEP_MAX_MINUTES:
        raise Invalid(_("A step takes 1 to %(n)d minutes.") % {"n": STEP_MAX_MINUTES})
    if target and target not in (*LANE_TARGETS, *TARGETS):
        raise Invalid(_("Unknown target."), details=[{"field": "target", "message": target}])
    step = AgendaStep.objects.create(
        workshop=workshop,
        position=count,
        title=_line(title, "title", TITLE_MAX_LENGTH),
        prompt=_line(prompt, "prompt", PROMPT_MAX_LENGTH, required=False),
        minutes=minutes,
        target=target,
    )
    _touch(workshop, "agenda")
    return step


@transaction.atomic
def start(actor: Actor) -> Workshop:
    """Start the workshop: save the map as it is now (what changed is measured from this
    version) and move everyone to the first step."""
    _facilitator(actor)
    workshop = Workshop.objects.select_for_update().get(pk=actor.workshop.pk)
    if workshop.status != Status.PLANNED:
        raise Invalid(_("The workshop has started already."))
    with translation.override(workshop.journey.language):
        name = _("Before the workshop: %(title)s") % {"title": workshop.title}
    version = versions.save_version(actor.user, workshop.journey, name[:200])
    workshop.status = Status.RUNNING
    workshop.started_at = timezone.now()
    workshop.start_version = version.number
    workshop.current_step = workshop.agenda.first()
    workshop.save(update_fields=["status", "started_at", "start_version", "current_step"])
    actor.workshop = workshop
    participant_of(actor)
    _touch(workshop, "step")
    return workshop


@transaction.atomic
def go_to_step(actor: Actor, step_id: int) -> Workshop:
    """Move everyone to agenda step ``step_id``; its timer starts from the step's minutes."""
    _facilitator(actor)
    workshop = actor.workshop
    if workshop.status != Status.RUNNING:
        raise Invalid(_("Start the workshop first."))
    step = step_of(workshop, step_id)
    workshop.current_step = step
    workshop.timer_ends_at = None
    workshop.timer_paused_left = step.minutes * 60
    workshop.save(update_fields=["current_step", "timer_ends_at", "timer_paused_left"])
    _touch(workshop, "step", step_id=step.pk)
    return workshop


TIMER_ACTIONS = ("start", "pause", "reset")


@transaction.atomic
def timer(actor: Actor, action: str, minutes: int | None = None) -> Workshop:
    """start (from ``minutes``, or resume what was left), pause, reset (clear it)."""
    _facilitator(actor)
    workshop = Workshop.objects.select_for_update().get(pk=actor.workshop.pk)
    if action not in TIMER_ACTIONS:
        raise Invalid(_("Unknown timer action."), details=[{"field": "action", "message": ""}])
    now = timezone.now()
    if action == "start":
        if minutes is not None:
            if not 1 <= minutes <= TIMER_MAX_MINUTES:
                raise Invalid(
                    _("Set the timer to 1 to %(n)d minutes.") % {"n": TIMER_MAX_MINUTES},
                    details=[{"field": "minutes", "message": ""}],
                )
            seconds = minutes * 60
        elif workshop.timer_paused_left:
            seconds = workshop.timer_paused_left
        else:
            step = workshop.current_step
            seconds = (step.minutes if step else 10) * 60
        workshop.timer_ends_at = now + timedelta(seconds=seconds)
        workshop.timer_paused_left = None
    elif action == "pause":
        if workshop.timer_ends_at is not None:
            workshop.timer_paused_left = workshop.timer_left
            workshop.timer_ends_at = None
    else:
        workshop.timer_ends_at = None
        workshop.timer_paused_left = None
    workshop.save(update_fields=["timer_ends_at", "timer_paused_left"])
    actor.workshop = workshop
    _touch(workshop, "timer")
    return workshop


@transaction.atomic
def set_options(
    actor: Actor,
    *,
    voting_open: bool | None = None,
    authors_revealed: bool | None = None,
    vote_budget: int | None = None,
) -> Workshop:
    _facilitator(actor)
    workshop = actor.workshop
    fields = []
    if vote_budget is not None:
        if not 1 <= vote_budget <= VOTE_BUDGET_MAX:
            raise Invalid(
                _("Give each person 1 to %(n)d votes.") % {"n": VOTE_BUDGET_MAX},
                details=[{"field": "vote_budget", "message": ""}],
            )
        if Vote.objects.filter(workshop=workshop).exists() and vote_budget < workshop.vote_budget:
            raise Invalid(_("Votes were cast already: the budget can only grow."))
        workshop.vote_budget = vote_budget
        fields.append("vote_budget")
    if voting_open is not None:
        workshop.voting_open = voting_open
        fields.append("voting_open")
    if authors_revealed is not None:
        workshop.authors_revealed = authors_revealed
        fields.append("authors_revealed")
    if fields:
        workshop.save(update_fields=fields)
        _touch(workshop, "options")
    return workshop


# --- participants and guests --------------------------------------------------------------


def participants_of(workshop: Workshop) -> list[Participant]:
    return list(workshop.participants.select_related("group"))


# --- notes and clusters -------------------------------------------------------------------


@transaction.atomic
def add_note(actor: Actor, step_id: int, text: str, colour: str = "yellow") -> Note:
    participant = _writer(actor)
    step = step_of(actor.workshop, step_id)
    text = _line(text, "text", NOTE_MAX_LENGTH)
    if colour not in NOTE_COLOURS:
        raise Invalid(_("Unknown colour."), details=[{"field": "colour", "message": ""}])
    AgendaStep.objects.select_for_update().filter(pk=step.pk).first()
    if step.notes.count() >= MAX_NOTES_PER_STEP:
        raise Invalid(_("This step has as many notes as it can take."))
    if step.notes.filter(author=participant).count() >= MAX_NOTES_PER_PARTICIPANT_STEP:
        raise Invalid(
            _("At most %(n)d notes per person on one step.") % {"n": MAX_NOTES_PER_PARTICIPANT_STEP}
        )
    note = Note.objects.create(step=step, author=participant, text=text, colour=colour)
    _touch(actor.workshop, "note", step_id=step.pk, note_id=note.pk)
    return note


def note_of(workshop: Workshop, note_id: int) -> Note:
    note = (
        Note.objects.filter(step__workshop=workshop, pk=note_id)
        .select_related("author", "step", "cluster")
        .first()
    )
    if note is None:
        raise NotFound(_("Note not found."))
    return note


def _own_or_facilitate(actor: Actor, note: Note) -> None:
    if actor.can_facilitate:
        return
    _writer(actor)
    if actor.participant is None or note.author_id != actor.participant.pk:
        raise Forbidden(_("Only the note's author or the facilitator may change it."))


@transaction.atomic
def edit_note(actor: Actor, note_id: int, text: str) -> Note:
    note = note_of(actor.workshop, note_id)
    _own_or_facilitate(actor, note)
    note.text = _line(text, "text", NOTE_MAX_LENGTH)
    note.save(update_fields=["text"])
    _touch(actor.workshop, "note", step_id=note.step_id, note_id=note.pk)
    return note


@transaction.atomic
def delete_note(actor: Actor, note_id: int) -> None:
    note = note_of(actor.workshop, note_id)
    _own_or_facilitate(actor, note)
    step_id = note.step_id
    note.delete()
    _touch(actor.workshop, "note", step_id=step_id, note_id=note_id)


def cluster_of(workshop: Workshop, cluster_id: int) -> Cluster:
    cluster = Cluster.objects.filter(step__workshop=workshop, pk=cluster_id).first()
    if cluster is None:
        raise NotFound(_("Cluster not found."))
    return cluster


@transaction.atomic
def create_cluster(actor: Actor, step_id: int, title: str, note_ids: list[int]) -> Cluster:
    """Group notes of one step under a title (the facilitator's clustering)."""
    _facilitator(actor)
    step = step_of(actor.workshop, step_id)
    title = _line(title, "title", TITLE_MAX_LENGTH)
    if step.clusters.count() >= MAX_CLUSTERS_PER_STEP:
        raise Invalid(_("A step has at most %(n)d clusters.") % {"n": MAX_CLUSTERS_PER_STEP})
    ids = list(dict.fromkeys(note_ids))
    notes = Note.objects.filter(step=step, pk__in=ids)
    if len(ids) > MAX_NOTES_PER_STEP or notes.count() != len(ids):
        raise NotFound(_("Note not found."))
    cluster = Cluster.objects.create(step=step, title=title, position=step.clusters.count())
    notes.update(cluster=cluster)
    _touch(actor.workshop, "cluster", step_id=step.pk)
    return cluster


@transaction.atomic
def place_note(actor: Actor, note_id: int, cluster_id: int | None) -> Note:
    """Put a note into a cluster of its step, or take it out (``None``)."""
    _facilitator(actor)
    note = note_of(actor.workshop, note_id)
    cluster = None
    if cluster_id is not None:
        cluster = cluster_of(actor.workshop, cluster_id)
        if cluster.step_id != note.step_id:
            raise Invalid(_("A note joins a cluster of its own step."))
    note.cluster = cluster
    note.save(update_fields=["cluster"])
    _touch(actor.workshop, "cluster", step_id=note.step_id)
    return note


@transaction.atomic
def delete_cluster(actor: Actor, cluster_id: int) -> None:
    """Dissolve a cluster; its notes stay on the board."""
    _facilitator(actor)
    cluster = cluster_of(actor.workshop, cluster_id)
    step_id = cluster.step_id
    cluster.delete()
    _touch(actor.workshop, "cluster", step_id=step_id)


# --- dot voting ---------------------------------------------------------------------------


def votes_left(actor: Actor) -> int:
    if actor.participant is None:
        return actor.workshop.vote_budget if actor.can_write else 0
    used = Vote.objects.filter(workshop=actor.workshop, voter=actor.participant).count()
    return max(0, actor.workshop.vote_budget - used)


@transaction.atomic
def vote(actor: Actor, note_id: int) -> Vote:
    """Put one of the actor's dots on a note; the budget is per person and workshop."""
    participant = _writer(actor)
    if not actor.workshop.voting_open:
        raise Invalid(_("Voting is closed."))
    note = note_of(actor.workshop, note_id)
    # Lock the voter so two quick clicks cannot both take the last dot.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if votes_left(actor) <= 0:
        raise Invalid(
            _("You have used all your votes (%(n)d).") % {"n": actor.workshop.vote_budget}
        )
    dot = Vote.objects.create(workshop=actor.workshop, note=note, voter=participant)
    _touch(actor.workshop, "vote", step_id=note.step_id)
    return dot


@transaction.atomic
def unvote(actor: Actor, note_id: int) -> None:
    participant = _writer(actor)
    if not actor.workshop.voting_open:
        raise Invalid(_("Voting is closed."))
    note = note_of(actor.workshop, note_id)
    dot = Vote.objects.filter(workshop=actor.workshop, note=note, voter=participant).last()
    if dot is None:
        raise NotFound(_("You have no vote on this note."))
    dot.delete()
    _touch(actor.workshop, "vote", step_id=note.step_id)


def results(workshop: Workshop) -> list[dict]:
    """Every note with a vote, most votes first (ties: the earlier note first), with its
    cluster and step; a cluster's total is the sum of its notes."""
    rows = (
        Note.objects.filter(step__workshop=workshop)
        .annotate(n=Count("votes"))
        .filter(n__gt=0)
        .select_related("step", "cluster")
        .order_by("-n", "created_at", "id")
    )
    return [
        {
            "note_id": note.pk,
            "text": note.text,
            "votes": note.n,
            "step": note.step.title,
            "cluster": note.cluster.title if note.cluster else "",
        }
        for note in rows
    ]


# --- the board as the pages and the API show it -------------------------------------------


def _author_name(workshop: Workshop, note: Note, actor: Actor) -> str:
    if note.author is None:
        return ""
    if workshop.names_hidden and not (actor.participant and note.author_id == actor.participant.pk):
        return ""
    return note.author.name


def board(actor: Actor, step: AgendaStep) -> dict:
    """One step's notes and clusters as ``actor`` may see them: while brainstorming
    anonymously, authors are hidden from everyone but themselves."""
    workshop = actor.workshop
    mine: dict[int, int] = {}
    if actor.participant is not None:
        for row in (
            Vote.objects.filter(voter=actor.participant, note__step=step)
            .values("note_id")
            .annotate(n=Count("id"))
        ):
            mine[row["note_id"]] = row["n"]
    notes = []
    for note in step.notes.select_related("author").annotate(
        n=Count("votes", distinct=True), c=Count("conversions", distinct=True)
    ):
        notes.append(
            {
                "id": note.pk,
                "text": note.text,
                "colour": note.colour,
                "author": _author_name(workshop, note, actor),
                "own": bool(actor.participant and note.author_id == actor.participant.pk),
                "cluster_id": note.cluster_id,
                "votes": note.n,
                "my_votes": mine.get(note.pk, 0),
                "converted": note.c > 0,
            }
        )
    clusters = [
        {
            "id": c.pk,
            "title": c.title,
            "notes": [n for n in notes if n["cluster_id"] == c.pk],
            "converted": c.n > 0,
        }
        for c in step.clusters.annotate(n=Count("conversions"))
    ]
    for c in clusters:
        c["votes"] = sum(n["votes"] for n in c["notes"])
    return {
        "step": step,
        "loose": [n for n in notes if n["cluster_id"] is None],
        "clusters": clusters,
        "count": len(notes),
    }


def state(actor: Actor) -> dict:
    """What every participant's screen shows now."""
    workshop = actor.workshop
    step = workshop.current_step
    return {
        "workshop": workshop,
        "agenda": agenda_of(workshop),
        "step": step,
        "board": board(actor, step) if step else None,
        "timer_left": workshop.timer_left,
        "timer_running": workshop.timer_ends_at is not None,
        "votes_left": votes_left(actor),
        "participants": participants_of(workshop),
        "actor": actor,
    }
