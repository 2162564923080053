/*
 * Northumberland Living Archive Data Observatory: draw areas sent in the compact
 * encoding of geo/encoding.py (shared arcs as encoded polylines).
 *
 * ObservatoryAreas.layer(map, geometry, data, options) adds one Leaflet polygon per area,
 * filled by its class colour, and returns the feature group. Each polygon carries
 * feature.properties.code, so a click reports which area it was.
 *
 * The map behaves as embedded maps do on phones: one finger scrolls the page (a hint
 * says to use two fingers), two fingers move and zoom the map. With a mouse it drags as
 * usual and each area has a tooltip that is kept inside the map. A button puts the
 * whole county back in view.
 */
(function () {
  "use strict";

  // 6-bit chunks are written with the URL-safe base64 alphabet (see geo/encoding.py).
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var INDEX = {};
  for (var k = 0; k < ALPHABET.length; k++) { INDEX[ALPHABET.charAt(k)] = k; }

  // A phone or tablet: no hover, a finger for a pointer.
  var TOUCH = !!(window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches);
  var MARGIN = 6;  // px kept between a tooltip and the map's edge
  var GAP = 14;  // px between the pointer and its tooltip

  // leaflet.css is added after this script, so these rules are one class more specific.
  var CSS = [
    // The component's page is a little taller than its frame; were it scrollable, a
    // swipe would scroll it those few pixels and stop, instead of scrolling the page.
    "html, body { overflow: hidden; }",
    ".leaflet-container .observatory-tip { white-space: normal; width: max-content;",
    "  max-width: min(20rem, calc(100vw - 2 * " + MARGIN + "px)); margin: 0; }",
    ".leaflet-container .observatory-tip:before { display: none; }",
    ".observatory-hint { position: absolute; inset: 0; z-index: 1000; display: flex;",
    "  align-items: center; justify-content: center; padding: 1rem; text-align: center;",
    "  background: rgba(0, 0, 0, 0.55); color: #fff; font: 600 1.1rem/1.4 sans-serif;",
    "  pointer-events: none; opacity: 0; transition: opacity 0.2s; }",
    ".observatory-hint.shown { opacity: 1; }",
    ".leaflet-bar button.observatory-reset { width: 34px; height: 34px; border: 0;",
    "  background: #fff; color: #000; font: 700 18px/34px sans-serif; cursor: pointer; }",
    ".leaflet-bar button.observatory-reset:hover { background: #f4f4f4; }",
    ".leaflet-bar button.observatory-reset:focus-visible { outline: 3px solid #1f5f8b; }"
  ].join("\n");

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

  function addStyles() {
    if (document.getElementById("observatory-areas-css")) { return; }
    var style = document.createElement("style");
    style.id = "observatory-areas-css";
    style.textContent = CSS;
    document.head.appendChild(style);
  }

  // Above the pointer if there is room, else below; shifted sideways to stay inside.
  function keepInside(map, tooltip) {
    var el = tooltip.getElement();
    if (!el || !tooltip.getLatLng()) { return; }
    var size = map.getSize();
    var point = map.latLngToContainerPoint(tooltip.getLatLng());
    var width = el.offsetWidth, height = el.offsetHeight;
    var above = point.y - GAP - height >= MARGIN;
    var left = point.x - width / 2, dx = 0;
    if (left < MARGIN) {
      dx = MARGIN - left;
    } else if (left + width > size.x - MARGIN) {
      dx = size.x - MARGIN - (left + width);
    }
    tooltip.options.direction = above ? "top" : "bottom";
    tooltip.options.offset = L.point(dx, above ? -GAP : GAP);
    tooltip.update();
  }

  function tooltipText(data, i) {
    var labels = data.labels;
    return "<b>" + text(data.names[i]) + "</b><br>" +
      text(labels.value) + ": " + text(data.values[i]) + "<br>" +
      (data.ranks[i] ? text(labels.rank) + ": " + text(data.ranks[i]) + "<br>" : "") +
      text(labels.code) + ": " + text(data.codes[i]);
  }

  // One finger scrolls the page; two fingers move the map (its pinch handler pans too).
  function cooperativeGestures(map) {
    map.dragging.disable();
    var hint = L.DomUtil.create("div", "observatory-hint", map.getContainer());
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = "Use two fingers to move the map";
    var timer = null, fingers = {};
    function hide() { L.DomUtil.removeClass(hint, "shown"); }
    function show() {
      L.DomUtil.addClass(hint, "shown");
      clearTimeout(timer);
      timer = setTimeout(hide, 1200);
    }
    function count() { return Object.keys(fingers).length; }
    var container = map.getContainer();
    container.addEventListener("touchmove", function (event) {
      if (event.touches.length === 1) { show(); } else { hide(); }
    }, {passive: true});
    // Where touches arrive as pointer events, the browser cancels a one-finger
    // pointer when it starts scrolling the page: that is when the hint helps.
    container.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "touch") { fingers[event.pointerId] = true; }
      if (count() > 1) { hide(); }
    });
    container.addEventListener("pointercancel", function (event) {
      if (event.pointerType === "touch" && count() === 1) { show(); }
      delete fingers[event.pointerId];
    });
    container.addEventListener("pointerup", function (event) { delete fingers[event.pointerId]; });
  }

  function resetControl(map, bounds) {
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar");
      var button = L.DomUtil.create("button", "observatory-reset", bar);
      button.type = "button";
      button.title = "Show the whole county";
      button.setAttribute("aria-label", "Show the whole county");
      button.innerHTML = "&#x2302;";  // a house: back to the start
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, "click", function () { map.fitBounds(bounds); });
      return bar;
    };
    return control.addTo(map);
  }

  // streamlit-folium (0.27, pinned) keeps what it returns in window.__GLOBAL_DATA__ and
  // sends a click 250 ms later (debounced); its first report, before any click, differs
  // from the Python default only in a click count of 0 against None, which reruns the
  // whole page for nothing. Both are put right here, and only if the component looks as
  // expected; otherwise it works as it always did, only slower.
  var RETURNED = ["last_clicked", "last_object_clicked", "last_object_clicked_count",
    "last_active_drawing"];  // the component's own order of these keys
  var SOURCE = {last_clicked: "lat_lng_clicked"};

  function component() {
    var state = window.__GLOBAL_DATA__;
    return state && window.Streamlit && state.returned_objects ? state : null;
  }

  function noRerunBeforeAClick() {
    var state = component();
    if (state && state.previous_data && state.previous_data.last_object_clicked_count === null) {
      state.previous_data.last_object_clicked_count = 0;
    }
  }

  function sendClickNow() {
    var state = component();
    if (!state) { return; }
    var value = {};
    RETURNED.forEach(function (name) {
      if (state.returned_objects.indexOf(name) >= 0) { value[name] = state[SOURCE[name] || name]; }
    });
    if (JSON.stringify(value) !== JSON.stringify(state.previous_data)) {
      state.previous_data = value;  // the debounced report then finds nothing new to send
      window.Streamlit.setComponentValue(value);
    }
  }

  // The answer to a tap is the profile the page draws for the area (heading anchor
  // "profile", ui/profile.py). As soon as its heading for this area is on the page, it
  // is scrolled into view (on a phone it is a screen below the map) and given keyboard
  // focus, without waiting for the rest of the profile to be drawn.
  function revealProfile(name) {
    var page;
    try { page = window.parent.document; } catch (e) { return; }  // not our page
    if (!page || page === document) { return; }
    var before = page.getElementById("profile");
    var old = before ? before.textContent : null;
    var deadline = Date.now() + 15000;
    function look() {
      var heading = page.getElementById("profile");
      var text = heading ? heading.textContent : null;
      var ready = heading && (text !== old || text.indexOf(name) === 0);
      if (!ready) {
        if (Date.now() < deadline) { window.requestAnimationFrame(look); }
        return;
      }
      heading.tabIndex = -1;
      heading.style.scrollMarginTop = "4rem";
      var top = heading.getBoundingClientRect().top;
      var height = window.parent.innerHeight;
      if (top < 0 || top > height * 0.6) { heading.scrollIntoView({block: "start"}); }
      heading.focus({preventScroll: true});
    }
    look();
  }

  function layer(map, geometry, data, options) {
    addStyles();
    var arcs = geometry.arcs.map(function (a) { return decodePolyline(a, geometry.scale); });
    var group = L.featureGroup();
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
      if (!TOUCH) {  // a tap opens the profile; tooltips are for pointers that hover
        polygon.bindTooltip(tooltipText(data, i), {sticky: true, className: "observatory-tip"});
        polygon.on("mouseover", function () { polygon.setStyle({weight: 3, color: "#000000"}); });
        polygon.on("mouseout", function () { polygon.setStyle(style); });
      }
      group.addLayer(polygon);
    });
    group.addTo(map);
    map.on("tooltipopen", function (event) { keepInside(map, event.tooltip); });
    group.on("mousemove", function (event) {
      var tooltip = event.layer && event.layer.getTooltip();
      if (tooltip && tooltip.isOpen()) { keepInside(map, tooltip); }
    });
    if (TOUCH) { cooperativeGestures(map); }
    resetControl(map, group.getBounds());
    noRerunBeforeAClick();
    // After every handler of this click (the component's records it), send it at once.
    group.on("click", function (event) {
      setTimeout(sendClickNow, 0);
      var props = event.layer && event.layer.feature && event.layer.feature.properties;
      if (props) { revealProfile(props.name); }
    });
    return group;
  }

  window.ObservatoryAreas = {layer: layer, decodePolyline: decodePolyline, touch: TOUCH};
})();
