"""Map logic: plain functions over the models, called by the API, the pages and the CLI.

Callers resolve objects through ``teekond.journeys.access`` first (with the role the action
needs); these functions do not check roles again.

Races: ``update_*`` take the ``version`` the caller read and refuse a stale one with
``Conflict`` (``core.versions``: details hold the current version). Structural changes (add,
remove, reorder stages, steps and lanes) take the journey's ``structure_version``.

This module is the journeys app's public face; the code lives along its seams in
``personas`` (personas and photos), ``maps`` (a map as a whole: create, copy, future state),
``structure`` (stages, steps, lanes, cells), ``reading`` (the grid, the emotion curve, the
evidence, the vocabulary), ``warnings`` (peak-end and evidence warnings) and ``edits`` (the
versioned update and ordering helpers they share).
"""

from __future__ import annotations

from teekond.journeys.maps import (  # noqa: F401
    JOURNEY_EDITABLE,
    copy_with_ids,
    create_future_state,
    create_journey,
    delete_journey,
    duplicate_journey,
    journey_pair,
    update_journey,
)
from teekond.journeys.personas import (  # noqa: F401
    PHOTO_FORMATS,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS,
    clear_persona_photo,
    create_persona,
    delete_persona,
    photo_content_type,
    set_persona_photo,
    update_persona,
)
from teekond.journeys.reading import (  # noqa: F401
    BLUEPRINT_LANES,
    DEFAULT_LANES,
    default_lane_types,
    emotion_curve,
    emotion_lane,
    evidence_summary,
    get_cell,
    journey_grid,
    lane_type_label,
    ordered_steps,
    vocabulary,
)
from teekond.journeys.structure import (  # noqa: F401
    STEP_CREATE_FIELDS,
    add_lane,
    add_stage,
    add_step,
    delete_cell,
    delete_lane,
    delete_stage,
    delete_step,
    move_step,
    reorder_lanes,
    reorder_stages,
    reorder_steps,
    set_step_valence,
    update_lane,
    update_stage,
    update_step,
    upsert_cell,
)
from teekond.journeys.warnings import (  # noqa: F401
    ASSUMPTION_WARNING_SHARE,
    Warning,
    journey_warnings,
)
