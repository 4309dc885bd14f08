// Pages rendered for a signed-in visitor only (never the cached pages of anonymous ones):
// 1. the view beacon: a same-origin POST with the CSRF token; the server records it only
//    for an identified investor who agreed to share their visits (docs/investors.md);
// 2. the "Save this offer" links: marked when saved, and saving without leaving the page.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var csrf = script.dataset.csrf;
  var data = new FormData();
  data.append("page", script.dataset.page);
  data.append("csrfmiddlewaretoken", csrf);
  if (navigator.sendBeacon) navigator.sendBeacon(script.dataset.viewedUrl, data);

  function markSaved(link) {
    link.textContent = link.dataset.savedLabel;
    link.setAttribute("aria-pressed", "true");
    link.classList.add("save-offer--saved");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-save-offer]"));
    if (!links.length) return;
    var query = links.map(function (l) { return "offer=" + encodeURIComponent(l.dataset.saveOffer); });
    fetch(script.dataset.stateUrl + "?" + query.join("&"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { saved: [] }; })
      .then(function (state) {
        links.forEach(function (link) {
          if ((state.saved || []).indexOf(Number(link.dataset.saveOffer)) !== -1) markSaved(link);
        });
      })
      .catch(function () {});
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (link.getAttribute("aria-pressed") === "true") return; // saved: the link shows it
        event.preventDefault();
        fetch(link.href, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf, Accept: "application/json" }
        })
          .then(function (r) { if (r.ok) markSaved(link); else window.location = link.href; })
          .catch(function () { window.location = link.href; });
      });
    });
  });
})();
