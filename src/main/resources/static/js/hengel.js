// Hengel web UI behaviour, loaded on every page (no inline scripts: the CSP allows only 'self').
// - Sends the CSRF token with every htmx request (from the _csrf meta tags of the layout).
// - Draws every [data-chart] element with ECharts, on load and after each htmx swap; the JSON
//   spec is nl.hengel.web.Chart: {kind: bar|line, unit: count|percent|days, categories, series}.
// - Marks the current page in the navigation, and moves focus to a problem shown by htmx.
// - Pauses a polling region ([data-poll]) while one of its forms is open.
(function () {
  "use strict";

  function csrf() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    return token && header ? { header: header.content, token: token.content } : null;
  }

  var palette = ["#0b5cab", "#d9822b", "#2e8540", "#8a3ab9", "#b3261e", "#5f6b7a"];

  function format(unit, value) {
    if (value === null || value === undefined) return "–";
    if (unit === "percent") return (value * 100).toFixed(1) + " %";
    if (unit === "days") return value.toFixed(1) + " d";
    return value.toLocaleString();
  }

  function option(spec) {
    var many = spec.series.length > 1;
    return {
      color: palette,
      animation: false,
      textStyle: { fontFamily: "system-ui, sans-serif", color: "#1b1f24" },
      grid: { left: 8, right: 16, top: many ? 36 : 16, bottom: 8, containLabel: true },
      legend: many ? { top: 0, type: "scroll" } : undefined,
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: function (v) { return format(spec.unit, v); }
      },
      xAxis: {
        type: "category",
        data: spec.categories,
        axisLabel: { interval: 0, hideOverlap: true, rotate: spec.categories.length > 8 ? 35 : 0 }
      },
      yAxis: {
        type: "value",
        max: spec.unit === "percent" ? 1 : undefined,
        axisLabel: { formatter: function (v) { return format(spec.unit, v); } }
      },
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: spec.kind,
          data: s.values,
          connectNulls: true,
          barMaxWidth: 48,
          label: { show: !many && spec.categories.length <= 12, position: "top",
                   formatter: function (p) { return format(spec.unit, p.value); } }
        };
      })
    };
  }

  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = JSON.parse(el.dataset.chart);
      var empty = spec.series.every(function (s) {
        return s.values.every(function (v) { return v === null || v === 0; });
      });
      var existing = echarts.getInstanceByDom(el);
      if (existing) existing.dispose();
      if (empty) {
        el.innerHTML = '<p class="empty">No data for these filters.</p>';
        el.style.height = "auto";
        return;
      }
      echarts.init(el, null, { renderer: "svg" }).setOption(option(spec));
      el.dataset.drawn = "true";
    });
  }

  function markNavigation() {
    var page = document.querySelector("main[data-page]");
    if (!page) return;
    document.querySelectorAll("nav [data-nav]").forEach(function (a) {
      if (a.dataset.nav === page.dataset.page) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    markNavigation();
    draw(document);
    window.addEventListener("resize", function () {
      document.querySelectorAll("[data-drawn]").forEach(function (el) {
        var chart = echarts.getInstanceByDom(el);
        if (chart) chart.resize();
      });
    });
    if (!window.htmx) return;
    document.body.addEventListener("htmx:configRequest", function (e) {
      var c = csrf();
      if (c) e.detail.headers[c.header] = c.token;
    });
    // A successful request clears an earlier problem; a problem swapped into #problems gets focus.
    // A polling region ([data-poll], e.g. the inbox's due times) skips its refresh while a form in
    // it is open or focused, so a half-typed reason is not swapped away, and leaves problems shown.
    document.body.addEventListener("htmx:beforeRequest", function (e) {
      var elt = e.detail.elt;
      if (elt && elt.hasAttribute && elt.hasAttribute("data-poll")) {
        if (elt.querySelector("details[open]") || elt.contains(document.activeElement)
            && document.activeElement.closest("form")) {
          e.preventDefault();
        }
        return;
      }
      document.getElementById("problems").innerHTML = "";
    });
    htmx.onLoad(function (el) {
      if (el.closest && el.closest("#problems")) {
        var problem = el.querySelector ? el.querySelector(".problem") || el : el;
        if (problem.focus) problem.focus();
        return;
      }
      if (el !== document.body) draw(el);
    });
  });
})();
