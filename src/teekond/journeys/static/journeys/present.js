// The presentation (journeys/present.html): fit the map to the width or zoom it, walk through
// it stage by stage with the arrow keys (the current stage lit, the rest dimmed), full screen,
// evidence outlines on demand, and a print that fits the map to the paper's width.
const table = document.querySelector(".jm-table");
const scroller = document.querySelector(".jm-scroll");
const label = document.querySelector("[data-testid=present-stage]");
const zoomLabel = document.querySelector("[data-testid=zoom-level]");
const fitButton = document.querySelector("[data-zoom=fit]");
const stages = [...document.querySelectorAll(".jm-stage")];
const STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
let zoom = 1;
let fit = true;
let current = -1; // -1: the whole map

const spotlight = document.createElement("div");
spotlight.className = "present-spotlight";
spotlight.hidden = true;
table?.appendChild(spotlight);

function naturalWidth() {
  return table.scrollWidth; // offset sizes inside a zoomed element are unzoomed
}

function setZoom(value, { keepFit = false } = {}) {
  zoom = Math.max(0.3, Math.min(2, value));
  document.documentElement.style.setProperty("--present-zoom", String(zoom));
  zoomLabel.textContent = `${Math.round(zoom * 100)}\u00a0%`;
  if (!keepFit) fit = false;
  fitButton.setAttribute("aria-pressed", String(fit));
  place();
}

function fitWidth() {
  fit = true;
  const room = scroller.clientWidth - 4;
  setZoom(Math.min(1.5, room / naturalWidth()), { keepFit: true });
}

function stepZoom(direction) {
  const next = direction > 0 ? STEPS.find((s) => s > zoom + 0.001) : [...STEPS].reverse().find((s) => s < zoom - 0.001);
  setZoom(next ?? zoom);
}

function place() {
  if (current < 0) { spotlight.hidden = true; return; }
  const stage = stages[current];
  const box = table.getBoundingClientRect();
  const rect = stage.getBoundingClientRect();
  // Measured on screen, placed inside the zoomed table: divide by the zoom.
  spotlight.style.left = `${(rect.left - box.left) / zoom}px`;
  spotlight.style.width = `${rect.width / zoom}px`;
  spotlight.hidden = false;
}

function show(index) {
  current = Math.max(-1, Math.min(stages.length - 1, index));
  document.body.dataset.stage = String(current + 1);
  if (current < 0) {
    label.textContent = label.dataset.whole;
  } else {
    const name = stages[current].querySelector(".stage-name")?.textContent.trim() || "";
    const of = label.dataset.of.replace("%(n)s", current + 1).replace("%(total)s", stages.length);
    label.textContent = `${of}: ${name}`;
    stages[current].scrollIntoView({ behavior: "smooth", block: "nearest", inline: "center" });
  }
  for (const [i, stage] of stages.entries()) stage.classList.toggle("present-current", i === current);
  place();
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.().catch(() => {});
}

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, select, textarea") || event.altKey || event.ctrlKey || event.metaKey) return;
  const key = event.key;
  if (key === "ArrowRight" || key === "PageDown" || key === " ") show(current + 1);
  else if (key === "ArrowLeft" || key === "PageUp") show(current - 1);
  else if (key === "Escape" || key === "Home") show(-1);
  else if (key === "End") show(stages.length - 1);
  else if (key === "f" || key === "F") toggleFullscreen();
  else if (key === "+" || key === "=") stepZoom(1);
  else if (key === "-") stepZoom(-1);
  else if (key === "0") fitWidth();
  else return;
  event.preventDefault();
});
for (const button of document.querySelectorAll("[data-stage-step]")) {
  button.addEventListener("click", () => show(current + Number(button.dataset.stageStep)));
}
fitButton.addEventListener("click", fitWidth);
for (const button of document.querySelectorAll("[data-zoom='1'], [data-zoom='-1']")) {
  button.addEventListener("click", () => stepZoom(Number(button.dataset.zoom)));
}
document.querySelector("[data-evidence]").addEventListener("change", (event) => {
  document.body.classList.toggle("show-evidence", event.target.checked);
  if (fit) fitWidth();
});
document.querySelector("[data-fullscreen]").addEventListener("click", toggleFullscreen);
document.querySelector("[data-print]").addEventListener("click", () => window.print());
document.addEventListener("fullscreenchange", () => { if (fit) fitWidth(); else place(); });

// Print: the map fitted to a landscape page's width (about 1040 CSS px), then back.
let screenZoom = null;
window.addEventListener("beforeprint", () => {
  screenZoom = { zoom, fit };
  setZoom(Math.min(1, 1040 / naturalWidth()), { keepFit: true });
});
window.addEventListener("afterprint", () => {
  if (!screenZoom) return;
  if (screenZoom.fit) fitWidth(); else setZoom(screenZoom.zoom);
  screenZoom = null;
});

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => (fit ? fitWidth() : place()), 100);
});

if (table) {
  fitWidth();
  document.querySelector(".jm").dataset.ready = "true";
}
