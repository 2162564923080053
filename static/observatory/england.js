/*
 * Northumberland Living Archive Data Observatory: the England map (33,755 LSOAs).
 *
 * ObservatoryEngland.layer(map, options) draws the tile set made by geo/englandtiles.py:
 *   - below options.detailZoom, PNG tiles of every LSOA filled by its England decile;
 *   - from options.detailZoom on, the real LSOA outlines of the viewport, fetched as
 *     detail tiles (the compact shared-arc encoding, decoded by areas.js) and drawn on
 *     one canvas, each with a tooltip;
 *   - local authority outlines over both, for orientation.
 * All files come from the app's own static folder: no tile server, no internet.
 *
 * For tests and the benchmark the map's container says what it shows:
 * data-england-state ("loading" or "drawn"), data-england-level ("overview" or
 * "detail"), data-england-zoom, data-england-features (LSOAs drawn) and
 * data-england-ms (time from the end of the last gesture to the view drawn).
 */
(function () {
  "use strict";

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  function decode(doc) {
    var arcs = doc.arcs.map(function (a) {
      return ObservatoryAreas.decodePolyline(a, doc.scale);
    });
    function ring(refs) {
      var out = [];
      refs.forEach(function (ref) {
        var arc = ref >= 0 ? arcs[ref] : arcs[~ref].slice().reverse();
        out = out.concat(out.length ? arc.slice(1) : arc);
      });
      return out;
    }
    return doc.shapes.map(function (shape) {
      return shape.map(function (polygon) { return polygon.map(ring); });
    });
  }

  function layer(map, options) {
    var container = map.getContainer();
    var base = options.base;
    var measure = options.measure;  // position of the measure in each LSOA's deciles
    var renderer = L.canvas({padding: 0.2});
    var lines = L.canvas({padding: 0.2});
    var detailGroup = L.layerGroup();
    var tiles = {};      // "x_y" -> {promise, codes (once loaded)}
    var features = {};   // code -> {layer, refs}
    var available = null;  // set of detail tiles that exist
    var outlinesReady = false;
    var gestureEnd = performance.now();
    var generation = 0;

    var overview = L.tileLayer(base + "/overview/" + options.measureId + "/{z}/{x}/{y}.png", {
      minNativeZoom: options.overviewZooms[0],
      maxNativeZoom: options.overviewZooms[options.overviewZooms.length - 1],
      maxZoom: options.detailZoom - 1,
      bounds: L.latLngBounds(
        [options.bounds[1], options.bounds[0]], [options.bounds[3], options.bounds[2]]
      ),
      opacity: 0.9,
      attribution: options.attribution,
      className: "england-overview"
    });

    function colour(digit) {
      if (digit === "-" || digit === undefined) { return options.missing; }
      var decile = digit === "0" ? 10 : parseInt(digit, 10);
      return options.colours[decile - 1];
    }

    function say(state) {
      container.dataset.englandState = state;
      container.dataset.englandZoom = String(map.getZoom());
      container.dataset.englandLevel = map.getZoom() >= options.detailZoom ? "detail" : "overview";
      container.dataset.englandFeatures = String(detailGroup.getLayers().length);
      if (state === "drawn") {
        container.dataset.englandMs = String(Math.round(performance.now() - gestureEnd));
      }
    }

    function drawn(token) {
      // Painted on the next frame: the canvas renderer redraws on animation frames.
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { if (token === generation) { say("drawn"); } });
      });
    }

    function addFeatures(key, doc) {
      var shapes = decode(doc);
      var codes = doc.codes;
      codes.forEach(function (code, i) {
        var known = features[code];
        if (known) { known.refs += 1; return; }
        var style = {
          renderer: renderer, fillColor: colour(doc.deciles[i].charAt(measure)),
          fillOpacity: 0.85, color: "#ffffff", weight: 0.6
        };
        var polygon = L.polygon(shapes[i], style);
        polygon.feature = {type: "Feature", properties: {code: code, name: doc.names[i]}};
        var digit = doc.deciles[i].charAt(measure);
        polygon.bindTooltip(
          "<b>" + text(doc.names[i]) + "</b><br>" + text(options.label) + ": " +
          (digit === "-" ? "no data" : "decile " + (digit === "0" ? 10 : digit) + " of 10") +
          "<br>Code: " + text(code),
          {sticky: true}
        );
        polygon.on("mouseover", function () { polygon.setStyle({weight: 2.5, color: "#000000"}); });
        polygon.on("mouseout", function () { polygon.setStyle({weight: 0.6, color: "#ffffff"}); });
        features[code] = {layer: polygon, refs: 1};
        detailGroup.addLayer(polygon);
      });
      tiles[key].codes = codes;
    }

    function dropTile(key) {
      var tile = tiles[key];
      delete tiles[key];
      if (!tile || !tile.codes) { return; }
      tile.codes.forEach(function (code) {
        var known = features[code];
        if (known && --known.refs === 0) {
          detailGroup.removeLayer(known.layer);
          delete features[code];
        }
      });
    }

    function neededTiles() {
      var z = options.detailZoom;
      var bounds = map.getPixelBounds();
      var scale = Math.pow(2, z - map.getZoom());
      var size = 256;
      var x0 = Math.floor(bounds.min.x * scale / size), x1 = Math.floor(bounds.max.x * scale / size);
      var y0 = Math.floor(bounds.min.y * scale / size), y1 = Math.floor(bounds.max.y * scale / size);
      var keys = [];
      for (var x = x0; x <= x1; x++) {
        for (var y = y0; y <= y1; y++) {
          var key = x + "_" + y;
          if (available[key]) { keys.push(key); }
        }
      }
      return keys;
    }

    function showDetail(token) {
      var keys = neededTiles();
      var wanted = {};
      keys.forEach(function (key) { wanted[key] = true; });
      Object.keys(tiles).forEach(function (key) { if (!wanted[key]) { dropTile(key); } });
      var pending = keys.map(function (key) {
        if (!tiles[key]) {
          var tile = {};
          tile.promise = fetch(base + "/detail/" + key + ".json")
            .then(function (reply) { return reply.json(); })
            .then(function (doc) { if (tiles[key] === tile) { addFeatures(key, doc); } })
            .catch(function () { if (tiles[key] === tile) { delete tiles[key]; } });
          tiles[key] = tile;
        }
        return tiles[key].promise;
      });
      Promise.all(pending).then(function () { drawn(token); });
    }

    function update() {
      var token = ++generation;
      gestureEnd = performance.now();
      say("loading");
      if (!available || !outlinesReady) { return; }
      if (map.getZoom() >= options.detailZoom) {
        if (map.hasLayer(overview)) { map.removeLayer(overview); }
        if (!map.hasLayer(detailGroup)) { detailGroup.addTo(map); }
        showDetail(token);
      } else {
        if (map.hasLayer(detailGroup)) { map.removeLayer(detailGroup); }
        Object.keys(tiles).forEach(dropTile);
        if (!map.hasLayer(overview)) { overview.addTo(map); }
        // The tile layer starts loading in its own moveend handler, which may run after
        // this one: look on the next frame.
        requestAnimationFrame(function () {
          if (overview.isLoading()) {
            overview.once("load", function () { drawn(token); });
          } else {
            drawn(token);
          }
        });
      }
    }

    function outlines(doc) {
      var shapes = decode(doc);
      var group = L.layerGroup();
      shapes.forEach(function (shape) {
        group.addLayer(L.polygon(shape, {
          renderer: lines, fill: false, color: "#3b3b3b", weight: 0.8, opacity: 0.7,
          interactive: false
        }));
      });
      group.addTo(map);
      outlinesReady = true;
    }

    var ready = Promise.all([
      fetch(base + "/index.json").then(function (r) { return r.json(); }).then(function (index) {
        available = {};
        index.detail.tiles.forEach(function (t) { available[t[0] + "_" + t[1]] = true; });
      }),
      fetch(base + "/lads.json").then(function (r) { return r.json(); }).then(outlines)
    ]);
    say("loading");
    map.on("moveend", update);
    ready.then(update);
    return {overview: overview, detail: detailGroup, update: update};
  }

  window.ObservatoryEngland = {layer: layer};
})();
