// The "page not found" page (404.md): an entry ID in the mistyped address ("/entries/mag-2025-10/",
// "/MAG-2025-0010") is looked up in its small JSON file (api/v1/entries/<ID>.json) and offered as a
// link; the search box opens an entry ID directly and hands any other text to the site's search page.
// Runs only where #mag-404 exists. Text goes into the page as text (textContent), never as markup.
(function () {
  var ID = /(?:^|[^0-9a-z])(?:mag[\s_-]*)?((?:19|20)\d{2})[\s_-]+(\d{1,4})(?![0-9])/i;

  function root() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(String(config.base).replace(/\/?$/, "/"), window.location.href);
    } catch (e) {
      return new URL("./", window.location.href);
    }
  }

  function idIn(text) {
    var m = ID.exec(String(text || ""));
    return m ? "MAG-" + m[1] + "-" + ("0000" + m[2]).slice(-4) : null;
  }

  function entry(id) {
    return fetch(new URL("api/v1/entries/" + id + ".json", root()))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { return data && data.entry && data.entry.id === id ? data.entry : null; })
      .catch(function () { return null; });
  }

  function entryUrl(id) {
    return new URL("entries/" + id + "/", root()).href;
  }

  function offer(box, id) {
    entry(id).then(function (e) {
      box.textContent = "";
      if (e) {
        box.appendChild(document.createTextNode("Looking for "));
        var a = document.createElement("a");
        a.href = entryUrl(e.id);
        a.id = "mag-404-entry";
        a.textContent = e.id + ": " + e.title;
        box.appendChild(a);
        box.appendChild(document.createTextNode("?"));
      } else {
        box.textContent = "The address names " + id + ", but there is no entry with that ID.";
      }
      box.hidden = false;
    });
  }

  function search(q) {
    // The site search page (Pagefind, lookup.js), with the query, as the header box does.
    var target = new URL("search/", root());
    target.searchParams.set("q", q);
    window.location.assign(target.href);
  }

  function start() {
    var page = document.getElementById("mag-404");
    if (!page) return;
    var box = document.getElementById("mag-404-lookup");
    var form = document.getElementById("mag-404-search");
    var field = document.getElementById("mag-404-q");
    var path = window.location.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* keep it raw */ }
    var id = idIn(path.slice(root().pathname.length - 1));
    if (id) offer(box, id);
    function go(ev) {
      if (ev) ev.preventDefault();
      var q = field.value.trim();
      if (!q) return;
      var typed = /^\s*(?:mag[\s_-]*)?((?:19|20)\d{2})[\s_-]*(\d{4})\s*$/i.test(q) ? idIn(q) : null;
      if (!typed) return search(q);
      entry(typed).then(function (e) {
        if (e) window.location.assign(entryUrl(e.id));
        else search(q);
      });
    }
    form.addEventListener("submit", go);
    document.getElementById("mag-404-go").addEventListener("click", go);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
