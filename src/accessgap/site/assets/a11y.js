// Give the theme's search dialog an accessible name (axe: aria-dialog-name).
(function () {
  function label() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the registry");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", label); else label();
})();
