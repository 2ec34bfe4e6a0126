"""The survey answers as a row on the journey map itself (see ``journeys.overlays``).

Each touchpoint's cell shows the measured headline (NPS where it was asked, else CSAT,
else the good-minus-bad balance), the number of answers and the other scores, and a flag
where the answers disagree with what the workshop put on the map
(``services.step_overlay``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teekond.journeys.overlays import OverlayCell, OverlayRow
from teekond.research import services
from teekond.research.models import Response

# The cell is coloured by its headline figure: bad below the first number, good from the
# second. NPS: below 0 more detractors than promoters, 30+ is commonly read as good; CSAT
# (top-2-box %): under 60 % poor, 80 %+ good; the good-minus-bad balance uses the same
# ±20 cut-offs as the disagreement check in ``services.step_overlay``.
TONE_CUTS = {"nps": (0, 30), "csat": (60, 80), "balance": (-20, 20)}


def tone_of(metric: str, value: float) -> str:
    bad_below, good_from = TONE_CUTS.get(metric, (None, None))
    if bad_below is None:
        return ""
    if metric == "balance":
        return "good" if value >= good_from else ("bad" if value <= bad_below else "")
    return "good" if value >= good_from else ("bad" if value < bad_below else "")


def _signed(value: float) -> str:
    return f"{value:+.0f}"


def _reason_text(reason: str) -> str:
    return {
        "valence": _("the emotion on the map has the opposite sign"),
        "effect": _("effect differs from the map"),
        "ease": _("ease differs from the map"),
        "emotion": _("emotion rating differs from the map"),
    }.get(reason, reason)


def _assumed_text(assumed: dict) -> str:
    parts = []
    if assumed.get("valence") is not None:
        parts.append(_("emotion %(v)s") % {"v": _signed(assumed["valence"])})
    names = {"effect": _("effect"), "ease": _("ease"), "emotion": _("emotion rating")}
    for key, name in names.items():
        if assumed.get(key) is not None:
            parts.append(f"{name} {assumed[key]}")
    return ", ".join(parts)


def step_cell(row: dict) -> OverlayCell | None:
    """One touchpoint's cell from a ``services.step_overlay`` row; None without answers."""
    m = row["measured"]
    n = m["responses"]
    if not n:
        return None
    # (metric, label, text) in the order people read them; the first is the headline.
    figures = []
    if m["nps"] is not None:
        figures.append(("nps", "NPS", _signed(m["nps"])))
    if m["csat"] is not None:
        figures.append(("csat", "CSAT", f"{m['csat']:.0f}\u00a0%"))
    if m["balance"] is not None:
        figures.append(("balance", _("good minus bad"), _signed(m["balance"])))
    if m["ces"] is not None:
        figures.append(("ces", "CES", number_format(m["ces"], 1)))
    for key, label in (("effect", _("Effect")), ("ease", _("Ease")), ("emotion", _("Emotion"))):
        if m[key] is not None:
            figures.append((key, str(label), number_format(m[key], 1)))
    count = ngettext("%(n)d answer", "%(n)d answers", n) % {"n": n}
    value, rest, tone = count, [], ""
    if figures:
        metric, label, text = figures[0]
        value = f"{label} {text}"
        rest = [f"{lbl} {txt}" for _key, lbl, txt in figures[1:3]]
        tone = tone_of(metric, m[metric])
    title = [f"{row['step']}: " + ", ".join(f"{lbl} {txt}" for _k, lbl, txt in figures), count]
    assumed = _assumed_text(row["assumed"])
    if assumed:
        title.append(_("The map assumes: %(a)s") % {"a": assumed})
    flag = ""
    if row["disagrees"]:
        flag = _("disagrees with the map")
        title.append(", ".join(_reason_text(r) for r in row["reasons"]))
    return OverlayCell(
        value=value,
        sub=" · ".join([count, *rest]),
        tone=tone,
        flag=flag,
        title=" — ".join(title),
    )


def survey_row(journey, language: str) -> OverlayRow | None:
    """The "Measured" row of the map: None while the map has no answers at all."""
    total = Response.objects.filter(journey=journey).count()
    if not total:
        return None
    cells = {}
    for row in services.step_overlay(journey):
        cell = step_cell(row)
        if cell:
            cells[row["step_id"]] = cell
    return OverlayRow(
        key="survey",
        label=_("Measured: answers"),
        hint=ngettext("%(n)d answer in all", "%(n)d answers in all", total) % {"n": total},
        link=reverse("measure_journey", args=[journey.workspace.slug, journey.pk]),
        cells=cells,
        order=10,
    )
