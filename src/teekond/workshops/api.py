"""The workshop API (members; guests use the pages their link opens).

Any member reads; editors and owners facilitate and write notes and votes; only owners
issue guest links; people outside the workspace get 404.
"""

from __future__ import annotations

from django.urls import reverse
from ninja import Router, Status

from teekond.accounts.models import Role
from teekond.core.bounds import Id
from teekond.core.errors import also_answers
from teekond.journeys.access import journey_for
from teekond.workshops import convert, groups, guests, serialize, services, summary
from teekond.workshops.schemas import (
    AgendaStepIn,
    ClusterIn,
    ConversionOut,
    ConvertIn,
    DecisionIn,
    FinishIn,
    GoToIn,
    GroupChangeOut,
    GroupOut,
    GroupsIn,
    GuestLinkIn,
    GuestLinkOut,
    NoteIn,
    NotePatch,
    OptionsIn,
    PlaceIn,
    ResultOut,
    SummaryOut,
    TimerIn,
    WorkshopIn,
    WorkshopOut,
)

router = Router(tags=["workshops"])


def _actor(request, workshop_id: int) -> services.Actor:
    return services.member_actor(request.auth, services.workshop_for(request.auth, workshop_id))


def _state(actor, status: int = 200):
    data = serialize.workshop_dict(actor)
    return Status(status, data) if status != 200 else data


@router.get("/journeys/{journey_id}/workshops", response=list[WorkshopOut])
def list_workshops(request, journey_id: Id):
    journey = journey_for(request.auth, journey_id)
    return [
        serialize.workshop_dict(services.member_actor(request.auth, w))
        for w in services.workshops_of(request.auth, journey)[:100]
    ]


@router.post("/journeys/{journey_id}/workshops", response={201: WorkshopOut})
def create_workshop(request, journey_id: Id, payload: WorkshopIn):
    """Plan a workshop on a map, with the seeds' method as its agenda (editors, owners)."""
    journey = journey_for(request.auth, journey_id, Role.EDITOR)
    workshop = services.create_workshop(
        request.auth,
        journey,
        payload.title,
        steps=payload.steps,
        anonymous=payload.anonymous,
        vote_budget=payload.vote_budget,
    )
    return _state(services.member_actor(request.auth, workshop), 201)


@router.get("/workshops/{workshop_id}", response=WorkshopOut)
def get_workshop(request, workshop_id: Id, step_id: Id | None = None):
    """The workshop now: agenda, current step, timer, and the board of a step."""
    return serialize.workshop_dict(_actor(request, workshop_id), step_id)


@router.post("/workshops/{workshop_id}/agenda", response={201: WorkshopOut})
def add_agenda_step(request, workshop_id: Id, payload: AgendaStepIn):
    actor = _actor(request, workshop_id)
    services.add_step(actor, payload.title, payload.prompt, payload.minutes, payload.target)
    return _state(actor, 201)


@router.post("/workshops/{workshop_id}/start", response=WorkshopOut)
def start(request, workshop_id: Id):
    """Start: the map is saved as a version and everyone goes to the first step."""
    actor = _actor(request, workshop_id)
    services.start(actor)
    return _state(actor)


@router.put("/workshops/{workshop_id}/current-step", response=WorkshopOut)
def go_to_step(request, workshop_id: Id, payload: GoToIn):
    actor = _actor(request, workshop_id)
    services.go_to_step(actor, payload.step_id)
    return _state(actor)


@router.post("/workshops/{workshop_id}/timer", response=WorkshopOut)
def set_timer(request, workshop_id: Id, payload: TimerIn):
    actor = _actor(request, workshop_id)
    services.timer(actor, payload.action, payload.minutes)
    return _state(actor)


@router.patch("/workshops/{workshop_id}", response=WorkshopOut)
def set_options(request, workshop_id: Id, payload: OptionsIn):
    """Open or close voting, reveal authors, change the vote budget (the facilitator)."""
    actor = _actor(request, workshop_id)
    services.set_options(actor, **payload.dict(exclude_unset=True))
    return _state(actor)


