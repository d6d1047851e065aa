// Map island: one Leaflet map fed by the GeoJSON view. Markers are vector circles, so they show
// even when no tile layer is configured or tiles cannot load.
(function () {
  "use strict";
  var element = document.querySelector("[data-map]");
  if (!element || !window.L) { return; }
  var status = document.getElementById("carte-etat");
  var lat = parseFloat(element.dataset.centerLat || "45.76");
  var lon = parseFloat(element.dataset.centerLon || "4.6");
  var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18, minZoom: 5 }).setView([lat, lon], element.dataset.centerLat ? 11 : 8);
  var tilesUrl = element.dataset.tilesUrl;
  if (tilesUrl) {
    var tiles = L.tileLayer(tilesUrl, { attribution: element.dataset.tilesAttribution || "", maxZoom: 18 });
    tiles.on("tileerror", function () { element.classList.add("map--no-tiles"); });
    tiles.addTo(map);
  } else {
    element.classList.add("map--no-tiles");
  }
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.name;
    var commune = document.createElement("p");
    commune.textContent = props.commune + (props.itinerant ? " — itinérant" : "");
    box.appendChild(link);
    box.appendChild(commune);
    ["status", "hours"].forEach(function (key) {
      if (!props[key]) { return; }
      var line = document.createElement("p");
      line.className = "map-popup-" + key;
      line.textContent = props[key];
      box.appendChild(line);
    });
    return box;
  }
  fetch(element.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: 8, weight: 2, color: "#000091",
            fillColor: feature.properties.itinerant ? "#ce0500" : "#6a6af4", fillOpacity: 0.9
          });
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      });
      cluster.addLayer(layer);
      map.addLayer(cluster);
      var count = data.features.length;
      if (count && !element.dataset.centerLat) { map.fitBounds(cluster.getBounds(), { padding: [20, 20] }); }
      element.dataset.markers = String(count);
      if (status) { status.textContent = count + (count > 1 ? " lieux affichés." : " lieu affiché."); }
    })
    .catch(function (error) {
      if (window.console) { console.error(error); }
      if (status) { status.textContent = "Les lieux n'ont pas pu être chargés. Utilisez la liste."; }
    });
})();
