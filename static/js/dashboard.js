/* gigcase — the statistics dashboard (统计看板).
 *
 * Draws the report of GET /api/v1/stats/ (embedded in the page as #dash-data) as figures,
 * tables and Apache ECharts charts: the districts of 枣庄 coloured by open cases, the
 * received/closed series, the kinds, the markets. Every number links to the case list
 * filtered to the cases behind it; a district leads to its own dashboard.
 *
 * Live: the report is fetched again when a notification arrives on the page's socket
 * (notifications.js dispatches "gigcase:notification") and, because a leader is not told
 * of every case that moves, every POLL_MS while the page is visible.
 */
(function () {
  "use strict";

  var root = document.getElementById("dash-root");
  var source = document.getElementById("dash-data");
  if (!root || !source) return;
  var L = JSON.parse(document.getElementById("dash-labels").textContent);
  var report = JSON.parse(source.textContent);
  var POLL_MS = 60000;
  var charts = {};
  var refreshes = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  /* A number as a link to the cases behind it. Its accessible name says what it counts and
   * where ("薛城区 超时 3"), and contains the visible number (WCAG 2.5.3). */
  function link(href, text, figure, where) {
    if (!href) return document.createTextNode(String(text));
    var name = [where, L[figure] || "", String(text)].filter(Boolean).join(" ");
    return el("a", { href: href, "data-figure": figure, "aria-label": name }, [String(text)]);
  }

  function money(text) {
    var n = Number(text);
    return isNaN(n) ? text : n.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function rate(r) {
    return r.rate === null ? L.none : (r.rate * 100).toFixed(1) + "%";
  }

  /* The three rates (三率): each rate, its numerator and its denominator, with the links of
   * the row to the cases behind them. The rate itself leads to the cases it is measured
   * over (the denominator), the numerator to those that met it. */
  var RATES = {
    response: { part: "timely", whole: "due", partLink: "response_timely_cases", wholeLink: "response_due_cases", partLabel: "response_timely", wholeLabel: "response_due" },
    resolution: { part: "resolved", whole: "closed", partLink: "resolved_cases", wholeLink: "closed_cases", partLabel: "resolved", wholeLabel: "closed" },
    satisfaction: { part: "satisfied", whole: "asked", partLink: "satisfied_cases", wholeLink: "follow_up_cases", partLabel: "satisfied", wholeLabel: "follow_up" }
  };

  function rateLink(row, key, where) {
    var r = row[key], spec = RATES[key], text = rate(r);
    if (r.rate === null || !row[spec.wholeLink]) return document.createTextNode(text);
    var over = L.rate_over.replace("%(rate)s", text).replace("%(label)s", L[spec.wholeLabel]).replace("%(count)s", String(r[spec.whole]));
    var name = [where, L[key], over].filter(Boolean).join(" ");
    return el("a", { href: row[spec.wholeLink], "data-figure": key, "aria-label": name }, [text]);
  }

  function rateParts(row, key, where) {
    var r = row[key], spec = RATES[key];
    var part = r[spec.part] ? link(row[spec.partLink], r[spec.part], spec.partLabel, where) : document.createTextNode(String(r[spec.part]));
    return el("span", { "class": "rate-parts", "data-rate": key }, [part, " / " + r[spec.whole]]);
  }

  function rateCell(row, key, where) {
    return el("span", { "class": "rate-cell" }, [rateLink(row, key, where), " ", rateParts(row, key, where)]);
  }

  function kpis(t) {
    var box = document.getElementById("dash-kpis");
    var where = report.jurisdiction.name;
    box.textContent = "";
    var cards = [
      ["received", t.received, t.cases],
      ["backlog_open", t.backlog_open, t.open_cases],
      ["backlog_overdue", t.backlog_overdue, t.overdue_cases],
      ["workers_helped", t.workers_helped, t.helped_cases],
      ["wages_recovered", money(t.wages_recovered), t.wages_cases],
      ["wages_paid", money(t.wages_paid), t.paid_cases]
    ];
    cards.forEach(function (c) {
      var value = el("span", { "class": "kpi-value" }, [link(c[2], c[1], c[0], where)]);
      var label = el("span", { "class": "kpi-label" }, [L[c[0]]]);
      box.appendChild(el("div", { "class": "kpi card", "data-kpi": c[0] }, [value, label]));
    });
    Object.keys(RATES).forEach(function (key) {
      var value = el("span", { "class": "kpi-value" }, [rateLink(t, key, where)]);
      var label = el("span", { "class": "kpi-label" }, [L[key]]);
      var sub = el("span", { "class": "kpi-sub" }, [rateParts(t, key, where)]);
      box.appendChild(el("div", { "class": "kpi card", "data-kpi": key }, [value, label, sub]));
    });
  }

  function table(id, head, rows) {
    var t = document.getElementById(id);
    t.textContent = "";
    t.appendChild(el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col" }, [h]); }))]));
    t.appendChild(el("tbody", {}, rows.map(function (r) {
      return el("tr", r.attrs || {}, r.cells.map(function (c, i) {
        return i === 0 ? el("th", { scope: "row" }, [c]) : el("td", { "data-label": head[i] }, [c]);
      }));
    })));
  }

  var FIGURE_HEAD = ["received", "backlog_open", "backlog_overdue", "on_time", "overdue", "wages_recovered", "response", "resolution", "satisfaction"];

  function figureCells(row, where) {
    return [
      link(row.cases, row.received, "received", where),
      link(row.open_cases, row.backlog_open, "backlog_open", where),
      link(row.overdue_cases, row.backlog_overdue, "backlog_overdue", where),
      link(row.on_time_cases, row.on_time, "on_time", where),
      link(row.late_cases, row.overdue, "overdue", where),
      link(row.wages_cases, money(row.wages_recovered), "wages_recovered", where),
      rateCell(row, "response", where),
      rateCell(row, "resolution", where),
      rateCell(row, "satisfaction", where)
    ];
  }

  function heads(first) {
    return [first].concat(FIGURE_HEAD.map(function (k) { return L[k]; }));
  }

  function areas(rows) {
    table("dash-areas", heads(L.area), rows.map(function (r) {
      var name = r.dashboard ? el("a", { href: r.dashboard, "data-drill": r.code }, [r.name]) : document.createTextNode(r.name + (r.own_level ? L.own_level : ""));
      return { attrs: { "data-area": r.code }, cells: [name].concat(figureCells(r, r.name + (r.own_level ? L.own_level : ""))) };
    }));
  }

  function units(rows) {
    table("dash-units", heads(L.unit), rows.map(function (r) {
      return { attrs: { "data-unit": r.unit }, cells: [el("a", { href: r.cases, "data-drill-unit": r.unit }, [r.name])].concat(figureCells(r, r.name)) };
    }));
  }

  function kinds(rows) {
    table("dash-kind-table", [L.kind, L.received, L.backlog_open, L.backlog_overdue, L.closed, L.resolved, L.wages_owed, L.wages_recovered], rows.map(function (r) {
      var w = r.label;
      return { attrs: { "data-kind": r.kind }, cells: [r.label, link(r.cases, r.received, "received", w), link(r.open_cases, r.backlog_open, "backlog_open", w), link(r.overdue_cases, r.backlog_overdue, "backlog_overdue", w), link(r.closed_cases, r.closed, "closed", w), link(r.resolved_cases, r.resolved, "resolved", w), link(r.wages_cases, money(r.wages_owed), "wages_owed", w), link(r.wages_cases, money(r.wages_recovered), "wages_recovered", w)] };
    }));
  }

  function statuses(rows) {
    table("dash-status", [L.kind, L.status, L.count], rows.map(function (r) {
      return { attrs: { "data-status": r.kind + ":" + r.status }, cells: [r.kind_label, r.label, link(r.cases, r.count, "count", r.kind_label + " " + r.label)] };
    }));
  }

  function chart(id) {
    if (typeof echarts === "undefined") return null;
    var node = document.getElementById(id);
    if (!charts[id]) charts[id] = echarts.init(node, null, { renderer: "svg" });
    return charts[id];
  }

  /* The map's fills, light to dark, and the one colour of its labels: the darkest fill
   * keeps the labels at 5:1 contrast or more (WCAG AA asks 4.5:1). Districts outside the
   * report are filled grey. */
  var MAP_FILLS = ["#fdf3e7", "#f5b27a", "#e0684a"];
  var MAP_LABEL = "#1a1a1a";
  var MAP_OUTSIDE = "#e9ecef";

  /* The map's districts that this report covers, with their figures: the asked
   * jurisdiction's children (a city's districts, zero when they have no case), or the
   * asked district itself. The others lie outside the report (another district, out of
   * the caller's reach or not asked for): ECharts hands their labels an item without our
   * `inReport`, and they show no numbers, not "0 / 0". */
  function mapData(rows) {
    var map = echarts.getMap("枣庄");
    var features = (map && map.geoJSON && map.geoJSON.features) || [];
    var place = report.jurisdiction, shown = {};
    (place.children || []).forEach(function (c) {
      shown[c.name] = { name: c.name, value: 0, overdue: 0, url: null, inReport: true };
    });
    rows.forEach(function (r) {
      if (!r.own_level && shown[r.name]) {
        shown[r.name] = { name: r.name, value: r.backlog_open, overdue: r.backlog_overdue, url: r.dashboard, inReport: true };
      }
    });
    shown[place.name] = { name: place.name, value: report.totals.backlog_open, overdue: report.totals.backlog_overdue, url: null, inReport: true };
    return features.map(function (f) { return f.properties && shown[f.properties.name]; }).filter(Boolean);
  }

  function drawMap(rows) {
    var c = chart("dash-map");
    if (!c || !echarts.getMap("枣庄")) return;
    var data = mapData(rows);
    var max = Math.max(1, Math.max.apply(null, data.map(function (d) { return d.value; }).concat([0])));
    c.setOption({
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var d = p.data;
          if (!d || !d.inReport) return p.name + "<br>" + L.outside_report;
          return p.name + "<br>" + L.backlog_open + "：" + d.value + "<br>" + L.backlog_overdue + "：" + d.overdue;
        }
      },
      visualMap: { min: 0, max: max, left: 8, bottom: 8, text: [String(max), "0"], inRange: { color: MAP_FILLS }, calculable: false },
      series: [{
        type: "map", map: "枣庄", roam: false, selectedMode: false,
        itemStyle: { areaColor: MAP_OUTSIDE },
        label: { show: true, fontSize: 11, color: MAP_LABEL, formatter: function (p) { var d = p.data; return d && d.inReport ? p.name + "\n" + d.value + " / " + d.overdue : p.name; } },
        emphasis: { label: { show: true, color: MAP_LABEL }, itemStyle: { areaColor: "#ffd95a" } },
        data: data
      }]
    }, true);
    c.off("click");
    c.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  }

  /* The series lists every day (or month) of the period up to today, empty ones at zero,
   * so the category axis spaces them truly. A period with nothing received or closed says
   * so instead of drawing an empty axis. */
  function drawSeries(points) {
    var c = chart("dash-series");
    if (!c) return;
    var empty = !points.some(function (p) { return p.received || p.closed; });
    document.getElementById("dash-series").setAttribute("data-empty", String(empty));
    if (empty) {
      c.setOption({
        title: { text: L.no_data, left: "center", top: "middle", textStyle: { color: "#555", fontSize: 14, fontWeight: "normal" } }
      }, true);
      return;
    }
    c.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [L.received, L.closed] },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: points.map(function (p) { return p.period; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: L.received, type: "line", data: points.map(function (p) { return p.received; }) },
        { name: L.closed, type: "line", data: points.map(function (p) { return p.closed; }) }
      ]
    }, true);
  }

  function drawKinds(rows) {
    var c = chart("dash-kinds");
    if (!c) return;
    c.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [L.received, L.backlog_open, L.backlog_overdue] },
      grid: { left: 100, right: 16, top: 32, bottom: 24 },
      yAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
      xAxis: { type: "value", minInterval: 1 },
      series: [
        { name: L.received, type: "bar", data: rows.map(function (r) { return r.received; }) },
        { name: L.backlog_open, type: "bar", data: rows.map(function (r) { return r.backlog_open; }) },
        { name: L.backlog_overdue, type: "bar", data: rows.map(function (r) { return r.backlog_overdue; }) }
      ]
    }, true);
  }

  /* The statuses are named in a legend under the ring, with their counts, rather than in
   * labels around it, which a phone's width cut to "已…". */
  function drawMarkets(rows) {
    var c = chart("dash-markets");
    if (!c) return;
    var counts = {};
    rows.forEach(function (r) { counts[r.label] = r.count; });
    c.setOption({
      tooltip: { trigger: "item" },
      legend: { bottom: 0, left: "center", itemGap: 12, formatter: function (name) { return name + " " + counts[name]; } },
      series: [{
        name: L.markets, type: "pie", radius: ["30%", "58%"], center: ["50%", "44%"],
        label: { show: false }, labelLine: { show: false },
        data: rows.map(function (r) { return { name: r.label, value: r.count }; })
      }]
    }, true);
  }

  function render(r) {
    kpis(r.totals);
    areas(r.by_jurisdiction);
    units(r.by_unit);
    kinds(r.by_kind);
    statuses(r.by_status);
    drawMap(r.by_jurisdiction);
    drawSeries(r.by_period);
    drawKinds(r.by_kind);
    drawMarkets(r.markets);
    var live = document.getElementById("dash-live");
    live.textContent = L.updated + " " + new Date().toLocaleTimeString("zh-CN", { hour12: false });
    root.setAttribute("data-rendered", String(refreshes));
  }

  var pending = null;
  function refresh() {
    var url = root.getAttribute("data-api") + "?jurisdiction=" + encodeURIComponent(report.jurisdiction.code) + "&period=" + encodeURIComponent(report.period.text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (resp) { if (!resp.ok) throw new Error(String(resp.status)); return resp.json(); })
      .then(function (data) { report = data; refreshes += 1; render(report); })
      .catch(function () { document.getElementById("dash-live").textContent = L.stale; });
  }

  function soon() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(refresh, 500);
  }

  /* A link focused by keyboard in a table wider than the screen is scrolled fully into
   * view: the browser leaves one that is already partly visible clipped at the edge. */
  function revealFocused(e) {
    var t = e.target;
    if (t && t.closest && t.closest(".dash-table .table-wrap") && t.scrollIntoView) {
      t.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  function start() {
    render(report);
    document.addEventListener("focusin", revealFocused);
    document.addEventListener("gigcase:notification", soon);
    setInterval(function () { if (!document.hidden) refresh(); }, POLL_MS);
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (k) { charts[k].resize(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
