// Filters for Explore and the Timeline. Progressive enhancement: without this script every entry
// is listed. A form names the items it filters (data-items, default [data-item]); each select
// matches the item's data-<filter> words. The choice lives in the address, so views can be shared.
(function () {
  function setupForm(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll(form.dataset.items || "[data-item]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
    var count = form.querySelector("output");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) { if (params.get(s.name)) s.value = params.get(s.name); });
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var ok = selects.every(function (s) {
          if (!s.value) return true;
          var values = (item.getAttribute("data-" + s.dataset.filter) || "").split(" ");
          return values.indexOf(s.value) !== -1;
        });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (g) {
        var visible = g.querySelectorAll("[data-item]:not([hidden])").length;
        g.hidden = visible === 0;
        var label = g.querySelector("[data-group-count]");
        if (label) label.textContent = String(visible);
      });
      if (count) count.textContent = shown + " of " + items.length + " entries";
      var q = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) q.set(s.name, s.value); });
      var qs = q.toString();
      history.replaceState(null, "", (qs ? "?" + qs : window.location.pathname) + window.location.hash);
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }
  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("form.mag-filters"), setupForm);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);  // Material instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
