"""Ready-made maps drawn from the seed examples, as data.

Every text is given in Estonian and English; creating from a template in one language takes
that language's texts. The small helpers below only build plain dicts, so a template reads
as a table: stages, steps and what each lane says about each step.

A step's ``cells`` are keyed by lane ``ref`` (a lane's type unless the template names the
ref): a pair ``(et, en)`` is the cell's text; ``E(...)`` an emotion, ``P(...)`` a customer
promise rating, ``E3(...)`` the three E's.
"""

from __future__ import annotations


def t(et: str, en: str) -> dict:
    return {"et": et, "en": en}


def L(type: str, name: tuple[str, str] | None = None, ref: str | None = None) -> dict:
    """A lane: its type, optionally its own name (et, en) and a ref for custom lanes."""
    return {"type": type, "ref": ref or type, "name": t(*name) if name else None}


def E(emotion: str, et: str = "", en: str = "", valence: int | None = None) -> dict:
    return {"emotion": emotion, "valence": valence, "text": t(et, en)}


def P(rating: int, et: str = "", en: str = "") -> dict:
    return {"rating": rating, "text": t(et, en)}


def E3(effect: int, ease: int, emotion: int, et: str = "", en: str = "") -> dict:
    return {
        "effect_rating": effect,
        "ease_rating": ease,
        "emotion_rating": emotion,
        "text": t(et, en),
    }


def S(
    et: str,
    en: str,
    *,
    channel: str = "",
    medium: str = "",
    directness: str = "",
    owned: bool = True,
    dept: tuple[str, str] = ("", ""),
    evidence: str = "assumption",
    **cells,
) -> dict:
    """A step (touchpoint) with its attributes and cells keyed by lane ref."""
    return {
        "name": t(et, en),
        "channel": channel,
        "medium": medium,
        "directness": directness,
        "company_owned": owned,
        "owner_department": t(*dept),
        "evidence": evidence,
        "cells": cells,
    }


def STAGE(et: str, en: str, *steps: dict, description: tuple[str, str] = ("", "")) -> dict:
    return {"name": t(et, en), "description": t(*description), "steps": list(steps)}
