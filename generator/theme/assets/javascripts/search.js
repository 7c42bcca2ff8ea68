/* Reading list search: the header search box and the search page's facets, over the static
 * Pagefind index that `paperlist build` writes to pagefind/ after the MkDocs build.
 *
 * Pagefind loads only the index chunks a query needs (a few KB each), so the first result does not
 * wait for the whole list to be downloaded and indexed in the browser, whatever its size.
 * Everything a result shows (title, excerpt, topic, tags) comes from pasted text: it is put into
 * the page as text nodes, never parsed as HTML. */
(function () {
  "use strict";

  // The site root, from this script's own address (assets/javascripts/search.js): right from any
  // page, from a sub-path (/<repo>/) and under `mkdocs serve`, and unchanged by instant navigation.
  var script = document.currentScript;
  var BASE = new URL("../../", script ? script.src : window.location.href).href;
  var HEADER_RESULTS = 10;
  var PAGE_SIZE = 20;
  var STATUS_ORDER = ["To read", "Reading", "Read", "Skipped"];

  var pagefind = null;
  function load() {
    if (!pagefind) {
      // The index is one or more Pagefind bundles (generator/site/search_index.py), listed in
      // pagefind/shards.json: the first is loaded, the others are merged into one search. No web
      // worker: it would fetch a second copy of the runtime (41 KB) before the first result.
      var options = { baseUrl: new URL(BASE).pathname };
      pagefind = fetch(BASE + "pagefind/shards.json").then(function (r) {
        if (!r.ok) throw new Error("no search index (pagefind/shards.json: " + r.status + ")");
        return r.json();
      }).then(function (names) {
        return import(BASE + "pagefind/" + names[0] + "/pagefind.js").then(function (pf) {
          return pf.options({ baseUrl: options.baseUrl, excerptLength: 26, noWorker: true })
            .then(function () {
              return Promise.all(names.slice(1).map(function (name) {
                return pf.mergeIndex(BASE + "pagefind/" + name + "/", options);
              }));
            })
            .then(function () { return pf.init(); })
            .then(function () { return pf; });
        });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* Pagefind's excerpt is the page text with "<" and ">" escaped and the matched words wrapped in
   * <mark>: split on the marks and undo exactly that escaping, into text nodes. */
  function excerpt(node, html) {
    var marked = false;
    String(html || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
        return;
      }
      if (!part) return;
      var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      if (marked) {
        var mark = el("mark");
        mark.appendChild(text);
        node.appendChild(mark);
      } else {
        node.appendChild(text);
      }
    });
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function values(data, name) {
    return (data.filters && data.filters[name]) || [];
  }

  /* ---- the header search box ---------------------------------------------------------------- */
  function setupHeader() {
    var box = document.querySelector("[data-pl-search]");
    if (!box || box.hasAttribute("data-pl-ready")) return;
    box.setAttribute("data-pl-ready", "");
    var input = box.querySelector("[data-pl-search-input]");
    var form = input.form;
    var list = box.querySelector("[data-pl-search-list]");
    var meta = box.querySelector("[data-pl-search-meta]");
    var all = box.querySelector("[data-pl-search-all]");
    var toggle = document.getElementById("__search");
    var idle = meta.textContent;
    var seq = 0;

    function open(state) {
      if (toggle && toggle.checked !== state) {
        toggle.checked = state;
        toggle.dispatchEvent(new Event("change"));
      }
    }

    function item(data) {
      var li = el("li", "md-search-result__item");
      var a = el("a", "md-search-result__link");
      a.href = data.url;
      a.tabIndex = -1;
      var article = el("article", "md-search-result__article md-typeset");
      article.appendChild(el("h1", null, data.meta && data.meta.title ? data.meta.title : data.url));
      article.appendChild(excerpt(el("p", "md-search-result__teaser"), data.excerpt));
      var tags = values(data, "topic").concat(values(data, "year"), values(data, "tag"));
      if (tags.length) {
        var nav = el("nav", "md-tags");
        tags.forEach(function (t) { nav.appendChild(el("span", "md-tag", t)); });
        article.appendChild(nav);
      }
      a.appendChild(article);
      li.appendChild(a);
      return li;
    }

    function run() {
      var mine = ++seq;
      var query = input.value.trim();
      all.href = BASE + "search/" + (query ? "?q=" + encodeURIComponent(query) : "");
      if (!query) {
        list.textContent = "";
        meta.textContent = idle;
        return;
      }
      load().then(function (pf) {
        return pf.search(query);
      }).then(function (search) {
        if (mine !== seq || !search) return null;
        meta.textContent = search.results.length ? plural(search.results.length, "matching page", "matching pages")
          : "No matching pages";
        list.textContent = "";
        // Each result shows as soon as its own record arrives, in rank order: the first one does not
        // wait for the other nine.
        var slots = search.results.slice(0, HEADER_RESULTS).map(function () {
          var slot = el("li");
          slot.hidden = true;
          list.appendChild(slot);
          return slot;
        });
        return Promise.all(search.results.slice(0, HEADER_RESULTS).map(function (result, i) {
          return result.data().then(function (data) {
            if (mine === seq) slots[i].replaceWith(item(data));
          });
        })).then(function () {
          if (mine === seq) box.setAttribute("data-pl-search-done", query);
        });
      }).catch(function (err) {
        if (mine !== seq) return;
        meta.textContent = "Search is not available: " + (err && err.message ? err.message : err) +
          " (the index is built by `paperlist build`).";
      });
    }

    input.addEventListener("focus", function () { open(true); load(); });
    // Get the search runtime ready (~200 KB: script, wasm, the list of pages) once the page has
    // loaded and the browser is idle, so that the first query only fetches its own index chunk
    // and results; the browser's cache keeps it for the next pages.
    var warm = function () {
      var ready = function () { load().catch(function () {}); };
      if (window.requestIdleCallback) window.requestIdleCallback(ready, { timeout: 2000 });
      else setTimeout(ready, 300);
    };
    if (document.readyState === "complete") warm();
    else window.addEventListener("load", warm, { once: true });
    input.addEventListener("input", run);
    form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }, 0); });
    form.addEventListener("submit", function (ev) {
      // Enter opens the best match; without one, the search page (a navigation, not a form
      // submission: the site's Content-Security-Policy allows no form action).
      ev.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
      else window.location.href = all.href;
    });
    box.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a")) open(false);
    });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        open(false);
        input.blur();
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        var links = [input].concat(Array.prototype.slice.call(box.querySelectorAll(".md-search-result a")));
        var at = links.indexOf(document.activeElement);
        var next = links[(at + (ev.key === "ArrowDown" ? 1 : links.length - 1)) % links.length];
        if (next) {
          ev.preventDefault();
          next.focus();
        }
      }
    });
    // "/", "s" or "f" anywhere (but in a text field) opens the search, as Material's own does.
    document.addEventListener("keydown", function (ev) {
      if (ev.metaKey || ev.ctrlKey || ev.altKey || ev.defaultPrevented) return;
      var target = ev.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (ev.key === "/" || ev.key === "s" || ev.key === "f") {
        ev.preventDefault();
        open(true);
        input.focus();
        input.select();
      }
    });
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    }
  }

  /* ---- the search page: query + facets over the whole list ------------------------------------ */
  var FACETS = [["topic", "Topic"], ["tag", "Tag"], ["status", "Status"], ["year", "Year"]];

  function facetOrder(name, counts) {
    var keys = Object.keys(counts);
    if (name === "year") return keys.sort().reverse();
    if (name === "status") {
      return keys.sort(function (a, b) {
        var x = STATUS_ORDER.indexOf(a), y = STATUS_ORDER.indexOf(b);
        return (x < 0 ? 9 : x) - (y < 0 ? 9 : y) || (a < b ? -1 : 1);
      });
    }
    return keys.sort(function (a, b) { return counts[b] - counts[a] || (a.toLowerCase() < b.toLowerCase() ? -1 : 1); });
  }

  function setupFacets(root) {
    var box = root.querySelector("[data-pl-facets]");
    if (!box || box.hasAttribute("data-pl-ready")) return;
    box.setAttribute("data-pl-ready", "");
    box.textContent = "";

    var form = el("form", "pl-facets__form");
    form.setAttribute("role", "search");
    var query = el("input", "pl-facets__query md-input");
    query.type = "search";
    query.name = "q";
    query.placeholder = "Search titles, abstracts and notes (or leave empty to browse)";
    query.setAttribute("aria-label", "Search words");
    form.appendChild(query);
    var groups = el("div", "pl-facets__groups");
    var count = el("p", "pl-facets__count", "Loading the index…");
    count.setAttribute("aria-live", "polite");
    var results = el("ol", "pl-facets__results");
    var more = el("button", "md-button pl-facets__more", "Show more");
    more.type = "button";
    more.hidden = true;
    var layout = el("div", "pl-facets__layout");
    var main = el("div", "pl-facets__main");
    main.appendChild(count);
    main.appendChild(results);
    main.appendChild(more);
    layout.appendChild(groups);
    layout.appendChild(main);
    box.appendChild(form);
    box.appendChild(layout);

    var params = new URLSearchParams(window.location.search);
    query.value = params.get("q") || "";
    var chosen = {};
    FACETS.forEach(function (f) { chosen[f[0]] = params.getAll(f[0]); });
    var boxes = {};  // facet -> value -> checkbox
    var seq = 0;
    var current = null;
    var shown = 0;

    function buildGroups(totals) {
      FACETS.forEach(function (f) {
        var name = f[0];
        var counts = totals[name] || {};
        chosen[name].forEach(function (v) { if (!(v in counts)) counts[v] = 0; });
        var keys = facetOrder(name, counts);
        if (!keys.length) return;
        var group = el("fieldset", "pl-facets__group pl-facets__group--" + name);
        group.appendChild(el("legend", null, f[1]));
        var options = el("div", "pl-facets__options");
        boxes[name] = {};
        keys.forEach(function (value) {
          var label = el("label", "pl-facets__option");
          var check = el("input");
          check.type = "checkbox";
          check.name = name;
          check.value = value;
          check.checked = chosen[name].indexOf(value) !== -1;
          label.appendChild(check);
          label.appendChild(el("span", "pl-facets__value", value));
          label.appendChild(el("span", "pl-facets__n", counts[value]));
          options.appendChild(label);
          boxes[name][value] = check;
        });
        group.appendChild(options);
        groups.appendChild(group);
      });
    }

    function updateCounts(counts) {
      FACETS.forEach(function (f) {
        var name = f[0];
        Object.keys(boxes[name] || {}).forEach(function (value) {
          var n = counts && counts[name] ? counts[name][value] || 0 : 0;
          var label = boxes[name][value].parentNode;
          label.lastChild.textContent = n;
          label.classList.toggle("pl-facets__option--empty", !n && !boxes[name][value].checked);
        });
      });
    }

    function filters() {
      var out = { type: "paper" };
      FACETS.forEach(function (f) {
        if (chosen[f[0]].length) out[f[0]] = { any: chosen[f[0]].slice() };
      });
      return out;
    }

    function syncAddress() {
      var next = new URLSearchParams();
      if (query.value.trim()) next.set("q", query.value.trim());
      FACETS.forEach(function (f) { chosen[f[0]].forEach(function (v) { next.append(f[0], v); }); });
      var text = next.toString();
      history.replaceState(history.state, "", window.location.pathname + (text ? "?" + text : ""));
    }

    function row(data, withExcerpt) {
      var li = el("li", "pl-facets__result");
      var a = el("a", "pl-facets__title", data.meta && data.meta.title ? data.meta.title : data.url);
      a.href = data.url;
      li.appendChild(a);
      var facts = el("div", "pl-facets__facts");
      values(data, "topic").forEach(function (t) { facts.appendChild(el("span", "pl-badge pl-badge--topic", t)); });
      values(data, "year").forEach(function (y) { facts.appendChild(el("span", "pl-date", y)); });
      values(data, "status").forEach(function (s) {
        facts.appendChild(el("span", "pl-status pl-status--" + s.toLowerCase().replace(/\s+/g, "-"), s));
      });
      values(data, "tag").forEach(function (t) { facts.appendChild(el("span", "pl-tag", t)); });
      li.appendChild(facts);
      if (withExcerpt) li.appendChild(excerpt(el("p", "pl-facets__excerpt"), data.excerpt));
      return li;
    }

    function showMore() {
      var mine = seq;
      var search = current;
      var slice = search.results.slice(shown, shown + PAGE_SIZE);
      shown += slice.length;
      more.hidden = true;
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== seq) return;
        items.forEach(function (data) { results.appendChild(row(data, !!query.value.trim())); });
        more.hidden = shown >= search.results.length;
      });
    }

    function run() {
      var mine = ++seq;
      syncAddress();
      var text = query.value.trim();
      load().then(function (pf) {
        return pf.search(text || null, text ? { filters: filters() } : { filters: filters(), sort: { date: "desc" } });
      }).then(function (search) {
        if (mine !== seq || !search) return null;
        current = search;
        shown = 0;
        results.textContent = "";
        updateCounts(search.filters);
        var n = search.results.length;
        count.textContent = n ? plural(n, "paper", "papers") + (text ? " match" : "") : "No papers match";
        return showMore().then(function () { box.setAttribute("data-pl-done", String(mine)); });
      }).catch(function (err) {
        count.textContent = "Search is not available: " + (err && err.message ? err.message : err) +
          " (the index is built by `paperlist build`).";
      });
    }

    groups.addEventListener("change", function (ev) {
      var check = ev.target;
      if (!check || check.type !== "checkbox") return;
      var list = chosen[check.name];
      var at = list.indexOf(check.value);
      if (check.checked && at === -1) list.push(check.value);
      if (!check.checked && at !== -1) list.splice(at, 1);
      run();
    });
    query.addEventListener("input", run);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    more.addEventListener("click", showMore);

    load().then(function (pf) { return pf.filters(); }).then(function (totals) {
      buildGroups(totals);
      run();
    }).catch(function (err) {
      count.textContent = "Search is not available: " + (err && err.message ? err.message : err) +
        " (the index is built by `paperlist build`).";
    });
  }

  function setup() {
    setupHeader();
    setupFacets(document);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
