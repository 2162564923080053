/*
 * Northumberland Living Archive Data Observatory: draw areas sent in the compact
 * encoding of geo/encoding.py (shared arcs as encoded polylines).
 *
 * ObservatoryAreas.layer(map, geometry, data, options) adds one Leaflet polygon per area,
 * filled by its class colour, with a tooltip, and returns the feature group. Each polygon
 * carries feature.properties.code, so a click reports which area it was.
 */
(function () {
  "use strict";

  // 6-bit chunks are written with the URL-safe base64 alphabet (see geo/encoding.py).
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var INDEX = {};
  for (var k = 0; k < ALPHABET.length; k++) { INDEX[ALPHABET.charAt(k)] = k; }

  function decodePolyline(text, scale) {
    var points = [], i = 0, x = 0, y = 0;
    function next() {
      var result = 0, shift = 0, chunk;
      do {
        chunk = INDEX[text.charAt(i++)];
        result += (chunk & 0x1f) * Math.pow(2, shift);
        shift += 5;
      } while (chunk >= 0x20);
      return result % 2 ? -(result + 1) / 2 : result / 2;
    }
    while (i < text.length) {
      x += next();
      y += next();
      points.push([y / scale, x / scale]);  // Leaflet wants [lat, lng]
    }
    return points;
  }

  function ring(arcs, refs) {
    var out = [];
    refs.forEach(function (ref) {
      var arc = ref >= 0 ? arcs[ref] : arcs[~ref].slice().reverse();
      out = out.concat(out.length ? arc.slice(1) : arc);
    });
    return out;
  }

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;  // escaped for the tooltip's HTML
  }

  function layer(map, geometry, data, options) {
    var arcs = geometry.arcs.map(function (a) { return decodePolyline(a, geometry.scale); });
    var group = L.featureGroup();
    var labels = data.labels;
    geometry.shapes.forEach(function (shape, i) {
      var latlngs = shape.map(function (polygon) {
        return polygon.map(function (refs) { return ring(arcs, refs); });
      });
      var cls = data.classes[i];
      var style = {
        fillColor: cls === null ? options.missing : options.colours[cls],
        fillOpacity: 0.85, color: "#ffffff", weight: 0.7
      };
      var polygon = L.polygon(latlngs, style);
      polygon.feature = {type: "Feature", properties: {code: data.codes[i], name: data.names[i]}};
      polygon.bindTooltip(
        "<b>" + text(data.names[i]) + "</b><br>" +
        text(labels.value) + ": " + text(data.values[i]) + "<br>" +
        (data.ranks[i] ? text(labels.rank) + ": " + text(data.ranks[i]) + "<br>" : "") +
        text(labels.code) + ": " + text(data.codes[i]),
        {sticky: false}
      );
      polygon.on("mouseover", function () { polygon.setStyle({weight: 3, color: "#000000"}); });
      polygon.on("mouseout", function () { polygon.setStyle(style); });
      group.addLayer(polygon);
    });
    return group.addTo(map);
  }

  window.ObservatoryAreas = {layer: layer, decodePolyline: decodePolyline};
})();
