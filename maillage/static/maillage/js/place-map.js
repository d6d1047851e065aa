// Point of a place ([data-place-map]): clicking the map fills the latitude and longitude inputs,
// typing in them moves the point. The map opens on the point, else on the chosen commune's centre
// (kept on the hidden commune input by commune-picker.js). The inputs stay the way to type it.
(function () {
  "use strict";
  var element = document.querySelector("[data-place-map]");
  if (!element || !window.L) { return; }
  var latInput = document.getElementById(element.dataset.latInput);
  var lonInput = document.getElementById(element.dataset.lonInput);
  var codeInput = document.getElementById(element.dataset.communeInput);
  var status = document.getElementById("carte-point-etat");
  if (!latInput || !lonInput) { return; }

  function number(input) {
    var value = parseFloat((input.value || "").replace(",", "."));
    return isFinite(value) ? value : null;
  }
  function centre() {
    if (!codeInput || !codeInput.dataset.lat) { return null; }
    return [parseFloat(codeInput.dataset.lat), parseFloat(codeInput.dataset.lon)];
  }

  var map = L.map(element, { scrollWheelZoom: false, maxZoom: 19, minZoom: 4 });
  var tilesUrl = element.dataset.tilesUrl;
  if (tilesUrl) {
    var tiles = L.tileLayer(tilesUrl, { attribution: element.dataset.tilesAttribution || "", maxZoom: 19 });
    tiles.on("tileerror", function () { element.classList.add("map--no-tiles"); });
    tiles.addTo(map);
  } else {
    element.classList.add("map--no-tiles");
  }
  var point = null;
  var centreMark = null;

  function showCentre() {
    var at = centre();
    if (!at) { return; }
    if (centreMark) {
      centreMark.setLatLng(at);
    } else {
      centreMark = L.circleMarker(at, { radius: 5, weight: 1, color: "#3a3a3a", dashArray: "3", fillOpacity: 0.2 })
        .bindTooltip("Centre de la commune").addTo(map);
    }
  }
  function showPoint(latlng) {
    if (point) {
      point.setLatLng(latlng);
    } else {
      point = L.circleMarker(latlng, { radius: 9, weight: 3, color: "#000091", fillColor: "#6a6af4", fillOpacity: 0.9 })
        .bindTooltip("Le lieu").addTo(map);
    }
  }

  map.on("click", function (event) {
    var lat = event.latlng.lat.toFixed(6);
    var lon = event.latlng.lng.toFixed(6);
    latInput.value = lat;
    lonInput.value = lon;
    showPoint(event.latlng);
    element.dataset.point = lat + "," + lon;
    if (status) { status.textContent = "Point placé : latitude " + lat + ", longitude " + lon + "."; }
  });
  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var lat = number(latInput);
      var lon = number(lonInput);
      if (lat !== null && lon !== null) {
        showPoint([lat, lon]);
        map.panTo([lat, lon]);
      }
    });
  });
  document.addEventListener("commune:picked", function (event) {
    if (event.target !== codeInput) { return; }
    showCentre();
    var at = centre();
    if (at && (number(latInput) === null || number(lonInput) === null)) { map.setView(at, 14); }
    element.dataset.centre = at ? at.join(",") : "";
  });

  var lat = number(latInput);
  var lon = number(lonInput);
  var at = centre();
  if (lat !== null && lon !== null) {
    showPoint([lat, lon]);
    map.setView([lat, lon], 16);
  } else if (at) {
    map.setView(at, 14);
  } else {
    map.setView([46.6, 2.4], 5);
  }
  showCentre();
  element.dataset.centre = at ? at.join(",") : "";
  element.dataset.ready = "1";
})();
