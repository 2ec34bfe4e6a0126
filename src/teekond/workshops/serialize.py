"""Plain-dict views of a workshop for the API (and the live events' readers)."""

from __future__ import annotations

from teekond.workshops import services


def note_dict(note: dict) -> dict:
    return {
        k: note[k]
        for k in (
            "id",
            "text",
            "colour",
            "author",
            "own",
            "cluster_id",
            "votes",
            "my_votes",
            "converted",
        )
    }


def board_dict(board: dict) -> dict:
    return {
        "step_id": board["step"].pk,
        "loose": [note_dict(n) for n in board["loose"]],
        "clusters": [
            {
                "id": c["id"],
                "title": c["title"],
                "votes": c["votes"],
                "converted": c["converted"],
                "notes": [note_dict(n) for n in c["notes"]],
            }
            for c in board["clusters"]
        ],
        "count": board["count"],
    }


def workshop_dict(actor: services.Actor, step_id: int | None = None) -> dict:
    """The workshop as ``actor`` sees it; the board of ``step_id`` (the current step by
    default)."""
    now = services.state(actor)
    workshop = now["workshop"]
    step = services.step_of(workshop, step_id) if step_id else now["step"]
    return {
        "id": workshop.pk,
        "journey_id": workshop.journey_id,
        "title": workshop.title,
        "status": workshop.status,
        "revision": workshop.revision,
        "anonymous": workshop.anonymous,
        "authors_revealed": workshop.authors_revealed,
        "vote_budget": workshop.vote_budget,
        "voting_open": workshop.voting_open,
        "current_step_id": workshop.current_step_id,
        "timer_left": now["timer_left"],
        "timer_running": now["timer_running"],
        "votes_left": now["votes_left"],
        "can_facilitate": actor.can_facilitate,
        "can_write": actor.can_write,
        "participants": [p.name for p in now["participants"]],
        "agenda": [
            {
                "id": s.pk,
                "position": s.position,
                "key": s.key,
                "title": s.title,
                "prompt": s.prompt,
                "minutes": s.minutes,
                "target": s.target,
                "note_count": s.note_count,
            }
            for s in now["agenda"]
        ],
        "board": board_dict(services.board(actor, step)) if step else None,
        "next_review_on": workshop.next_review_on,
        "summary_version": workshop.summary_version,
        "started_at": workshop.started_at,
        "ended_at": workshop.ended_at,
    }
