// The journey-map editor. The server renders the grid (journeys/_grid.html); this script
// changes the map through the JSON API and then swaps in a freshly rendered grid, so what
// the user sees is always what is stored. Every write sends the version it read (cells,
// stages, steps, lanes) or the map's structure version (add, remove, reorder); a 409 shows
// the conflict message and nothing is overwritten.
import { drawCurves } from "./viewer.js";
import { followMap } from "./live-map.js";
import { fillLanePositions, lanePosition, newStepFields } from "./dialog-extras.js";

const host = document.getElementById("jm-grid");
const options = JSON.parse(document.getElementById("jm-options").textContent);
const T = options.text;
const dialog = document.getElementById("jm-dialog");
const form = document.getElementById("jm-form");
const conflictBox = document.querySelector(".jm-conflict");
const statusBox = document.querySelector(".jm-status");
const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

const map = () => host.querySelector(".jm");
const journeyId = () => map().dataset.journeyId;
const structureVersion = () => Number(map().dataset.structureVersion);
const json = (node, name) => JSON.parse(node.dataset[name] || "null");

function say(message) {
  statusBox.textContent = message;
}

function showError(error) {
  if (error.status === 409) {
    conflictBox.querySelector(".msg").textContent = T.conflict;
    conflictBox.title = error.message;
    conflictBox.hidden = false;
  } else {
    say(error.message || T.error);
  }
}

// ---------------------------------------------------------------- grid refresh

async function refresh(focusSelector) {
  const response = await fetch(map().dataset.gridUrl, { credentials: "same-origin" });
  if (!response.ok) return;
  host.innerHTML = await response.text();
  init();
  follower?.mark();
  if (focusSelector) host.querySelector(focusSelector)?.focus();
}

async function run(action, focusSelector, message = T.saved) {
  try {
    await action();
  } catch (error) {
    showError(error);
    if (error.status !== 409) await refresh(focusSelector);
    return false;
  }
  await refresh(focusSelector);
  say(message);
  return true;
}

// ---------------------------------------------------------------- reordering

const idsOf = (container, selector, key) =>
  [...container.querySelectorAll(selector)].map((n) => Number(n.dataset[key]));

function saveStageOrder(focus) {
  const ids = idsOf(map(), ".jm-stage", "stageId");
  return run(() => api("PUT", `/journeys/${journeyId()}/stages/order`, { ids, structure_version: structureVersion() }), focus, T.moved);
}

function saveLaneOrder(focus) {
  const ids = idsOf(map(), ".jm-lane", "laneId");
  return run(() => api("PUT", `/journeys/${journeyId()}/lanes/order`, { ids, structure_version: structureVersion() }), focus, T.moved);
}

function saveStepOrder(stageNode, focus) {
  const ids = idsOf(stageNode, ".jm-step", "stepId");
  return run(() => api("PUT", `/stages/${stageNode.dataset.stageId}/steps/order`, { ids, structure_version: structureVersion() }), focus, T.moved);
}

function moveStep(stepId, stageId, position, focus) {
  return run(() => api("POST", `/steps/${stepId}/move`, { stage_id: Number(stageId), position, structure_version: structureVersion() }), focus, T.moved);
}

function makeSortables() {
  const Sortable = window.Sortable;
  if (!Sortable) return;
  const common = { handle: ".handle", animation: 150, ghostClass: "drag-ghost", forceFallback: true, fallbackTolerance: 3 };
  Sortable.create(map().querySelector(".jm-stages"), {
    ...common,
    draggable: ".jm-stage",
    onEnd: (e) => e.oldIndex !== e.newIndex && saveStageOrder(),
  });
  // The blueprint shows only some lanes; their order is changed in the full editor.
  if (map().querySelector(".jm-lane .handle")) {
    Sortable.create(map().querySelector(".jm-lanes"), {
      ...common,
      draggable: ".jm-lane",
      onEnd: (e) => e.oldIndex !== e.newIndex && saveLaneOrder(),
    });
  }
  for (const list of map().querySelectorAll(".jm-steps")) {
    Sortable.create(list, {
      ...common,
      group: "steps",
      draggable: ".jm-step",
      onEnd: (e) => {
        const position = [...e.to.querySelectorAll(".jm-step")].indexOf(e.item);
        if (e.from !== e.to) moveStep(e.item.dataset.stepId, e.to.dataset.stageId, position);
        else if (e.oldIndex !== e.newIndex) saveStepOrder(e.to);
      },
    });
  }
}

