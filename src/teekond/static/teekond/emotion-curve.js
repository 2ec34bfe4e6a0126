// The emotion curve (sentiment chart) of a journey map: one point per step, valence -3..+3.
// Points can be dragged with the mouse/touch or moved with the arrow keys; each change calls
// onChange(stepId, valence). The SVG is drawn to line up with the map's step columns: a point
// may name its `column` (a map can have columns without a step, e.g. an empty stage) and
// `columns` sets the total. A failing onChange puts the point back and calls onError.

const SVG_NS = "http://www.w3.org/2000/svg";
const MIN = -3;
const MAX = 3;

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

export class EmotionCurve {
  /**
   * @param {HTMLElement} host - element to draw into
   * @param {{stepId: number, label: string, valence: number|null, emotion: string}[]} points
   * @param {{columnWidth: number, height?: number, readOnly?: boolean,
   *          columns?: number,
   *          onChange?: (stepId: number, valence: number) => Promise<void>|void,
   *          onError?: (error: Error) => void,
   *          labels?: {positive: string, negative: string}}} options
   */
  constructor(host, points, options) {
    this.host = host;
    this.points = points.map((p) => ({ ...p }));
    this.options = { height: 180, readOnly: false, ...options };
    this.render();
  }

  y(valence) {
    const pad = 18;
    const h = this.options.height - 2 * pad;
    return pad + ((MAX - valence) / (MAX - MIN)) * h;
  }

  valenceAt(clientY) {
    const rect = this.svg.getBoundingClientRect();
    const scale = this.options.height / rect.height;
    const y = (clientY - rect.top) * scale;
    const pad = 18;
    const h = this.options.height - 2 * pad;
    const v = MAX - ((y - pad) / h) * (MAX - MIN);
    return Math.max(MIN, Math.min(MAX, Math.round(v)));
  }

  x(index) {
    const column = this.points[index]?.column ?? index;
    return (column + 0.5) * this.options.columnWidth;
  }

  render() {
    const columns = this.options.columns ?? this.points.length;
    const width = Math.max(1, columns) * this.options.columnWidth;
    const height = this.options.height;
    this.host.replaceChildren();
    const svg = el("svg", {
      viewBox: `0 0 ${width} ${height}`, width, height, class: "emotion-curve",
      role: "group", "aria-label": this.host.dataset.label || "Emotion curve",
    });
    this.svg = svg;
    el("rect", { x: 0, y: 0, width, height: this.y(0), class: "zone-positive" }, svg);
    el("rect", { x: 0, y: this.y(0), width, height: height - this.y(0), class: "zone-negative" }, svg);
    el("line", { x1: 0, x2: width, y1: this.y(0), y2: this.y(0), class: "axis" }, svg);
    if (this.options.labels) {
      // At the right edge, half a column from the last point, so they rarely cover one.
      const end = { x: width - 4, "text-anchor": "end", class: "zone-label" };
      el("text", { ...end, y: 12 }, svg).textContent = `+ ${this.options.labels.positive}`;
      el("text", { ...end, y: height - 4 }, svg).textContent = `− ${this.options.labels.negative}`;
    }
    const known = this.points.map((p, i) => [p, i]).filter(([p]) => p.valence !== null && p.valence !== undefined);
    if (known.length > 1) {
      const d = known.map(([p, i], k) => `${k ? "L" : "M"}${this.x(i)},${this.y(p.valence)}`).join(" ");
      el("path", { d, class: "curve" }, svg);
    }
    this.points.forEach((p, i) => this.renderPoint(svg, p, i));
    this.host.appendChild(svg);
  }

  renderPoint(svg, point, index) {
    const has = point.valence !== null && point.valence !== undefined;
    const v = has ? point.valence : 0;
    const g = el("g", {
      class: `point ${has ? (v > 0 ? "positive" : v < 0 ? "negative" : "neutral") : "empty"}`,
      "data-step-id": point.stepId, "data-valence": has ? v : "",
      tabindex: this.options.readOnly ? -1 : 0, role: "slider",
      "aria-valuemin": MIN, "aria-valuemax": MAX, "aria-valuenow": v,
      "aria-label": `${point.label}: ${point.emotion || ""} ${has ? v : ""}`.trim(),
    }, svg);
    el("circle", { cx: this.x(index), cy: this.y(v), r: 9 }, g);
    const text = el("text", { x: this.x(index), y: this.y(v) + (v >= 0 ? 26 : -16), "text-anchor": "middle" }, g);
    text.textContent = point.emotion || "";
    if (this.options.readOnly) return;
    g.addEventListener("pointerdown", (event) => this.startDrag(event, point, g));
    g.addEventListener("keydown", (event) => {
      const delta = { ArrowUp: 1, ArrowDown: -1 }[event.key];
      if (delta === undefined) return;
      event.preventDefault();
      this.commit(point, Math.max(MIN, Math.min(MAX, (point.valence ?? 0) + delta)), true);
    });
  }

  startDrag(event, point, g) {
    event.preventDefault();
    g.setPointerCapture(event.pointerId);
    const circle = g.querySelector("circle");
    const move = (e) => {
      const v = this.valenceAt(e.clientY);
      circle.setAttribute("cy", this.y(v));
      g.dataset.valence = v;
    };
    const up = (e) => {
      g.removeEventListener("pointermove", move);
      g.removeEventListener("pointerup", up);
      this.commit(point, this.valenceAt(e.clientY), false);
    };
    g.addEventListener("pointermove", move);
    g.addEventListener("pointerup", up);
  }

  async commit(point, valence, keepFocus) {
    const previous = point.valence;
    if (previous === valence) { this.render(); return; }
    point.valence = valence;
    this.render();
    if (keepFocus) this.svg.querySelector(`[data-step-id="${point.stepId}"]`)?.focus();
    try {
      await this.options.onChange?.(point.stepId, valence);
    } catch (err) {
      point.valence = previous;
      this.render();
      if (this.options.onError) this.options.onError(err);
      else throw err;
    }
  }
}
