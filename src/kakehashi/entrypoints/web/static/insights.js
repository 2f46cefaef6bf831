// The insights dashboards: draw each chart from the Vega-Lite spec the page carries (vendored vega-embed,
// expressions interpreted without eval), and reload the page when the counting rule changes.
(function () {
  "use strict";
  function drawCharts() {
    document.querySelectorAll(".vega-chart[data-spec]").forEach(function (element) {
      var source = document.getElementById(element.dataset.spec);
      if (!source || typeof vegaEmbed !== "function") return;
      var spec = JSON.parse(source.textContent);
      vegaEmbed(element, spec, { ast: true, actions: false, renderer: "svg" })
        .then(function () { element.dataset.rendered = "true"; })
        .catch(function (error) { element.dataset.rendered = "error"; element.textContent = String(error); });
    });
  }
  function switchRuleInPlace() {
    var form = document.getElementById("insight-filters");
    if (!form) return;
    form.querySelectorAll('input[name="attribution"]').forEach(function (input) {
      input.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(); switchRuleInPlace(); });
})();
