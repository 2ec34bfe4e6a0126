// Additions to the editor's dialog (editor.js), kept in their own module: a new touchpoint
// gets its channel and details in the same dialog that names it, and a new lane goes where
// the user puts it instead of always at the end.

// The step attributes the create dialog sends along with the name (API: StepIn).
export function newStepFields(valueOf) {
  const body = {
    description: valueOf("description"),
    company_owned: valueOf("company_owned"),
    owner_department: valueOf("owner_department"),
    evidence: valueOf("evidence"),
    evidence_note: valueOf("evidence_note"),
  };
  for (const name of ["channel", "medium", "directness"]) {
    if (valueOf(name)) body[name] = valueOf(name);
  }
  return body;
}

// Fill the "where" select of the new-lane dialog with the map's lanes, in map order:
// "at the top", "after <lane>" for each, the end chosen unless the dialog was opened from
// a lane (then right after it).
export function fillLanePositions(form, host, afterLaneId) {
  const select = form.elements.lane_position;
  if (!select) return;
  const lanes = [...host.querySelectorAll(".jm-lanes > .jm-lane")];
  const first = select.querySelector("option[value='0']");
  select.replaceChildren(first);
  lanes.forEach((lane, index) => {
    const option = document.createElement("option");
    option.value = String(index + 1);
    option.textContent = select.dataset.after.replace("{name}", lane.querySelector(".lane-name")?.textContent.trim() || "");
    if (afterLaneId ? lane.dataset.laneId === String(afterLaneId) : index === lanes.length - 1) option.selected = true;
    select.append(option);
  });
}

export function lanePosition(form) {
  const value = form.elements.lane_position?.value;
  return value === undefined || value === "" ? undefined : Number(value);
}
