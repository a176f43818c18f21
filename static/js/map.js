// The education map: draws the filtered places from the GeoJSON endpoint on
// a Leaflet map. The list beside it works without this script; the map is
// an addition. Settings come from data- attributes (no inline scripts under
// the portal's Content-Security-Policy).
(function () {
  "use strict";

  const COLOURS = {
    museum: "#2e6da4",
    family_tradition: "#b83227",
    science_centre: "#1e8449",
    culture_centre: "#8e44ad",
    red_education: "#c0392b",
    intangible_heritage: "#d35400",
    practice_base: "#16a085",
    study_route: "#7f8c8d",
  };

  function numbers(text) {
    return (text || "").split(",").map(Number).filter((n) => !Number.isNaN(n));
  }

  function popupFor(feature, labels) {
    const p = feature.properties;
    const box = document.createElement("div");
    box.className = "map-popup";
    const name = document.createElement("span");
    name.className = "map-popup-name";
    name.textContent = p.name;
    box.appendChild(name);
    const meta = document.createElement("span");
    meta.textContent = [p.category_label, p.district].filter(Boolean).join(" · ");
    box.appendChild(meta);
    if (p.address) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(p.address));
    }
    if (p.open_for_bookings) {
      box.appendChild(document.createElement("br"));
      const open = document.createElement("strong");
      open.textContent = labels.open;
      box.appendChild(open);
    }
    box.appendChild(document.createElement("br"));
    const link = document.createElement("a");
    link.href = p.url;
    link.textContent = labels.more + " →";
    box.appendChild(link);
    return box;
  }

  function init() {
    const el = document.getElementById("education-map");
    if (!el || typeof window.L === "undefined") return;
    const L = window.L;
    const coarse = window.matchMedia("(pointer: coarse)").matches;
    const centre = numbers(el.dataset.centre);
    const bounds = numbers(el.dataset.bounds); // south, west, north, east
    const map = L.map(el, {
      center: centre.length === 2 ? centre : [0, 0],
      zoom: 10,
      // On a phone one finger scrolls the page and two pinch and move the
      // map (Leaflet's touch zoom pans too); the wheel never zooms by
      // surprise on a desktop either.
      dragging: !coarse,
      tap: false,
      scrollWheelZoom: false,
      touchZoom: true,
    });
    // The library's name, without the flag Leaflet 1.9 puts before it.
    map.attributionControl.setPrefix("Leaflet");
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {
        attribution: el.dataset.attribution || "",
        maxZoom: 18,
      }).addTo(map);
    } else {
      el.classList.add("no-tiles");
      const note = document.createElement("div");
      note.className = "map-empty-note";
      note.textContent = el.dataset.noTilesNote || "";
      el.appendChild(note);
    }
    const cityBox = bounds.length === 4 ? L.latLngBounds([bounds[0], bounds[1]], [bounds[2], bounds[3]]) : null;
    if (cityBox) {
      L.rectangle(cityBox, { color: "#b83227", weight: 1, dashArray: "4 4", fill: false, interactive: false }).addTo(map);
      map.fitBounds(cityBox, { animate: false });
    }
    const labels = { open: el.dataset.openLabel || "", more: el.dataset.moreLabel || "" };
    const markers = {};

    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        const layer = L.geoJSON(data, {
          pointToLayer: (feature, latlng) =>
            L.circleMarker(latlng, {
              radius: feature.properties.open_for_bookings ? 9 : 7,
              color: "#fff",
              weight: 2,
              fillColor: COLOURS[feature.properties.category] || "#2e6da4",
              fillOpacity: 0.9,
            }),
          onEachFeature: (feature, marker) => {
            marker.bindPopup(() => popupFor(feature, labels));
            // Leaflet puts a string tooltip in as HTML; a text node keeps a
            // place's name from ever being read as markup.
            marker.bindTooltip(document.createTextNode(feature.properties.name));
            markers[feature.id] = marker;
          },
        }).addTo(map);
        if (data.features.length) {
          // Without animation, so the markers are in place when the page settles.
          map.fitBounds(layer.getBounds(), { padding: [32, 32], maxZoom: 13, animate: false });
        }
        el.dataset.loaded = String(data.features.length);
      })
      .catch(() => {
        el.dataset.loaded = "error";
      });

    // Hovering or focusing a place in the list highlights it on the map.
    document.querySelectorAll(".place[data-id]").forEach((item) => {
      const show = () => {
        const marker = markers[item.dataset.id];
        if (!marker) return;
        document.querySelectorAll(".place.is-active").forEach((other) => other.classList.remove("is-active"));
        item.classList.add("is-active");
        marker.openPopup();
      };
      item.addEventListener("mouseenter", () => { if (!coarse) show(); });
      item.addEventListener("focusin", show);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
