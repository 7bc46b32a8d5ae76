/* ownlint map: draws the treemap, legend, card and findings from the data the page embeds.
   Every name from the repository goes into a text node (never into markup); nothing is fetched. */
"use strict";
(function () {
  const started = performance.now();
  const D = JSON.parse(document.getElementById("ownlint-data").textContent);
  const groups = D.groups, teams = D.teams, keys = D.keys, rules = D.rules;
  window.ownlintTimes = { dataParsed: performance.now() };
  const MAX_BOXES = 2500, MAX_DEPTH = 3, FILES_DRAWN = 300, FILES_DRAWN_HERE = 1500, LISTED = 200;
  const $ = (id) => document.getElementById(id);
  const mapBox = $("map");

  /* ---- small DOM helpers: text only ---------------------------------------------------- */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [name, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (name === "className") node.className = value;
        else if (name === "data") Object.assign(node.dataset, value);
        else if (name === "onclick") node.addEventListener("click", value);
        else node.setAttribute(name, String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const fmt = (n) => Number(n).toLocaleString("en-US");
  const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : word.endsWith("x") ? "es" : "s"}`;
  const parentOf = (path) => { const at = path.lastIndexOf("/"); return at < 0 ? "" : path.slice(0, at); };
  const join = (dir, name) => (dir ? dir + "/" + name : name);

  /* ---- the tree ------------------------------------------------------------------------- */
  // node: {path, name, parent, counts: Map(group -> files beneath), total, dirs: [], files: {names, keys} | null, known}
  const nodes = new Map();
  function makeNode(path, parent) {
    const node = { path, name: path.slice(path.lastIndexOf("/") + 1), parent, counts: new Map(), total: 0,
                   dirs: [], files: null, known: false };
    nodes.set(path, node);
    if (parent) parent.dirs.push(node);
    return node;
  }
  const byIndex = [];
  for (const [name, parentIndex, flat, expanded] of D.nodes) {
    const parent = parentIndex >= 0 ? byIndex[parentIndex] : null;
    const node = makeNode(parent ? join(parent.path, name) : "", parent);
    for (let i = 0; i < flat.length; i += 2) { node.counts.set(flat[i], flat[i + 1]); node.total += flat[i + 1]; }
    node.known = expanded === 1;  // its sub-directories are all nodes already
    byIndex.push(node);
  }
  const root = byIndex[0];

  let listing = null;        // true once the file list is read into dirFiles
  const dirFiles = new Map(); // dir -> {names, keys}
  const NONE = { names: [], keys: [] };

  function directCounts(node) {
    const counts = new Map(node.counts);
    for (const child of node.dirs) for (const [g, n] of child.counts) counts.set(g, counts.get(g) - n);
    for (const [g, n] of counts) if (n <= 0) counts.delete(g);
    return counts;
  }

  // The sub-directories of a directory the tree left whole, built from the listing.
  function expand(node) {
    if (node.known && node.files) return true;
    if (!listing) return false;
    if (!node.known) {
      const prefix = node.path ? node.path + "/" : "";
      for (const [dir, { names, keys: held }] of dirFiles) {
        if (!dir.startsWith(prefix) || dir === node.path) continue;
        let chain = [];
        let path = dir;
        while (path !== node.path) { chain.push(path); path = parentOf(path); }
        let parent = node;
        for (let i = chain.length - 1; i >= 0; i--) {
          let child = nodes.get(chain[i]);
          if (!child) { child = makeNode(chain[i], parent); child.known = true; }
          parent = child;
        }
        const leaf = parent;
        leaf.files = { names, keys: held };
        for (const key of held) {
          const g = keys[key].group;
          for (let up = leaf; up !== node; up = up.parent) { up.counts.set(g, (up.counts.get(g) || 0) + 1); up.total++; }
        }
      }
      node.known = true;
      for (const child of node.dirs) if (!child.files) child.files = NONE;
    }
    node.files = dirFiles.get(node.path) || NONE;
    return true;
  }

  // The node of a directory path, expanding left-whole directories on the way; null when unknown.
  function find(path) {
    let node = nodes.get(path);
    if (node) return node;
    if (!listing) return null;
    const parts = path.split("/");
    let current = root;
    for (let i = 0; i < parts.length; i++) {
      expand(current);
      const next = nodes.get(parts.slice(0, i + 1).join("/"));
      if (!next) return null;
      current = next;
    }
    return current;
  }

  function fileKey(path) {
    const held = dirFiles.get(parentOf(path));
    if (!held) return null;
    const at = held.names.indexOf(path.slice(path.lastIndexOf("/") + 1));
    return at < 0 ? null : held.keys[at];
  }

  /* ---- colours and styles ------------------------------------------------------------------ */
  function styleBox(box, g) {
    const group = groups[g];
    if (group.reason === "excluded") box.classList.add("excluded");
    else if (group.reason) box.classList.add("unowned");
    else box.style.background = teams[group.teams[0]].colour;
    if (group.stale) box.classList.add("stale");
    if (D.diff) box.classList.add(group.change ? "changed" : "same");
    if (highlighted(g)) box.classList.add("hl");
  }
  let team = null; // highlighted team index, or "unowned"
  function highlighted(g) {
    if (team === null) return false;
    const group = groups[g];
    if (team === "unowned") return Boolean(group.reason) && group.reason !== "excluded";
    return group.teams.includes(team);
  }

  /* ---- squarified treemap --------------------------------------------------------------------- */
  function squarify(items, x, y, w, h) {
    const out = [];
    const total = items.reduce((s, it) => s + it.weight, 0);
    if (!total || w <= 0 || h <= 0) return out;
    const scale = (w * h) / total;
    let i = 0;
    while (i < items.length) {
      const side = Math.min(w, h);
      const row = [];
      let sum = 0, most = 0, least = Infinity, worst = Infinity;
      while (i < items.length) {
        const area = items[i].weight * scale;
        const s = sum + area, hi = Math.max(most, area), lo = Math.min(least, area);
        const ratio = Math.max((side * side * hi) / (s * s), (s * s) / (side * side * lo));
        if (row.length && ratio > worst) break;
        row.push(items[i]); sum = s; most = hi; least = lo; worst = ratio; i++;
      }
      if (w >= h) {
        const cw = sum / h; let yy = y;
        for (const it of row) { const hh = (it.weight * scale) / cw; out.push([it, x, yy, cw, hh]); yy += hh; }
        x += cw; w -= cw;
      } else {
        const rh = sum / w; let xx = x;
        for (const it of row) { const ww = (it.weight * scale) / rh; out.push([it, xx, y, ww, rh]); xx += ww; }
        y += rh; h -= rh;
      }
    }
    return out;
  }

  let drawn = 0;
  function place(box, x, y, w, h) {
    box.style.left = x + "px"; box.style.top = y + "px";
    box.style.width = Math.max(w, 0) + "px"; box.style.height = Math.max(h, 0) + "px";
  }

  function itemsOf(node, here) {
    const items = node.dirs.filter((d) => d.total > 0).map((d) => ({ kind: "dir", node: d, weight: d.total }));
    const direct = node.files ? node.files.names.length : [...directCounts(node).values()].reduce((a, b) => a + b, 0);
    if (direct) {
      if (node.files && direct <= (here ? FILES_DRAWN_HERE : FILES_DRAWN)) {
        const { names, keys: held } = node.files;
        for (let i = 0; i < names.length; i++) items.push({ kind: "file", path: join(node.path, names[i]), key: held[i], weight: 1 });
      } else {
        items.push({ kind: "files", node, weight: direct });
      }
    }
    items.sort((a, b) => b.weight - a.weight);
    return items;
  }

  function parts(box, counts, w, h) {
    const list = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    const total = list.reduce((s, [, n]) => s + n, 0);
    let offset = 0;
    for (const [g, n] of list) {
      const part = el("div", { className: "part", data: { group: g } });
      const share = n / total;
      if (w >= h) place(part, offset * w, 0, share * w, h); else place(part, 0, offset * h, w, share * h);
      offset += share;
      styleBox(part, g);
      box.append(part);
    }
  }

  function drawNode(node, x, y, w, h, depth, container) {
    for (const [it, ix, iy, iw, ih] of squarify(itemsOf(node, depth === 0), x, y, w, h)) {
      drawn++;
      if (it.kind === "file") {
        const box = el("div", { className: "box file", data: { path: it.path, kind: "file" },
                                title: it.path }, iw > 34 && ih > 13 ? el("span", { className: "label" }, it.path.slice(it.path.lastIndexOf("/") + 1)) : null);
        place(box, ix, iy, iw, ih);
        styleBox(box, keys[it.key].group);
        if (D.diff && keys[it.key].before !== undefined) box.classList.add("changed-mark");
        container.append(box);
      } else if (it.kind === "files") {
        const n = it.weight;
        const box = el("div", { className: "box files", data: { path: it.node.path, kind: "files" },
                                title: `${plural(n, "file")} directly in ${it.node.path || "/"}` },
                       iw > 40 && ih > 13 ? el("span", { className: "label" }, plural(n, "file")) : null);
        place(box, ix, iy, iw, ih);
        parts(box, directCounts(it.node), iw, ih);
        container.append(box);
      } else {
        const child = it.node;
        const nest = depth + 1 < MAX_DEPTH && iw > 60 && ih > 40 && drawn < MAX_BOXES && child.known;
        if (nest && !child.files && listing) expand(child);
        if (nest) {
          const frame = el("div", { className: "frame", data: { path: child.path, kind: "dir" } },
                           el("div", { className: "label", title: child.path + "/" }, child.name + "/"));
          place(frame, ix, iy, iw, ih);
          container.append(frame);
          drawNode(child, 1, 17, iw - 2, ih - 18, depth + 1, frame);
        } else {
          const box = el("div", { className: "box dir", data: { path: child.path, kind: "dir" },
                                  title: `${child.path}/ (${plural(child.total, "file")})` },
                         iw > 30 && ih > 13 ? el("span", { className: "label" }, child.name + "/") : null);
          place(box, ix, iy, iw, ih);
          parts(box, child.counts, iw, ih);
          container.append(box);
        }
      }
    }
  }

  /* ---- where we are: the location hash ------------------------------------------------------ */
  function state() {
    const params = new URLSearchParams(location.hash.slice(1));
    const t = params.get("t");
    return { p: params.get("p") || "", s: params.get("s"), t, r: params.get("r") };
  }
  function go(changes) {
    const now = state();
    const next = Object.assign({ p: now.p, s: now.s, t: now.t, r: now.r }, changes);
    const parts = [];
    for (const name of ["p", "s", "t", "r"]) {
      // Readable places: slashes stay slashes.
      if (next[name] !== null && next[name] !== undefined && next[name] !== "") parts.push(`${name}=${encodeURIComponent(next[name]).replace(/%2F/g, "/")}`);
    }
    const hash = "#" + parts.join("&");
    if (hash !== location.hash && !(hash === "#" && !location.hash)) location.hash = hash; else render();
  }
  function goPath(path) {
    if (path === "" || nodes.has(path) || (listing && isDirectory(path))) go({ p: path, s: path, r: null });
    else go({ p: parentOf(path), s: path, r: null });
  }
  function isDirectory(path) {
    if (nodes.has(path)) return true;
    if (!listing) return false;
    const prefix = path + "/";
    for (const dir of dirFiles.keys()) if (dir === path || dir.startsWith(prefix)) return true;
    return false;
  }

  /* ---- drawing everything ---------------------------------------------------------------------- */
  function render() {
    const st = state();
    team = st.t === null ? null : st.t === "unowned" ? "unowned" : teams.findIndex((x) => x.id === st.t);
    if (team === -1) team = null;
    let node = find(st.p);
    let waiting = false;
    if (!node) {
      waiting = !listing;
      node = root;
      let path = st.p;
      while (path && !nodes.get(path)) path = parentOf(path);
      node = nodes.get(path) || root;
    }
    if (listing) expand(node);
    crumbs(node);
    mapBox.replaceChildren();
    mapBox.classList.toggle("highlighting", team !== null);
    drawn = 0;
    const w = mapBox.clientWidth, h = mapBox.clientHeight;
    drawNode(node, 0, 0, w, h, 0, mapBox);
    if (st.s !== null) mark(st.s);
    card(st, node);
    for (const li of $("legend").children) li.classList.toggle("on", li.dataset.team === (st.t || ""));
    $("status").textContent = `${node.path || "/"}: ${plural(node.total, "file")}, ${plural(drawn, "box")} drawn` +
      (listing ? "" : waiting ? " — reading the file list…" : " — reading the file list for single files…");
  }

  // The selected path's box, or the box of the nearest directory above it that is drawn whole.
  function mark(path) {
    const drawnAt = new Map();
    for (const box of mapBox.querySelectorAll(".box")) drawnAt.set(box.dataset.path, box);
    for (let at = path; ; at = parentOf(at)) {
      const box = drawnAt.get(at);
      if (box) { box.classList.add("sel"); return; }
      if (!at) return;
    }
  }

  function crumbs(node) {
    const trail = [];
    for (let up = node; up; up = up.parent) trail.unshift(up);
    const nav = $("crumbs");
    nav.replaceChildren();
    trail.forEach((step, i) => {
      if (i) nav.append(el("span", { className: "sep" }, "/"));
      const label = i === 0 ? D.root || "root" : step.name;
      if (i === trail.length - 1) nav.append(el("span", { className: "here" }, label));
      else nav.append(el("a", { data: { path: step.path }, onclick: () => go({ p: step.path, s: step.path, r: null }) }, label));
    });
  }

  /* ---- the explanation card -------------------------------------------------------------------- */
  function swatch(g) {
    const box = el("span", { className: "swatch" });
    styleBox(box, g);
    box.classList.remove("same", "changed", "hl");
    return box;
  }
  function teamSwatch(index) {
    const box = el("span", { className: "swatch" });
    box.style.background = teams[index].colour;
    if (["renamed", "retired", "unknown"].includes(teams[index].status)) box.classList.add("stale");
    return box;
  }
  function badge(index) {
    const status = teams[index].status;
    return status === "active" ? null : el("span", { className: "status " + status }, status);
  }
  function ownersLine(group) {
    if (!group.owners.length) {
      return group.reason === "excluded" ? "none — excluded by the configuration: needs no owner"
        : group.reason === "no-rule" ? "none — UNOWNED: no rule matches this path"
        : "none — UNOWNED: the winning rule gives no owners (explicitly unowned)";
    }
    return group.owners.join(", ");
  }
  const where = (line) => `${D.mapping}:${line}`;
  function ruleLine(index) {
    const rule = rules[index];
    return el("span", { className: "rule" }, `${rule.pattern} (${where(rule.line)})`);
  }
  function teamBlock(index) {
    const t = teams[index];
    const items = [el("dt", null, "team"), el("dd", null, teamSwatch(index), " ", `${t.name} (${t.id}) `, badge(index))];
    if (t.lead && t.lead.length) items.push(el("dt", null, "lead"), el("dd", null, t.lead.join(", ")));
    if (t.contact && Object.keys(t.contact).length)
      items.push(el("dt", null, "contact"), el("dd", null, Object.entries(t.contact).map(([k, v]) => `${k} ${v}`).join("; ")));
    if (t.status === "renamed" || t.status === "retired") {
      const now = (t.successors || []).map((id) => { const s = teams.find((x) => x.id === id); return s ? `${s.name} (${id})` : id; });
      items.push(el("dt", null, "now"), el("dd", null, now.length ? now.join(", ") : "no successor — name a current team in the mapping"));
    }
    if (t.status === "unknown") items.push(el("dt", null, "note"), el("dd", null, "not a team in the registry"));
    return items;
  }
  function findingItem(f) {
    const loc = [f.file, f.line, f.column].filter((x) => x !== null && x !== undefined).join(":");
    return el("li", null, el("span", { className: "sev-" + f.severity }, `${f.code} ${f.severity}`), " ",
              el("a", { className: "loc", onclick: () => goFinding(f) }, loc), " ", f.message);
  }
  function findingsFor(path, key) {
    const wins = key === null ? [] : keys[key].rules;
    return D.findings.filter((f) => f.path === path || (f.path === null && f.file === path && f.rule === undefined) ||
                                    (f.rule !== undefined && wins.includes(f.rule)));
  }

  function card(st, node) {
    const box = $("card");
    box.replaceChildren();
    if (st.r !== null && rules[Number(st.r)]) return ruleCard(box, Number(st.r));
    const path = st.s === null ? node.path : st.s;
    const dir = path === "" || nodes.has(path) || (listing && isDirectory(path));
    if (dir) return directoryCard(box, find(path) || node);
    if (!listing) { box.append(el("h2", null, path), el("p", { className: "hint" }, "reading the file list…")); return; }
    const key = fileKey(path);
    if (key === null) { box.append(el("h2", null, path), el("p", null, "no such file in this repository")); return; }
    fileCard(box, path, key);
  }

  function fileCard(box, path, key) {
    const k = keys[key], group = groups[k.group];
    box.append(el("h2", null, path));
    const list = el("dl");
    list.append(el("dt", null, "owners"), el("dd", { className: "owners" }, swatch(k.group), " ", ownersLine(group)));
    if (D.diff) list.append(...changeLines(k, group));
    for (const index of k.rules) list.append(el("dt", null, "rule"), el("dd", { className: "winning" }, ruleLine(index)));
    if (k.overridden === null) {
      list.append(el("dt", null, "overrides"), el("dd", null, "not listed at this size: run ", el("code", null, `ownlint explain ${path}`)));
    } else {
      for (const index of k.overridden) {
        const owners = rules[index].owners.length ? rules[index].owners.join(", ") : "(no owners)";
        list.append(el("dt", null, "overrides"), el("dd", { className: "overridden" }, ruleLine(index), ` owners: ${owners}`));
      }
    }
    for (const index of group.teams) list.append(...teamBlock(index));
    const declared = D.declarations.filter((d) => d.directory === null ? d.file === path
      : d.directory === "" || path.startsWith(d.directory + "/"));
    for (const d of declared) list.append(el("dt", null, "declared"), declarationLine(d));
    box.append(list);
    const found = findingsFor(path, key);
    box.append(el("h2", null, found.length ? `Findings (${found.length})` : "Findings: none"));
    if (found.length) box.append(el("ul", { className: "card-findings" }, ...found.map(findingItem)));
  }

  // One declaration: source, where, the values as written, the teams they name, agreement.
  function declarationLine(d) {
    const first = d.values[0];
    const values = d.values.map((v) => v.text).join(", ");
    const agreement = d.agrees === true ? "agrees with the mapping" : d.agrees === false ? "DISAGREES with the mapping" : "";
    const teamsNamed = d.teams.length ? ` → ${d.teams.join(", ")}` : "";
    return el("dd", { className: "declaration" + (d.agrees === false ? " sev-warning" : "") },
      `${d.source}: ${values}${teamsNamed} `, el("span", { className: "loc" }, `(${d.file}:${first.line}:${first.column}${d.directory !== null ? ", for its folder" : ""})`),
      agreement ? ` ${agreement}` : "");
  }

  function changeLines(k, group) {
    if (k.before === undefined) return [el("dt", null, "change"), el("dd", null, `unchanged since ${D.diff.base}`)];
    const was = k.before.length ? k.before.join(", ") : "(no owner)";
    const what = { changed: "changes owner", unowned: "becomes unowned", owned: "gains an owner", added: "added" }[group.change] || group.change;
    return [el("dt", null, "change"), el("dd", { className: "change" }, `${what} since ${D.diff.base}`),
            el("dt", null, "before"), el("dd", { className: "before" }, was)];
  }

  function directoryCard(box, node) {
    box.append(el("h2", null, (node.path || D.root || ".") + "/"));
    const list = el("dl");
    list.append(el("dt", null, "files"), el("dd", null, fmt(node.total)));
    const rows = [...node.counts.entries()].sort((a, b) => b[1] - a[1]);
    const breakdown = el("ul", { className: "breakdown" });
    for (const [g, n] of rows.slice(0, 25)) {
      const li = el("li", null, swatch(g), " ", `${fmt(n)} `, ownersLine(groups[g]));
      if (D.diff && groups[g].change) li.append(` (${groups[g].change})`);
      breakdown.append(li);
    }
    if (rows.length > 25) breakdown.append(el("li", null, `… and ${plural(rows.length - 25, "other set")} of owners`));
    list.append(el("dt", null, "owners"), el("dd", null, breakdown));
    const owning = new Map();
    for (const [g, n] of rows) for (const index of groups[g].teams) owning.set(index, (owning.get(index) || 0) + n);
    const top = [...owning.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
    for (const [index] of top) list.append(...teamBlock(index));
    const prefix0 = node.path ? node.path + "/" : "";
    const within = D.declarations.filter((d) => d.file.startsWith(prefix0));
    if (within.length) {
      const disagreeing = within.filter((d) => d.agrees === false).length;
      list.append(el("dt", null, "declared"), el("dd", null, `${plural(within.length, "file")} beneath record owners` +
        (disagreeing ? `; ${fmt(disagreeing)} disagree with the mapping` : "")));
      for (const d of within.filter((x) => x.agrees === false).slice(0, 10)) list.append(el("dt", null, ""), declarationLine(d));
    }
    box.append(list);
    const prefix = node.path ? node.path + "/" : "";
    const beneath = D.findings.filter((f) => f.path !== null && f.path.startsWith(prefix));
    box.append(el("h2", null, beneath.length ? `Findings beneath (${beneath.length})` : "Findings beneath: none"));
    if (beneath.length) box.append(el("ul", { className: "card-findings" }, ...beneath.slice(0, 50).map(findingItem)));
    if (node.files && node.files.names.length) {
      const { names, keys: held } = node.files;
      box.append(el("h2", null, `Files directly here (${fmt(names.length)})`));
      const ul = el("ul", { className: "listed" });
      for (let i = 0; i < Math.min(names.length, LISTED); i++) {
        const path = join(node.path, names[i]);
        ul.append(el("li", null, swatch(keys[held[i]].group), " ", el("a", { onclick: () => goPath(path) }, names[i])));
      }
      if (names.length > LISTED) ul.append(el("li", null, `… and ${fmt(names.length - LISTED)} more: search for them`));
      box.append(ul);
    }
  }

  function ruleCard(box, index) {
    const rule = rules[index];
    box.append(el("h2", null, `Rule ${rule.pattern}`));
    const list = el("dl");
    list.append(el("dt", null, "where"), el("dd", { className: "rule" }, where(rule.line)));
    list.append(el("dt", null, "owners"), el("dd", null, rule.owners.length ? rule.owners.join(", ") : "(no owners)"));
    if (listing) {
      const decided = [];
      let count = 0;
      for (const [dir, { names, keys: held }] of dirFiles) {
        for (let i = 0; i < held.length; i++) {
          if (keys[held[i]].rules.includes(index)) { count++; if (decided.length < 50) decided.push(join(dir, names[i])); }
        }
      }
      list.append(el("dt", null, "decides"), el("dd", null, plural(count, "file")));
      box.append(list);
      if (decided.length) box.append(el("ul", null, ...decided.map((p) => el("li", null, el("a", { onclick: () => goPath(p) }, p)))));
    } else {
      box.append(list);
    }
    const found = D.findings.filter((f) => f.rule === index);
    if (found.length) box.append(el("h2", null, `Findings (${found.length})`), el("ul", { className: "card-findings" }, ...found.map(findingItem)));
  }

  function goFinding(f) {
    if (f.path !== null) goPath(f.path);
    else if (f.rule !== undefined) go({ r: String(f.rule), s: null });
    else goPath(f.file);
  }

  /* ---- header, legend, findings panel ------------------------------------------------------------ */
  function header() {
    const t = D.totals;
    $("title").textContent = `Ownership map: ${D.root}`;
    const needing = t.files - (t.excluded || 0);  // excluded files need no owner
    const owned = needing ? ((100 * t.owned) / needing).toFixed(1) + " %" : "–";
    const entries = [["files", fmt(t.files)], ["owned", owned], ["unowned", fmt(t.unowned), t.unowned > 0],
                     ["teams", fmt(t.teams)], ["errors", fmt(t.errors), t.errors > 0], ["warnings", fmt(t.warnings)]];
    $("totals").replaceChildren(...entries.map(([name, value, bad]) =>
      el("div", { data: { total: name } }, el("dt", null, name), el("dd", { className: bad ? "bad" : null }, value))));
    let made = `made ${D.generated}` + (D.revision ? ` from revision ${D.revision}` : " outside git");
    if (D.diff) {
      const d = D.diff;
      made += ` · changes since ${d.base}: ${fmt(d.changed)} change owner, ${fmt(d.unowned)} become unowned, ` +
              `${fmt(d.owned)} gain an owner, ${fmt(d.added)} added, ${fmt(d.removed)} removed`;
    }
    $("made").textContent = made;
  }

  function legend() {
    const ul = $("legend");
    const order = teams.map((t, i) => i).filter((i) => teams[i].files > 0).sort((a, b) => teams[b].files - teams[a].files || (teams[a].id < teams[b].id ? -1 : 1));
    const gains = new Map((D.diff ? D.diff.teams : []).map((x) => [x.team, x]));
    for (const index of order) {
      const t = teams[index];
      const change = gains.get(t.id);
      ul.append(el("li", { data: { team: t.id }, onclick: () => go({ t: state().t === t.id ? null : t.id }) },
                   teamSwatch(index), el("span", { className: "name" }, t.name === t.id ? t.id : `${t.name} (${t.id})`), badge(index),
                   el("span", { className: "files" }, `${fmt(t.files)} · ${(100 * t.share).toFixed(1)} %` +
                      (change ? ` · +${fmt(change.gained)} −${fmt(change.lost)}` : ""))));
    }
    const unownedBox = el("span", { className: "swatch unowned" });
    ul.append(el("li", { data: { team: "unowned" }, onclick: () => go({ t: state().t === "unowned" ? null : "unowned" }) },
                 unownedBox, el("span", { className: "name" }, "no owner"), el("span", { className: "files" }, fmt(D.totals.unowned))));
    if (D.totals.excluded) {
      ul.append(el("li", { data: { team: "excluded" }, className: "inert" }, el("span", { className: "swatch excluded" }),
                   el("span", { className: "name" }, "excluded: needs no owner"), el("span", { className: "files" }, fmt(D.totals.excluded))));
    }
    const idle = teams.filter((t) => t.files === 0 && t.status === "active").map((t) => t.id);
    if (idle.length) $("legend-box").append(el("p", { className: "legend-extra" }, `Own no file here: ${idle.join(", ")}`));
    const gone = teams.filter((t) => t.files === 0 && t.status !== "active" && t.status !== "unknown").map((t) => `${t.id} (${t.status})`);
    if (gone.length) $("legend-box").append(el("p", { className: "legend-extra" }, `Not current, own nothing: ${gone.join(", ")}`));
  }

  function findingsPanel() {
    const box = $("findings");
    const byCode = new Map();
    for (const f of D.findings) { if (!byCode.has(f.code)) byCode.set(f.code, []); byCode.get(f.code).push(f); }
    const rank = { error: 0, warning: 1, info: 2 };
    const codes = [...byCode.keys()].sort((a, b) => rank[byCode.get(a)[0].severity] - rank[byCode.get(b)[0].severity] || (a < b ? -1 : 1));
    if (!codes.length) { box.append(el("p", null, "No findings.")); return; }
    for (const code of codes) {
      const list = byCode.get(code), total = D.findings_total[code] || list.length;
      const details = el("details", { data: { code } },
        el("summary", null, el("span", { className: "sev-" + list[0].severity }, code), ` ${list[0].name} · ${fmt(total)}`),
        el("ul", null, ...list.map(findingItem)));
      if (total > list.length) details.append(el("p", { className: "hint" }, `${fmt(total - list.length)} more: ownlint check lists them all`));
      box.append(details);
    }
  }

  /* ---- search ----------------------------------------------------------------------------------- */
  const search = $("search"), matches = $("matches");
  function candidates(text) {
    const found = [];
    if (!listing || !text) return found;
    const needle = text.toLowerCase().replace(/^\/+/, "");
    for (const [dir, { names }] of dirFiles) {
      if (dir && dir.toLowerCase().includes(needle) && !found.includes(dir)) found.push(dir);
      for (let i = 0; i < names.length && found.length < 20; i++) {
        const path = join(dir, names[i]);
        if (path.toLowerCase().includes(needle)) found.push(path);
      }
      if (found.length >= 20) break;
    }
    const exact = found.indexOf(needle.replace(/\/+$/, ""));
    if (exact > 0) found.unshift(found.splice(exact, 1)[0]);
    return found;
  }
  function showMatches() {
    const found = candidates(search.value.trim());
    matches.replaceChildren(...found.map((path, i) =>
      el("li", { role: "option", className: i === 0 ? "active" : null, data: { path },
                 onclick: () => { matches.replaceChildren(); goPath(path); } }, path)));
  }
  // A rare text is looked for through every file of a large repository: once typing pauses.
  let typing = null;
  search.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(showMatches, 120); });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(typing);
      showMatches();
      const text = search.value.trim().replace(/^\/+/, "").replace(/\/+$/, "");
      const first = matches.querySelector("li");
      matches.replaceChildren();
      if (text === "" ) goPath("");
      else if (listing && (fileKey(text) !== null || isDirectory(text))) goPath(text);
      else if (first) goPath(first.dataset.path);
      else $("status").textContent = listing ? `no file or directory matches “${text}”` : "reading the file list…";
    } else if (event.key === "Escape") matches.replaceChildren();
  });

  /* ---- events and start ----------------------------------------------------------------------- */
  mapBox.addEventListener("click", (event) => {
    const target = event.target.closest("[data-path]");
    if (!target) return;
    const kind = target.dataset.kind, path = target.dataset.path;
    if (kind === "file") go({ s: path, r: null });
    else if (kind === "files") go({ p: path, s: path, r: null });
    else go({ p: path, s: path, r: null });
  });
  window.addEventListener("hashchange", render);
  let resizing = null;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(render, 100); });

  // The file list comes after this script in the page, so the map is drawn before the
  // browser has read it: wait for the whole document first.
  const parsed = new Promise((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve);
    else resolve();
  });

  async function loadListing() {
    await parsed;
    const text = document.getElementById("ownlint-listing").textContent.trim();
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    window.ownlintTimes.listingRead = performance.now();
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const json = await new Response(stream).text();
    window.ownlintTimes.listingInflated = performance.now();
    const runs = JSON.parse(json);  // [[dir, [name, ...], [key, ...]], ...]: runs of one directory's files
    window.ownlintTimes.listingParsed = performance.now();
    for (const [dir, names, held] of runs) {
      const known = dirFiles.get(dir);
      if (known) { known.names = known.names.concat(names); known.keys = known.keys.concat(held); }
      else dirFiles.set(dir, { names, keys: held });
    }
    listing = true;
    for (const node of nodes.values()) if (node.known) node.files = dirFiles.get(node.path) || NONE;
  }

  window.ownlintTimes.treeBuilt = performance.now();
  header();
  legend();
  findingsPanel();
  window.ownlintTimes.panels = performance.now();
  render();
  window.ownlintTimes.rendered = performance.now();
  requestAnimationFrame(() => {
    window.ownlintTimes.firstPaint = performance.now();
    window.ownlintTimes.script = performance.now() - started;
    window.ownlintTimes.started = started;
    document.documentElement.dataset.painted = "1";
    setTimeout(() => {
      loadListing().then(() => {
        render();
        window.ownlintTimes.ready = performance.now();
        document.documentElement.dataset.ready = "1";
      }, (error) => {
        $("status").textContent = `the file list could not be read: ${error}`;
        console.error(error);
      });
    }, 0);
  });
})();