// Alt + arrow keys on a focused handle: the keyboard way to do what dragging does.
function keyboardMove(event) {
  const handle = event.target.closest(".handle");
  if (!handle || !event.altKey) return;
  const kind = handle.dataset.move;
  const key = event.key;
  if (kind === "lane" && (key === "ArrowUp" || key === "ArrowDown")) {
    event.preventDefault();
    const lane = handle.closest(".jm-lane");
    const lanes = [...map().querySelectorAll(".jm-lane")];
    const i = lanes.indexOf(lane);
    const j = key === "ArrowUp" ? i - 1 : i + 1;
    if (j < 0 || j >= lanes.length) return;
    if (key === "ArrowUp") lanes[j].before(lane); else lanes[j].after(lane);
    saveLaneOrder(`.jm-lane[data-lane-id="${lane.dataset.laneId}"] .handle`);
  } else if (kind === "stage" && (key === "ArrowLeft" || key === "ArrowRight")) {
    event.preventDefault();
    const stage = handle.closest(".jm-stage");
    const stages = [...map().querySelectorAll(".jm-stage")];
    const i = stages.indexOf(stage);
    const j = key === "ArrowLeft" ? i - 1 : i + 1;
    if (j < 0 || j >= stages.length) return;
    if (key === "ArrowLeft") stages[j].before(stage); else stages[j].after(stage);
    saveStageOrder(`.jm-stage[data-stage-id="${stage.dataset.stageId}"] .handle`);
  } else if (kind === "step" && ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(key)) {
    event.preventDefault();
    const step = handle.closest(".jm-step");
    const delta = key === "ArrowLeft" || key === "ArrowUp" ? -1 : 1;
    moveStepBy(step, delta, key === "ArrowUp" || key === "ArrowDown");
  }
}

// One place earlier/later; past the stage's edge it moves into the neighbouring stage.
// With wholeStage the step jumps straight to the previous or next stage.
function moveStepBy(step, delta, wholeStage = false) {
  const list = step.closest(".jm-steps");
  const lists = [...map().querySelectorAll(".jm-steps")];
  const steps = [...list.querySelectorAll(".jm-step")];
  const i = steps.indexOf(step);
  const focus = `.jm-step[data-step-id="${step.dataset.stepId}"] .handle`;
  const j = i + delta;
  if (!wholeStage && j >= 0 && j < steps.length) {
    if (delta < 0) steps[j].before(step); else steps[j].after(step);
    return saveStepOrder(list, focus);
  }
  const target = lists[lists.indexOf(list) + delta];
  if (!target) return null;
  const position = delta < 0 ? target.querySelectorAll(".jm-step").length : 0;
  return moveStep(step.dataset.stepId, target.dataset.stageId, position, focus);
}

// ---------------------------------------------------------------- the emotion curve

function makeCurve() {
  drawCurves(host, (node, points) => ({
    onChange: async (stepId, valence, emotion) => {
      const point = points.find((p) => p.stepId === stepId);
      await api("PUT", `/journeys/${journeyId()}/cells`, {
        lane_id: point.laneId, step_id: stepId, version: point.version || null, valence, emotion,
      });
      await refresh(`.jm-curve [data-step-id="${stepId}"]`);
      say(T.saved);
    },
    onError: async (error) => {
      if (error.status !== 409) return showError(error);
      await refresh(); // someone else moved it first: show their point, nothing overwritten
      say(LT.curve_conflict);
    },
  }));
}

// ---------------------------------------------------------------- the dialog

let current = null; // {mode, node, data}

function fieldsFor(modes) {
  for (const el of form.querySelectorAll("[data-show]")) {
    const shows = el.dataset.show.split(" ");
    el.hidden = !modes.some((m) => shows.includes(m));
  }
}

function setValue(name, value) {
  const input = form.elements[name];
  if (!input) return;
  if (input.type === "checkbox") input.checked = Boolean(value);
  else input.value = value ?? "";
}

function valueOf(name) {
  const input = form.elements[name];
  if (input.type === "checkbox") return input.checked;
  if (input.type === "number") return input.value === "" ? null : Number(input.value);
  return input.value;
}

