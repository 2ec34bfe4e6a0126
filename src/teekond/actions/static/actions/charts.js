// Render every Vega-Lite spec on the page: <div data-vega="ID"> where ID is a json_script.
(function () {
  function render() {
    document.querySelectorAll("[data-vega]").forEach(function (el) {
      var source = document.getElementById(el.dataset.vega);
      if (!source || el.dataset.rendered) return;
      el.dataset.rendered = "1";
      window.vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" });
    });
  }
  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", render);
})();
