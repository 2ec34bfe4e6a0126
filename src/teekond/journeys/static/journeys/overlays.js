// Keeps the measured rows of an open map current (journeys/overlays.py): while the page is
// visible it fetches them again every data-refresh-seconds and swaps them in when they
// changed, so answers arriving from micro-surveys show up without a reload. The rest of
// the map (and anything being edited) is left alone.

export async function refreshOverlays(root = document) {
  const hosts = [...root.querySelectorAll(".jm-overlays[data-overlays-url]")];
  await Promise.all(hosts.map(async (host) => {
    const response = await fetch(host.dataset.overlaysUrl, {
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const html = await response.text();
    const fresh = document.createElement("div");
    fresh.innerHTML = html;
    if (fresh.innerHTML.trim() !== host.innerHTML.trim()) {
      host.innerHTML = fresh.innerHTML;
      host.dataset.refreshed = String(Date.now());
    }
  }));
}

function start() {
  const host = document.querySelector(".jm-overlays[data-overlays-url]");
  if (!host) return;
  const seconds = Number(host.dataset.refreshSeconds) || 60;
  setInterval(() => {
    if (document.visibilityState === "visible") refreshOverlays().catch(() => {});
  }, seconds * 1000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refreshOverlays().catch(() => {});
  });
}

window.teekondRefreshOverlays = refreshOverlays;
start();