function open(mode, node, title, context = "") {
  const data =
    mode === "stage" ? json(node, "stage")
    : mode === "step" ? json(node, "step")
    : mode === "lane" ? json(node, "lane")
    : mode === "cell" ? json(node, "cell") || {}
    : mode === "journey" ? json(node, "journey")
    : {};
  current = { mode, node, data, item: itemOf(mode, node, data) };
  choiceBox.hidden = true;
  noticeBox.hidden = true;
  form.reset();
  const modes = [mode];
  if (mode === "cell") modes.push(`cell-${node.closest(".jm-lane").dataset.laneType || json(node.closest(".jm-lane"), "lane").type}`);
  fieldsFor(modes);
  if (mode === "journey") data.name = data.title;
  for (const name of ["name", "description", "goal", "persona_id", "owner_id", "channel", "medium", "directness", "owner_department", "company_owned",
    "text", "emotion", "valence", "rating", "effect_rating", "ease_rating", "emotion_rating", "evidence", "evidence_note"]) {
    if (name in data) setValue(name, data[name]);
  }
  if (mode === "new-step" || mode === "new-stage") setValue("name", mode === "new-step" ? T.new_step : T.new_stage);
  if ((mode === "step" && !("company_owned" in data)) || mode === "new-step") setValue("company_owned", true);
  if (mode === "new-lane") fillLanePositions(form, host, node?.dataset?.afterLane);
  if (mode === "cell" && data.valence == null && data.effective_valence != null) setValue("valence", data.effective_valence);
  form.querySelector("[data-delete]").hidden = !["stage", "step", "lane"].includes(mode) && !(mode === "cell" && data.id);
  dialog.querySelector("#jm-dialog-title").textContent = title;
  dialog.querySelector(".jm-dialog-context").textContent = context;
  dialog.querySelector(".jm-dialog-error").hidden = true;
  dialog.showModal();
  if (current.item) follower?.live.presence({ item: current.item, editing: true });
  const first = [...form.querySelectorAll("input, select, textarea")].find((el) => !el.closest("[hidden]"));
  first?.focus();
  first?.select?.();
}

const idOrNull = (name) => (valueOf(name) ? Number(valueOf(name)) : null);

function cellPayload(laneType) {
  const body = { text: valueOf("text"), evidence: valueOf("evidence"), evidence_note: valueOf("evidence_note") };
  if (laneType === "emotion") {
    body.emotion = valueOf("emotion") || null;
    body.valence = valueOf("valence");
  } else if (laneType === "promise") {
    body.rating = valueOf("rating");
  } else if (laneType === "three_es") {
    for (const k of ["effect_rating", "ease_rating", "emotion_rating"]) body[k] = valueOf(k);
  }
  return body;
}

function save() {
  const { mode, node, data } = current;
  const sv = structureVersion();
  const nullable = (v) => (v === "" ? null : v);
  switch (mode) {
    case "stage":
      return [api("PATCH", `/stages/${data.id}`, {
        name: valueOf("name"), description: valueOf("description"), owner_id: idOrNull("owner_id"), version: data.version,
      }),
        `.jm-stage[data-stage-id="${data.id}"] .stage-name`];
    case "step":
      return [api("PATCH", `/steps/${data.id}`, {
        name: valueOf("name"), description: valueOf("description"), channel: nullable(valueOf("channel")),
        medium: nullable(valueOf("medium")), directness: nullable(valueOf("directness")),
        company_owned: valueOf("company_owned"), owner_department: valueOf("owner_department"),
        evidence: valueOf("evidence"), evidence_note: valueOf("evidence_note"), version: data.version,
      }), `.jm-step[data-step-id="${data.id}"] .step-name`];
    case "lane":
      return [api("PATCH", `/lanes/${data.id}`, { name: valueOf("name"), description: valueOf("description"), version: data.version }),
        `.jm-lane[data-lane-id="${data.id}"] .lane-name`];
    case "journey":
      return [api("PATCH", `/journeys/${data.id}`, {
        title: valueOf("name"), description: valueOf("description"), goal: valueOf("goal"),
        persona_id: idOrNull("persona_id"), owner_id: idOrNull("owner_id"), version: data.version,
      }), null];
    case "new-stage":
      return [api("POST", `/journeys/${journeyId()}/stages`, { name: valueOf("name"), structure_version: sv }), ".add-stage"];
    case "new-step":
      return [api("POST", `/stages/${node.dataset.stageId}/steps`, { name: valueOf("name"), ...newStepFields(valueOf), structure_version: sv }),
        `.jm-stage[data-stage-id="${node.dataset.stageId}"] .add-step`];
    case "new-lane":
      return [api("POST", `/journeys/${journeyId()}/lanes`, { type: valueOf("type"), name: valueOf("name"), position: lanePosition(form), structure_version: sv }), ".add-lane"];
    case "cell": {
      const laneType = json(node.closest(".jm-lane"), "lane").type;
      const { laneId, stepId } = node.dataset;
      return [api("PUT", `/journeys/${journeyId()}/cells`, {
        lane_id: Number(laneId), step_id: Number(stepId), version: Number(node.dataset.version) || null, ...cellPayload(laneType),
      }), `.jm-cell[data-lane-id="${laneId}"][data-step-id="${stepId}"]`];
    }
  }
  return [Promise.resolve(), null];
}

