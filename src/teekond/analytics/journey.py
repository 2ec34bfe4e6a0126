"""Journey maps as the analytics side sees them: ordered steps, each mapped to activities.

File format (JSON)::

    {"name": "Online order",
     "steps": [{"name": "Browse", "activities": ["view product", "search"]},
               {"name": "Buy", "activities": ["checkout"]}]}

Step names must be unique and an activity may belong to one step only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import EventLogError


@dataclass(frozen=True)
class JourneyStep:
    name: str
    activities: tuple[str, ...]


@dataclass(frozen=True)
class Journey:
    name: str
    steps: tuple[JourneyStep, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Journey:
        if not isinstance(data, Mapping):
            raise EventLogError("journey must be a JSON object with 'name' and 'steps'")
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            raise EventLogError("journey needs a non-empty 'steps' list")
        steps = tuple(_step(index, item) for index, item in enumerate(raw_steps, start=1))
        journey = cls(name=str(data.get("name") or "journey"), steps=steps)
        journey.step_of()  # validates uniqueness
        return journey

    def step_of(self) -> dict[str, int]:
        """Activity -> index of the step it is mapped to."""
        names: set[str] = set()
        index: dict[str, int] = {}
        for position, step in enumerate(self.steps):
            if step.name in names:
                raise EventLogError(f"journey step name {step.name!r} is used twice")
            names.add(step.name)
            for activity in step.activities:
                if activity in index:
                    raise EventLogError(f"activity {activity!r} is mapped to more than one step")
                index[activity] = position
        return index


def _step(index: int, item: object) -> JourneyStep:
    if not isinstance(item, Mapping):
        raise EventLogError(f"journey step {index} must be an object", row=index)
    name = item.get("name")
    acts = item.get("activities")
    if not isinstance(name, str) or not name.strip():
        raise EventLogError(f"journey step {index} has no name", row=index)
    if not isinstance(acts, list) or not acts or not all(isinstance(a, str) and a for a in acts):
        raise EventLogError(f"journey step {name!r} needs a non-empty 'activities' list of strings", row=index)
    return JourneyStep(name=name, activities=tuple(acts))


def load_journey(path: str | os.PathLike[str]) -> Journey:
    """Read and validate a journey JSON file."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise EventLogError(f"journey is not valid JSON: {exc.msg}", line=exc.lineno, path=os.fspath(path)) from None
    except OSError as exc:
        raise EventLogError(f"cannot read journey: {exc.strerror}", path=os.fspath(path)) from None
    return Journey.from_dict(data)
