// The workshop room: the timer counts down between updates from the server, the note form
// follows the current step, and the live part is re-read when the workshop changes.
(function () {
  "use strict";
  let tick = null;

  function clock(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function startTimer(root) {
    if (tick) { clearInterval(tick); tick = null; }
    const el = root.querySelector(".ws-timer");
    if (!el || el.dataset.left === "") return;
    const end = Date.now() + Number(el.dataset.left) * 1000;
    const show = () => {
      const left = (end - Date.now()) / 1000;
      el.textContent = clock(left);
      el.classList.toggle("done", left <= 0);
    };
    show();
    if (el.dataset.running === "1") tick = setInterval(show, 1000);
  }

  function followStep(live) {
    const field = document.querySelector("[data-current-step]");
    if (field && live && live.dataset.step) field.value = live.dataset.step;
  }

  function refreshed() {
    const live = document.getElementById("ws-live");
    if (!live) return;
    startTimer(live);
    followStep(live);
  }

  document.addEventListener("DOMContentLoaded", refreshed);
  document.addEventListener("htmx:afterSettle", refreshed);
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.target.closest && event.target.closest(".ws-note-form");
    if (form && event.detail.successful) form.reset();
  });
  // A change announced by the live transport (see live.js) re-reads the live part now.
  document.addEventListener("teekond:workshop", () => {
    document.body.dispatchEvent(new CustomEvent("ws-refresh"));
  });
})();
