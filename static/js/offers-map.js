// The offer map (realestate): the markers of the search's result set, clustered; each
// popup links to its offer. Without JavaScript (or if Leaflet or the data fail to load)
// the map stays hidden and the list says everything.

document.addEventListener("DOMContentLoaded", () => {
  const element = document.querySelector("[data-offer-map]");
  if (!element || !window.L) return;

  // The data names types by code (it stays small); their labels come with the page.
  const labels = JSON.parse(element.dataset.typeLabels || "{}");
  const popup = (properties) => {
    const box = document.createElement("p");
    const link = document.createElement("a");
    link.href = properties.u;
    link.textContent = properties.t;
    box.append(link, document.createElement("br"));
    box.append(`${labels[properties.k] || properties.k} · ${properties.s} ${element.dataset.surfaceUnit}`);
    return box;
  };

  fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      if (!data.features.length) return;
      element.hidden = false;
      const map = L.map(element, { scrollWheelZoom: false });
      L.tileLayer(element.dataset.tiles, {
        attribution: element.dataset.attribution,
        maxZoom: 18,
      }).addTo(map);
      const markers = L.geoJSON(data, {
        pointToLayer: (feature, latlng) =>
          L.marker(latlng, { title: feature.properties.t, alt: feature.properties.t }),
        onEachFeature: (feature, layer) => layer.bindPopup(popup(feature.properties)),
      });
      const group = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
      group.addLayer(markers).addTo(map);
      map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 15 });
    })
    .catch(() => {
      element.hidden = true;
    });
});
