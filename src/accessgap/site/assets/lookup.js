// ID look-up in the theme's search box. An entry ID typed in any case, with or without `MAG-`
// ("MAG-2025-0010", "mag-2025-0010", "2025-0010"), puts that entry first in the results, and
// Enter opens it; a withdrawn ID puts its successor first and itself second. The entry is read
// from its own small JSON file (api/v1/entries/<ID>.json), so nothing grows with the registry.
// Text goes into the page as text (textContent), never as markup.
(function () {
  var ID = /^\s*(?:mag[\s_-]*)?((?:19|20)\d{2})[\s_-]*(\d{4})\s*$/i;
  var TOP = 1e6; // above any score the theme gives, so Enter picks this result
  var cache = {};
  var current = null; // {query, items}

  function root() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(String(config.base).replace(/\/?$/, "/"), window.location.href);
    } catch (e) {
      return new URL("./", window.location.href);
    }
  }

  function entry(id) {
    if (!cache[id]) {
      cache[id] = fetch(new URL("api/v1/entries/" + id + ".json", root()))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { return data && data.entry && data.entry.id === id ? data.entry : null; })
        .catch(function () { return null; });
    }
    return cache[id];
  }

  // [entry, its successor, ...]: the chain a withdrawn ID leads along (cycles and gaps stop it).
  function chain(id, seen) {
    seen = seen || {};
    seen[id] = true;
    return entry(id).then(function (e) {
      if (!e) return [];
      var next = e.status && e.status.state === "withdrawn" ? e.status.successor : null;
      if (!next || seen[next] || Object.keys(seen).length > 20) return [e];
      return chain(next, seen).then(function (rest) { return [e].concat(rest); });
    });
  }

  function item(e, note, score) {
    var li = document.createElement("li");
    li.className = "md-search-result__item mag-lookup";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = new URL("entries/" + e.id + "/", root()).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.setAttribute("data-md-score", String(score));
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var h1 = document.createElement("h1");
    h1.textContent = e.id + ": " + e.title;
    var p = document.createElement("p");
    p.textContent = note;
    article.appendChild(icon);
    article.appendChild(h1);
    article.appendChild(p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function list() { return document.querySelector(".md-search-result__list"); }

  function place() {
    var ol = list();
    if (!ol || !current || ol.firstElementChild === current.items[0]) return;
    for (var i = current.items.length - 1; i >= 0; i--) ol.insertBefore(current.items[i], ol.firstChild);
  }

  function clear() {
    if (current) current.items.forEach(function (li) { if (li.parentNode) li.parentNode.removeChild(li); });
    current = null;
  }

  function lookup(input) {
    var query = input.value;
    if (current && current.query === query) return;
    clear();
    var m = ID.exec(query);
    if (!m) return;
    var id = "MAG-" + m[1] + "-" + m[2];
    chain(id).then(function (found) {
      if (!found.length || input.value !== query) return;
      var last = found[found.length - 1];
      var items;
      if (found.length > 1) {
        items = [item(last, found[0].id + " was withdrawn; it is superseded by " + last.id + ".", TOP),
                 item(found[0], "Withdrawn entry, kept for the record.", TOP - 1)];
      } else {
        items = [item(last, "Entry " + last.id + " (exact ID).", TOP)];
      }
      clear();
      current = {query: query, items: items};
      place();
    });
  }

  function setup() {
    var input = document.querySelector(".md-search__input");
    var ol = list();
    if (!input || !ol || input.dataset.magLookup) return;
    input.dataset.magLookup = "1";
    input.addEventListener("input", function () { lookup(input); });
    input.addEventListener("keyup", function () { lookup(input); });
    new MutationObserver(place).observe(ol, {childList: true});
    if (input.value) lookup(input);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup); // Material instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
