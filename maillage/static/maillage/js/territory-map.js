// Territory map island: commune centres coloured by distance to the nearest place (vector circle
// markers, no tiles needed) from a GeoJSON view, plus the proposed sites listed in the page
// (rows with data-lat/data-lon). Pages swapped in by htmx get their map too.
(function () {
  "use strict";
  var COLOURS = { covered: "#18753c", near: "#fc5d00", far: "#ce0500", none: "#666666" };

  function popup(props) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = props.name + " (" + props.code + ")";
    var text = document.createElement("p");
    var distance = props.distance_km === null ? "aucun lieu" : "lieu le plus proche à " + props.distance_km.toFixed(1).replace(".", ",") + " km";
    text.textContent = props.population.toLocaleString("fr-FR") + " habitants — " + distance + (props.covered ? " (couverte)" : " (non couverte)");
    box.appendChild(title);
    box.appendChild(text);
    return box;
  }

  function init(element) {
    if (element.dataset.ready || !window.L) { return; }
    element.dataset.ready = "1";
    var status = element.parentNode.querySelector("[data-map-status]");
    var map = L.map(element, { preferCanvas: true, scrollWheelZoom: false, maxZoom: 16, minZoom: 5 }).setView([46.6, 2.5], 6);
    if (element.dataset.tilesUrl) {
      var tiles = L.tileLayer(element.dataset.tilesUrl, { attribution: element.dataset.tilesAttribution || "", maxZoom: 16 });
      tiles.on("tileerror", function () { element.classList.add("map--no-tiles"); });
      tiles.addTo(map);
    } else {
      element.classList.add("map--no-tiles");
    }
    var proposals = L.featureGroup();
    var rows = element.dataset.proposals ? document.querySelectorAll(element.dataset.proposals) : [];
    Array.prototype.forEach.call(rows, function (row) {
      L.circleMarker([parseFloat(row.dataset.lat), parseFloat(row.dataset.lon)], {
        radius: 11, weight: 3, color: "#000091", fillColor: "#ffffff", fillOpacity: 0.9
      }).bindPopup("Site proposé : " + row.dataset.label).addTo(proposals);
    });
    fetch(element.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var colour = COLOURS[feature.properties.band] || COLOURS.none;
            return L.circleMarker(latlng, { radius: 5, weight: 1, color: "#ffffff", fillColor: colour, fillOpacity: 0.9 });
          },
          onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
        }).addTo(map);
        proposals.addTo(map);
        // Communes without a centre come without geometry: listed in the page, not on the map.
        var shown = data.features.filter(function (feature) { return feature.geometry; }).length;
        if (shown) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
        element.dataset.markers = String(shown);
        element.dataset.proposalMarkers = String(rows.length);
        if (status) {
          status.textContent = shown + " communes affichées" + (rows.length ? ", " + rows.length + " sites proposés." : ".");
        }
      })
      .catch(function (error) {
        if (window.console) { console.error(error); }
        if (status) { status.textContent = "La carte n'a pas pu être chargée. Les tableaux donnent les mêmes informations."; }
      });
  }

  function initAll() { Array.prototype.forEach.call(document.querySelectorAll("[data-territory-map]"), init); }
  initAll();
  document.body.addEventListener("htmx:afterSettle", initAll);
})();
