// The browser side of teekond.core.live (docs/live.md): one websocket to
// /ws/live/<kind>/<id>/ that reconnects with backoff, catches up on missed events by their
// sequence number, keeps the list of who else is here (presence) and sends messages.
//
//   import { connectLive } from "/static/teekond/live.js";
//   const live = connectLive({ kind: "journey", id: 12, since: 40, onEvent(event, seq) { … } });
//   (since: the sequence number the page was rendered at, so nothing in between is missed)
//   live.presence({ item: "cell:3:7", editing: true });
//   const reply = await live.send({ type: "note", text: "…" });  // rejects with an error frame
//
// Callbacks (all optional): onEvent(event, seq), onReset(seq) (too much was missed: load the
// whole state again), onPresence(peers), onCursor(conn, x, y), onError(frame),
// onStatus("connecting" | "open" | "closed" | "refused"), onAccess(canWrite), onWelcome(you).

const REFUSED = new Set([4401, 4403]);
const FLOOD = 4429;
const PEER_TTL_MS = 75_000;
const HEARTBEAT_MS = 25_000;
const REPLY_TIMEOUT_MS = 10_000;

export function connectLive(options) {
  const { kind, id, token = "", since = null, minDelay = 500, maxDelay = 15_000 } = options;
  const on = (name, ...args) => { try { options[name]?.(...args); } catch (e) { console.error(e); } };
  const state = {
    seq: since === null || since === "" ? null : Number(since), socket: null, you: null, peers: new Map(), status: "connecting",
    closedByUs: false, attempt: 0, pending: new Map(), nextRef: 1, mine: { item: null, editing: false },
    heartbeat: null, lastCursor: 0, cursorTimer: null,
  };

  function url() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const params = new URLSearchParams();
    if (state.seq !== null) params.set("since", String(state.seq));
    if (token) params.set("token", token);
    const query = params.toString();
    return `${scheme}://${location.host}/ws/live/${kind}/${id}/${query ? `?${query}` : ""}`;
  }

  function setStatus(status) {
    state.status = status;
    on("onStatus", status);
  }

  function peersChanged() {
    const now = Date.now();
    for (const [conn, peer] of state.peers) if (now - peer.seenAt > PEER_TTL_MS) state.peers.delete(conn);
    on("onPresence", [...state.peers.values()]);
  }

  function open() {
    setStatus("connecting");
    const socket = new WebSocket(url());
    state.socket = socket;
    socket.addEventListener("open", () => { state.attempt = 0; });
    socket.addEventListener("message", (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      receive(frame);
    });
    socket.addEventListener("close", (event) => {
      clearInterval(state.heartbeat);
      state.socket = null;
      for (const [, waiter] of state.pending) waiter.reject({ code: "closed", message: "closed" });
      state.pending.clear();
      state.peers.clear();
      peersChanged();
      if (state.closedByUs) return setStatus("closed");
      if (REFUSED.has(event.code)) return setStatus("refused");
      setStatus("closed");
      state.attempt += 1;
      const base = Math.min(maxDelay, minDelay * 2 ** Math.min(state.attempt - 1, 10));
      const delay = (event.code === FLOOD ? maxDelay : base) * (0.75 + Math.random() * 0.5);
      setTimeout(open, delay);
    });
  }

  function receive(frame) {
    switch (frame.type) {
      case "welcome": {
        state.you = frame.you;
        const first = state.seq === null;
        if (first) state.seq = frame.seq;
        setStatus("open");
        on("onWelcome", frame.you);
        state.heartbeat = setInterval(() => {
          // Re-announcing what we are on keeps us in the others' lists (see PEER_TTL_MS).
          raw({ type: "presence", ...state.mine });
          peersChanged();
        }, HEARTBEAT_MS);
        if (state.mine.item) raw({ type: "presence", ...state.mine });
        // Reconnected with nothing in between: the server sent no catch-up.
        if (!first && frame.seq <= state.seq) state.seq = frame.seq;
        break;
      }
      case "event":
        if (state.seq !== null && frame.seq <= state.seq) break; // already seen
        if (state.seq !== null && frame.seq > state.seq + 1) {
          raw({ type: "catchup", since: state.seq }); // a gap: ask for what is missing
          break;
        }
        state.seq = frame.seq;
        on("onEvent", frame.event, frame.seq);
        break;
      case "reset":
        state.seq = frame.seq;
        on("onReset", frame.seq);
        break;
      case "presence": {
        // several changes in one frame (the server sends at most ~5 such frames a second)
        for (const { what, peer } of frame.changes || [frame]) {
          if (what === "leave") state.peers.delete(peer.conn);
          else state.peers.set(peer.conn, { ...peer, seenAt: Date.now() });
        }
        peersChanged();
        break;
      }
      case "cursor":
        on("onCursor", frame.conn, frame.x, frame.y);
        break;
      case "access":
        if (state.you) state.you.can_write = frame.can_write;
        on("onAccess", frame.can_write);
        break;
      case "error": {
        const waiter = frame.ref != null && state.pending.get(frame.ref);
        if (waiter) { state.pending.delete(frame.ref); waiter.reject(frame); }
        on("onError", frame);
        break;
      }
      default: {
        const waiter = frame.ref != null && state.pending.get(frame.ref);
        if (waiter) { state.pending.delete(frame.ref); waiter.resolve(frame); }
      }
    }
  }

  function raw(message) {
    if (state.socket?.readyState !== WebSocket.OPEN) return false;
    state.socket.send(JSON.stringify(message));
    return true;
  }

  const api = {
    get seq() { return state.seq; },
    get you() { return state.you; },
    get peers() { return [...state.peers.values()]; },
    get status() { return state.status; },
    // Send a message; resolves with the reply that carries its ref, rejects with its error.
    send(message) {
      const ref = state.nextRef++;
      return new Promise((resolve, reject) => {
        if (!raw({ ...message, ref })) return reject({ code: "closed", message: "not connected" });
        state.pending.set(ref, { resolve, reject });
        setTimeout(() => {
          if (state.pending.delete(ref)) reject({ code: "timeout", message: "no answer" });
        }, REPLY_TIMEOUT_MS);
      });
    },
    // Say which item this user is on (and whether they are editing it); kept across reconnects.
    presence({ item = null, editing = false } = {}) {
      state.mine = { item, editing };
      raw({ type: "presence", item, editing });
    },
    // A live cursor, at most ~12 a second (the server rate-limits every connection).
    cursor(x, y) {
      const now = Date.now();
      clearTimeout(state.cursorTimer);
      if (now - state.lastCursor >= 80) {
        state.lastCursor = now;
        raw({ type: "cursor", x: Math.max(0, Math.round(x)), y: Math.max(0, Math.round(y)) });
      } else {
        state.cursorTimer = setTimeout(() => api.cursor(x, y), 80);
      }
    },
    // Drop the connection as a network failure would (tests; a sleeping laptop).
    drop() { state.socket?.close(4000, "dropped"); },
    close() { state.closedByUs = true; state.socket?.close(1000); },
  };
  open();
  return api;
}
