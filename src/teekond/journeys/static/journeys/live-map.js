// Live co-editing of a map page (docs/live.md): every open view of a map (editor, blueprint,
// presentation, current vs future, a viewer's map) follows the map's live topic. A change by
// someone else fetches the changed grid again (the server renders it, as after one's own
// change); one's own open dialog and a drag in progress are never touched. Who else is on
// the map shows as avatars in the head and as a badge on the item each one is on.
import { connectLive } from "../teekond/live.js";

const text = () => JSON.parse(document.getElementById("jm-live-text")?.textContent || "{}");

function itemNode(root, item) {
  if (!item) return null;
  const [what, a, b] = item.split(":");
  if (what === "cell") return root.querySelector(`.jm-cell[data-lane-id="${a}"][data-step-id="${b}"]`);
  if (what === "step") return root.querySelector(`.jm-step[data-step-id="${a}"]`);
  if (what === "stage") return root.querySelector(`.jm-stage[data-stage-id="${a}"] .jm-stage-head`);
  if (what === "lane") return root.querySelector(`.jm-lane[data-lane-id="${a}"] > .jm-label`);
  if (what === "curve") return root.querySelector(".jm-curve");
  if (what === "journey") return document.querySelector("[data-testid=journey-title]");
  return null;
}

function avatar(peer, T) {
  const span = document.createElement("span");
  span.className = `live-avatar${peer.editing ? " editing" : ""}`;
  span.style.setProperty("--peer-colour", peer.colour);
  span.textContent = peer.initials;
  const doing = peer.editing ? T.editing : T.viewing;
  span.title = `${peer.name}${peer.item ? ` — ${doing}` : ""}${peer.can_write ? "" : ` (${T.read_only})`}`;
  span.dataset.conn = peer.conn;
  span.dataset.name = peer.name;
  return span;
}

// One map on the page: its host element, the way to fetch it again, its live connection.
// options: host (the element whose innerHTML is the grid), afterRefresh(host), busy(),
// onItemChanged(item, event), presenceBar (where the avatars go).
export function followMap(options) {
  const { host, afterRefresh = () => {}, busy = () => false, onItemChanged = () => {} } = options;
  const T = text();
  const jm = () => host.querySelector(".jm");
  const journeyId = jm().dataset.journeyId;
  let peers = [];
  let refreshing = null;
  let again = false;
  let timer = null;

  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        while (busy()) await new Promise((r) => setTimeout(r, 150));
        const response = await fetch(jm().dataset.gridUrl, { credentials: "same-origin" });
        if (!response.ok) break;
        const html = await response.text();
        while (busy()) await new Promise((r) => setTimeout(r, 150));
        host.innerHTML = html;
        afterRefresh(host);
        mark();
      } while (again);
    })();
    try { await refreshing; } finally { refreshing = null; }
    host.dataset.liveRefreshed = String(Date.now());
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => refresh().catch(() => {}), 40);
  }

  // Already showing it? (one's own change was fetched right after saving it)
  function shown(event) {
    if (event.version == null || event.deleted) return false;
    const node = itemNode(host, event.item);
    if (!node) return false;
    if (node.dataset.version !== undefined) return Number(node.dataset.version) >= event.version;
    const data = node.dataset.step || node.closest("[data-stage]")?.dataset.stage || node.closest("[data-lane]")?.dataset.lane;
    return data ? JSON.parse(data).version >= event.version : false;
  }

  function mark() {
    for (const old of host.querySelectorAll(".live-badge")) old.remove();
    for (const node of host.querySelectorAll(".live-here")) node.classList.remove("live-here", "live-editing");
    for (const peer of peers) {
      const node = itemNode(host, peer.item);
      if (!node || !host.contains(node)) continue;
      node.classList.add("live-here");
      if (peer.editing) node.classList.add("live-editing");
      node.style.setProperty("--peer-colour", peer.colour);
      const badge = document.createElement("span");
      badge.className = "live-badge";
      badge.dataset.testid = "live-badge";
      badge.style.setProperty("--peer-colour", peer.colour);
      badge.textContent = peer.editing ? `✎ ${peer.name}` : peer.initials;
      badge.title = `${peer.name} — ${peer.editing ? T.editing : T.viewing}`;
      node.appendChild(badge);
    }
  }

  function showPresence() {
    const bar = options.presenceBar;
    if (!bar) return;
    bar.replaceChildren(...peers.map((p) => avatar(p, T)));
    bar.dataset.count = String(peers.length);
    bar.title = peers.length ? T.here : "";
  }

  function showStatus(status) {
    const box = options.statusBox;
    if (!box) return;
    box.dataset.status = status;
    box.textContent = { open: T.live, connecting: T.connecting, closed: T.offline, refused: T.refused }[status] || "";
  }

  const live = connectLive({
    kind: "journey",
    id: journeyId,
    since: jm().dataset.liveSeq,
    token: options.token || "",
    onEvent(event) {
      if (event.item === `journey:${journeyId}` && event.title && options.titleNode) {
        options.titleNode.textContent = event.title;
      }
      onItemChanged(event.item, event);
      if (!shown(event)) schedule();
    },
    onReset: schedule,
    onPresence(list) {
      peers = list;
      showPresence();
      mark();
    },
    onStatus: showStatus,
    onError(frame) { if (options.onError) options.onError(frame); },
    onAccess(canWrite) { if (options.onAccess) options.onAccess(canWrite); },
  });
  window.teekondLive = window.teekondLive || [];
  window.teekondLive.push(live);
  return { live, refresh, peers: () => peers, mark };
}
