// Explore page filters. Progressive enhancement: without this script the table lists every entry.
(function () {
  function setup() {
    var form = document.getElementById("mag-filters");
    var table = document.getElementById("mag-explore");
    if (!form || !table || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.getElementById("mag-count");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) { if (params.get(s.name)) s.value = params.get(s.name); });
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          if (!s.value) return true;
          var values = (row.getAttribute("data-" + s.dataset.filter) || "").split(" ");
          return values.indexOf(s.value) !== -1;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " entries";
      var q = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) q.set(s.name, s.value); });
      var qs = q.toString();
      history.replaceState(null, "", qs ? "?" + qs : window.location.pathname);
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);  // Material instant navigation
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
