// PAR charts (ECharts), wired by data- attributes: an element with data-chart="ranking|radar|heatmap|trend"
// and data-chart-data="<id of a json_script element>". No inline scripts (CSP).
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  var charts = [];

  // Numbers as the page's language writes them: 1.234,5 in Vietnamese, 1,234.5 in English (like the
  // tables). Every number a chart shows (labels, axes, tooltips, the colour scale) goes through here.
  var formats = {};
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

  function percentAxis(value) {
    return fmt(value, 0) + " %";
  }

  // Tooltips are drawn on the canvas ("richText"), not as HTML: ECharts' HTML tooltips carry inline
  // style attributes, which the strict CSP (style-src 'self') blocks. Text is plain, lines end in "\n".
  var TOOLTIP = { renderMode: "richText", confine: true };

  function text(value) {
    return String(value == null ? "" : value);
  }

  // Long labels on several lines at word boundaries, at most `lines` lines (the last one ends in "…"
  // only when words are left over; the full text is in the tooltip and the data table).
  function wrap(value, width, lines) {
    var words = text(value).split(/\s+/);
    var out = [];
    var line = "";
    for (var i = 0; i < words.length; i++) {
      var candidate = line ? line + " " + words[i] : words[i];
      if (candidate.length > width && line) {
        out.push(line);
        line = words[i];
        if (out.length === lines) {
          out[lines - 1] += " …";
          return out.join("\n");
        }
      } else {
        line = candidate;
      }
    }
    if (line) {
      out.push(line);
    }
    return out.join("\n");
  }

  // "1. Công tác chỉ đạo" -> "1"
  function codeOf(label) {
    var match = /^([0-9.]+)\.\s/.exec(text(label));
    return match ? match[1] : text(label);
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
    var stages = data.stages || [];
    el.style.height = Math.max(160, count * 26 + 60) + "px";
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (params) {
          var p = params[0];
          var i = p.dataIndex;
          var line = text(p.name) + "\n" + fmt(p.value) + " % · " + text(data.bands[i]);
          if (stages.length) {
            return line + "\n" + text(stages[i]) + (data.ranks[i] ? " · " + data.ranks[i] : "");
          }
          return (data.ranks[i] ? data.ranks[i] + ". " : "") + line;
        },
      },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: percentAxis } },
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
    var small = narrow();
    el.style.height = (small ? 340 : 500) + "px";
    return {
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var lines = [text(p.name)];
          data.indicators.forEach(function (indicator, i) {
            lines.push(text(small ? codeOf(indicator.name) : indicator.name) + ": " + fmt(p.value[i]) + " %");
          });
          return lines.join("\n");
        },
      },
      legend: { bottom: 0, data: data.series.map(function (s) { return s.name; }) },
      radar: {
        indicator: data.indicators,
        center: ["50%", "47%"],
        radius: small ? "62%" : "54%",
        // On a phone each area shows its number; the table under the chart names them.
        axisName: {
          color: "#212529",
          fontSize: small ? 11 : 12,
          lineHeight: small ? 14 : 16,
          formatter: function (name) { return small ? codeOf(name) : wrap(name, 22, 6); },
        },
        axisNameGap: 10,
        axisLabel: { show: false },
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
    var small = narrow();
    el.style.height = Math.max(240, data.units.length * (small ? 28 : 24) + 110) + "px";
    var names = data.area_names || data.areas;
    var labelWidth = small ? 96 : 220;
    var columnWidth = Math.max(40, (el.clientWidth - labelWidth - 12) / Math.max(1, data.areas.length));
    return {
      tooltip: {
        position: "top",
        formatter: function (p) {
          return text(data.units[p.value[1]]) + "\n" + text(names[p.value[0]]) + ": " + fmt(p.value[2]) + " %";
        },
      },
      // The unit names get a fixed margin (containLabel with a truncated width clips their start).
      grid: { left: labelWidth + 8, right: 4, top: small ? 28 : 64, bottom: 56 },
      // Area numbers on top on a phone (their names are listed above the chart), wrapped names on wider screens.
      xAxis: {
        type: "category",
        position: "top",
        data: small ? data.areas : names,
        axisLabel: small
          ? { fontSize: 11 }
          : { fontSize: 11, interval: 0, width: columnWidth - 6, overflow: "break", lineHeight: 13 },
        splitArea: { show: true },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.units,
        axisLabel: { width: labelWidth, overflow: "truncate", fontSize: small ? 10 : 12 },
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: 100,
        calculable: true,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: small ? 120 : 200,
        formatter: function (value) { return fmt(value, 0) + " %"; },
        inRange: { color: ["#dc3545", "#ffc107", "#198754"] },
      },
      series: [
        {
          type: "heatmap",
          data: data.values,
          label: {
            show: true,
            fontSize: small ? 9 : 10,
            color: "#000",
            // Whole numbers on a phone so every cell keeps its figure.
            formatter: function (p) { return fmt(p.value[2], small ? 0 : 1); },
          },
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
          return text(p.name) + "\n" + text(data.name) + ": " + fmt(p.value) + " %";
        },
      },
      grid: { left: 8, right: 24, top: 24, bottom: 24, containLabel: true },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: percentAxis } },
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
