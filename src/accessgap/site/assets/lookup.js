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
  var PAGE = 10; // results loaded at a time on the search page (each is one small fragment file)
  var PANEL = 6; // results in the header's panel: only their fragments are fetched
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

  // The header box on every page, a combobox: as the reader types, a panel under it lists the
  // ID look-up's entry and Pagefind's first results (only their fragments are fetched, and no
  // filters, which only the search page needs); Pagefind starts loading when the box gets focus,
  // so the first results need no second page. Arrows move through the results, Enter opens the
  // highlighted or first one (an exact ID opens its entry), Escape closes the panel; the last
  // line links to the search page with the query, for every result and the filters.
  function headerSearch() {
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
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", "mag-header-results");
    input.setAttribute("aria-expanded", "false");
    var panel = el("div", "mag-header-search__panel");
    panel.hidden = true;
    var list = el("ul", "mag-header-search__results");
    list.id = "mag-header-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    var status = el("p", "mag-header-search__status");
    status.setAttribute("aria-live", "polite");
    var all = el("a", "mag-header-search__all", "All results and filters");
    panel.appendChild(status);
    panel.appendChild(list);
    panel.appendChild(all);
    form.appendChild(input);
    form.appendChild(panel);
    bar.insertBefore(form, bar.querySelector(".md-header__source"));

    var run = 0;
    var current = Promise.resolve();
    var currentQuery = null;
    var active = -1;
    var timer = null;

    function page(query) {
      var target = new URL("search/", root());
      if (query) target.searchParams.set("q", query);
      return target.href;
    }
    function options() { return list.querySelectorAll('[role="option"]'); }
    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) highlight(-1);
    }
    function highlight(i) {
      var opts = options();
      active = opts.length ? Math.max(-1, Math.min(i, opts.length - 1)) : -1;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", opts[active].id);
        opts[active].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function option(url, title, facts, text, cls) {
      var li = el("li", "mag-header-search__result" + (cls ? " " + cls : ""));
      li.id = "mag-header-result-" + list.children.length;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = el("a");
      a.href = url;
      a.tabIndex = -1; // the box keeps the focus; arrows move aria-activedescendant
      a.appendChild(el("span", "mag-header-search__title", title));
      if (facts.length) a.appendChild(el("span", "mag-header-search__facts", facts.join(" · ")));
      if (text) a.appendChild(el("span", "mag-header-search__text", text));
      li.appendChild(a);
      list.appendChild(li);
    }
    function short(text) {
      text = String(text || "").replace(/\s+/g, " ").trim();
      return text.length > 180 ? text.slice(0, 180).replace(/\s+\S*$/, "") + "…" : text;
    }

    // Results for the box's text; each run replaces the last one's unless a newer run started.
    function search() {
      var mine = ++run;
      var query = input.value.trim();
      currentQuery = query;
      all.href = page(query);
      if (!query) {
        list.textContent = "";
        open(false);
        return (current = Promise.resolve());
      }
      var ids = lookup(query).then(function (found) {
        if (mine !== run || !found.length) return found;
        list.textContent = "";  // the exact ID is shown at once, before Pagefind answers
        found.forEach(function (c) { option(c.url, c.title, [], c.note, "mag-lookup"); });
        highlight(active);
        open(true);
        return found;
      });
      var words = engine().then(function (pf) { return pf.search(query); });
      // Fragments are fetched in parallel, only for a run still current, and each result is shown
      // as soon as it and those above it have arrived.
      return (current = Promise.all([ids, words]).then(function (got) {
        if (mine !== run) return;
        var found = got[0], results = got[1].results;
        var items = results.slice(0, PANEL).map(function (r) { return r.data(); });
        var seen = {};
        list.textContent = "";
        found.forEach(function (c) { seen[c.url] = true; option(c.url, c.title, [], c.note, "mag-lookup"); });
        var n = results.length;
        status.textContent = n ? n + (n === 1 ? " result" : " results") : found.length ? "" : "No results. Try fewer words.";
        highlight(active);
        open(true);
        return items.reduce(function (shown, item) {
          return shown.then(function () { return item; }).then(function (d) {
            var url = new URL(d.url, window.location.href).href;
            if (mine !== run || seen[url] || list.children.length >= PANEL + found.length) return;
            var m = d.meta || {};
            var text = m.summary || new DOMParser().parseFromString("<body>" + (d.excerpt || ""), "text/html").body.textContent;
            option(url, m.id ? m.id + ": " + (m.title || "") : (m.title || d.url), [m.date, m.lab, m.status].filter(Boolean), short(text));
          });
        }, Promise.resolve());
      }).catch(function (err) {
        if (mine !== run) return;
        status.textContent = "Search could not load its index (" + err + ").";
        open(true);
      }));
    }

    function go(url) { window.location.href = url; }

    input.addEventListener("focus", function () {
      engine().catch(function () {});  // start loading now: the reader is about to type
      if (input.value.trim() && list.children.length) open(true);
    });
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query) engine().then(function (pf) { return pf.preload(query); }).catch(function () {});
      highlight(-1);
      clearTimeout(timer);
      timer = setTimeout(search, 80);
    });
    input.addEventListener("keydown", function (ev) {
      var n = options().length;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!n) return;
        ev.preventDefault();
        if (panel.hidden) { open(true); highlight(ev.key === "ArrowDown" ? 0 : n - 1); return; }
        highlight(ev.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (ev.key === "Escape") {
        if (!panel.hidden) { ev.preventDefault(); open(false); }
      }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!panel.hidden && active >= 0) return go(options()[active].querySelector("a").href);
      var query = input.value.trim();
      if (!query) return go(page(""));
      clearTimeout(timer);
      // An exact ID opens its entry without waiting for Pagefind; other text opens the first result.
      var first = ID.test(query) ? lookup(query).then(function (found) { return found.length ? found[0].url : null; })
                                 : Promise.resolve(null);
      first.then(function (url) {
        if (url) return go(url);
        var pending = currentQuery === query ? current : search();
        return pending.then(function () {
          var a = list.querySelector('[role="option"] a');
          go(a ? a.href : page(query));
        });
      });
    });
    document.addEventListener("pointerdown", function (ev) { if (!form.contains(ev.target)) open(false); });
    form.addEventListener("focusout", function (ev) {
      if (ev.relatedTarget && !form.contains(ev.relatedTarget)) open(false);
    });
    all.href = page("");
  }

  function setup() {
    headerSearch();
    var host = document.getElementById("mag-search");
    if (host && !host.dataset.ready) {
      host.dataset.ready = "1";
      searchPage(host);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
