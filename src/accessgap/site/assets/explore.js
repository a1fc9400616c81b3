// Filters for Explore and the Timeline. Progressive enhancement: without this script every entry
// is listed. A form names the items it filters (data-items, default [data-item]); each select
// matches the item's data-<filter> words. The choice lives in the address, so views can be shared.
// Explore's form adds more, each only if its element is there (the Timeline has none of them):
// text search ([data-text]; summaries are fetched from data-source on first use), a date range
// ([data-range]), "only open or narrowed" ([data-open]), sortable columns (data-table, th[data-sort]),
// downloads of the filtered set ([data-download]), an empty state (data-empty) and a notice naming
// the address parameters it could not use (data-notice). Text from data is set with textContent only.
(function () {
  var OPEN = ["open", "narrowed"];
  var DAY = /^\d{4}-\d{2}-\d{2}$/;
  // Parameters other code puts in the address (Material's search highlight), not ours to judge.
  var FOREIGN = ["h"];

  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function fold(s) { return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function words(item, name) { return (item.getAttribute("data-" + name) || "").split(" "); }

  function setupForm(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var items = all(document, form.dataset.items || "[data-item]");
    var groups = all(document, "[data-group]");
    var count = form.querySelector("output");
    var selects = all(form, "select[data-filter]");
    var text = form.querySelector("[data-text]");
    var from = form.querySelector("[data-range=from]");
    var to = form.querySelector("[data-range=to]");
    var open = form.querySelector("[data-open]");
    var openCount = form.querySelector("[data-open-count]");
    var table = form.dataset.table ? document.querySelector(form.dataset.table) : null;
    var notice = form.dataset.notice ? document.querySelector(form.dataset.notice) : null;
    var empty = form.dataset.empty ? document.querySelector(form.dataset.empty) : null;
    var heads = table ? all(table, "th[data-sort]") : [];
    var tbody = table ? table.querySelector("tbody") : null;
    var order = items.slice();  // the page's own order (newest first): the default sort, and ties
    var defaultSort = "-date";
    var sort = defaultSort;
    var data = null, loading = null;  // api JSON: {fields, entries}, fetched on first need
    var extra = {};  // id -> folded summary, once data is here

    selects.forEach(function (s) {
      all(s, "option").forEach(function (o) { o.dataset.label = o.textContent; });
    });

    // --- the address --------------------------------------------------------------------------
    var params = new URLSearchParams(window.location.search);
    var problems = [];
    var known = selects.map(function (s) { return s.name; });
    function bad(name, value, why) { problems.push(name + "=" + value + " (" + why + ")"); }
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (!v) return;
      var ok = all(s, "option").some(function (o) { return o.value === v; });
      if (ok) s.value = v; else bad(s.name, v, "no such " + s.closest("label").firstChild.textContent.trim().toLowerCase());
    });
    if (text) {
      // Not "q": Material's search opens itself with ?q= in the address.
      known.push(text.name);
      if (params.get(text.name)) text.value = params.get(text.name);
    }
    [from, to].forEach(function (input) {
      if (!input) return;
      known.push(input.name);
      var v = params.get(input.name);
      if (!v) return;
      if (DAY.test(v) && !isNaN(Date.parse(v))) input.value = v; else bad(input.name, v, "not a date YYYY-MM-DD");
    });
    if (open) {
      known.push("open");
      var ov = params.get("open");
      if (ov === "1") open.checked = true; else if (ov !== null && ov !== "0") bad("open", ov, "use open=1");
    }
    if (table) {
      known.push("sort");
      var sv = params.get("sort");
      if (sv) {
        var key = sv.replace(/^-/, "");
        if (heads.some(function (th) { return th.dataset.sort === key; })) sort = sv;
        else bad("sort", sv, "no such column");
      }
    }
    if (notice) {
      params.forEach(function (value, name) {
        if (known.indexOf(name) === -1 && FOREIGN.indexOf(name) === -1) bad(name, value, "unknown parameter");
      });
      if (problems.length) {
        notice.textContent = "Ignored in the address: " + problems.join("; ") + ". The table shows the other filters.";
        notice.hidden = false;
      }
    }

    // --- matching -------------------------------------------------------------------------------
    function terms() { return text ? fold(text.value).split(/\s+/).filter(Boolean) : []; }
    function haystack(item) {
      if (!item._hay) {
        item._hay = fold(item.textContent + " " + (item.getAttribute("data-lab") || "") + " " +
                         (item.getAttribute("data-model") || ""));
      }
      var id = item.getAttribute("data-id");
      return item._hay + (id && extra[id] ? " " + extra[id] : "");
    }
    // Every test an item must pass, by name: the selects, then the search, range and open box.
    function failures(item, qs) {
      var out = [];
      selects.forEach(function (s) {
        if (s.value && words(item, s.dataset.filter).indexOf(s.value) === -1) out.push(s.name);
      });
      if (qs.length) {
        var hay = haystack(item);
        if (!qs.every(function (t) { return hay.indexOf(t) !== -1; })) out.push("text");
      }
      var d = item.getAttribute("data-date") || "";
      if ((from && from.value && d < from.value) || (to && to.value && d > to.value)) out.push("range");
      if (open && open.checked && OPEN.indexOf(item.getAttribute("data-status")) === -1) out.push("open");
      return out;
    }

    function sortRows() {
      if (!tbody) return;
      var key = sort.replace(/^-/, ""), dir = sort.charAt(0) === "-" ? -1 : 1;
      var col = heads.map(function (th) { return th.dataset.sort; }).indexOf(key);
      function value(row) {
        if (key === "date") return row.getAttribute("data-date") || "";
        var cell = row.cells[col];
        return cell ? cell.textContent.trim() : "";
      }
      var rank = new Map(order.map(function (row, i) { return [row, i]; }));
      var rows = order.slice().sort(function (a, b) {
        var c = value(a).localeCompare(value(b), undefined, {numeric: true, sensitivity: "base"});
        return c ? c * dir : rank.get(a) - rank.get(b);
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
      heads.forEach(function (th) {
        var on = th.dataset.sort === key;
        if (on) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
        var b = th.querySelector("button");
        if (b) b.dataset.dir = on ? (dir > 0 ? "asc" : "desc") : "";
      });
    }

    function describe() {
      var parts = [];
      if (text && text.value.trim()) parts.push("\u201c" + text.value.trim() + "\u201d");
      selects.forEach(function (s) {
        if (s.value) parts.push(s.closest("label").firstChild.textContent.trim() + ": " + s.selectedOptions[0].dataset.label);
      });
      if (from && from.value) parts.push("from " + from.value);
      if (to && to.value) parts.push("to " + to.value);
      if (open && open.checked) parts.push("only open or narrowed");
      return parts.join(", ");
    }

    function apply(initial) {
      var qs = terms(), shown = 0;
      var tally = {};  // filter name -> value -> items passing every other test
      selects.forEach(function (s) { tally[s.name] = {}; });
      var openTally = 0;
      items.forEach(function (item) {
        var fails = failures(item, qs);
        var ok = fails.length === 0;
        item.hidden = !ok;
        if (ok) shown += 1;
        selects.forEach(function (s) {
          if (fails.length === 0 || (fails.length === 1 && fails[0] === s.name)) {
            words(item, s.dataset.filter).forEach(function (w) { tally[s.name][w] = (tally[s.name][w] || 0) + 1; });
          }
        });
        if ((ok || (fails.length === 1 && fails[0] === "open")) && OPEN.indexOf(item.getAttribute("data-status")) !== -1) openTally += 1;
      });
      if (form.dataset.counts !== "off") {
        selects.forEach(function (s) {
          all(s, "option").forEach(function (o) {
            if (o.value) o.textContent = o.dataset.label + " (" + (tally[s.name][o.value] || 0) + ")";
          });
        });
      }
      if (openCount) openCount.textContent = "(" + openTally + ")";
      groups.forEach(function (g) {
        var visible = g.querySelectorAll("[data-item]:not([hidden])").length;
        g.hidden = visible === 0;
        var label = g.querySelector("[data-group-count]");
        if (label) label.textContent = String(visible);
      });
      if (count) count.textContent = shown + " of " + items.length + " entries";
      if (empty) {
        empty.hidden = shown !== 0;
        if (shown === 0) {
          empty.textContent = "";
          empty.appendChild(document.createTextNode("No entries match " + (describe() || "these filters") + ". "));
          var clear = document.createElement("button");
          clear.type = "button";
          clear.textContent = "Clear filters";
          clear.addEventListener("click", function () { form.reset(); });
          empty.appendChild(clear);
        }
      }
      if (table) table.hidden = shown === 0 && !!empty;
      if (initial) return;  // keep the address as given, so a notice about it survives a reload
      var q = new URLSearchParams();
      if (text && text.value.trim()) q.set(text.name, text.value.trim());
      selects.forEach(function (s) { if (s.value) q.set(s.name, s.value); });
      if (from && from.value) q.set("from", from.value);
      if (to && to.value) q.set("to", to.value);
      if (open && open.checked) q.set("open", "1");
      if (table && sort !== defaultSort) q.set("sort", sort);
      var s = q.toString();
      history.replaceState(null, "", (s ? "?" + s : window.location.pathname) + window.location.hash);
    }

    // --- data for search and downloads ------------------------------------------------------
    function load() {
      if (!form.dataset.source) return Promise.reject(new Error("no data source"));
      if (!loading) {
        loading = fetch(form.dataset.source).then(function (r) {
          if (!r.ok) throw new Error(r.status + " " + r.statusText);
          return r.json();
        }).then(function (json) {
          data = json;
          json.entries.forEach(function (e) { extra[e.id] = fold(e.summary || ""); });
          form.dataset.loaded = "1";
          return json;
        });
      }
      return loading;
    }
    function warn(message) {
      if (!notice) return;
      notice.textContent = message;
      notice.hidden = false;
    }
    function searched() {
      if (text && text.value.trim() && form.dataset.source && !data) {
        load().then(function () { apply(false); }, function (err) { warn("Summaries could not be loaded (" + err.message + "); searching titles, labs, models and IDs only."); });
      }
    }

    function csvCell(v) {
      var s = Array.isArray(v) ? v.join("; ") : String(v == null ? "" : v);
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;  // a spreadsheet would run it as a formula
      return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }
    function download(kind) {
      load().then(function (json) {
        var byId = {};
        json.entries.forEach(function (e) { byId[e.id] = e; });
        var chosen = all(tbody || document, "tr").filter(function (r) { return !r.hidden && byId[r.getAttribute("data-id")]; })
          .map(function (r) { return byId[r.getAttribute("data-id")]; });
        var body, type;
        if (kind === "csv") {
          body = [json.fields.map(csvCell).join(",")].concat(chosen.map(function (e) {
            return json.fields.map(function (f) { return csvCell(e[f]); }).join(",");
          })).join("\r\n") + "\r\n";
          type = "text/csv;charset=utf-8";
        } else {
          body = JSON.stringify({view: window.location.href, count: chosen.length, entries: chosen}, null, 1) + "\n";
          type = "application/json";
        }
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([body], {type: type}));
        a.download = "access-gap-entries." + kind;
        a.click();  // not attached to the page: nothing else sees the click
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      }, function (err) { warn("The download failed: the data could not be loaded (" + err.message + ")."); });
    }

    // --- wiring -------------------------------------------------------------------------------
    heads.forEach(function (th) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "mag-sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () {
        var key = th.dataset.sort;
        var cur = sort.replace(/^-/, "");
        // First click: dates newest first, words A to Z; a second click reverses.
        if (cur === key) sort = sort.charAt(0) === "-" ? key : "-" + key;
        else sort = key === "date" ? "-date" : key;
        sortRows();
        apply(false);
      });
    });
    all(form, "[data-download]").forEach(function (b) {
      b.addEventListener("click", function () { download(b.dataset.download); });
    });
    form.addEventListener("change", function () { apply(false); });
    if (text) {
      text.addEventListener("input", function () { searched(); apply(false); });
      text.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { apply(false); }, 0);  // the sort stays: it is not a filter
    });
    if (table) sortRows();
    apply(true);
    searched();
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