@router.post("/workshops/{workshop_id}/steps/{step_id}/notes", response={201: WorkshopOut})
def add_note(request, workshop_id: Id, step_id: Id, payload: NoteIn):
    actor = _actor(request, workshop_id)
    services.add_note(actor, step_id, payload.text, payload.colour)
    return Status(201, serialize.workshop_dict(actor, step_id))


@router.patch("/workshops/{workshop_id}/notes/{note_id}", response=WorkshopOut)
def edit_note(request, workshop_id: Id, note_id: Id, payload: NotePatch):
    actor = _actor(request, workshop_id)
    note = services.edit_note(actor, note_id, payload.text)
    return serialize.workshop_dict(actor, note.step_id)


@router.delete("/workshops/{workshop_id}/notes/{note_id}", response={204: None})
def delete_note(request, workshop_id: Id, note_id: Id):
    services.delete_note(_actor(request, workshop_id), note_id)
    return Status(204, None)


@router.post("/workshops/{workshop_id}/steps/{step_id}/clusters", response={201: WorkshopOut})
def create_cluster(request, workshop_id: Id, step_id: Id, payload: ClusterIn):
    actor = _actor(request, workshop_id)
    services.create_cluster(actor, step_id, payload.title, payload.note_ids)
    return Status(201, serialize.workshop_dict(actor, step_id))


@router.put("/workshops/{workshop_id}/notes/{note_id}/cluster", response=WorkshopOut)
def place_note(request, workshop_id: Id, note_id: Id, payload: PlaceIn):
    actor = _actor(request, workshop_id)
    note = services.place_note(actor, note_id, payload.cluster_id)
    return serialize.workshop_dict(actor, note.step_id)


@router.delete("/workshops/{workshop_id}/clusters/{cluster_id}", response={204: None})
def delete_cluster(request, workshop_id: Id, cluster_id: Id):
    services.delete_cluster(_actor(request, workshop_id), cluster_id)
    return Status(204, None)


@router.post("/workshops/{workshop_id}/notes/{note_id}/votes", response={201: WorkshopOut})
def vote(request, workshop_id: Id, note_id: Id):
    """Put one of your dots on a note (within your budget, while voting is open)."""
    actor = _actor(request, workshop_id)
    dot = services.vote(actor, note_id)
    return Status(201, serialize.workshop_dict(actor, dot.note.step_id))


@router.delete("/workshops/{workshop_id}/notes/{note_id}/votes", response={204: None})
def unvote(request, workshop_id: Id, note_id: Id):
    """Take one of your dots back from a note."""
    services.unvote(_actor(request, workshop_id), note_id)
    return Status(204, None)


@router.get("/workshops/{workshop_id}/results", response=list[ResultOut])
def results(request, workshop_id: Id):
    """The dot-voting results, most votes first."""
    return services.results(services.workshop_for(request.auth, workshop_id))


def _conversion_dict(c) -> dict:
    return {
        "id": c.pk,
        "kind": c.kind,
        "label": c.label,
        "authors": c.authors,
        "subject": f"{c.subject_type.app_label}.{c.subject_type.model}:{c.subject_id}",
    }


@router.post("/workshops/{workshop_id}/conversions", response={201: ConversionOut})
def convert_note(request, workshop_id: Id, payload: ConvertIn):
    """Turn a note or a cluster into a cell, a touchpoint or a backlog opportunity; the
    workshop and the notes' authors go into the item's evidence note."""
    actor = _actor(request, workshop_id)
    return Status(201, _conversion_dict(convert.convert(actor, **payload.dict())))


def _link_dict(request, link) -> dict:
    return {
        "id": link.pk,
        "url": request.build_absolute_uri(reverse("workshops:guest", args=[link.token])),
        "access": link.access,
        "max_guests": link.max_guests,
        "guests": link.guests.count(),
        "expires_at": link.expires_at,
        "active": link.is_active,
    }


