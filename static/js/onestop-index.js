// Charts of the real-time service index (ECharts), wired by data- attributes: an element with
// data-index-chart="ranking|trend" and data-chart-data="<id of a json_script element>". No inline script (CSP).
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  var charts = [];
  var formats = {};

  // Numbers as the page's language writes them (79,10 in Vietnamese).
  function fmt(value, digits) {
    if (typeof value !== "number" || isNaN(value)) {
      return value == null ? "—" : String(value);
    }
    digits = digits == null ? 2 : digits;
    if (!(digits in formats)) {
      try {
        formats[digits] = new Intl.NumberFormat(document.documentElement.lang || undefined, {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
      } catch (e) {
        formats[digits] = null;
      }
    }
    return formats[digits] ? formats[digits].format(value) : value.toFixed(digits);
  }

  function text(value) {
    return String(value == null ? "" : value);
  }

  function narrow() {
    return window.innerWidth < 576;
  }

  // Tooltips drawn on the canvas: ECharts' HTML tooltips carry inline styles, which the CSP blocks.
  var TOOLTIP = { renderMode: "richText", confine: true };

  function ranking(el, data) {
    el.style.height = Math.max(160, data.units.length * 26 + 60) + "px";
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (params) {
          var p = params[0];
          return (p.dataIndex + 1) + ". " + text(p.name) + "\n" + fmt(p.value);
        },
      },
      xAxis: { type: "value", max: data.max || 100, axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.units,
        axisLabel: { width: narrow() ? 110 : 260, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          name: data.name,
          data: data.values,
          itemStyle: { color: "#0d6efd" },
          label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } },
          barMaxWidth: 22,
        },
      ],
    };
  }

  function trend(el, data) {
    el.style.height = "280px";
    return {
      tooltip: {
        trigger: "axis",
        formatter: function (params) {
          var p = params[0];
          return text((data.labels || [])[p.dataIndex] || p.name) + "\n" + text(data.name) + ": " + fmt(p.value);
        },
      },
      grid: { left: 16, right: 24, top: 24, bottom: 24, containLabel: true },
      xAxis: { type: "category", data: data.months, axisLabel: { rotate: narrow() ? 45 : 0 } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
      series: [
        {
          name: data.name,
          type: "line",
          connectNulls: false,
          data: data.values,
          label: { show: !narrow(), formatter: function (p) { return fmt(p.value, 1); } },
          symbolSize: 8,
        },
      ],
    };
  }

  var builders = { ranking: ranking, trend: trend };

  function readData(el) {
    var source = document.getElementById(el.getAttribute("data-chart-data"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (e) {
      return null;
    }
  }

  function option(kind, el, data) {
    var built = builders[kind](el, data);
    built.tooltip = Object.assign({}, built.tooltip || {}, TOOLTIP);
    return built;
  }

  function draw(el) {
    var kind = el.getAttribute("data-index-chart");
    var data = readData(el);
    if (!builders[kind] || !data) {
      return;
    }
    var built = option(kind, el, data); // sets the element's height: before init, which reads the size
    var existing = window.echarts.getInstanceByDom(el);
    var chart = existing || window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(built, true);
    if (!existing) {
      charts.push({ chart: chart, el: el, kind: kind, data: data });
    }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-index-chart]").forEach(draw);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      charts.forEach(function (item) {
        item.chart.setOption(option(item.kind, item.el, item.data), true);
        item.chart.resize();
      });
    }, 150);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
