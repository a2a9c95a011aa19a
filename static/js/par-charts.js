// PAR charts (ECharts), wired by data- attributes: an element with data-chart="ranking|radar|heatmap|trend"
// and data-chart-data="<id of a json_script element>". No inline scripts (CSP).
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  var charts = [];

  // Numbers as the page's language writes them: 90,17 in Vietnamese, 90.17 in English (like the tables).
  var numberFormat = null;
  function fmt(value) {
    if (typeof value !== "number" || isNaN(value)) {
      return value;
    }
    if (numberFormat === null) {
      try {
        numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, {
          minimumFractionDigits: 2,
          maximumFractionDigits: 2,
        });
      } catch (e) {
        numberFormat = false;
      }
    }
    return numberFormat ? numberFormat.format(value) : value.toFixed(2);
  }

  // Tooltips are drawn on the canvas ("richText"), not as HTML: ECharts' HTML tooltips carry inline
  // style attributes, which the strict CSP (style-src 'self') blocks. Text is plain, lines end in "\n".
  var TOOLTIP = { renderMode: "richText", confine: true };

  function text(value) {
    return String(value == null ? "" : value);
  }

  function narrow() {
    return window.innerWidth < 576;
  }

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

  function ranking(el, data) {
    // Horizontal bars: unit names stay readable on a 360 px phone.
    var count = data.units.length;
    el.style.height = Math.max(160, count * 26 + 60) + "px";
    return {
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (params) {
          var p = params[0];
          var i = p.dataIndex;
          return (data.ranks[i] || "") + ". " + text(p.name) + "\n" + fmt(p.value) + " % · " + text(data.bands[i]);
        },
      },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.units,
        axisLabel: { width: narrow() ? 110 : 260, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          data: data.values.map(function (v, i) {
            return { value: v, itemStyle: { color: data.colours[i] } };
          }),
          label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } },
          barMaxWidth: 22,
        },
      ],
    };
  }

  function radar(el, data) {
    el.style.height = (narrow() ? 300 : 380) + "px";
    return {
      tooltip: { trigger: "item" },
      legend: { bottom: 0, data: data.series.map(function (s) { return s.name; }) },
      radar: {
        indicator: data.indicators,
        radius: narrow() ? "55%" : "65%",
        axisName: { color: "#495057", fontSize: narrow() ? 9 : 11 },
      },
      series: [
        {
          type: "radar",
          data: data.series.map(function (s) {
            return { name: s.name, value: s.values, areaStyle: { opacity: 0.15 } };
          }),
        },
      ],
    };
  }

  function heatmap(el, data) {
    el.style.height = Math.max(220, data.units.length * 24 + 120) + "px";
    return {
      tooltip: {
        position: "top",
        formatter: function (p) {
          return text(data.units[p.value[1]]) + "\n" + text(data.areas[p.value[0]]) + ": " + fmt(p.value[2]) + " %";
        },
      },
      grid: { left: 8, right: 8, top: 8, bottom: 70, containLabel: true },
      xAxis: { type: "category", data: data.areas, axisLabel: { rotate: 45, fontSize: 10 }, splitArea: { show: true } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.units,
        axisLabel: { width: narrow() ? 100 : 220, overflow: "truncate" },
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: 100,
        calculable: true,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: narrow() ? 120 : 200,
        inRange: { color: ["#dc3545", "#ffc107", "#198754"] },
      },
      series: [{ type: "heatmap", data: data.values, label: { show: !narrow(), fontSize: 9 } }],
    };
  }

  function trend(el, data) {
    el.style.height = "280px";
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, top: 24, bottom: 24, containLabel: true },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        {
          name: data.name,
          type: "line",
          data: data.values,
          label: { show: true, formatter: function (p) { return fmt(p.value); } },
          symbolSize: 8,
        },
      ],
    };
  }

  var builders = { ranking: ranking, radar: radar, heatmap: heatmap, trend: trend };

  function withTooltip(option) {
    option.tooltip = Object.assign({}, option.tooltip || {}, TOOLTIP);
    return option;
  }

  function draw(el) {
    var kind = el.getAttribute("data-chart");
    var data = readData(el);
    if (!builders[kind] || !data) {
      return;
    }
    var option = withTooltip(builders[kind](el, data));
    var existing = window.echarts.getInstanceByDom(el);
    var chart = existing || window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option, true);
    if (!existing) {
      charts.push({ chart: chart, el: el, kind: kind, data: data });
    }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      charts.forEach(function (item) {
        // Rebuild so sizes that depend on the width (label widths, radius) follow the window.
        item.chart.setOption(withTooltip(builders[item.kind](item.el, item.data)), true);
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
