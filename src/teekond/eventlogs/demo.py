"""Demo content for event logs: a quarter of real shipments on Emma's journey.

A synthetic log of the courier's systems (web price check, parcel terminal, tracking,
claims, support calls) for 1,200 shipments, imported like an upload and linked to Emma's
current-state map with every touchpoint mapped, so the Sankey, the funnel, conformance and
the "Real journeys" row on the map have something to show right after ``make run``.

The paths are drawn to tell the seed's story: most customers go the way the map says,
some skip the price calculator, a few give up at the post-office queue, damage claims
are the exception rather than a step everyone takes, and support calls are activities the
map does not show.
"""

from __future__ import annotations

import csv
import io
import random
import secrets
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile

from teekond.eventlogs.models import EventLog, Format, Status

CASES = 1200
# Per map step (by position): chance a case skips it, chance the journey ends after it.
SKIP = {1: 0.25, 7: 0.85}  # price calculator; damage claim (only when something broke)
END_AFTER = {4: 0.08, 6: 0.05}  # gave up in the queue; never tracked again
EXTRA = ("Klienditoe kõne", "Aadressi muutmine")  # real activities not on the map


def _rows(step_names: list[str], rnd: random.Random):
    start = datetime(2026, 8, 3, 8, 0, tzinfo=UTC)
    channels = ("veeb", "e-post", "kontor", "telefon")
    for case in range(1, CASES + 1):
        moment = start + timedelta(minutes=rnd.randint(0, 90 * 24 * 60))
        case_id = f"S{10000 + case}"
        for index, name in enumerate(step_names):
            if rnd.random() < SKIP.get(index, 0.0):
                continue
            moment += timedelta(minutes=rnd.randint(2, 240 if index < 6 else 2880))
            yield case_id, name, moment, channels[index % len(channels)]
            if rnd.random() < 0.06:
                moment += timedelta(minutes=rnd.randint(5, 120))
                yield case_id, rnd.choice(EXTRA), moment, "telefon"
            if rnd.random() < END_AFTER.get(index, 0.0):
                break


def build_demo(workspace, owner) -> None:
    from teekond.eventlogs.services import run_import
    from teekond.journeys.models import Journey, JourneyState

    journey = Journey.objects.filter(
        workspace=workspace, template_key="emma", state=JourneyState.CURRENT
    ).first()
    if journey is None:
        return
    steps = list(journey.steps.order_by("stage__position", "position"))
    if len(steps) < 3:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["case_id", "activity", "timestamp", "channel"])
    for case_id, activity, moment, channel in _rows([s.name for s in steps], random.Random(7)):
        writer.writerow([case_id, activity, moment.isoformat(), channel])
    log = EventLog(
        workspace=workspace,
        token=secrets.token_hex(16),
        name="Saadetised, III kvartal",
        original_name="saadetised-2026q3.csv",
        format=Format.CSV,
        created_by=owner,
    )
    log.file.save(log.original_name, ContentFile(buffer.getvalue().encode()), save=False)
    log.save()
    log = run_import(log.pk)
    if log.status != Status.DONE:  # pragma: no cover - the generated file is valid
        raise RuntimeError(f"demo event log failed to import: {log.error}")
    log.journey = journey
    log.step_activities = {str(s.pk): [s.name] for s in steps}
    log.save(update_fields=["journey", "step_activities"])
