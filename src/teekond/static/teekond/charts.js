// Draws the charts of a page. Each chart is an element with data-chart="<kind>" and
// data-source="<id of a json_script element>"; kinds: "vega-lite" (a Vega-Lite spec built
// in Python) and "sankey" (nodes and links from teekond.analytics.sankey).
(function () {
  function data(el) {
    const source = document.getElementById(el.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function drawVegaLite(el, spec) {
    if (!window.vegaEmbed) return;
    window.vegaEmbed(el, spec, { actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg" })
      .then(() => el.setAttribute("data-rendered", "true"));
  }

  function drawSankey(el, graph) {
    if (!window.echarts) return;
    const chart = window.echarts.init(el, null, { renderer: "svg" });
    const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
    chart.setOption({
      tooltip: { trigger: "item" },
      series: [{
        type: "sankey",
        layoutIterations: 0,
        nodeAlign: "left",
        emphasis: { focus: "adjacency" },
        lineStyle: { color: "gradient", curveness: 0.5 },
        label: { formatter: (p) => names.get(p.name) || p.name },
        data: graph.nodes.map((n) => ({ name: n.id, depth: n.depth })),
        links: graph.links.map((l) => ({ source: l.source, target: l.target, value: l.value })),
      }],
    });
    window.addEventListener("resize", () => chart.resize());
    el.setAttribute("data-rendered", "true");
  }

  function drawAll(root) {
    root.querySelectorAll("[data-chart]:not([data-rendered])").forEach((el) => {
      const payload = data(el);
      if (!payload) return;
      if (el.dataset.chart === "vega-lite") drawVegaLite(el, payload);
      if (el.dataset.chart === "sankey") drawSankey(el, payload);
    });
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  document.addEventListener("htmx:afterSettle", (e) => drawAll(e.target));
})();