function remove() {
  const { mode, data } = current;
  const sv = structureVersion();
  if (mode === "stage") return api("DELETE", `/stages/${data.id}?structure_version=${sv}`);
  if (mode === "step") return api("DELETE", `/steps/${data.id}?structure_version=${sv}`);
  if (mode === "lane") return api("DELETE", `/lanes/${data.id}?structure_version=${sv}`);
  if (mode === "cell") return api("DELETE", `/cells/${data.id}?version=${data.version}`);
  return Promise.resolve();
}

async function submitDialog(action) {
  const errorBox = dialog.querySelector(".jm-dialog-error");
  try {
    const [promise, focus] = action === "delete" ? [remove(), null] : save();
    await promise;
    dialog.close();
    if (current.mode === "journey") return window.location.reload();
    await refresh(focus);
    say(T.saved);
  } catch (error) {
    if (error.status === 409 && action === "save" && current.item && (await offerChoice())) return;
    errorBox.textContent = error.status === 409 ? T.conflict : error.message;
    errorBox.hidden = false;
    showError(error);
  }
}

// ---------------------------------------------------------------- live co-editing

const LT = JSON.parse(document.getElementById("jm-live-text")?.textContent || "{}");
const choiceBox = dialog.querySelector(".jm-dialog-choice");
const noticeBox = dialog.querySelector(".jm-dialog-notice");
let follower = null;
let dragging = false;

function itemOf(mode, node, data) {
  if (mode === "cell") return `cell:${node.dataset.laneId}:${node.dataset.stepId}`;
  if (["stage", "step", "lane", "journey"].includes(mode) && data?.id) return `${mode}:${data.id}`;
  return null;
}

function itemData(item) {
  const [what, a, b] = item.split(":");
  if (what === "cell") {
    const node = map().querySelector(`.jm-cell[data-lane-id="${a}"][data-step-id="${b}"]`);
    return node && { node, data: json(node, "cell") || {}, version: Number(node.dataset.version) || 0 };
  }
  const node = map().querySelector(`.jm-${what}[data-${what}-id="${a}"]`);
  const data = node && json(node, what);
  return data && { node, data, version: data.version };
}

function labelOf(input) {
  const label = input.closest("label");
  return label ? [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(" ").trim() : input.name;
}

// The field values the user is saving and the stored ones differ: show both, let them choose.
async function offerChoice() {
  const { item } = current;
  await refresh();
  const fresh = itemData(item);
  if (!fresh) return false; // deleted meanwhile: the plain conflict message says so
  const rows = [];
  for (const input of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (input.closest("[hidden]") || !(input.name in fresh.data)) continue;
    const mine = String(valueOf(input.name) ?? "");
    const theirs = String(fresh.data[input.name] ?? "");
    if (mine !== theirs) rows.push({ label: labelOf(input), mine, theirs });
  }
  const list = choiceBox.querySelector(".choice-rows");
  list.replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    for (const value of [row.label, row.theirs, row.mine]) {
      const td = document.createElement("td");
      td.textContent = value || "—";
      tr.appendChild(td);
    }
    return tr;
  }));
  choiceBox.hidden = false;
  noticeBox.hidden = true;
  choiceBox.dataset.item = item;
  // Keeping mine saves it on top of the version just read; taking theirs keeps theirs.
  current.fresh = fresh;
  dialog.querySelector(".jm-dialog-error").hidden = true;
  return true;
}

function keepMine() {
  const { fresh } = current;
  if (!fresh) return;
  current.node = fresh.node;
  current.data = { ...current.data, ...fresh.data, version: fresh.version };
  choiceBox.hidden = true;
  submitDialog("save");
}

