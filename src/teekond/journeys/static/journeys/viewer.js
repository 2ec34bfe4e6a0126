// Read-only map pages (viewers, presentation, current vs future): draws the emotion curves.
// The editor imports drawCurves to draw editable ones.
import { EmotionCurve } from "../teekond/emotion-curve.js";
import { followMap } from "./live-map.js";

export function columnWidth(map) {
  const value = getComputedStyle(map).getPropertyValue("--col-w").trim();
  return parseFloat(value) || 200;
}

export function drawCurves(root, optionsFor = () => ({ readOnly: true })) {
  for (const node of root.querySelectorAll(".jm-curve")) {
    const map = node.closest(".jm");
    const points = JSON.parse(node.dataset.points || "[]");
    const columns = Number(getComputedStyle(map).getPropertyValue("--cols")) || points.length;
    new EmotionCurve(node, points, {
      columnWidth: columnWidth(map),
      columns,
      height: 150,
      labels: { positive: node.dataset.positive, negative: node.dataset.negative },
      ...optionsFor(node, points),
    });
    node.dataset.rendered = "true";
  }
}

// The columns follow the window's width, so the curves are drawn again when it changes.
export function onResize(redraw) {
  let width = window.innerWidth;
  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.innerWidth !== width) { width = window.innerWidth; redraw(); }
    }, 150);
  });
}

// Current and future state scroll together, so the same touchpoints stay side by side.
function syncScroll(panes) {
  let busy = false;
  for (const pane of panes) {
    pane.addEventListener("scroll", () => {
      if (busy) return;
      busy = true;
      for (const other of panes) if (other !== pane) other.scrollLeft = pane.scrollLeft;
      requestAnimationFrame(() => { busy = false; });
    });
  }
}

if (!document.getElementById("jm-options")) {
  window.addEventListener("load", () => {
    drawCurves(document);
    onResize(() => drawCurves(document));
    syncScroll(document.querySelectorAll(".compare .jm-scroll"));
    // Every read-only view follows its map live: someone's change shows without a reload.
    const hosts = [...document.querySelectorAll(".jm-host")].filter((h) => h.querySelector(".jm[data-journey-id]"));
    hosts.forEach((host, index) => followMap({
      host,
      afterRefresh: (h) => {
        drawCurves(h);
        syncScroll(document.querySelectorAll(".compare .jm-scroll"));
      },
      presenceBar: index === 0 ? document.querySelector(".jm-presence") : null,
      statusBox: index === 0 ? document.querySelector(".jm-live-status") : null,
      titleNode: index === 0 ? document.querySelector("[data-testid=journey-title]") : null,
    }));
    for (const button of document.querySelectorAll("[data-print]")) {
      button.addEventListener("click", () => window.print());
    }
  });
}
