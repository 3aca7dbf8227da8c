// graphex explorer: draws the embedded graph on a canvas and lets one search, filter and read the evidence.
// Written for graphex (no library): every text from the data goes into the page through textContent.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = data.nodes, edges = data.edges, types = data.types, relations = data.relations;

  // Fixed colours and shapes for the standard types, a palette for the others (dark enough on white).
  var KNOWN = { person: ["#c62828", "circle"], organization: ["#1565c0", "square"],
    product: ["#2e7d32", "diamond"], place: ["#6a1b9a", "triangle"] };
  var PALETTE = ["#ad5700", "#00796b", "#5d4037", "#ad1457", "#37474f", "#827717"];
  var SHAPES = ["circle", "square", "diamond", "triangle"];
  var GLYPHS = { circle: "\u25cf", square: "\u25a0", diamond: "\u25c6", triangle: "\u25b2" };
  var typeStyle = types.map(function (t, i) {
    if (KNOWN[t]) return { color: KNOWN[t][0], shape: KNOWN[t][1] };
    return { color: PALETTE[i % PALETTE.length], shape: SHAPES[i % SHAPES.length] };
  });

  // Adjacency: edge indices per node.
  var adjacent = nodes.map(function () { return []; });
  edges.forEach(function (e, i) {
    adjacent[e.source].push(i);
    if (e.target !== e.source) adjacent[e.target].push(i);
  });
  var byId = new Map();
  nodes.forEach(function (n, i) { byId.set(n.id, i); });
  var maxWeight = edges.reduce(function (m, e) { return Math.max(m, e.weight); }, 1);

  var state = {
    hiddenTypes: new Set(), hiddenRelations: new Set(), showCooccurrence: true, showRelations: true,
    minWeight: 1, ego: 0, selected: null
  };
  var nodeVisible = new Uint8Array(nodes.length), edgeVisible = new Uint8Array(edges.length);

  function edgeKindVisible(e) {
    if (e.relation === undefined) return state.showCooccurrence;
    return state.showRelations && !state.hiddenRelations.has(e.relation);
  }

  function computeVisibility() {
    var i;
    for (i = 0; i < nodes.length; i++) nodeVisible[i] = state.hiddenTypes.has(nodes[i].type) ? 0 : 1;
    for (i = 0; i < edges.length; i++) {
      var e = edges[i];
      edgeVisible[i] = nodeVisible[e.source] && nodeVisible[e.target] && e.weight >= state.minWeight &&
        edgeKindVisible(e) ? 1 : 0;
    }
    var centre = selectionNodes();
    if (state.ego > 0 && centre.length) {
      var depth = new Map();
      var frontier = centre.filter(function (c) { return nodeVisible[c]; });
      frontier.forEach(function (c) { depth.set(c, 0); });
      for (var d = 1; d <= state.ego; d++) {
        var next = [];
        frontier.forEach(function (n) {
          adjacent[n].forEach(function (ei) {
            if (!edgeVisible[ei]) return;
            var o = edges[ei].source === n ? edges[ei].target : edges[ei].source;
            if (!depth.has(o)) { depth.set(o, d); next.push(o); }
          });
        });
        frontier = next;
      }
      for (i = 0; i < nodes.length; i++) if (!depth.has(i)) nodeVisible[i] = 0;
      for (i = 0; i < edges.length; i++) {
        if (edgeVisible[i] && !(nodeVisible[edges[i].source] && nodeVisible[edges[i].target])) edgeVisible[i] = 0;
      }
    }
    var vn = 0, ve = 0;
    for (i = 0; i < nodes.length; i++) vn += nodeVisible[i];
    for (i = 0; i < edges.length; i++) ve += edgeVisible[i];
    document.getElementById("counts").textContent = vn + " of " + nodes.length + " entities, " + ve + " of " +
      edges.length + " edges, " + data.document_count + " documents";
    return { nodes: vn, edges: ve };
  }

  function selectionNodes() {
    var s = state.selected;
    if (!s) return [];
    if (s.kind === "node") return [s.index];
    return [edges[s.index].source, edges[s.index].target];
  }

  // ---- drawing
  var canvas = document.getElementById("canvas"), ctx = canvas.getContext("2d");
  var view = { x: 0, y: 0, k: 1, w: 300, h: 150, ratio: 1 };
  var radius = nodes.map(function (n) { return 3 + 2.2 * Math.sqrt(Math.log1p(n.mentions)); });
  var labelOrder = nodes.map(function (_, i) { return i; })
    .sort(function (a, b) { return nodes[b].mentions - nodes[a].mentions || (nodes[a].id < nodes[b].id ? -1 : 1); });
  var frameRequested = false, firstFrameMs = null;

  function toScreen(x, y) { return [(x - view.x) * view.k + view.w / 2, (y - view.y) * view.k + view.h / 2]; }
  function toWorld(sx, sy) { return [(sx - view.w / 2) / view.k + view.x, (sy - view.h / 2) / view.k + view.y]; }
  function screenRadius(i) { return radius[i] * Math.min(2.5, Math.max(0.6, Math.sqrt(view.k))); }

  function resize() {
    var r = canvas.getBoundingClientRect();
    view.ratio = window.devicePixelRatio || 1;
    view.w = Math.max(1, r.width); view.h = Math.max(1, r.height);
    canvas.width = Math.round(view.w * view.ratio); canvas.height = Math.round(view.h * view.ratio);
    requestDraw();
  }

  function fit() {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, any = false;
    for (var i = 0; i < nodes.length; i++) {
      if (!nodeVisible[i]) continue;
      any = true;
      minX = Math.min(minX, nodes[i].x); maxX = Math.max(maxX, nodes[i].x);
      minY = Math.min(minY, nodes[i].y); maxY = Math.max(maxY, nodes[i].y);
    }
    if (!any) { view.x = 0; view.y = 0; view.k = 1; return; }
    view.x = (minX + maxX) / 2; view.y = (minY + maxY) / 2;
    var sx = Math.max(maxX - minX, 1), sy = Math.max(maxY - minY, 1);
    view.k = Math.min(4, 0.85 * Math.min(view.w / sx, view.h / sy));
  }

  function requestDraw() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(draw);
  }

  function drawShape(shape, x, y, r) {
    if (shape === "square") { ctx.rect(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76); return; }
    if (shape === "diamond") { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.2, y); ctx.lineTo(x, y + r * 1.2); ctx.lineTo(x - r * 1.2, y); ctx.closePath(); return; }
    if (shape === "triangle") { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y + r * 0.8); ctx.lineTo(x - r * 1.1, y + r * 0.8); ctx.closePath(); return; }
    ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
  }

  function draw() {
    frameRequested = false;
    ctx.setTransform(view.ratio, 0, 0, view.ratio, 0, 0);
    ctx.clearRect(0, 0, view.w, view.h);
    var sel = state.selected, focus = new Set(selectionNodes());
    var i, e, a, b;
    // Co-occurrence edges in three widths, relations darker with an arrow; one path per class.
    var classes = [[], [], []], rel = [];
    for (i = 0; i < edges.length; i++) {
      if (!edgeVisible[i]) continue;
      e = edges[i];
      if (e.relation !== undefined) rel.push(i);
      else classes[e.weight >= 5 ? 2 : e.weight >= 2 ? 1 : 0].push(i);
    }
    ctx.strokeStyle = "rgba(90,100,115,0.28)";
    classes.forEach(function (list, c) {
      ctx.lineWidth = [0.6, 1.3, 2.4][c];
      ctx.beginPath();
      list.forEach(function (ei) {
        a = toScreen(nodes[edges[ei].source].x, nodes[edges[ei].source].y);
        b = toScreen(nodes[edges[ei].target].x, nodes[edges[ei].target].y);
        ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]);
      });
      ctx.stroke();
    });
    ctx.strokeStyle = "rgba(40,40,40,0.75)"; ctx.fillStyle = "rgba(40,40,40,0.75)"; ctx.lineWidth = 1.2;
    ctx.beginPath();
    rel.forEach(function (ei) { segment(ei, true); });
    ctx.stroke();
    // What the selection touches, on top.
    var touched = [];
    if (sel && sel.kind === "edge") touched.push(sel.index);
    if (sel && sel.kind === "node") adjacent[sel.index].forEach(function (ei) { if (edgeVisible[ei]) touched.push(ei); });
    ctx.strokeStyle = "#0b57d0"; ctx.fillStyle = "#0b57d0"; ctx.lineWidth = 2.5;
    ctx.beginPath();
    touched.forEach(function (ei) { segment(ei, edges[ei].relation !== undefined); });
    ctx.stroke();
    // Nodes by type, then labels.
    for (var t = 0; t < types.length; t++) {
      ctx.beginPath();
      for (i = 0; i < nodes.length; i++) {
        if (!nodeVisible[i] || nodes[i].type !== t) continue;
        a = toScreen(nodes[i].x, nodes[i].y);
        if (a[0] < -20 || a[1] < -20 || a[0] > view.w + 20 || a[1] > view.h + 20) continue;
        drawShape(typeStyle[t].shape, a[0], a[1], screenRadius(i));
      }
      ctx.fillStyle = typeStyle[t].color; ctx.fill();
      ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 1; ctx.stroke();
    }
    focus.forEach(function (n) {
      if (!nodeVisible[n]) return;
      a = toScreen(nodes[n].x, nodes[n].y);
      ctx.beginPath(); ctx.arc(a[0], a[1], screenRadius(n) + 4, 0, 2 * Math.PI);
      ctx.strokeStyle = "#0b57d0"; ctx.lineWidth = 3; ctx.stroke();
    });
    drawLabels(focus, touched);
    if (firstFrameMs === null) firstFrameMs = performance.now();
  }

  function segment(ei, arrow) {
    var e = edges[ei];
    var a = toScreen(nodes[e.source].x, nodes[e.source].y), b = toScreen(nodes[e.target].x, nodes[e.target].y);
    ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]);
    if (!arrow) return;
    var dx = b[0] - a[0], dy = b[1] - a[1], len = Math.sqrt(dx * dx + dy * dy);
    if (len < 12) return;
    var ux = dx / len, uy = dy / len, r = screenRadius(e.target) + 2;
    var tx = b[0] - ux * r, ty = b[1] - uy * r;
    ctx.moveTo(tx, ty); ctx.lineTo(tx - ux * 7 - uy * 3.5, ty - uy * 7 + ux * 3.5);
    ctx.moveTo(tx, ty); ctx.lineTo(tx - ux * 7 + uy * 3.5, ty - uy * 7 - ux * 3.5);
  }

  function drawLabels(focus, touched) {
    ctx.font = "12px system-ui, sans-serif"; ctx.textBaseline = "middle";
    ctx.lineJoin = "round"; ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.fillStyle = "#1b1f24";
    var show = new Set(focus);
    touched.forEach(function (ei) { show.add(edges[ei].source); show.add(edges[ei].target); });
    var budget = Math.round(Math.min(80, 12 * Math.max(1, view.k)));
    for (var j = 0; j < labelOrder.length && budget > 0; j++) {
      if (nodeVisible[labelOrder[j]]) { show.add(labelOrder[j]); budget--; }
    }
    show.forEach(function (n) {
      if (!nodeVisible[n]) return;
      var a = toScreen(nodes[n].x, nodes[n].y), x = a[0] + screenRadius(n) + 3;
      if (a[0] < -50 || a[1] < -20 || a[0] > view.w + 20 || a[1] > view.h + 20) return;
      ctx.strokeText(nodes[n].label, x, a[1]); ctx.fillText(nodes[n].label, x, a[1]);
    });
  }

  // ---- hit testing
  function nodeAt(sx, sy) {
    var best = -1, bestD = Infinity;
    for (var i = 0; i < nodes.length; i++) {
      if (!nodeVisible[i]) continue;
      var a = toScreen(nodes[i].x, nodes[i].y), dx = a[0] - sx, dy = a[1] - sy, d = dx * dx + dy * dy;
      var r = screenRadius(i) + 3;
      if (d <= r * r && d < bestD) { best = i; bestD = d; }
    }
    return best;
  }

  function edgeAt(sx, sy) {
    var best = -1, bestD = 5 * 5;
    for (var i = 0; i < edges.length; i++) {
      if (!edgeVisible[i]) continue;
      var e = edges[i];
      var a = toScreen(nodes[e.source].x, nodes[e.source].y), b = toScreen(nodes[e.target].x, nodes[e.target].y);
      var dx = b[0] - a[0], dy = b[1] - a[1], l2 = dx * dx + dy * dy;
      var t = l2 ? Math.max(0, Math.min(1, ((sx - a[0]) * dx + (sy - a[1]) * dy) / l2)) : 0;
      var px = a[0] + t * dx - sx, py = a[1] + t * dy - sy, d = px * px + py * py;
      // Relations win ties over the co-occurrence edge drawn under them.
      if (d < bestD || (d === bestD && e.relation !== undefined)) { best = i; bestD = d; }
    }
    return best;
  }

  // ---- the panel
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "onclick") node.addEventListener("click", props[k]);
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function nodeButton(n) {
    return el("button", { "class": "link", type: "button", text: nodes[n].label, onclick: function () { select({ kind: "node", index: n }, true); } });
  }

  function edgeName(e) { return e.relation === undefined ? "co-occurrence" : relations[e.relation]; }

  function degreeOf(n) {
    var seen = new Set();
    adjacent[n].forEach(function (ei) { seen.add(edges[ei].source === n ? edges[ei].target : edges[ei].source); });
    seen.delete(n);
    return seen.size;
  }

  function showNode(n) {
    var node = nodes[n], panel = document.getElementById("panel");
    var list = adjacent[n].slice().sort(function (a, b) {
      var ra = edges[a].relation === undefined ? 1 : 0, rb = edges[b].relation === undefined ? 1 : 0;
      return ra - rb || edges[b].weight - edges[a].weight || a - b;
    });
    var shown = list.slice(0, 300).map(function (ei) {
      var e = edges[ei], other = e.source === n ? e.target : e.source;
      var arrow = e.relation === undefined ? " — " : (e.source === n ? " → " : " ← ");
      return el("li", { "data-edge": String(ei) }, [
        el("button", { "class": "link", type: "button", text: edgeName(e), onclick: function () { select({ kind: "edge", index: ei }, false); } }),
        arrow, nodeButton(other), " (" + e.weight + ")"]);
    });
    if (list.length > 300) shown.push(el("li", { text: "… and " + (list.length - 300) + " more" }));
    var docs = node.documents.map(function (d) { return el("li", { text: d }); });
    if (node.document_count > node.documents.length) docs.push(el("li", { text: "… " + (node.document_count - node.documents.length) + " more" }));
    var facts = [
      el("dt", { text: "type" }), el("dd", {}, [el("span", { "class": "tag", text: types[node.type] })]),
      el("dt", { text: "id" }), el("dd", { text: node.id }),
      el("dt", { text: "mentions" }), el("dd", { text: String(node.mentions) }),
      el("dt", { text: "documents" }), el("dd", { text: String(node.document_count) }),
      el("dt", { text: "neighbours" }), el("dd", { text: String(degreeOf(n)) })
    ];
    if (node.confidence !== undefined) {
      facts.push(el("dt", { text: "discovered" }), el("dd", { text: "confidence " + node.confidence + (node.cue ? ", cue " + node.cue : "") }));
    }
    panel.replaceChildren(
      el("h2", { id: "selection-title", text: node.label }),
      el("dl", {}, facts),
      el("h3", { text: "Aliases" }), el("ul", { id: "aliases" }, node.aliases.map(function (a) { return el("li", { text: a }); })),
      el("h3", { text: "Edges (" + list.length + ")" }), el("ul", { id: "edge-list" }, shown),
      el("h3", { text: "Documents" }), el("ul", { id: "documents" }, docs));
  }

  // The sentence with every alias of the two entities marked (longest first, no overlaps).
  function highlighted(text, ends) {
    var names = [];
    ends.forEach(function (n) {
      names.push(nodes[n].label);
      nodes[n].aliases.forEach(function (a) { names.push(a); });
    });
    names = names.filter(function (s, i) { return s && names.indexOf(s) === i; })
      .sort(function (a, b) { return b.length - a.length; });
    var lower = text.toLowerCase(), taken = [];
    names.forEach(function (name) {
      var needle = name.toLowerCase(), from = 0, at;
      while (needle && (at = lower.indexOf(needle, from)) >= 0) {
        var end = at + needle.length;
        if (!taken.some(function (t) { return at < t[1] && end > t[0]; })) taken.push([at, end]);
        from = end;
      }
    });
    taken.sort(function (a, b) { return a[0] - b[0]; });
    var parts = [], pos = 0;
    taken.forEach(function (t) {
      if (t[0] > pos) parts.push(text.slice(pos, t[0]));
      parts.push(el("mark", { text: text.slice(t[0], t[1]) }));
      pos = t[1];
    });
    if (pos < text.length) parts.push(text.slice(pos));
    return parts;
  }

  function showEdge(ei) {
    var e = edges[ei], panel = document.getElementById("panel");
    var facts = [
      el("dt", { text: "kind" }), el("dd", { text: e.relation === undefined ? "co-occurrence" : "relation" }),
      el("dt", { text: "weight" }), el("dd", { text: String(e.weight) })
    ];
    if (e.relation !== undefined) facts.splice(2, 0, el("dt", { text: "relation" }), el("dd", { text: relations[e.relation] }));
    if (e.confidence !== undefined) facts.push(el("dt", { text: "confidence" }), el("dd", { text: String(e.confidence) }));
    if (e.hedged_weight) facts.push(el("dt", { text: "hedged" }), el("dd", { text: e.hedged_weight + " of " + e.weight + " sentences" }));
    if (e.implicit_weight) facts.push(el("dt", { text: "implicit" }), el("dd", { text: e.implicit_weight + " of " + e.weight + " sentences (coreference)" }));
    var evidence = e.evidence.map(function (ev) {
      var meta = "document " + ev.doc + (ev.rule ? " · rule " + ev.rule : "") + (ev.hedged ? " · hedged" : "") + (ev.implicit ? " · implicit" : "");
      var body = ev.sentence === undefined ? [el("em", { text: "(the graph keeps no sentence text)" })] :
        highlighted(data.sentences[ev.sentence].text, [e.source, e.target]);
      return el("li", {}, [el("blockquote", { "class": "evidence" }, body.concat([el("span", { "class": "doc", text: meta })]))]);
    });
    if (e.weight > e.evidence.length) evidence.push(el("li", { text: (e.weight - e.evidence.length) + " more supporting sentences not kept (--max-evidence)" }));
    panel.replaceChildren(
      el("h2", { id: "selection-title" }, [nodeButton(e.source), e.relation === undefined ? " — " : " → ", nodeButton(e.target)]),
      el("dl", {}, facts),
      el("h3", { text: "Evidence" }), el("ul", { id: "evidence" }, evidence));
  }

  function clearPanel() {
    document.getElementById("panel").replaceChildren(el("p", { "class": "hint", text: "Click an entity or an edge, or search a name." }));
  }

  // ---- selection and the URL fragment
  function edgeKey(e) { return [nodes[e.source].id, nodes[e.target].id, e.relation === undefined ? "co_occurrence" : relations[e.relation]]; }

  function select(sel, centre) {
    state.selected = sel;
    if (!sel) clearPanel();
    else if (sel.kind === "node") showNode(sel.index);
    else showEdge(sel.index);
    computeVisibility();
    if (sel && centre) {
      var ns = selectionNodes();
      view.x = ns.reduce(function (s, n) { return s + nodes[n].x; }, 0) / ns.length;
      view.y = ns.reduce(function (s, n) { return s + nodes[n].y; }, 0) / ns.length;
    }
    writeHash();
    requestDraw();
  }

  function writeHash() {
    var parts = [];
    var s = state.selected;
    if (s && s.kind === "node") parts.push("node=" + encodeURIComponent(nodes[s.index].id));
    if (s && s.kind === "edge") parts.push("edge=" + edgeKey(edges[s.index]).map(encodeURIComponent).join(","));
    if (state.ego) parts.push("ego=" + state.ego);
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  function readHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (p) {
      var i = p.indexOf("=");
      if (i > 0) params[p.slice(0, i)] = p.slice(i + 1);
    });
    state.ego = params.ego === "1" || params.ego === "2" ? Number(params.ego) : 0;
    document.getElementById("ego").value = String(state.ego);
    var sel = null;
    if (params.node !== undefined && byId.has(decodeURIComponent(params.node))) {
      sel = { kind: "node", index: byId.get(decodeURIComponent(params.node)) };
    } else if (params.edge !== undefined) {
      var k = params.edge.split(",").map(decodeURIComponent);
      for (var i = 0; i < edges.length; i++) {
        var ek = edgeKey(edges[i]);
        if (ek[0] === k[0] && ek[1] === k[1] && ek[2] === k[2]) { sel = { kind: "edge", index: i }; break; }
      }
    }
    select(sel, !!sel);
  }

  // ---- search
  var names = new Map();
  nodes.forEach(function (n, i) {
    [n.label].concat(n.aliases).forEach(function (a) {
      var key = a.toLowerCase();
      var prev = names.get(key);
      if (prev === undefined || nodes[i].mentions > nodes[prev].mentions) names.set(key, i);
    });
  });
  (function fillCompletion() {
    var list = document.getElementById("names"), seen = new Set(), options = [];
    labelOrder.forEach(function (i) {
      [nodes[i].label].concat(nodes[i].aliases).forEach(function (a) {
        if (!seen.has(a) && options.length < 20000) { seen.add(a); options.push(el("option", { value: a })); }
      });
    });
    list.replaceChildren.apply(list, options);
  })();

  function search(text) {
    var q = text.trim().toLowerCase(), status = document.getElementById("search-help");
    if (!q) return;
    var found = names.get(q);
    if (found === undefined) {
      for (var j = 0; j < labelOrder.length; j++) {
        var n = nodes[labelOrder[j]];
        if (n.label.toLowerCase().indexOf(q) >= 0 || n.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; })) { found = labelOrder[j]; break; }
      }
    }
    if (found === undefined) { status.textContent = "No entity matches “" + text.trim() + "”."; return; }
    status.textContent = "";
    if (state.hiddenTypes.has(nodes[found].type)) {
      state.hiddenTypes.delete(nodes[found].type);
      var box = document.querySelector('[data-type="' + nodes[found].type + '"]');
      if (box) box.checked = true;
    }
    select({ kind: "node", index: found }, true);
  }

  var input = document.getElementById("search");
  input.addEventListener("change", function () { search(input.value); });
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); search(input.value); } });

  // ---- filters
  function checkbox(label, swatch, attrs, onchange) {
    var box = el("input", Object.assign({ type: "checkbox" }, attrs));
    box.checked = true;
    box.addEventListener("change", function () { onchange(box.checked); computeVisibility(); requestDraw(); });
    var children = [box, " "];
    if (swatch) children.push(el("span", { "class": "swatch", "aria-hidden": "true", style: "color:" + swatch.color, text: GLYPHS[swatch.shape] }));
    children.push(label);
    return el("label", {}, children);
  }
  var typeCounts = types.map(function () { return 0; });
  nodes.forEach(function (n) { typeCounts[n.type]++; });
  document.getElementById("type-filters").replaceChildren.apply(document.getElementById("type-filters"), types.map(function (t, i) {
    return checkbox(t + " (" + typeCounts[i] + ")", typeStyle[i], { "data-type": String(i), id: "type-" + i }, function (on) {
      if (on) state.hiddenTypes.delete(i); else state.hiddenTypes.add(i);
    });
  }));
  var relationCounts = relations.map(function () { return 0; });
  edges.forEach(function (e) { if (e.relation !== undefined) relationCounts[e.relation]++; });
  document.getElementById("relation-filters").replaceChildren.apply(document.getElementById("relation-filters"), relations.map(function (r, i) {
    return checkbox(r + " (" + relationCounts[i] + ")", null, { "data-relation": String(i) }, function (on) {
      if (on) state.hiddenRelations.delete(i); else state.hiddenRelations.add(i);
    });
  }));
  document.getElementById("show-cooccurrence").addEventListener("change", function (ev) { state.showCooccurrence = ev.target.checked; computeVisibility(); requestDraw(); });
  document.getElementById("show-relations").addEventListener("change", function (ev) { state.showRelations = ev.target.checked; computeVisibility(); requestDraw(); });
  var weight = document.getElementById("min-weight");
  weight.max = String(maxWeight);
  weight.addEventListener("input", function () {
    state.minWeight = Number(weight.value);
    document.getElementById("min-weight-value").textContent = weight.value;
    computeVisibility(); requestDraw();
  });
  document.getElementById("ego").addEventListener("change", function (ev) {
    state.ego = Number(ev.target.value);
    computeVisibility(); writeHash(); requestDraw();
  });

  // ---- mouse and keyboard
  var drag = null;
  canvas.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false }; canvas.style.cursor = "grabbing"; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (drag.moved) { view.x = drag.vx - dx / view.k; view.y = drag.vy - dy / view.k; requestDraw(); }
  });
  window.addEventListener("mouseup", function (ev) {
    if (!drag) return;
    var moved = drag.moved;
    drag = null; canvas.style.cursor = "grab";
    if (moved || ev.target !== canvas) return;
    var r = canvas.getBoundingClientRect(), sx = ev.clientX - r.left, sy = ev.clientY - r.top;
    var n = nodeAt(sx, sy);
    if (n >= 0) { select({ kind: "node", index: n }, false); return; }
    var e = edgeAt(sx, sy);
    select(e >= 0 ? { kind: "edge", index: e } : null, false);
  });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = canvas.getBoundingClientRect(), sx = ev.clientX - r.left, sy = ev.clientY - r.top;
    var before = toWorld(sx, sy);
    view.k = Math.min(50, Math.max(0.02, view.k * Math.exp(-ev.deltaY * 0.0015)));
    var after = toWorld(sx, sy);
    view.x += before[0] - after[0]; view.y += before[1] - after[1];
    requestDraw();
  }, { passive: false });
  document.addEventListener("keydown", function (ev) {
    var typing = ev.target && (ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT");
    if (ev.key === "/" && !typing) { ev.preventDefault(); input.focus(); return; }
    if (ev.key === "Escape") { select(null, false); if (typing) ev.target.blur(); return; }
    if (typing) return;
    var step = 60 / view.k;
    if (ev.key === "+" || ev.key === "=") view.k = Math.min(50, view.k * 1.25);
    else if (ev.key === "-") view.k = Math.max(0.02, view.k / 1.25);
    else if (ev.key === "ArrowLeft") view.x -= step;
    else if (ev.key === "ArrowRight") view.x += step;
    else if (ev.key === "ArrowUp") view.y -= step;
    else if (ev.key === "ArrowDown") view.y += step;
    else return;
    ev.preventDefault(); requestDraw();
  });
  window.addEventListener("hashchange", readHash);
  if (window.ResizeObserver) new ResizeObserver(resize).observe(document.getElementById("stage"));
  window.addEventListener("resize", resize);

  // ---- start
  resize();
  computeVisibility();
  fit();
  readHash();
  draw();

  // For tests and scripts: what the page holds and shows, and where things are on the canvas.
  window.graphexExplorer = {
    nodeCount: nodes.length,
    edgeCount: edges.length,
    firstFrameMs: function () { return firstFrameMs; },
    visible: function () { return computeVisibility(); },
    selection: function () {
      var s = state.selected;
      if (!s) return null;
      return s.kind === "node" ? { kind: "node", id: nodes[s.index].id } : { kind: "edge", key: edgeKey(edges[s.index]) };
    },
    nodePoint: function (id) {
      var i = byId.get(id);
      if (i === undefined) return null;
      var r = canvas.getBoundingClientRect(), a = toScreen(nodes[i].x, nodes[i].y);
      return [r.left + a[0], r.top + a[1]];
    },
    edgePoint: function (source, target, key) {
      for (var i = 0; i < edges.length; i++) {
        var k = edgeKey(edges[i]);
        if (k[0] === source && k[1] === target && k[2] === key) {
          var r = canvas.getBoundingClientRect();
          var a = toScreen(nodes[edges[i].source].x, nodes[edges[i].source].y), b = toScreen(nodes[edges[i].target].x, nodes[edges[i].target].y);
          return [r.left + (a[0] + b[0]) / 2, r.top + (a[1] + b[1]) / 2];
        }
      }
      return null;
    }
  };
})();
