"""Small SVG pictures of maps for the map cards: coloured stages, a card per touchpoint and
the emotion curve, drawn on the server with the design tokens.

``thumbnails(journeys)`` answers a whole list at once: one query for what changed, then the
cache (keyed by each map's structure version and the newest change of its emotion cells),
and three queries for every map that is not cached. A thumbnail has no words: it has to
read at 240 px wide, and names belong to the card around it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Max

from teekond.core import design
from teekond.journeys.models import Cell, Journey, LaneType, Stage, Step

WIDTH, HEIGHT = 240, 120
PAD = 8
STAGE_H = 14
CARD_TOP, CARD_H = 28, 18
CURVE_TOP, CURVE_BOTTOM = 58, 110
MAX_COLUMNS = 40  # a longer map is drawn squeezed, not wider
CACHE_SECONDS = 7 * 24 * 3600


def _stamps(journeys: list[Journey]) -> dict[int, str]:
    emotion_changes = dict(
        Cell.objects.filter(journey__in=journeys, lane__type=LaneType.EMOTION)
        .values("journey_id")
        .annotate(last=Max("updated_at"))
        .values_list("journey_id", "last")
    )
    return {
        j.pk: f"{j.structure_version}:{emotion_changes.get(j.pk).timestamp() if emotion_changes.get(j.pk) else 0}"
        for j in journeys
    }


def _cache_key(journey_id: int, stamp: str) -> str:
    return f"journeys:thumb:v1:{journey_id}:{stamp}"


def thumbnails(journeys: Iterable[Journey]) -> dict[int, str]:
    """``{journey id: SVG markup}`` for each map."""
    journeys = list(journeys)
    if not journeys:
        return {}
    stamps = _stamps(journeys)
    keys = {j.pk: _cache_key(j.pk, stamps[j.pk]) for j in journeys}
    cached = cache.get_many(list(keys.values()))
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [j.pk for j in journeys if j.pk not in found]
    if missing:
        drawn = _draw_many(missing)
        cache.set_many({keys[pk]: svg for pk, svg in drawn.items()}, CACHE_SECONDS)
        found.update(drawn)
    return found


def _draw_many(journey_ids: list[int]) -> dict[int, str]:
    stages = defaultdict(list)
    for stage in Stage.objects.filter(journey_id__in=journey_ids).order_by("position", "id"):
        stages[stage.journey_id].append(stage.pk)
    steps = defaultdict(list)
    for step in Step.objects.filter(journey_id__in=journey_ids).only(
        "id", "stage_id", "journey_id", "position"
    ):
        steps[step.stage_id].append(step)
    for items in steps.values():
        items.sort(key=lambda s: (s.position, s.pk))
    valences: dict[int, int | None] = {}
    emotion_lanes: dict[int, int] = {}
    cells = (
        Cell.objects.filter(journey_id__in=journey_ids, lane__type=LaneType.EMOTION)
        .select_related("lane")
        .order_by("lane__position", "lane_id")
    )
    for cell in cells:
        # the map's first emotion lane draws the curve, as in the editor
        lane = emotion_lanes.setdefault(cell.journey_id, cell.lane_id)
        if lane == cell.lane_id:
            valences[cell.step_id] = cell.effective_valence
    out = {}
    for journey_id in journey_ids:
        columns = []  # (stage index, step id or None)
        for index, stage_id in enumerate(stages.get(journey_id, [])):
            found = steps.get(stage_id) or [None]
            columns.extend((index, s.pk if s else None) for s in found)
        out[journey_id] = draw(columns[:MAX_COLUMNS], valences)
    return out


def draw(columns: list[tuple[int, int | None]], valences: dict[int, int | None]) -> str:
    """The SVG for ``columns`` (stage index, step id) and the steps' valences."""
    bg = design.token("color-surface-muted")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="map-thumb" role="img" aria-hidden="true" preserveAspectRatio="xMidYMid slice">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{bg}"/>',
    ]
    if not columns:
        line = design.token("color-border-strong")
        for i in range(4):
            x = PAD + i * 57
            parts.append(
                f'<rect x="{x}" y="{PAD}" width="52" height="{STAGE_H}" rx="3" fill="none" '
                f'stroke="{line}" stroke-dasharray="3 2"/>'
            )
        parts.append("</svg>")
        return "".join(parts)
    col_w = (WIDTH - 2 * PAD) / len(columns)
    # stages: one bar across their columns
    start = 0
    for i in range(1, len(columns) + 1):
        if i == len(columns) or columns[i][0] != columns[start][0]:
            colour = design.stage_colour(columns[start][0])
            x = PAD + start * col_w + 1
            w = (i - start) * col_w - 2
            parts.append(
                f'<rect x="{x:.1f}" y="{PAD}" width="{max(w, 1):.1f}" height="{STAGE_H}" rx="3" fill="{colour}"/>'
            )
            start = i
    card = design.token("color-surface")
    edge = design.token("color-border")
    for i, (stage, step) in enumerate(columns):
        if step is None:
            continue
        x = PAD + i * col_w + 1.5
        w = max(col_w - 3, 1)
        parts.append(
            f'<rect x="{x:.1f}" y="{CARD_TOP}" width="{w:.1f}" height="{CARD_H}" rx="2.5" fill="{card}" stroke="{edge}"/>'
            f'<rect x="{x:.1f}" y="{CARD_TOP}" width="2.5" height="{CARD_H}" fill="{design.stage_colour(stage)}"/>'
        )
    # the emotion curve: zones, the zero line, the line through the known points
    mid = (CURVE_TOP + CURVE_BOTTOM) / 2
    parts.append(
        f'<rect x="{PAD}" y="{CURVE_TOP}" width="{WIDTH - 2 * PAD}" height="{mid - CURVE_TOP}" fill="{design.token("emotion-zone-positive")}"/>'
        f'<rect x="{PAD}" y="{mid}" width="{WIDTH - 2 * PAD}" height="{CURVE_BOTTOM - mid}" fill="{design.token("emotion-zone-negative")}"/>'
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{mid}" y2="{mid}" stroke="{design.token("emotion-axis")}" stroke-dasharray="3 3" stroke-width="0.8"/>'
    )
    points = []
    for i, (_stage, step) in enumerate(columns):
        valence = valences.get(step) if step is not None else None
        if valence is None:
            continue
        x = PAD + (i + 0.5) * col_w
        y = mid - valence / 3 * (mid - CURVE_TOP - 4)
        points.append((x, y, valence))
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{design.token("emotion-line")}" '
            f'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for x, y, valence in points:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{design.emotion_colour(valence)}" '
            f'stroke="{card}" stroke-width="1.2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def template_preview(tpl: dict, language: str) -> dict:
    """A template's first map as a thumbnail and its stage names in ``language``, for the
    gallery: what the user will get, before they create it."""
    from teekond.core import emotions

    spec = tpl["journeys"][0]
    emotion_refs = {lane["ref"] for lane in spec["lanes"] if lane["type"] == LaneType.EMOTION}
    columns: list[tuple[int, int | None]] = []
    valences: dict[int, int | None] = {}
    n = 0
    for index, stage in enumerate(spec["stages"]):
        if not stage["steps"]:
            columns.append((index, None))
        for step in stage["steps"]:
            n += 1
            columns.append((index, n))
            for ref, value in step["cells"].items():
                if ref in emotion_refs and isinstance(value, dict):
                    valence = value.get("valence")
                    if valence is None and value.get("emotion") in emotions.BY_KEY:
                        valence = emotions.BY_KEY[value["emotion"]].valence
                    valences[n] = valence
    return {
        "svg": draw(columns[:MAX_COLUMNS], valences),
        "stages": [stage["name"][language] for stage in spec["stages"]],
        "steps": n,
    }


def gallery(language: str) -> list[dict]:
    """The template catalogue with each template's preview, in ``language``."""
    from teekond.journeys import templates

    language = language if language in templates.LANGUAGES else "en"
    return [
        {**entry, "preview": template_preview(templates.TEMPLATES[entry["key"]], language)}
        for entry in templates.catalogue(language)
    ]
