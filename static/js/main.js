// Progressive enhancement only: every page works without JavaScript (the menu is then
// simply always open). No inline script anywhere: the CSP is script-src 'self'.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("main-nav");
  if (!toggle || !nav) return;
  const mobile = window.matchMedia("(max-width: 61.99rem)");
  const sync = () => {
    toggle.hidden = !mobile.matches;
    nav.dataset.collapsed = String(mobile.matches && toggle.getAttribute("aria-expanded") !== "true");
  };
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    sync();
  };
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
  mobile.addEventListener("change", sync);
  sync();
});
