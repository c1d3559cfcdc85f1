// Small SVG charts drawn with the DOM (no library, no innerHTML): the alignment
// trajectory with its band, horizontal bars, and 100 % stacked bars.

const NS = "http://www.w3.org/2000/svg";

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function text(parent, x, y, content, attrs = {}) {
  const t = el("text", { x, y, ...attrs }, parent);
  t.textContent = content;
  return t;
}

function svg(container, width, height, label) {
  container.replaceChildren();
  const root = el("svg", {
    viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label,
    preserveAspectRatio: "xMidYMid meet",
  });
  container.appendChild(root);
  return root;
}

function fmt(x, digits = 2) {
  return x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toFixed(digits);
}

// periods: [{label, index, lower, upper, n_events}]; changes: [{label, direction}]
// The drawing is as wide as its box (text stays readable on a phone); redraw on resize.
export function trajectoryChart(container, periods, changes) {
  const W = widthOf(container, 860, 1600);
  const H = 344, left = 44, right = 12, top = 38, plotH = 200, volTop = 252, volH = 52;
  const root = svg(container, W, H, "alignment index by period with uncertainty band");
  if (!periods.length) {
    text(root, W / 2, H / 2, "no dated events between these two actors", { "text-anchor": "middle" });
    return root;
  }
  const n = periods.length;
  const step = (W - left - right) / n;
  const x = (i) => left + (i + 0.5) * step;
  const y = (v) => top + ((1 - v) / 2) * plotH;
  const axis = el("g", { class: "axis" }, root);
  for (const v of [-1, -0.5, 0, 0.5, 1]) {
    el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: v === 0 ? "zero" : "" }, axis);
    text(axis, left - 6, y(v) + 4, v.toFixed(1), { "text-anchor": "end" });
  }
  // Band: upper edge left to right, lower edge back.
  const upper = periods.map((p, i) => `${x(i)},${y(p.upper ?? 0)}`);
  const lower = periods.map((p, i) => `${x(i)},${y(p.lower ?? 0)}`).reverse();
  el("polygon", { points: upper.concat(lower).join(" "), class: "band" }, root);
  el("polyline", { points: periods.map((p, i) => `${x(i)},${y(p.index ?? 0)}`).join(" "),
    class: "index" }, root);
  // Volume strip.
  const maxN = Math.max(1, ...periods.map((p) => p.n_events || 0));
  text(root, left - 6, volTop + 10, String(maxN), { "text-anchor": "end" });
  text(root, left - 6, volTop + volH, "0", { "text-anchor": "end" });
  periods.forEach((p, i) => {
    const h = ((p.n_events || 0) / maxN) * volH;
    el("rect", { x: x(i) - step * 0.35, y: volTop + volH - h, width: step * 0.7, height: h,
      class: "volume" }, root);
    const dot = el("circle", { cx: x(i), cy: y(p.index ?? 0), r: n > 40 ? 1.8 : 3, class: "dot" }, root);
    const tip = el("title", {}, dot);
    tip.textContent = `${p.label}: index ${fmt(p.index)} (band ${fmt(p.lower)} to ${fmt(p.upper)}),`
      + ` ${p.n_events} events`;
  });
  // X labels, thinned so they never overlap (about 60 px each).
  const every = Math.ceil(n / Math.max(1, Math.floor((W - left - right) / 60)));
  periods.forEach((p, i) => {
    if (i % every === 0) text(root, x(i), H - 14, p.label, { "text-anchor": "middle" });
  });
  // Change points: dashed line at the start of the first period of the new level.
  // Each label goes on the first of three rows where it does not overlap the previous.
  const index = new Map(periods.map((p, i) => [p.label, i]));
  const rowEnds = [-Infinity, -Infinity, -Infinity];
  for (const c of changes) {
    const i = index.get(c.label);
    if (i === undefined) continue;
    const cx = x(i) - step / 2;
    const line = el("line", { x1: cx, x2: cx, y1: top - 4, y2: volTop + volH, class: "change" }, root);
    el("title", {}, line).textContent = `change point ${c.label}: ${c.direction}`;
    const width = 7 * c.label.length + 6;
    const row = Math.max(0, rowEnds.findIndex((end) => cx > end + 4));
    const atEnd = cx + width > W - right;
    rowEnds[row] = atEnd ? cx : cx + width;
    const label = text(root, atEnd ? cx - 3 : cx + 3, top - 30 + row * 11, c.label,
      { class: "change-label", ...(atEnd ? { "text-anchor": "end" } : {}) });
    el("title", {}, label).textContent = c.direction;
  }
  return root;
}

