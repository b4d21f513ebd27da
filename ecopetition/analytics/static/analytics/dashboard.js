/* Command-centre dashboard: charts and the drill-down map, from the JSON the page embeds (no inline script). */
(function () {
  "use strict";
  var dataEl = document.getElementById("dash-data");
  if (!dataEl || typeof echarts === "undefined") { return; }
  var D = JSON.parse(dataEl.textContent);
  var charts = [];

  // Tooltips are drawn on the canvas (renderMode "richText"), never as HTML: a case title or a place name
  // can carry no markup into the page, and no inline style falls foul of the content security policy.
  var TIP = { renderMode: "richText" };
  function tip(extra) { return Object.assign({}, TIP, extra || {}); }

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var c = echarts.init(el, null, { renderer: "canvas" });
    c.setOption(option);
    charts.push(c);
    return c;
  }

  // Every bar and slice opens the case list behind it (D.drill: the list filtered to the area and period).
  function openCases(extra) { if (D.drill) { window.location.href = D.drill + extra; } }
  function keyed(c, rows, param) {
    if (c) { c.on("click", function (p) { var r = rows[p.dataIndex]; if (r && r.key) { openCases("&" + param + "=" + encodeURIComponent(r.key)); } }); }
  }

  var trend = chart("chart-trend", {
    tooltip: tip({ trigger: "axis" }), legend: { top: 0 },
    grid: { left: 40, right: 16, top: 30, bottom: 30 },
    xAxis: { type: "category", data: D.trend.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: D.labels.complaints, type: "bar", data: D.trend.n },
      { name: D.labels.closed, type: "line", data: D.trend.closed }
    ]
  });
  if (trend) {
    trend.on("click", function (p) {
      var m = D.trend.months[p.dataIndex];
      if (m) { openCases("&from=" + m + "&to=" + m + (p.seriesIndex === 1 ? "&measure=closed" : "")); }
    });
  }
  function bars(id, rows) {
    return chart(id, {
      tooltip: tip(), grid: { left: 110, right: 24, top: 10, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
      series: [{ type: "bar", data: rows.map(function (r) { return r.value; }), label: { show: true, position: "right" } }]
    });
  }
  keyed(bars("chart-category", D.category), D.category, "category");
  keyed(bars("chart-sector", D.sector), D.sector, "sector");
  keyed(chart("chart-channel", {
    tooltip: tip({ trigger: "item" }),
    series: [{ type: "pie", radius: ["35%", "65%"], data: D.channel.map(function (r) { return { name: r.name, value: r.value }; }) }]
  }), D.channel, "channel");

  // --- the map: province -> city -> county (-> town where boundaries are loaded) ---
  // The level is a division code kept in the page's URL (?map=), so a link or a reload opens the same
  // level and the browser's back button walks back up. The server checks the level against the user's
  // area (the page and the points answer refuse a level outside it); here only regions of the area are
  // offered. The choropleth and the case points are drawn for the level shown.
  var mapEl = document.getElementById("map");
  var title = document.getElementById("map-title");
  var crumbs = document.getElementById("map-crumbs");
  var drill = document.getElementById("map-drill");
  var up = document.getElementById("map-up");
  var note = document.getElementById("map-note");
  var M = D.map;
  var available = new Set(M.available);
  var names = M.names || {};
  // Each level is drawn on a fresh instance: clearing one under the mouse left its hover state pointing at
  // the old level's shapes, and the next mouse move threw inside ECharts.
  var mapChart = null;
  function freshMap() {
    var at = charts.indexOf(mapChart);
    if (mapChart) { mapChart.dispose(); }
    mapChart = echarts.init(mapEl);
    mapChart.on("click", onRegion);
    if (at < 0) { charts.push(mapChart); } else { charts[at] = mapChart; }
  }
  var current = null;
  var townValues = {};
  var byName = {};

  function prefix(code) {
    if (code.length === 6 && /0000$/.test(code)) { return code.slice(0, 2); }
    if (code.length === 6 && /00$/.test(code)) { return code.slice(0, 4); }
    return code;
  }
  function pad(p) { return p.length < 6 ? (p + "000000").slice(0, 6) : p; }
  var rootLen = M.root === "100000" ? 0 : prefix(M.root).length;
  function chain(code) {
    var out = [M.root], p = prefix(code);
    [2, 4, 6, 9].forEach(function (n) {
      if (n > rootLen && n <= p.length) { var c = pad(p.slice(0, n)); if (out.indexOf(c) < 0) { out.push(c); } }
    });
    return out;
  }
  function allowed(code) {
    // In the user's area, or on the way from the map's root down to it.
    var p = prefix(code), s = M.scope || "";
    return p.indexOf(s) === 0 || (s.indexOf(p) === 0 && p.length >= rootLen);
  }
  function valueFor(code) {
    if (code.length > 6) { return townValues[code] || 0; }
    var p = prefix(code), total = 0;
    Object.keys(M.values).forEach(function (k) { if (k.indexOf(p) === 0) { total += M.values[k]; } });
    return total;
  }
  function geoUrl(code) { return M.geoUrl.replace("000000", code); }
  function levelFromUrl() {
    var v = new URLSearchParams(window.location.search).get("map");
    return v && /^\d{6}(\d{3})?$/.test(v) ? v : M.root;  // no level in the address: the map's top
  }
  function urlFor(code) {
    var q = new URLSearchParams(window.location.search);
    if (code === M.root) { q.delete("map"); } else { q.set("map", code); }
    var s = q.toString();
    return window.location.pathname + (s ? "?" + s : "");
  }
  function pointsUrl(code) {
    var base = M.pointsUrl.split("?"), q = new URLSearchParams(base[1] || "");
    q.set("map", code);
    return base[0] + "?" + q.toString();
  }
  function fileFor(code) {
    // Its own boundary file when it is split into children; else the shape of it in its parent's file.
    if (available.has(code)) { return code; }
    var c = chain(code);
    for (var i = c.length - 2; i >= 0; i--) { if (available.has(c[i])) { return c[i]; } }
    return M.root;
  }

  function drawCrumbs(path) {
    while (crumbs.firstChild) { crumbs.removeChild(crumbs.firstChild); }
    path.forEach(function (c, i) {
      if (i) { crumbs.appendChild(document.createTextNode(" › ")); }
      var label = names[c] || c;
      if (i === path.length - 1) {
        var b = document.createElement("b"); b.textContent = label; b.setAttribute("aria-current", "location");
        crumbs.appendChild(b);
      } else {
        var a = document.createElement("a"); a.href = urlFor(c); a.textContent = label; a.setAttribute("data-code", c);
        crumbs.appendChild(a);
      }
    });
    title.textContent = names[path[path.length - 1]] || "";
  }

  var asked = 0;
  function show(code, how) {
    var ticket = ++asked;  // only the last level asked for is drawn (back/forward in quick succession)
    var file = fileFor(code);
    var split = file === code;
    Promise.all([
      fetch(geoUrl(file), { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(D.labels.mapFailed); }
        return r.json();
      }),
      fetch(pointsUrl(code), { credentials: "same-origin" }).then(function (r) {
        return r.json().then(function (j) { if (!r.ok) { throw new Error(j.error || D.labels.mapFailed); } return j; });
      })
    ]).then(function (res) {
      if (ticket !== asked) { return; }
      var geojson = res[0], pts = res[1];
      townValues = pts.values || {};
      var feats = (geojson.features || []).filter(function (f) {
        return f.properties && f.properties.name && (split || String(f.properties.adcode) === code);
      });
      feats.forEach(function (f) { names[String(f.properties.adcode)] = f.properties.name; });
      var name = "m" + code;
      echarts.registerMap(name, { type: "FeatureCollection", features: feats });
      var data = feats.map(function (f) {
        var ad = String(f.properties.adcode);
        return { name: f.properties.name, value: valueFor(ad), adcode: ad };
      });
      byName = {};
      data.forEach(function (d) { byName[d.name] = d.adcode; });
      var max = Math.max.apply(null, data.map(function (d) { return d.value; }).concat([1]));
      whenSized(function () { if (ticket === asked) { draw(code, name, data, max, pts, split, how); } });
    }).catch(function (e) { title.textContent = String(e.message || e); });
  }

  // ECharts laid out in a box of no size (a page being restored or left) builds a view it cannot invert and
  // throws on the next draw: wait for the box to have a size (frames do not run in a hidden page).
  function whenSized(fn, tries) {
    tries = tries || 0;
    if (mapEl.clientWidth > 0 && mapEl.clientHeight > 0) { fn(); return; }
    if (tries < 600) { window.requestAnimationFrame(function () { whenSized(fn, tries + 1); }); }
  }

  function draw(code, name, data, max, pts, split, how) {
    freshMap();
    mapChart.setOption({
      tooltip: tip({ trigger: "item", formatter: function (p) {
        return p.seriesType === "scatter" ? p.data.number + "\n" + p.data.title : p.name + ": " + (p.value || 0);
      } }),
      visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: true, seriesIndex: 0,
                   inRange: { color: ["#e0f3f8", "#fdae61", "#d73027"] } },
      geo: { map: name, roam: true, selectedMode: false, label: { show: true, fontSize: 10 }, itemStyle: { borderColor: "#7b8794" } },
      series: [
        { type: "map", geoIndex: 0, data: data },
        { type: "scatter", coordinateSystem: "geo", symbolSize: 6, itemStyle: { color: "#1f2933" }, data: pts.points || [] }
      ]
    });
    current = code;
    var path = chain(code);
    drawCrumbs(path);
    up.disabled = path.length < 2;
    while (drill.options.length > 1) { drill.remove(1); }
    if (split) {
      data.filter(function (d) { return allowed(d.adcode); }).forEach(function (d) {
        var o = document.createElement("option"); o.value = d.adcode; o.textContent = d.name; drill.appendChild(o);
      });
    }
    drill.value = "";
    drill.disabled = drill.options.length < 2;
    note.hidden = split;
    note.textContent = split ? "" : D.labels.noFiner;
    mapEl.setAttribute("data-points", String((pts.points || []).length));
    mapEl.setAttribute("data-level", code);
    if (how === "push" && urlFor(code) !== window.location.pathname + window.location.search) {
      window.history.pushState({ map: code }, "", urlFor(code));
    }
  }

  function go(code) { if (code && code !== current && allowed(code)) { show(code, "push"); } }

  function onRegion(p) {
    // A region answers through the geo component (the map series draws on it); a case point does not drill.
    if (p.seriesType === "scatter") { return; }
    var ad = (p.data && p.data.adcode) || byName[p.name];
    if (ad && ad !== current) { go(ad); }
  }

  if (mapEl) {
    drill.addEventListener("change", function () { go(drill.value); });
    up.addEventListener("click", function () {
      var path = chain(current || M.root);
      if (path.length > 1) { go(path[path.length - 2]); }
    });
    crumbs.addEventListener("click", function (e) {
      var a = e.target.closest("a[data-code]");
      if (a) { e.preventDefault(); go(a.getAttribute("data-code")); }
    });
    window.addEventListener("popstate", function () { show(levelFromUrl(), "pop"); });
    show(M.level || M.root, "load");
  }
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { var el = c.getDom(); if (el.clientWidth > 0 && el.clientHeight > 0) { c.resize(); } });
  });
})();
