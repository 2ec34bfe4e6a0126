// The emotion curve (sentiment chart) of a journey map. The server draws it
// (teekond/journeys/curve.py: one renderer for the editor, the presentation and every
// export); this module only makes an editable one move. A point is dragged with the mouse
// or touch, or moved with the up and down arrow keys; while it moves, its face, its word
// and the two segments to its neighbours follow it, and the word becomes the emotion of
// the new level when the point's own emotion has another valence (calm is +1: dragged to
// +3 it becomes joyful). Each change calls onChange(stepId, valence, emotion); a failing
// onChange puts the point back and calls onError.

export class EmotionCurve {
  /**
   * @param {HTMLElement} host - the .jm-curve element holding the server-drawn <svg>
   * @param {{stepId: number, valence: number|null, emotion: string, word: string}[]} points
   * @param {{onChange?: (stepId: number, valence: number, emotion: string|null) => Promise<void>|void,
   *          onError?: (error: Error) => void}} options
   */
  constructor(host, points, options = {}) {
    this.host = host;
    this.svg = host.querySelector("svg");
    this.options = options;
    this.points = new Map(points.map((p) => [p.stepId, { ...p }]));
    const levels = JSON.parse(this.svg.dataset.levels);
    this.levels = new Map(Object.entries(levels).map(([v, level]) => [Number(v), level]));
    this.min = Math.min(...this.levels.keys());
    this.max = Math.max(...this.levels.keys());
    for (const g of this.svg.querySelectorAll("g.point")) this.bind(g);
  }

  // The level nearest to a pointer position (the SVG is drawn in CSS pixels, but may be
  // zoomed, so the position is scaled by the drawn height).
  valenceAt(clientY) {
    const rect = this.svg.getBoundingClientRect();
    const y = (clientY - rect.top) * (Number(this.svg.getAttribute("height")) / rect.height);
    let best = 0;
    let distance = Infinity;
    for (const [v, level] of this.levels) {
      if (Math.abs(level.y - y) < distance) { distance = Math.abs(level.y - y); best = v; }
    }
    return best;
  }

  // The emotion a point shows at a level: its own when that has this valence, else the level's.
  emotionAt(point, valence) {
    if (point.emotion && point.emotionValence === valence) return { key: point.emotion, word: point.ownWord };
    const level = this.levels.get(valence);
    return { key: level.emotion || null, word: level.word };
  }

  bind(g) {
    const point = this.points.get(Number(g.dataset.stepId));
    if (!point) return;
    point.ownWord = point.word;
    point.emotionValence = point.emotion ? point.valence : null;
    g.addEventListener("pointerdown", (event) => this.startDrag(event, point, g));
    g.addEventListener("keydown", (event) => {
      const delta = { ArrowUp: 1, ArrowDown: -1 }[event.key];
      if (delta === undefined) return;
      event.preventDefault();
      const valence = Math.max(this.min, Math.min(this.max, (point.valence ?? 0) + delta));
      this.show(g, point, valence);
      this.commit(g, point, valence);
    });
  }

  // Moves the drawn point, its face, its word and its two segments to ``valence``.
  show(g, point, valence) {
    const level = this.levels.get(valence);
    g.setAttribute("transform", `translate(0 ${level.y})`);
    g.dataset.valence = valence;
    g.setAttribute("aria-valuenow", valence);
    g.classList.remove("positive", "negative", "neutral", "empty");
    g.classList.add(valence > 0 ? "positive" : valence < 0 ? "negative" : "neutral");
    const word = g.querySelector("text.word");
    word.textContent = this.emotionAt(point, valence).word;
    word.setAttribute("y", level.wordY);
    let mouth = g.querySelector("path.mouth");
    if (!mouth) {
      const ns = "http://www.w3.org/2000/svg";
      for (const cx of [-3.2, 3.2]) {
        const eye = document.createElementNS(ns, "circle");
        Object.entries({ class: "eye", cx, cy: -2.4, r: 1.3 }).forEach(([k, v]) => eye.setAttribute(k, v));
        word.before(eye);
      }
      mouth = document.createElementNS(ns, "path");
      mouth.setAttribute("class", "mouth");
      word.before(mouth);
    }
    mouth.setAttribute("d", level.mouth);
    const id = point.stepId;
    for (const line of this.svg.querySelectorAll(`line.curve[data-from="${id}"]`)) line.setAttribute("y1", level.y);
    for (const line of this.svg.querySelectorAll(`line.curve[data-to="${id}"]`)) line.setAttribute("y2", level.y);
  }

  startDrag(event, point, g) {
    event.preventDefault();
    g.setPointerCapture(event.pointerId);
    let valence = point.valence ?? 0;
    const move = (e) => {
      valence = this.valenceAt(e.clientY);
      this.show(g, point, valence);
    };
    const up = (e) => {
      g.removeEventListener("pointermove", move);
      g.removeEventListener("pointerup", up);
      valence = this.valenceAt(e.clientY);
      this.show(g, point, valence);
      this.commit(g, point, valence);
    };
    g.addEventListener("pointermove", move);
    g.addEventListener("pointerup", up);
  }

  async commit(g, point, valence) {
    const previous = point.valence;
    if (previous === valence) return;
    point.valence = valence;
    try {
      await this.options.onChange?.(point.stepId, valence, this.emotionAt(point, valence).key);
    } catch (err) {
      point.valence = previous;
      if (previous !== null && previous !== undefined) this.show(g, point, previous);
      if (this.options.onError) this.options.onError(err);
      else throw err;
    }
  }
}
