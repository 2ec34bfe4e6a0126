// Read-only map pages (viewers, presentation, current vs future): print buttons and the
// scrolling of current and future state together. The editor imports drawCurves.
import { EmotionCurve } from "../teekond/emotion-curve.js";
import { followMap } from "./live-map.js";

// The curve itself is drawn by the server (journeys/curve.py) and scales with the columns;
// the editor calls this to make its points movable.
export function drawCurves(root, optionsFor = () => ({})) {
  for (const node of root.querySelectorAll(".jm-curve")) {
    if (!node.querySelector("svg.editable")) continue;
    const points = JSON.parse(node.dataset.points || "[]");
    new EmotionCurve(node, points, optionsFor(node, points));
    node.dataset.rendered = "true";
  }
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
    // The presentation's own script prints it (journeys/present.js).
    const printButtons = document.body.classList.contains("presenting") ? [] : document.querySelectorAll("[data-print]");
    for (const button of printButtons) {
      button.addEventListener("click", () => window.print());
    }
  });
}