// Charts are drawn at the width of their box, so text is the same size everywhere;
// `redrawOnResize` draws again when the box changes width (window resize, panel opens).
const drawings = new Map();
const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver((entries) => {
  for (const entry of entries) {
    const job = drawings.get(entry.target);
    const width = Math.round(entry.contentRect.width);
    if (job && width && width !== job.width) { job.width = width; job.draw(); }
  }
});

export function redrawOnResize(container, draw) {
  drawings.set(container, { draw, width: Math.round(container.clientWidth) });
  if (observer) observer.observe(container);
  draw();
}

export function forgetDrawing(container) {
  drawings.delete(container);
  if (observer) observer.unobserve(container);
}

function widthOf(container, fallback, max) {
  return Math.max(260, Math.min(container.clientWidth || fallback, max));
}

// items: [{label, value, cls, title}]
export function barChart(container, items, label) {
  const W = widthOf(container, 420, 900), row = 24, left = 96, right = 44;
  const H = Math.max(row, items.length * row) + 8;
  const root = svg(container, W, H, label);
  if (!items.length) {
    text(root, W / 2, 16, "no events", { "text-anchor": "middle" });
    return root;
  }
  const max = Math.max(1, ...items.map((d) => d.value));
  items.forEach((d, i) => {
    const yy = 4 + i * row;
    text(root, left - 6, yy + 15, d.label, { "text-anchor": "end" });
    const w = ((W - left - right) * d.value) / max;
    const bar = el("rect", { x: left, y: yy + 3, width: Math.max(w, 1), height: row - 8,
      class: d.cls || "" }, root);
    el("title", {}, bar).textContent = d.title || `${d.label}: ${d.value}`;
    text(root, left + w + 4, yy + 15, String(d.value));
  });
  return root;
}

const PALETTE = ["#2458b3", "#c23b30", "#1f7a4f", "#e39b3a", "#7a3db8", "#4a9bb5", "#a0a7b4"];

export function partnerColor(name, partners) {
  if (name === "OTHER") return PALETTE[PALETTE.length - 1];
  return PALETTE[partners.indexOf(name) % (PALETTE.length - 1)];
}

// periods: [label]; partners: [name]; shares: Map(label -> Map(partner -> share)); totals
export function stackedShares(container, periods, partners, shares, totals, label) {
  const W = widthOf(container, 420, 900), H = 190, left = 34, right = 8, top = 8, plotH = 140;
  const root = svg(container, W, H, label);
  if (!periods.length) {
    text(root, W / 2, H / 2, "no cooperative events", { "text-anchor": "middle" });
    return root;
  }
  const step = (W - left - right) / periods.length;
  for (const v of [0, 0.5, 1]) {
    const yy = top + (1 - v) * plotH;
    el("line", { x1: left, x2: W - right, y1: yy, y2: yy, class: "zero" }, root);
    text(root, left - 4, yy + 4, `${Math.round(v * 100)}%`, { "text-anchor": "end" });
  }
  const every = Math.ceil(periods.length / 8);
  periods.forEach((period, i) => {
    let acc = 0;
    const row = shares.get(period) || new Map();
    for (const partner of partners) {
      const share = row.get(partner) || 0;
      if (share <= 0) continue;
      const h = share * plotH;
      const rect = el("rect", {
        x: left + i * step + step * 0.12, y: top + (1 - acc - share) * plotH, width: step * 0.76,
        height: h, fill: partnerColor(partner, partners),
      }, root);
      el("title", {}, rect).textContent =
        `${period}: ${partner} ${(share * 100).toFixed(0)}% of ${totals.get(period) ?? "?"} events`;
      acc += share;
    }
    if (i % every === 0) {
      text(root, left + (i + 0.5) * step, H - 26, period, { "text-anchor": "middle" });
    }
  });
  return root;
}