function takeTheirs() {
  choiceBox.hidden = true;
  dialog.close();
  say(LT.took_theirs);
}

choiceBox.querySelector("[data-keep-mine]").addEventListener("click", keepMine);
choiceBox.querySelector("[data-take-theirs]").addEventListener("click", takeTheirs);
dialog.addEventListener("close", () => {
  current = current && { ...current, fresh: null };
  follower?.live.presence({ item: null });
});

function remoteChange(item) {
  if (dialog.open && current?.item && item === current.item) {
    noticeBox.textContent = LT.changed_meanwhile;
    noticeBox.hidden = false;
  }
}

host.addEventListener("pointerdown", () => { dragging = true; });
window.addEventListener("pointerup", () => setTimeout(() => { dragging = false; }, 50));
window.addEventListener("pointercancel", () => { dragging = false; });
host.addEventListener("focusin", (event) => {
  if (dialog.open) return;
  const node = event.target.closest(".jm-cell[data-step-id], .jm-step, .jm-stage, .jm-lane");
  if (!node) return;
  let item = null;
  if (node.matches(".jm-cell")) item = `cell:${node.dataset.laneId}:${node.dataset.stepId}`;
  else if (node.matches(".jm-step")) item = `step:${node.dataset.stepId}`;
  else if (node.matches(".jm-stage")) item = `stage:${node.dataset.stageId}`;
  else item = `lane:${node.dataset.laneId}`;
  follower?.live.presence({ item });
});

function startLive() {
  follower = followMap({
    host,
    afterRefresh: () => init(),
    busy: () => dragging,
    onItemChanged: remoteChange,
    presenceBar: document.querySelector(".jm-presence"),
    statusBox: document.querySelector(".jm-live-status"),
    titleNode: document.querySelector("[data-testid=journey-title]"),
    onAccess: (canWrite) => { if (!canWrite) window.location.reload(); },
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  submitDialog("save");
});
form.querySelector("[data-delete]").addEventListener("click", () => {
  if (window.confirm(T.confirm_delete)) submitDialog("delete");
});
form.querySelector("[data-close]").addEventListener("click", () => dialog.close());
form.elements.emotion.addEventListener("change", () => {
  const option = form.elements.emotion.selectedOptions[0];
  if (option?.dataset.valence) setValue("valence", option.dataset.valence);
});
for (const button of form.querySelectorAll("[data-step-move]")) {
  button.addEventListener("click", () => {
    const step = map().querySelector(`.jm-step[data-step-id="${current.data.id}"]`);
    dialog.close();
    moveStepBy(step, Number(button.dataset.stepMove));
  });
}

// ---------------------------------------------------------------- wiring

function cellTitle(cell) {
  const lane = json(cell.closest(".jm-lane"), "lane");
  const step = json(map().querySelector(`.jm-step[data-step-id="${cell.dataset.stepId}"]`), "step");
  return [lane.name, step?.name || ""];
}

host.addEventListener("click", (event) => {
  const edit = event.target.closest("[data-edit]");
  if (edit) {
    const kind = edit.dataset.edit;
    const node = edit.closest(`.jm-${kind}`);
    open(kind, node, edit.textContent.trim());
    return;
  }
  const add = event.target.closest("[data-add]");
  if (add) {
    const kind = add.dataset.add;
    open(`new-${kind}`, add, add.getAttribute("aria-label") || add.textContent.trim());
    return;
  }
  const cell = event.target.closest(".jm-cell[data-step-id]");
  if (cell) {
    const [lane, step] = cellTitle(cell);
    open("cell", cell, lane, step);
  }
});
host.addEventListener("keydown", (event) => {
  if (event.altKey && event.target.closest(".handle")) return keyboardMove(event);
  const cell = event.target.closest(".jm-cell[data-step-id]");
  if (cell && event.target === cell && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    const [lane, step] = cellTitle(cell);
    open("cell", cell, lane, step);
  }
});
document.querySelector("[data-edit-journey]")?.addEventListener("click", (event) => {
  open("journey", event.currentTarget, event.currentTarget.textContent.trim());
});
conflictBox.querySelector("[data-reload]").addEventListener("click", () => window.location.reload());

function init() {
  makeSortables();
  makeCurve();
  map().dataset.ready = "true";
}

window.addEventListener("load", () => {
  init();
  startLive();
});
