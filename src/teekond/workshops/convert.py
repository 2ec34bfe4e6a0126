"""Turning a sticky note or a cluster into a map item in one move.

A note becomes a cell of a lane at a touchpoint (its text added to what the cell says), a
new touchpoint in a stage, or an opportunity in the improvement backlog. The map item
records where it came from in its evidence note (the workshop, its date and the authors of
the notes, named even when the board was anonymous) and the facilitator says what kind of
evidence it is: a team's brainstorm stays an "assumption" unless customers were in the
room (a focus group, a role play …), because mapping from one's own opinion is a named
mistake. A ``Conversion`` row keeps the link from the note to the item for the summary.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teekond.actions import services as actions
from teekond.core.errors import Invalid, NotFound
from teekond.journeys import services as journeys
from teekond.journeys.models import Cell, Evidence, Journey, Lane, Stage, Step
from teekond.workshops import services
from teekond.workshops.agenda import TARGETS
from teekond.workshops.models import Conversion, Note, Workshop

TEXT_MAX = 20_000


def _source(workshop: Workshop, note_id: int | None, cluster_id: int | None):
    if (note_id is None) == (cluster_id is None):
        raise Invalid(_("Turn either one note or one cluster into a map item."))
    if note_id is not None:
        note = services.note_of(workshop, note_id)
        return note, None, [note]
    cluster = services.cluster_of(workshop, cluster_id)
    notes = list(cluster.notes.select_related("author"))
    if not notes:
        raise Invalid(_("The cluster has no notes."))
    return None, cluster, notes


def provenance(workshop: Workshop, notes: list[Note]) -> tuple[str, str]:
    """(authors, the evidence note) in the map's language."""
    names = list(dict.fromkeys(n.author.name for n in notes if n.author is not None))
    authors = ", ".join(names)[:500]
    with translation.override(workshop.journey.language):
        day = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
        text = ngettext(
            "Workshop “%(workshop)s” on %(date)s; note by %(authors)s.",
            "Workshop “%(workshop)s” on %(date)s; notes by %(authors)s.",
            len(notes),
        ) % {"workshop": workshop.title, "date": day, "authors": authors or "—"}
    return authors, text


def _joined(old: str, new: str) -> str:
    return f"{old.rstrip()}\n{new}" if old.strip() else new


def _part(journey: Journey, model, pk: int | None, message: str):
    if pk is None:
        raise Invalid(message, details=[{"field": model.__name__.lower() + "_id", "message": ""}])
    obj = model.objects.filter(journey=journey, pk=pk).first()
    if obj is None:
        raise NotFound(message)
    return obj


@transaction.atomic
def convert(
    actor: services.Actor,
    *,
    kind: str,
    note_id: int | None = None,
    cluster_id: int | None = None,
    lane_id: int | None = None,
    step_id: int | None = None,
    stage_id: int | None = None,
    evidence: str = Evidence.ASSUMPTION,
) -> Conversion:
    """Make a cell (``lane_id`` × ``step_id``), a touchpoint (in ``stage_id``) or a backlog
    opportunity (on ``step_id`` or the whole map) of a note or a cluster."""
    services._facilitator(actor)
    workshop = actor.workshop
    journey = Journey.objects.select_for_update().get(pk=workshop.journey_id)
    if kind not in TARGETS:
        raise Invalid(_("Unknown target."), details=[{"field": "kind", "message": kind}])
    if evidence not in Evidence.values:
        raise Invalid(_("Unknown evidence type."), details=[{"field": "evidence", "message": ""}])
    note, cluster, notes = _source(workshop, note_id, cluster_id)
    authors, origin = provenance(workshop, notes)
    if cluster is not None:
        headline = cluster.title
        body = "\n".join(f"• {n.text}" for n in notes)
    else:
        headline, body = note.text, ""
    if kind == "cell":
        lane = _part(journey, Lane, lane_id, _("Choose the lane."))
        step = _part(journey, Step, step_id, _("Choose the touchpoint."))
        cell = Cell.objects.filter(lane=lane, step=step).first()
        text = headline if cluster is None else f"{headline}\n{body}"
        changes = {
            "text": _joined(cell.text if cell else "", text)[:TEXT_MAX],
            "evidence_note": _joined(cell.evidence_note if cell else "", origin)[:TEXT_MAX],
        }
        if cell is None or cell.evidence == Evidence.ASSUMPTION:
            changes["evidence"] = evidence
        item = journeys.upsert_cell(
            lane, step, cell.version if cell else None, changes, user=actor.user
        )
    elif kind == "touchpoint":
        stage = _part(journey, Stage, stage_id, _("Choose the stage."))
        item = journeys.add_step(
            stage,
            journey.structure_version,
            name=headline[:200],
            description=body,
            evidence=evidence,
            evidence_note=origin,
        )
    else:
        subject = _part(journey, Step, step_id, "") if step_id is not None else journey
        description = "\n\n".join(part for part in (body, origin) if part)
        item = actions.create_backlog_item(
            actor.user,
            journey.workspace,
            {"kind": "opportunity", "title": headline[:200], "description": description},
            subject=subject,
        )
    conversion = Conversion.objects.create(
        workshop=workshop,
        note=note,
        cluster=cluster,
        kind=kind,
        label=str(item)[:200],
        authors=authors,
        subject_type=ContentType.objects.get_for_model(item),
        subject_id=item.pk,
        created_by=actor.user,
    )
    services._touch(workshop, "converted", target=kind)
    return conversion


def conversions_of(workshop: Workshop) -> list[Conversion]:
    return list(workshop.conversions.select_related("subject_type", "note", "cluster"))


def map_targets(journey: Journey, language: str) -> dict:
    """The lanes, stages and touchpoints a note can go to, for the convert form."""
    return {
        "lanes": [
            {"id": lane.pk, "name": lane.name, "type": lane.type}
            for lane in journey.lanes.order_by("position", "id")
        ],
        "stages": [
            {
                "id": stage.pk,
                "name": stage.name,
                "steps": [{"id": s.pk, "name": s.name} for s in stage.steps.order_by("position")],
            }
            for stage in journey.stages.order_by("position", "id")
        ],
    }
