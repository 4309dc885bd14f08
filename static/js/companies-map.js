// The company directory's map: every company of the filtered list, clustered. The data is
// columns of arrays (attractiveness/company_selectors.py, company_map): latitudes as
// differences, coordinates in 1/scale degree, communes and bands as positions in lists.
// Without JavaScript (or if Leaflet or the data fail to load) the map stays hidden.

document.addEventListener("DOMContentLoaded", () => {
  const element = document.querySelector("[data-company-map]");
  if (!element || !window.L) return;

  fetch(element.dataset.url, { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      if (!data.name.length) return;
      element.hidden = false;
      const map = L.map(element, { scrollWheelZoom: false });
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
      const group = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
      const points = [];
      let y = 0;
      data.name.forEach((name, i) => {
        y += data.lat[i];
        const latlng = [y / data.scale, data.lon[i] / data.scale];
        points.push(latlng);
        const box = document.createElement("p");
        const title = document.createElement("strong");
        title.textContent = name;
        box.append(title, document.createElement("br"), data.communes[data.commune[i]] || "");
        const band = data.bands[data.band[i]];
        if (band) box.append(document.createElement("br"), band);
        group.addLayer(L.marker(latlng, { title: name, alt: name }).bindPopup(box));
      });
      group.addTo(map);
      map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 15 });
    })
    .catch(() => {
      element.hidden = true;
    });
});
