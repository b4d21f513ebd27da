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

  // --- the map: province -> city -> county, coloured by complaints per division ---
  var mapEl = document.getElementById("map");
  var title = document.getElementById("map-title");
  var drill = document.getElementById("map-drill");
  var up = document.getElementById("map-up");
  var available = new Set(D.map.available);
  var stack = [];
  var points = [];
  var mapChart = mapEl ? echarts.init(mapEl) : null;
  if (mapChart) { charts.push(mapChart); }

  function prefixLen(code) {
    if (/0000$/.test(code)) { return 2; }
    if (/00$/.test(code)) { return 4; }
    return 6;
  }
  function valueFor(code) {
    var n = prefixLen(code), p = code.slice(0, n), total = 0;
    Object.keys(D.map.values).forEach(function (k) { if (k.slice(0, n) === p) { total += D.map.values[k]; } });
    return total;
  }
  function geoUrl(code) { return D.map.geoUrl.replace("000000", code); }

  function show(code) {
    fetch(geoUrl(code), { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("no map " + code); }
      return r.json();
    }).then(function (geojson) {
      var name = "m" + code;
      echarts.registerMap(name, geojson);
      var feats = (geojson.features || []).filter(function (f) { return f.properties && f.properties.name; });
      var data = feats.map(function (f) {
        var ad = String(f.properties.adcode);
        return { name: f.properties.name, value: valueFor(ad), adcode: ad };
      });
      var max = Math.max.apply(null, data.map(function (d) { return d.value; }).concat([1]));
      mapChart.clear();
      mapChart.setOption({
        tooltip: tip({ trigger: "item", formatter: function (p) {
          return p.seriesType === "scatter" ? p.data.number + "\n" + p.data.title : p.name + ": " + (p.value || 0);
        } }),
        visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: true, seriesIndex: 0,
                     inRange: { color: ["#e0f3f8", "#fdae61", "#d73027"] } },
        geo: { map: name, roam: true, label: { show: true, fontSize: 10 }, itemStyle: { borderColor: "#7b8794" } },
        series: [
          { type: "map", geoIndex: 0, data: data },
          { type: "scatter", coordinateSystem: "geo", symbolSize: 5, itemStyle: { color: "#1f2933" }, data: points }
        ]
      });
      mapEl.setAttribute("data-level", code);
      var here = stack.length ? stack[stack.length - 1] : null;
      if (here !== code) { stack.push(code); }
      title.textContent = stack.map(function (c) { return D.map.names && D.map.names[c] || c; }).join(" › ");
      up.disabled = stack.length < 2;
      while (drill.options.length > 1) { drill.remove(1); }
      data.filter(function (d) { return available.has(d.adcode); }).forEach(function (d) {
        var o = document.createElement("option"); o.value = d.adcode; o.textContent = d.name; drill.appendChild(o);
      });
      drill.disabled = drill.options.length < 2;
    }).catch(function (e) { title.textContent = String(e.message || e); });
  }

  if (mapChart) {
    D.map.names = D.map.names || {};
    mapChart.on("click", function (p) {
      if (p.data && p.data.adcode && available.has(p.data.adcode)) {
        D.map.names[p.data.adcode] = p.name; show(p.data.adcode);
      }
    });
    drill.addEventListener("change", function () {
      if (drill.value) { D.map.names[drill.value] = drill.options[drill.selectedIndex].textContent; show(drill.value); }
    });
    up.addEventListener("click", function () {
      if (stack.length > 1) { stack.pop(); show(stack[stack.length - 1]); }
    });
    fetch(D.map.pointsUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
      points = j.points || [];
    }).catch(function () { points = []; }).then(function () { show(D.map.root); });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
