// Site search: a search box in the header of every page, and the search page (search/) that
// queries Pagefind's chunked index (pagefind/, written by the build over the HTML output), so a
// reader downloads only the index fragments a query needs however large the registry grows.
//
// ID look-up: an entry ID typed in any case, with or without `MAG-` ("MAG-2025-0010",
// "mag-2025-0010", "2025-0010"), puts that entry first, and Enter opens the first result; a
// withdrawn ID puts its successor first and itself second. The entry is read from its own small
// JSON file (api/v1/entries/<ID>.json), so nothing grows with the registry.
//
// Text goes into the page as text (textContent), never as markup; Pagefind's excerpts are parsed
// into an inert document and only their text and <mark> highlights are copied.
(function () {
  var ID = /^\s*(?:mag[\s_-]*)?((?:19|20)\d{2})[\s_-]*(\d{4})\s*$/i;
  var PAGE = 10; // results loaded at a time (each is one small fragment file)
  var FILTERS = ["gap type", "lab", "year", "status"]; // data-pagefind-filter names, in this order
  var cache = {};

  function root() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(String(config.base).replace(/\/?$/, "/"), window.location.href);
    } catch (e) {
      return new URL("./", window.location.href);
    }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  // --- ID look-up ---------------------------------------------------------------------------

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

  // [{url, title, note}] for a query that is an entry ID, [] otherwise.
  function lookup(query) {
    var m = ID.exec(query || "");
    if (!m) return Promise.resolve([]);
    return chain("MAG-" + m[1] + "-" + m[2]).then(function (found) {
      if (!found.length) return [];
      var last = found[found.length - 1];
      var card = function (e, note) {
        return {url: new URL("entries/" + e.id + "/", root()).href, title: e.id + ": " + e.title, note: note};
      };
      if (found.length > 1) {
        return [card(last, found[0].id + " was withdrawn; it is superseded by " + last.id + "."),
                card(found[0], "Withdrawn entry, kept for the record.")];
      }
      return [card(last, "Entry " + last.id + " (exact ID).")];
    });
  }

  // --- Pagefind -----------------------------------------------------------------------------

  var pagefind = null;
  function engine() {
    if (!pagefind) {
      var base = root();
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({baseUrl: base.pathname}).then(function () { return pf.init(); }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is HTML (escaped text with <mark>): keep only the text and the marks.
  function excerpt(html, into) {
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    doc.body.childNodes.forEach(function (n) {
      if (n.nodeType === 1 && n.tagName === "MARK") into.appendChild(el("mark", null, n.textContent));
      else into.appendChild(document.createTextNode(n.textContent));
    });
  }

  function card(url, title, facts, text, cls) {
    var li = el("li", "mag-search__result" + (cls ? " " + cls : ""));
    var a = el("a");
    a.href = url;
    a.appendChild(el("h2", "mag-search__title", title));
    li.appendChild(a);
    if (facts.length) li.appendChild(el("p", "mag-search__facts", facts.join(" · ")));
    if (text) li.appendChild(text);
    return li;
  }

  function resultCard(data) {
    var m = data.meta || {};
    var title = m.id ? m.id + ": " + (m.title || "") : (m.title || data.url);
    var facts = [m.date, m.lab, m.status, m["gap types"]].filter(Boolean);
    var p = el("p", "mag-search__text");
    if (m.summary) p.textContent = m.summary;
    else excerpt(data.excerpt || "", p);
    return card(data.url, title, facts, p);
  }

  // The search page: a box, one select per filter (with counts), the results.
  function searchPage(host) {
    var params = new URLSearchParams(window.location.search);
    host.textContent = "";
    var form = el("form", "mag-search__form");
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var label = el("label", "mag-search__label", "Search the registry");
    label.htmlFor = "mag-search-q";
    var input = el("input", "mag-search__input");
    input.type = "search";
    input.id = "mag-search-q";
    input.name = "q";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Words, a name or an entry ID (MAG-2025-0010)";
    input.value = params.get("q") || "";
    form.appendChild(label);
    form.appendChild(input);
    var filters = el("div", "mag-search__filters");
    form.appendChild(filters);
    var status = el("p", "mag-search__status");
    status.setAttribute("aria-live", "polite");
    var list = el("ol", "mag-search__results");
    var more = el("button", "md-button mag-search__more", "More results");
    more.type = "button";
    more.hidden = true;
    host.appendChild(form);
    host.appendChild(status);
    host.appendChild(list);
    host.appendChild(more);

    var selects = {};
    var run = 0;
    var pending = [];

    function chosen() {
      var out = {};
      Object.keys(selects).forEach(function (k) { if (selects[k].value) out[k] = [selects[k].value]; });
      return out;
    }

    function remember() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set("q", input.value.trim());
      Object.keys(selects).forEach(function (k) { if (selects[k].value) p.set(k, selects[k].value); });
      var qs = p.toString();
      history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
    }

    function showMore(mine) {
      var batch = pending.splice(0, PAGE);
      more.hidden = true;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== run) return;
        items.forEach(function (d) {
          if (!list.querySelector('li.mag-lookup a[href="' + CSS.escape(new URL(d.url, window.location.href).href) + '"]')) {
            list.appendChild(resultCard(d));
          }
        });
        more.hidden = pending.length === 0;
      });
    }

    function search() {
      var mine = ++run;
      var query = input.value.trim();
      var picked = chosen();
      remember();
      if (!query && !Object.keys(picked).length) {
        list.textContent = "";
        pending = [];
        more.hidden = true;
        status.textContent = "Type to search entries and pages; choose a filter to narrow the entries.";
        return Promise.resolve();
      }
      return Promise.all([engine(), lookup(query)]).then(function (got) {
        var pf = got[0], ids = got[1];
        return pf.search(query || null, {filters: picked}).then(function (found) {
          if (mine !== run) return;
          list.textContent = "";
          ids.forEach(function (c) { list.appendChild(card(c.url, c.title, [], el("p", "mag-search__text", c.note), "mag-lookup")); });
          pending = found.results.slice();
          var n = found.results.length;
          status.textContent = (n || ids.length) ? n + (n === 1 ? " result" : " results") : "No results. Try fewer words, or clear a filter.";
          return showMore(mine);
        });
      }).catch(function (err) {
        if (mine === run) status.textContent = "Search could not load its index (" + err + ").";
      });
    }

    engine().then(function (pf) {
      return pf.filters().then(function (available) {
        FILTERS.forEach(function (name) {
          var values = available[name];
          if (!values) return;
          var wrap = el("label", "mag-search__filter", name.charAt(0).toUpperCase() + name.slice(1) + " ");
          var select = el("select");
          select.name = name;
          select.appendChild(el("option", null, "any"));
          select.firstChild.value = "";
          Object.keys(values).sort(function (a, b) {
            return name === "year" ? b.localeCompare(a) : a.localeCompare(b);
          }).forEach(function (v) {
            var o = el("option", null, v + " (" + values[v] + ")");
            o.value = v;
            select.appendChild(o);
          });
          select.value = params.get(name) || "";
          select.addEventListener("change", search);
          wrap.appendChild(select);
          filters.appendChild(wrap);
          selects[name] = select;
        });
      });
    }).catch(function () {}).then(search);

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      clearTimeout(timer);
      search().then(function () {
        var first = list.querySelector("li a");
        if (first) window.location.href = first.href;
      });
    });
    more.addEventListener("click", function () { showMore(run); });
    input.focus();
  }

  // The header box on every page: Enter opens the search page with the query.
  function headerBox() {
    var bar = document.querySelector(".md-header__inner");
    if (!bar || bar.querySelector(".mag-header-search")) return;
    var form = el("form", "mag-header-search");
    form.setAttribute("role", "search");
    var input = el("input", "mag-header-search__input");
    input.type = "search";
    input.name = "q";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Search";
    input.setAttribute("aria-label", "Search the registry (words or an entry ID)");
    form.appendChild(input);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var target = new URL("search/", root());
      if (input.value.trim()) target.searchParams.set("q", input.value.trim());
      window.location.href = target.href;
    });
    var source = bar.querySelector(".md-header__source");
    bar.insertBefore(form, source);
  }

  function setup() {
    headerBox();
    var host = document.getElementById("mag-search");
    if (host && !host.dataset.ready) {
      host.dataset.ready = "1";
      searchPage(host);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
