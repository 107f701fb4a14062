// rpcheck view: stepping through a counterexample page. Everything shown is already in the page (written and
// escaped by rpcheck); this script only shows and hides it, draws the causality arrows between cells, and keeps
// "#step=N&trace=HASH" in the address. It loads nothing.
(function () {
  "use strict";
  var dataEl = document.getElementById("page-data");
  if (!dataEl) {
    return;
  }
  var data = JSON.parse(dataEl.textContent);
  if (data.kind !== "trace") {
    return;
  }
  var n = data.steps;
  var current = -1;
  var body = document.body;
  var SVGNS = "http://www.w3.org/2000/svg";

  function $(id) { return document.getElementById(id); }

  function parseHash() {
    var out = {};
    var h = window.location.hash.replace(/^#/, "");
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) {
        out[decodeURIComponent(kv.substring(0, i))] = decodeURIComponent(kv.substring(i + 1));
      }
    });
    return out;
  }

  function link(step) {
    return "#step=" + step + "&trace=" + data.hash;
  }

  function show(step, focusCell) {
    step = Math.max(0, Math.min(n, step));
    if (step === current) {
      return;
    }
    var old = current;
    current = step;
    if (old < 0) {
      document.querySelectorAll("article.step").forEach(function (a) { a.hidden = true; });
    } else {
      $("step-" + old).hidden = true;
      var oldRow = $("row-" + old);
      if (oldRow) { oldRow.classList.remove("current"); }
      var oldCell = $("cell-" + old);
      if (oldCell) { oldCell.removeAttribute("aria-current"); }
      var oldLine = data.lines[String(old)];
      if (oldLine && $(oldLine)) { $(oldLine).classList.remove("here"); }
    }
    $("step-" + step).hidden = false;
    var row = $("row-" + step);
    if (row) { row.classList.add("current"); }
    var cell = $("cell-" + step);
    if (cell) {
      cell.setAttribute("aria-current", "step");
      if (focusCell) { cell.focus({ preventScroll: true }); }
      if (cell.scrollIntoView) { cell.scrollIntoView({ block: "nearest", inline: "nearest" }); }
    }
    var line = data.lines[String(step)];
    if (line && $(line)) {
      var el = $(line);
      el.classList.add("here");
      var pre = el.parentNode;
      pre.scrollTop = Math.max(0, el.offsetTop - pre.offsetTop - pre.clientHeight / 3);
    }
    drawState(step);
    $("pos").textContent = "Step " + step + " of " + n;
    $("first").disabled = step === 0;
    $("prev").disabled = step === 0;
    $("next").disabled = step === n;
    $("last").disabled = step === n;
    $("permalink").setAttribute("href", link(step));
    if (window.history && window.history.replaceState) {
      try { window.history.replaceState(null, "", link(step)); } catch (e) { /* file:// in some browsers */ }
    }
    drawArrows();
  }

  function fromHash(initial) {
    var h = parseHash();
    if (!("step" in h)) {
      if (initial) { show(0, false); }
      return;
    }
    var step = parseInt(h.step, 10);
    var banner = $("stale");
    if (h.trace && h.trace !== data.hash) {
      banner.textContent = "This link was made for another version of this counterexample (trace " + h.trace
          + "; this page shows trace " + data.hash + "): the trace has changed since, so its step " + h.step
          + " may be a different step here. Showing the initial state instead.";
      banner.hidden = false;
      show(0, false);
      return;
    }
    banner.hidden = true;
    show(isNaN(step) ? 0 : step, false);
  }

  // The state after a step, as a tree of the components the trace changes (text nodes only).
  function valueAt(path, step) {
    var v = null;
    for (var i = 0; i < path.values.length && path.values[i][0] <= step; i++) {
      v = path.values[i][1];
    }
    return v;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function drawState(step) {
    var tree = $("state-tree");
    $("state-title").textContent = "State after step " + step;
    if (!tree) { return; }
    var changed = {};
    if (step > 0) {
      data.state.changed[step - 1].forEach(function (i) { changed[i] = true; });
    }
    var root = { kids: {}, order: [] };
    data.state.paths.forEach(function (p, i) {
      var node = root;
      p.segs.forEach(function (seg) {
        if (!(seg in node.kids)) {
          node.kids[seg] = { label: seg, kids: {}, order: [], leaf: -1, hit: false };
          node.order.push(seg);
        }
        node = node.kids[seg];
        if (changed[i]) { node.hit = true; }
      });
      node.leaf = i;
    });
    function render(node, ul) {
      node.order.forEach(function (k) {
        var c = node.kids[k];
        var li;
        if (c.leaf >= 0 && c.order.length === 0) {
          var p = data.state.paths[c.leaf];
          var now = valueAt(p, step);
          var ch = !!changed[c.leaf];
          li = el("li", "leaf " + (ch ? "changed" : "unchanged"));
          li.appendChild(el("span", "k", c.label));
          li.appendChild(document.createTextNode(" = "));
          li.appendChild(now === null ? el("em", "", "absent") : el("code", "v", now));
          if (ch) {
            var before = valueAt(p, step - 1);
            var was = el("span", "was", before === null ? " added" : now === null ? " removed" : " was ");
            if (before !== null && now !== null) { was.appendChild(el("code", "", before)); }
            li.appendChild(document.createTextNode(" "));
            li.appendChild(was);
          }
        } else {
          li = el("li", "branch " + (c.hit ? "has-changes" : "unchanged"));
          li.appendChild(el("span", "k", c.label));
          var sub = el("ul");
          render(c, sub);
          li.appendChild(sub);
        }
        ul.appendChild(li);
      });
    }
    while (tree.firstChild) { tree.removeChild(tree.firstChild); }
    render(root, tree);
  }

  // Causality arrows between the cells of the lanes table.
  function drawArrows() {
    var wrap = $("lanes-wrap");
    var table = $("lanes");
    var svg = $("arrows");
    if (!svg) {
      svg = document.createElementNS(SVGNS, "svg");
      svg.setAttribute("id", "arrows");
      svg.setAttribute("aria-hidden", "true");
      var defs = document.createElementNS(SVGNS, "defs");
      ["queue", "timer", "lldd", "abort", "lock", "wait", "wake", "loop"].forEach(function (k) {
        var m = document.createElementNS(SVGNS, "marker");
        m.setAttribute("id", "head-" + k);
        m.setAttribute("viewBox", "0 0 10 10");
        m.setAttribute("refX", "9");
        m.setAttribute("refY", "5");
        m.setAttribute("markerWidth", "7");
        m.setAttribute("markerHeight", "7");
        m.setAttribute("orient", "auto");
        var p = document.createElementNS(SVGNS, "path");
        p.setAttribute("d", "M0,0 L10,5 L0,10 z");
        p.setAttribute("class", "head k-" + k);
        m.appendChild(p);
        defs.appendChild(m);
      });
      svg.appendChild(defs);
      wrap.appendChild(svg);
    }
    while (svg.childNodes.length > 1) {
      svg.removeChild(svg.lastChild);
    }
    svg.setAttribute("width", table.offsetWidth);
    svg.setAttribute("height", table.offsetHeight);
    var base = table.getBoundingClientRect();
    data.edges.forEach(function (e) {
      var a = $("cell-" + e.from);
      var b = $("cell-" + e.to);
      if (!a || !b || a.offsetParent === null || b.offsetParent === null) {
        return;
      }
      var ra = a.getBoundingClientRect();
      var rb = b.getBoundingClientRect();
      var x1, y1, x2, y2, d;
      if (e.kind === "loop") {
        x1 = ra.right - base.left - 4; y1 = ra.top - base.top + ra.height / 2;
        x2 = rb.right - base.left - 4; y2 = rb.top - base.top + 6;
        d = "M" + x1 + "," + y1 + " C" + (x1 + 40) + "," + y1 + " " + (x2 + 40) + "," + y2 + " " + x2 + "," + y2;
      } else {
        x1 = ra.left - base.left + ra.width / 2; y1 = ra.bottom - base.top - 2;
        x2 = rb.left - base.left + rb.width / 2; y2 = rb.top - base.top + 2;
        var my = (y1 + y2) / 2;
        d = "M" + x1 + "," + y1 + " C" + x1 + "," + my + " " + x2 + "," + my + " " + x2 + "," + y2;
      }
      var path = document.createElementNS(SVGNS, "path");
      path.setAttribute("d", d);
      var hot = e.from === current || e.to === current;
      path.setAttribute("class", "arrow k-" + e.kind + (hot ? " hot" : ""));
      path.setAttribute("marker-end", "url(#head-" + e.kind + ")");
      var title = document.createElementNS(SVGNS, "title");
      title.textContent = "step " + e.from + " \u2192 step " + e.to + ": " + e.label;
      path.appendChild(title);
      svg.appendChild(path);
    });
  }

  $("first").addEventListener("click", function () { show(0, false); });
  $("prev").addEventListener("click", function () { show(current - 1, false); });
  $("next").addEventListener("click", function () { show(current + 1, false); });
  $("last").addEventListener("click", function () { show(n, false); });
  document.querySelectorAll("button.cell").forEach(function (c) {
    c.addEventListener("click", function () { show(parseInt(c.getAttribute("data-step"), 10), false); });
  });
  document.querySelectorAll("a.goto").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      show(parseInt(a.getAttribute("data-step"), 10), true);
    });
  });
  document.querySelectorAll("a.srclink").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      var el = $(a.getAttribute("data-line"));
      if (!el) { return; }
      ev.preventDefault();
      var details = el.closest("details");
      if (details) { details.open = true; }
      el.classList.add("here");
      el.scrollIntoView({ block: "center" });
      var pre = el.closest("pre");
      if (pre) { pre.focus({ preventScroll: true }); }
    });
  });
  $("only-involved").addEventListener("change", function (ev) {
    body.classList.toggle("only-involved", ev.target.checked);
    drawArrows();
  });
  $("hide-unchanged").addEventListener("change", function (ev) {
    body.classList.toggle("hide-unchanged", ev.target.checked);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var t = ev.target;
    if (t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type === "text"))) { return; }
    var focusCell = t && t.classList && t.classList.contains("cell");
    if (ev.key === "ArrowRight" || ev.key === "j") {
      show(current + 1, focusCell); ev.preventDefault();
    } else if (ev.key === "ArrowLeft" || ev.key === "k") {
      show(current - 1, focusCell); ev.preventDefault();
    } else if (ev.key === "Home") {
      show(0, focusCell); ev.preventDefault();
    } else if (ev.key === "End") {
      show(n, focusCell); ev.preventDefault();
    }
  });
  window.addEventListener("hashchange", function () { fromHash(false); });
  window.addEventListener("resize", drawArrows);

  var copy = $("copy");
  copy.addEventListener("click", function () {
    var text = $("mail-text").textContent;
    var status = $("copy-status");
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents($("mail-text"));
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? "Copied." : "Selected: press Ctrl+C to copy.";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = "Copied."; }, fallback);
    } else {
      fallback();
    }
  });

  fromHash(true);
}());