@router.get(
    "/workshops/{workshop_id}/guest-links",
    response=list[GuestLinkOut],
    openapi_extra=also_answers(403),
)
def list_guest_links(request, workshop_id: Id):
    """The workshop's guest links (owners only: the links are secrets)."""
    actor = _actor(request, workshop_id)
    guests.require_owner(actor)
    return [_link_dict(request, link) for link in actor.workshop.guest_links.all()]


@router.post("/workshops/{workshop_id}/guest-links", response={201: GuestLinkOut})
def issue_guest_link(request, workshop_id: Id, payload: GuestLinkIn):
    """A time-limited link for guests with read or write rights (owners only)."""
    actor = _actor(request, workshop_id)
    link = guests.issue_guest_link(
        actor, access=payload.access, hours=payload.hours, max_guests=payload.max_guests
    )
    return Status(201, _link_dict(request, link))


@router.delete("/workshops/{workshop_id}/guest-links/{link_id}", response={204: None})
def revoke_guest_link(request, workshop_id: Id, link_id: Id):
    """Revoke a guest link: its guests lose access at once."""
    guests.revoke_guest_link(_actor(request, workshop_id), link_id)
    return Status(204, None)


def _group_dict(group) -> dict:
    return {
        "id": group.pk,
        "name": group.name,
        "journey_id": group.journey_id,
        "members": [p.name for p in group.members.all()],
    }


@router.get("/workshops/{workshop_id}/groups", response=list[GroupOut])
def list_groups(request, workshop_id: Id):
    workshop = services.workshop_for(request.auth, workshop_id)
    return [_group_dict(g) for g in groups.groups_of(workshop)]


@router.post("/workshops/{workshop_id}/groups", response={201: list[GroupOut]})
def create_groups(request, workshop_id: Id, payload: GroupsIn):
    """Break-out groups, each with its own copy of the map."""
    made = groups.create_groups(_actor(request, workshop_id), payload.names, payload.task)
    return Status(201, [_group_dict(g) for g in made])


@router.get("/workshops/{workshop_id}/groups/{group_id}/changes", response=list[GroupChangeOut])
def group_changes(request, workshop_id: Id, group_id: Id):
    """What the group changed on its copy, item by item, with conflicts against the map."""
    workshop = services.workshop_for(request.auth, workshop_id)
    return groups.changes(groups.group_of(workshop, group_id))


@router.post("/workshops/{workshop_id}/groups/{group_id}/changes", response=list[GroupChangeOut])
def decide_change(request, workshop_id: Id, group_id: Id, payload: DecisionIn):
    """Apply one of the group's changes to the main map, or reject it."""
    actor = _actor(request, workshop_id)
    if payload.decision == "apply":
        groups.apply(actor, group_id, payload.key)
    else:
        groups.reject(actor, group_id, payload.key)
    return groups.changes(groups.group_of(actor.workshop, group_id))


@router.get("/workshops/{workshop_id}/summary", response=SummaryOut)
def get_summary(request, workshop_id: Id):
    """The summary: what changed, the votes, the actions with owners and deadlines."""
    actor = _actor(request, workshop_id)
    data = dict(summary.summary_of(actor.workshop, request.auth))
    data["proposed_review"] = summary.proposed_review(actor.workshop)[1]
    return data


@router.post("/workshops/{workshop_id}/finish", response=SummaryOut)
def finish(request, workshop_id: Id, payload: FinishIn):
    """End the workshop: the summary is kept, the map saved as a named version, the
    workshop recorded as a review and the next review date set."""
    actor = _actor(request, workshop_id)
    workshop = summary.finish(actor, name=payload.name, cadence=payload.cadence)
    return workshop.summary


@router.get("/workshops/{workshop_id}/conversions", response=list[ConversionOut])
def list_conversions(request, workshop_id: Id):
    workshop = services.workshop_for(request.auth, workshop_id)
    return [_conversion_dict(c) for c in convert.conversions_of(workshop)]
