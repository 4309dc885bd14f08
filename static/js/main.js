// Progressive enhancement only: every page works without JavaScript (the menu is then
// simply always open). No inline script anywhere: the CSP is script-src 'self'.
// early.js has already set the "js" class that collapses the mobile menu.

document.addEventListener("DOMContentLoaded", () => {
  // A form answered with errors: take the reader to the summary (as gov.uk and DSFR do).
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // The offer filters: open by default (no JavaScript, wide screens); on a phone they
  // fold under their summary so that the results come first.
  for (const filters of document.querySelectorAll("details[data-fold-narrow]")) {
    if (window.matchMedia("(max-width: 61.99rem)").matches) filters.open = false;
  }

  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("main-nav");
  if (!toggle || !nav) return;
  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    nav.dataset.open = String(open);
  };
  toggle.addEventListener("click", () => setOpen(!isOpen()));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });
});
