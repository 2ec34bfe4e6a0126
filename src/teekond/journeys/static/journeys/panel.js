// The touchpoint's side panel (journeys/panel.py): open it from a touchpoint card, add an
// improvement action through the backlog API, copy the survey link. Kept apart from
// editor.js: it works for viewers too, and it only uses event delegation, so a grid that
// editor.js or live updates re-render keeps working without re-binding.
const host = document.getElementById("jm-panel");
const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
let opener = null;

async function load(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  host.innerHTML = await response.text();
}

async function openPanel(url, from) {
  opener = from || document.activeElement;
  host.setAttribute("aria-busy", "true");
  host.hidden = false;
  document.body.classList.add("panel-open");
  try {
    await load(url);
  } finally {
    host.removeAttribute("aria-busy");
  }
  document.querySelectorAll(".jm-step.selected").forEach((s) => s.classList.remove("selected"));
  const id = host.querySelector("[data-step-id]")?.dataset.stepId;
  document.querySelector(`.jm-step[data-step-id="${id}"]`)?.classList.add("selected");
  host.querySelector("h2")?.focus();
}

function closePanel() {
  host.hidden = true;
  host.innerHTML = "";
  document.body.classList.remove("panel-open");
  document.querySelectorAll(".jm-step.selected").forEach((s) => s.classList.remove("selected"));
  opener?.focus?.();
}

async function addAction(form) {
  const error = form.querySelector(".sp-form-error");
  error.hidden = true;
  const data = new FormData(form);
  const body = { kind: "action", title: (data.get("title") || "").trim(), subject: form.dataset.subject };
  if (data.get("owner_id")) body.owner_id = Number(data.get("owner_id"));
  if (data.get("deadline")) body.deadline = data.get("deadline");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const response = await fetch(`/api/workspaces/${form.dataset.workspaceId}/backlog`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      const details = (answer?.error?.details || []).map((d) => d.message).filter(Boolean);
      throw new Error([answer?.error?.message, ...details].filter(Boolean).join(" ") || `HTTP ${response.status}`);
    }
    await load(host.querySelector(".sp").dataset.panelUrl);
    host.querySelector("[data-testid=step-actions]")?.scrollIntoView({ block: "nearest" });
    document.dispatchEvent(new CustomEvent("teekond:backlog-changed"));
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
    button.disabled = false;
  }
}

async function copy(button) {
  const text = button.dataset.copy;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // no clipboard permission (plain http, old browser): select the field for Ctrl+C
    const field = button.parentElement.querySelector("input");
    field?.select();
    document.execCommand?.("copy");
  }
  const label = button.lastChild;
  const before = label.textContent;
  label.textContent = button.dataset.copied;
  setTimeout(() => { label.textContent = before; }, 1600);
}

if (host) {
  document.addEventListener("click", (event) => {
    const trigger = event.target.closest("[data-step-panel]");
    if (trigger) {
      event.preventDefault();
      openPanel(trigger.dataset.stepPanel, trigger);
      return;
    }
    // a click on the card itself (not on its name, handle or another button) opens it too
    const card = event.target.closest(".jm-step");
    if (card && !event.target.closest("button, a, input, select, textarea")) {
      card.querySelector("[data-step-panel]")?.click();
      return;
    }
    if (event.target.closest("[data-panel-close]")) closePanel();
    const edit = event.target.closest("[data-panel-edit]");
    if (edit) document.querySelector(`.jm-step[data-step-id="${edit.dataset.stepId}"] [data-edit=step]`)?.click();
    const copyButton = event.target.closest("[data-copy]");
    if (copyButton) copy(copyButton);
  });
  host.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-backlog-form]");
    if (form) {
      event.preventDefault();
      addAction(form);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !host.hidden && !document.querySelector("dialog[open]")) closePanel();
  });
}
