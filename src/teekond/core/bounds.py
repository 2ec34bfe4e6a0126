"""Bounded numbers and lists for every API schema and path or query parameter.

A number outside what the database can hold used to reach the ORM and end as a 500
(SQLite: "Python int too large"; PostgreSQL: "integer out of range"). These types refuse it
with 422 before any query. Ids are primary keys (BigAutoField: 1 .. 2**63-1); versions and
positions are stored in ``PositiveIntegerField`` (PostgreSQL ``integer``, at most 2**31-1).
Floats must be finite and within ``AMOUNT_MAX``. Lists get an explicit ``max_length``
where they are declared (``Field(max_length=...)``); ``Ids`` is the common case.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

ID_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1
POSITION_MAX = 10_000
AMOUNT_MAX = 1e15
LIST_MAX = 1_000

# A primary key of any model.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# The version (or structure_version) a client read; 0 means "I saw none" where allowed.
Version = Annotated[int, Field(ge=0, le=INT32_MAX)]
# A 0-based position in a map's stages, steps or lanes.
Position = Annotated[int, Field(ge=0, le=POSITION_MAX)]
# A small whole number: counts, top-N, numbers of people.
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]
# Money, thresholds, targets.
Amount = Annotated[float, Field(ge=-AMOUNT_MAX, le=AMOUNT_MAX, allow_inf_nan=False)]
# Ids sent as a list (an order, a set to mark).
Ids = Annotated[list[Id], Field(max_length=LIST_MAX)]
