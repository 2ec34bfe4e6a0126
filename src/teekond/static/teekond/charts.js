// Draws the charts of a page. Each chart is an element with data-chart="<kind>" and
// data-source="<id of a json_script element>"; kinds: "vega-lite" (a Vega-Lite spec built
// in Python), "sankey" (nodes and links from teekond.analytics.sankey) and "radar"
// ({max, indicators: [{name, area}], series: [{name, values}]}, drawn with ECharts).
(function () {
  function data(el) {
    const source = document.getElementById(el.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function drawVegaLite(el, spec) {
    if (!window.vegaEmbed) return;
    // ast: Vega interprets its expressions instead of compiling them with Function, so
    // the CSP needs no 'unsafe-eval'.
    window.vegaEmbed(el, spec, { actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg", ast: true })
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

  // the same tokens as actions.services.AREA_COLOURS (static/teekond/tokens.css)
  const token = (name) => getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
  const AREA_COLOURS = ["lane-touchpoints", "lane-opportunities", "lane-blueprint", "stage-4", "color-danger"].map(token);

  function drawRadar(el, radar) {
    if (!window.echarts) return;
    const chart = window.echarts.init(el, null, { renderer: "svg" });
    const areas = [...new Set(radar.indicators.map((i) => i.area))];
    const colour = (area) => AREA_COLOURS[areas.indexOf(area) % AREA_COLOURS.length];
    chart.setOption({
      tooltip: { trigger: "item" },
      legend: { bottom: 0, data: radar.series.map((s) => s.name) },
      radar: {
        radius: "62%",
        splitNumber: radar.max,
        indicator: radar.indicators.map((i) => ({ name: i.name, max: radar.max, color: colour(i.area) })),
        axisName: { fontSize: 11 },
      },
      series: [{
        type: "radar",
        data: radar.series.map((s, index) => ({
          name: s.name,
          value: s.values,
          areaStyle: { opacity: index === 0 ? 0.25 : 0.05 },
          lineStyle: { width: index === 0 ? 2 : 1, type: index === 0 ? "solid" : "dashed" },
        })),
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
      if (el.dataset.chart === "radar") drawRadar(el, payload);
    });
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  document.addEventListener("htmx:afterSettle", (e) => drawAll(e.target));
})();
