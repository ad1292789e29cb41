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

  function link(href, text, figure) {
    return href ? el("a", { href: href, "data-figure": figure }, [text]) : document.createTextNode(String(text));
  }

  function money(text) {
    var n = Number(text);
    return isNaN(n) ? text : n.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function rate(r) {
    return r.rate === null ? L.none : (r.rate * 100).toFixed(1) + "%";
  }

  function rateTitle(r, part, whole) {
    return r[part] + " / " + r[whole];
  }

  function kpis(t) {
    var box = document.getElementById("dash-kpis");
    box.textContent = "";
    var cards = [
      ["received", t.received, t.cases],
      ["backlog_open", t.backlog_open, t.open_cases],
      ["backlog_overdue", t.backlog_overdue, t.overdue_cases],
      ["workers_helped", t.workers_helped, null],
      ["wages_recovered", money(t.wages_recovered), null],
      ["response", rate(t.response), null, rateTitle(t.response, "timely", "due")],
      ["resolution", rate(t.resolution), null, rateTitle(t.resolution, "resolved", "closed")],
      ["satisfaction", rate(t.satisfaction), null, rateTitle(t.satisfaction, "satisfied", "asked")]
    ];
    cards.forEach(function (c) {
      var value = el("span", { "class": "kpi-value" }, [link(c[2], c[1], c[0])]);
      var label = el("span", { "class": "kpi-label" }, [L[c[0]]]);
      var children = [value, label];
      if (c[3]) children.push(el("span", { "class": "kpi-sub" }, [c[3]]));
      box.appendChild(el("div", { "class": "kpi card", "data-kpi": c[0] }, children));
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

  function figureCells(row) {
    return [
      link(row.cases, row.received, "received"),
      link(row.open_cases, row.backlog_open, "backlog_open"),
      link(row.overdue_cases, row.backlog_overdue, "backlog_overdue"),
      String(row.on_time),
      String(row.overdue),
      money(row.wages_recovered),
      rate(row.response),
      rate(row.resolution),
      rate(row.satisfaction)
    ];
  }

  function heads(first) {
    return [first].concat(FIGURE_HEAD.map(function (k) { return L[k]; }));
  }

  function areas(rows) {
    table("dash-areas", heads(L.area), rows.map(function (r) {
      var name = r.dashboard ? el("a", { href: r.dashboard, "data-drill": r.code }, [r.name]) : document.createTextNode(r.name + (r.own_level ? L.own_level : ""));
      return { attrs: { "data-area": r.code }, cells: [name].concat(figureCells(r)) };
    }));
  }

  function units(rows) {
    table("dash-units", heads(L.unit), rows.map(function (r) {
      return { attrs: { "data-unit": r.unit }, cells: [el("a", { href: r.cases, "data-drill-unit": r.unit }, [r.name])].concat(figureCells(r)) };
    }));
  }

  function kinds(rows) {
    table("dash-kind-table", [L.kind, L.received, L.backlog_open, L.backlog_overdue, L.closed, L.resolved, L.wages_owed, L.wages_recovered], rows.map(function (r) {
      return { attrs: { "data-kind": r.kind }, cells: [r.label, link(r.cases, r.received, "received"), String(r.backlog_open), String(r.backlog_overdue), String(r.closed), String(r.resolved), money(r.wages_owed), money(r.wages_recovered)] };
    }));
  }

  function statuses(rows) {
    table("dash-status", [L.kind, L.status, L.count], rows.map(function (r) {
      return { attrs: { "data-status": r.kind + ":" + r.status }, cells: [r.kind_label, r.label, link(r.cases, r.count, "status")] };
    }));
  }

  function chart(id) {
    if (typeof echarts === "undefined") return null;
    var node = document.getElementById(id);
    if (!charts[id]) charts[id] = echarts.init(node, null, { renderer: "svg" });
    return charts[id];
  }

  function drawMap(rows) {
    var c = chart("dash-map");
    if (!c || !echarts.getMap("枣庄")) return;
    var byName = {};
    rows.forEach(function (r) { byName[r.name] = r; });
    var data = rows.filter(function (r) { return !r.own_level || rows.length === 1; }).map(function (r) {
      return { name: r.name, value: r.backlog_open, overdue: r.backlog_overdue, url: r.dashboard };
    });
    var max = Math.max(1, Math.max.apply(null, data.map(function (d) { return d.value; }).concat([0])));
    c.setOption({
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var d = p.data || {};
          return p.name + "<br>" + L.backlog_open + "：" + (d.value || 0) + "<br>" + L.backlog_overdue + "：" + (d.overdue || 0);
        }
      },
      visualMap: { min: 0, max: max, left: 8, bottom: 8, text: [String(max), "0"], inRange: { color: ["#fdf3e7", "#f0a35e", "#b8322a"] }, calculable: false },
      series: [{
        type: "map", map: "枣庄", roam: false, selectedMode: false,
        label: { show: true, fontSize: 11, formatter: function (p) { var d = p.data || {}; return p.name + "\n" + (d.value || 0) + " / " + (d.overdue || 0); } },
        emphasis: { label: { show: true } },
        data: data
      }]
    }, true);
    c.off("click");
    c.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  }

  function drawSeries(points) {
    var c = chart("dash-series");
    if (!c) return;
    c.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [L.received, L.closed] },
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
      legend: { data: [L.received, L.backlog_open, L.backlog_overdue] },
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

  function drawMarkets(rows) {
    var c = chart("dash-markets");
    if (!c) return;
    c.setOption({
      tooltip: { trigger: "item" },
      series: [{ name: L.markets, type: "pie", radius: ["35%", "65%"], data: rows.map(function (r) { return { name: r.label, value: r.count }; }) }]
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

  function start() {
    render(report);
    document.addEventListener("gigcase:notification", soon);
    setInterval(function () { if (!document.hidden) refresh(); }, POLL_MS);
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (k) { charts[k].resize(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
