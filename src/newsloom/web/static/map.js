// The map of a story's or an entity's places: Natural Earth countries as the base layer (no
// tiles from elsewhere), a circle per place sized by the articles that name it, and on a story
// page a small blue dot per event where its clause places it (the events the page lists, with
// its filters). Texts go in as text nodes, never as HTML: names come from articles.
"use strict";

(function () {
  const box = document.getElementById("place-map");
  if (!box || typeof L === "undefined") {
    return;
  }
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 8 }).setView([30, 10], 2);
  map.attributionControl.setPrefix(false);

  function label(place) {
    const node = document.createElement("span");
    const link = document.createElement("a");
    link.href = "/articles?place=" + encodeURIComponent(place.geonames_id);
    link.textContent = place.name;
    const facts = ` (${place.country || "no country"}) · ${place.articles} articles, ` +
      `${place.mentions} mentions · written ${place.written.join(", ")}`;
    node.append(link, document.createTextNode(facts));
    return node;
  }

  function name(place) {
    const node = document.createElement("span");
    node.textContent = place.name;
    return node;
  }

  function eventLabel(event) {
    const node = document.createElement("span");
    const link = document.createElement("a");
    link.href = "/articles/" + encodeURIComponent(event.article_id) + "#event-" +
      encodeURIComponent(event.id);
    link.textContent = event.trigger;
    const when = (event.date || "undated") + (event.date_source === "published" ? " (published)" : "");
    node.append(document.createTextNode(`${when} · ${event.type} · ${event.factuality}: “`),
      link, document.createTextNode(`” in ${event.place_name}`));
    return node;
  }

  const noEvents = Promise.resolve({ events: [] });
  Promise.all([
    fetch(box.dataset.countries).then((response) => response.json()),
    fetch(box.dataset.places).then((response) => response.json()),
    box.dataset.events ? fetch(box.dataset.events).then((response) => response.json()) : noEvents,
  ]).then(([countries, data, happenings]) => {
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#9a9a9a", weight: 0.6, fillColor: "#f1efe9", fillOpacity: 1 },
    }).addTo(map);
    const markers = data.places.map((place) => L.circleMarker([place.lat, place.lon], {
      radius: 4 + 2 * Math.sqrt(place.articles),
      color: "#8c1d18",
      weight: 1,
      fillColor: "#c4473f",
      fillOpacity: 0.7,
      className: "place-marker",
    }).bindPopup(label(place)).bindTooltip(name(place)).addTo(map));
    // Events in a pane above the places, so a place drawn at the same point never hides one.
    map.createPane("events").style.zIndex = 450;
    const located = happenings.events.filter((event) => event.lat !== null && event.lon !== null);
    const eventMarkers = located.map((event) => L.circleMarker([event.lat, event.lon], {
      radius: 4,
      color: "#12406b",
      weight: 1,
      fillColor: "#2f7fc1",
      fillOpacity: 0.9,
      pane: "events",
      className: "event-marker",
    }).bindPopup(eventLabel(event)).bindTooltip(event.type + " " + (event.date || "")).addTo(map));
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 5, padding: [24, 24] });
    }
    box.dataset.eventMarkers = String(eventMarkers.length);
    box.dataset.ready = String(markers.length);
  });
})();
