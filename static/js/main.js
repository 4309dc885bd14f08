// Progressive enhancement only: every page works without JavaScript.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("main-nav");
  if (!toggle || !nav) return;
  const mobile = window.matchMedia("(max-width: 59.99rem)");
  const sync = () => {
    toggle.hidden = !mobile.matches;
    nav.dataset.collapsed = String(mobile.matches && toggle.getAttribute("aria-expanded") !== "true");
  };
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    sync();
  });
  mobile.addEventListener("change", sync);
  sync();
});
