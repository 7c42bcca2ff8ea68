/* Reading list: math rendering and sortable, filterable paper tables. No framework, no server.
 *
 * Material for MkDocs emits every page (first load and each instant navigation) on `document$`;
 * everything here runs from that subscription, once per table. */
(function () {
  "use strict";

  /* ---- math: KaTeX (vendored in assets/katex) on the spans pymdownx.arithmatex marks ---------- */
  // Loaded only by a page that has math (about 1 page in 500): its script, style and fonts are
  // 300 KB that every other page would fetch for nothing.
  var script = document.currentScript;
  var ASSETS = new URL("../", script ? script.src : window.location.href).href;  // .../assets/
  var katex = null;

  function loadKatex() {
    if (!katex) {
      katex = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = ASSETS + "katex/katex.min.css";
        document.head.appendChild(css);
        var add = function (src, next) {
          var el = document.createElement("script");
          el.src = ASSETS + src;
          el.onload = next;
          el.onerror = function () { katex = null; reject(new Error("cannot load " + src)); };
          document.head.appendChild(el);
        };
        add("katex/katex.min.js", function () { add("katex/contrib/auto-render.min.js", resolve); });
      });
    }
    return katex;
  }

  function renderMath(root) {
    var spans = root.querySelectorAll(".arithmatex");
    if (!spans.length) return;
    loadKatex().then(function () {
      spans.forEach(function (el) {
        if (el.querySelector(".katex")) return;
        // Only the elements arithmatex produced: text elsewhere (pasted abstracts, notes) is never
        // treated as math, whatever dollar signs or backslashes it contains.
        renderMathInElement(el, {
          delimiters: [
            { left: "\\(", right: "\\)", display: false },
            { left: "\\[", right: "\\]", display: true }
          ],
          throwOnError: false,
          trust: false
        });
      });
    });
  }

  /* ---- paper tables ----------------------------------------------------------------------- */
  // The generator writes what each column is (data-columns on the table's box) and the values of
  // statuses and ratings (data-status, data-rating): labels are for people, never parsed here.
  var STATUS_ORDER = { "reading": 0, "to-read": 1, "read": 2, "skipped": 3 };

  function cellText(cell) {
    return (cell ? cell.textContent : "").replace(/\s+/g, " ").trim();
  }

  function dataValue(cell, name) {
    var el = cell ? cell.querySelector("[data-" + name + "]") : null;
    return el ? el.getAttribute("data-" + name) : "";
  }

  function statusRank(value) {
    return STATUS_ORDER[value] === undefined ? 9 : STATUS_ORDER[value];
  }

  function sortKey(cell, kind) {
    if (kind === "rating") return Number(dataValue(cell, "rating")) || 0;
    if (kind === "status") return statusRank(dataValue(cell, "status"));
    return cellText(cell).toLowerCase();
  }

  function option(value, label) {
    var el = document.createElement("option");
    el.value = value;
    el.textContent = label;
    return el;
  }

  function setupTable(box) {
    var table = box.querySelector("table");
    if (!table || box.hasAttribute("data-pl-ready")) return;
    box.setAttribute("data-pl-ready", "");
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var kinds = (box.getAttribute("data-columns") || "").split(/\s+/);
    var col = {};
    kinds.forEach(function (kind, i) { col[kind] = i; });
    function kindOf(i) {
      var kind = kinds[i] || "text";
      return kind === "rating" || kind === "status" || kind === "date" || kind === "tags" ? kind : "text";
    }

    // Filters: text, tag, status; built from what the table holds.
    var tags = {}, statuses = {}, statusLabels = {};
    rows.forEach(function (row, i) {
      row.setAttribute("data-pl-order", i);
      row.querySelectorAll(".pl-tag").forEach(function (t) {
        var name = cellText(t);
        tags[name] = (tags[name] || 0) + 1;
      });
      if (col.status !== undefined) {
        var s = dataValue(row.cells[col.status], "status");
        statuses[s] = (statuses[s] || 0) + 1;
        statusLabels[s] = cellText(row.cells[col.status]);
      }
    });

    var bar = document.createElement("div");
    bar.className = "pl-filters";
    bar.setAttribute("role", "search");
    bar.setAttribute("aria-label", "Filter the papers"); // a second search landmark needs a name
    var text = document.createElement("input");
    text.type = "search";
    text.placeholder = "Filter papers…";
    text.setAttribute("aria-label", "Filter papers by text");
    text.className = "pl-filter pl-filter--text";
    var tag = document.createElement("select");
    tag.className = "pl-filter pl-filter--tag";
    tag.setAttribute("aria-label", "Filter by tag");
    tag.appendChild(option("", "All tags"));
    Object.keys(tags).sort().forEach(function (name) { tag.appendChild(option(name, name + " (" + tags[name] + ")")); });
    var status = document.createElement("select");
    status.className = "pl-filter pl-filter--status";
    status.setAttribute("aria-label", "Filter by reading status");
    status.appendChild(option("", "Any status"));
    Object.keys(statuses).sort(function (a, b) { return statusRank(a) - statusRank(b); }).forEach(function (name) {
      status.appendChild(option(name, statusLabels[name] + " (" + statuses[name] + ")"));
    });
    var count = document.createElement("span");
    count.className = "pl-filter-count";
    count.setAttribute("aria-live", "polite");
    bar.appendChild(text);
    if (Object.keys(tags).length) bar.appendChild(tag);
    if (col.status !== undefined) bar.appendChild(status);
    bar.appendChild(count);
    box.insertBefore(bar, box.firstChild);

    function apply() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var hay = row.textContent.toLowerCase();
        var rowTags = Array.prototype.map.call(row.querySelectorAll(".pl-tag"), cellText);
        var ok = words.every(function (w) { return hay.indexOf(w) !== -1; }) &&
          (!tag.value || rowTags.indexOf(tag.value) !== -1) &&
          (!status.value || dataValue(row.cells[col.status], "status") === status.value);
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown === rows.length ? rows.length + " papers" : shown + " of " + rows.length + " papers";
      box.setAttribute("data-pl-shown", shown);
    }
    text.addEventListener("input", apply);
    tag.addEventListener("change", apply);
    status.addEventListener("change", apply);

    // A click on a tag chip in the table filters by that tag.
    body.addEventListener("click", function (ev) {
      var chip = ev.target.closest ? ev.target.closest(".pl-tag") : null;
      if (!chip) return;
      tag.value = tag.value === cellText(chip) ? "" : cellText(chip);
      apply();
    });

    // Sorting: a button in each header; click again to reverse; a third time restores the order.
    headers.forEach(function (th, i) {
      var kind = kindOf(i);
      if (kind === "tags") return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pl-sort";
      button.textContent = cellText(th);
      button.title = "Sort by " + cellText(th).toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        // Dates and ratings read best newest/highest first.
        var first = kind === "date" || kind === "rating" ? "descending" : "ascending";
        var second = first === "ascending" ? "descending" : "ascending";
        var next = current === "none" ? first : current === first ? second : "none";
        headers.forEach(function (h) { if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", next);
        var sorted = rows.slice();
        if (next === "none") {
          sorted.sort(function (a, b) { return a.getAttribute("data-pl-order") - b.getAttribute("data-pl-order"); });
        } else {
          var dir = next === "ascending" ? 1 : -1;
          sorted.sort(function (a, b) {
            var x = sortKey(a.cells[i], kind), y = sortKey(b.cells[i], kind);
            // Empty dates always go last.
            if (kind === "date" && (x === "") !== (y === "")) return x === "" ? 1 : -1;
            if (x < y) return -dir;
            if (x > y) return dir;
            return a.getAttribute("data-pl-order") - b.getAttribute("data-pl-order");
          });
        }
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });

    // ?tag=…&status=…&q=… preselect filters (links from other pages can point at a filtered view).
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) text.value = params.get("q");
    if (params.get("tag")) tag.value = params.get("tag");
    if (params.get("status")) status.value = params.get("status");
    apply();
  }

  /* Material's search dialog has no accessible name (axe: aria-dialog-name): give it the one of
     its search box, in the site's language. */
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    var input = dialog && dialog.querySelector("input[aria-label]");
    if (input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
  }

  function setup(root) {
    nameSearchDialog();
    renderMath(root);
    root.querySelectorAll(".pl-papers").forEach(setupTable);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setup(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setup(document.body); });
  }
})();
