// The workshop room: the timer counts down between updates from the server, the note form
// follows the current step, and the live part is re-read when the workshop changes: at once
// on an event of the live transport (teekond/live.js, the "workshop" topic), and by a slow
// poll as a fallback (the partial answers 204 while the revision is unchanged).
import { connectLive } from "../teekond/live.js";

{
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
  // The poll and the refresh ask for the live part only if the revision moved on.
  document.addEventListener("htmx:configRequest", (event) => {
    const live = document.getElementById("ws-live");
    if (event.detail.elt.id === "ws-box" && live) event.detail.parameters.rev = live.dataset.rev;
  });

  function refresh() {
    document.body.dispatchEvent(new CustomEvent("ws-refresh"));
  }

  const room = document.querySelector(".ws-room[data-live-id]");
  if (room) {
    connectLive({
      kind: "workshop",
      id: Number(room.dataset.liveId),
      since: room.dataset.liveSince,
      token: room.dataset.liveToken || "",
      onEvent: refresh,
      onReset: refresh,
      onStatus(status) { room.dataset.live = status; },
    });
  }
}
