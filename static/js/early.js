// Loaded in <head> without defer, so it runs before the first paint: the stylesheet collapses
// the mobile menu under .js from the start and nothing moves when main.js arrives (no layout
// shift). Without JavaScript the class is never set and the menu is simply always open.
document.documentElement.classList.add("js");
