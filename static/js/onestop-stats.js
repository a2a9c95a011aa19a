// One-stop statistics chart (ECharts): resolved early / on time / late per unit or procedure, stacked.
// Wired by data- attributes: data-chart="timing" data-chart-data="<id of a json_script element>".
// No inline script (CSP). Tooltips are drawn on the canvas (richText) for the same reason.
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  var format = null;
  try {
    format = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
  } catch (e) {
    format = null;
  }
  function fmt(value) {
    if (typeof value !== "number" || isNaN(value)) {
      return value == null ? "—" : String(value);
    }
    return format ? format.format(value) : String(value);
  }
  var COLOURS = ["#198754", "#0d6efd", "#dc3545"];
  var charts = [];

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart-data"));
    if (!source) {
      return;
    }
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    var count = data.labels.length;
    el.style.height = Math.max(160, Math.min(count, 40) * 26 + 80) + "px";
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      color: COLOURS,
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText", confine: true, valueFormatter: fmt },
      xAxis: { type: "value", axisLabel: { formatter: fmt } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.labels,
        axisLabel: { width: window.innerWidth < 576 ? 110 : 260, overflow: "truncate" },
      },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "timing", data: s.values };
      }),
    });
    charts.push(chart);
  }

  function init(root) {
    var nodes = (root || document).querySelectorAll('[data-chart="timing"]');
    for (var i = 0; i < nodes.length; i++) {
      draw(nodes[i]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    init(event.target);
  });
  window.addEventListener("resize", function () {
    for (var i = 0; i < charts.length; i++) {
      charts[i].resize();
    }
  });
})();
