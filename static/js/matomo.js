// Matomo in its CNIL-exempt configuration: no cookies, no cross-site tracking.
// Loaded only when the platform has TERRITORIA_MATOMO_URL and the territory a site id.
(() => {
  const script = document.currentScript;
  const base = script && script.dataset.matomoUrl;
  const siteId = script && script.dataset.siteId;
  if (!base || !/^\d+$/.test(siteId || "")) return;
  const paq = (window._paq = window._paq || []);
  paq.push(["disableCookies"]);
  paq.push(["trackPageView"]);
  paq.push(["enableLinkTracking"]);
  paq.push(["setTrackerUrl", `${base}/matomo.php`]);
  paq.push(["setSiteId", siteId]);
  const tag = document.createElement("script");
  tag.async = true;
  tag.src = `${base}/matomo.js`;
  document.head.appendChild(tag);
})();
