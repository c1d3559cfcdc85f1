// dyadwatch dashboard. All state lives in the query string (?a=PRK&b=RUS&type=…&event=…),
// so every view can be shared as a link. Text from articles is only ever inserted with
// textContent, never as HTML.
import {
  barChart, forgetDrawing, partnerColor, redrawOnResize, stackedShares, trajectoryChart,
} from "./charts.js";
import { api, query } from "./api.js";
import { hideDocument, showDocument } from "./document.js";

const $ = (id) => document.getElementById(id);
const FIELDS = ["a", "b", "type", "mode", "since", "until", "by"];
const PAGE = 100;
const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation",
  3: "verbal conflict", 4: "material conflict" };

let state = {};
let timelineNext = null;
let eventTypes = [];

function readUrl() {
  const p = new URLSearchParams(window.location.search);
  const s = {};
  for (const k of [...FIELDS, "event", "doc"]) if (p.get(k)) s[k] = p.get(k);
  return s;
}

function writeUrl(push) {
  const url = `${window.location.pathname}${query(state)}`;
  if (push) window.history.pushState(null, "", url); else window.history.replaceState(null, "", url);
}

function fillControls() {
  $("actor-a").value = state.a || "";
  $("actor-b").value = state.b || "";
  $("type").value = state.type || "";
  $("mode").value = state.mode || "";
  $("since").value = state.since || "";
  $("until").value = state.until || "";
  $("by").value = state.by || "month";
}

function showMessage(text) {
  const m = $("message");
  m.textContent = text || "";
  m.hidden = !text;
}

// -- typeahead -------------------------------------------------------------------------

function typeahead(input, list) {
  let timer = null, items = [], active = -1;
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
  const choose = (item) => { input.value = item.code; close(); };
  const render = () => {
    list.replaceChildren();
    items.forEach((item, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.dataset.code = item.code;
      const code = document.createElement("span"); code.className = "code"; code.textContent = item.code;
      const name = document.createElement("span"); name.textContent = item.name || "";
      const n = document.createElement("span"); n.className = "n"; n.textContent = String(item.events);
      li.append(code, name, n);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(item); });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        items = (await api(`/api/actors${query({ q: input.value.trim(), limit: 12 })}`)).actors;
      } catch { items = []; }
      active = -1;
      render();
    }, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0) { choose(items[active]); e.preventDefault(); }
    else if (e.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

async function resolveActor(value) {
  const v = value.trim();
  if (!v) return "";
  if (/^[A-Za-z][A-Za-z0-9_.]{1,15}$/.test(v) && v.length <= 6) return v.toUpperCase();
  const found = (await api(`/api/actors${query({ q: v, limit: 1 })}`)).actors;
  if (!found.length) throw new Error(`no actor matching "${v}" in this store`);
  return found[0].code;
}

// -- panels ----------------------------------------------------------------------------

function renderTypes(totals) {
  const items = eventTypes
    .filter((t) => totals.types[t.name])
    .map((t) => ({ label: t.name, value: totals.types[t.name], cls: `q${t.quad_class}`,
      title: `${t.name} (${QUAD_NAMES[t.quad_class]}): ${totals.types[t.name]} events` }));
  redrawOnResize($("types"), () => barChart($("types"), items, "events by PLOVER type"));
}

function renderChanges(changes) {
  const list = $("changes");
  list.replaceChildren();
  for (const c of changes) {
    const li = document.createElement("li");
    const dir = document.createElement("span");
    dir.className = `dir ${c.direction}`;
    dir.textContent = `${c.label}: ${c.direction}`;
    li.appendChild(dir);
    li.append(` — index ${c.index_before.toFixed(2)} → ${c.index_after.toFixed(2)}, `
      + `${c.events_per_period_before.toFixed(1)} → ${c.events_per_period_after.toFixed(1)} events per period`);
    if (c.events.length) {
      const e = c.events[0];
      const ex = document.createElement("div");
      ex.className = "hint";
      ex.textContent = `e.g. ${e.date} ${e.type}: ${e.evidence_text || ""}`;
      li.appendChild(ex);
    }
    list.appendChild(li);
  }
}

function renderPartners(payloads) {
  const box = $("partners");
  box.querySelectorAll(".chart").forEach(forgetDrawing);
  box.replaceChildren();
  for (const p of payloads) {
    const wrap = document.createElement("div");
    const h = document.createElement("h3");
    const other = p.actor === state.a ? state.b : state.a;
    h.textContent = `${p.actor}'s partners (${other} highlighted in the legend)`;
    const chart = document.createElement("div");
    chart.className = "chart";
    const periods = [...new Set(p.shares.map((s) => String(s.period).slice(0, 4)))];
    const shares = new Map();
    for (const s of p.shares) {
      const key = String(s.period).slice(0, 4);
      if (!shares.has(key)) shares.set(key, new Map());
      shares.get(key).set(s.partner, s.share);
    }
    const totals = new Map(p.concentration.map((c) => [String(c.period).slice(0, 4), c.n]));
    const legend = document.createElement("div");
    legend.className = "legend";
    for (const name of p.partners) {
      const s = document.createElement("span");
      s.style.setProperty("--swatch", partnerColor(name, p.partners));
      s.textContent = name;
      if (name === other) s.style.fontWeight = "700";
      legend.appendChild(s);
    }
    wrap.append(h, chart, legend);
    box.appendChild(wrap);
    redrawOnResize(chart, () => stackedShares(chart, periods, p.partners, shares, totals,
      `${p.actor} partner shares`));
  }
}

function eventFilters() {
  return { dyad: `${state.a}-${state.b}`, type: state.type, mode: state.mode,
    since: state.since, until: state.until };
}

function timelineItem(e) {
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.type = "button";
  b.className = `event q${e.quad_class}e`;
  b.dataset.eventId = e.event_id;
  b.dataset.docId = e.doc_id;
  b.setAttribute("aria-pressed", String(state.event === e.event_id));
  const date = document.createElement("span"); date.className = "date"; date.textContent = e.date || "undated";
  const kind = document.createElement("span"); kind.className = "kind";
  kind.textContent = e.type + (e.mode ? `/${e.mode}` : "");
  const who = document.createElement("span"); who.className = "who";
  who.textContent = `${e.source.code} → ${e.target.code}`;
  kind.appendChild(who);
  const t = document.createElement("span"); t.className = "text"; t.textContent = e.evidence.text;
  b.append(date, kind, t);
  b.addEventListener("click", () => selectEvent(e.event_id, e.doc_id));
  li.appendChild(b);
  return li;
}

function appendTimeline(events, reset) {
  const list = $("timeline");
  if (reset) list.replaceChildren();
  let lastMonth = list.dataset.lastMonth || "";
  if (reset) lastMonth = "";
  for (const e of events) {
    const month = (e.date || "undated").slice(0, 7);
    if (month !== lastMonth) {
      const m = document.createElement("li");
      m.className = "month";
      m.textContent = month;
      list.appendChild(m);
      lastMonth = month;
    }
    list.appendChild(timelineItem(e));
  }
  list.dataset.lastMonth = lastMonth;
}

async function loadTimeline() {
  const page = await api(`/api/events${query({ ...eventFilters(), limit: PAGE })}`);
  $("timeline-count").textContent = `${page.total} events`;
  appendTimeline(page.events, true);
  timelineNext = page.next;
  $("more").hidden = !timelineNext;
  const base = { ...eventFilters(), limit: 50000 };
  $("csv-link").href = `/api/events${query({ ...base, format: "csv" })}`;
  $("jsonl-link").href = `/api/events${query({ ...base, format: "jsonl" })}`;
}

async function moreTimeline() {
  if (!timelineNext) return;
  const page = await api(timelineNext);
  appendTimeline(page.events, false);
  timelineNext = page.next;
  $("more").hidden = !timelineNext;
}

async function selectEvent(eventId, docId) {
  state.event = eventId;
  state.doc = docId;
  writeUrl(false);
  for (const b of document.querySelectorAll("#timeline button.event")) {
    b.setAttribute("aria-pressed", String(b.dataset.eventId === eventId));
  }
  try {
    await showDocument(docId, eventId, (id) => selectEvent(id, docId));
  } catch (err) {
    showMessage(`could not open the document: ${err.message}`);
  }
}

async function load() {
  showMessage("");
  if (!state.a || !state.b) {
    $("panels").hidden = true;
    return;
  }
  const dyad = `${state.a}-${state.b}`;
  $("dyad-title").textContent = `${state.a} – ${state.b}`;
  document.title = `${state.a}–${state.b} · dyadwatch`;
  const span = { since: state.since, until: state.until };
  const by = state.by || "month";
  try {
    const [series, changes, pa, pb] = await Promise.all([
      api(`/api/dyads/${encodeURIComponent(dyad)}/series${query({ by, ...span })}`),
      api(`/api/dyads/${encodeURIComponent(dyad)}/changes${query({ by, ...span })}`),
      api(`/api/actors/${encodeURIComponent(state.a)}/partners${query({ by: "year", top: 4, ...span })}`),
      api(`/api/actors/${encodeURIComponent(state.b)}/partners${query({ by: "year", top: 4, ...span })}`),
    ]);
    $("panels").hidden = false;
    redrawOnResize($("trajectory"),
      () => trajectoryChart($("trajectory"), series.periods, changes.changes));
    renderChanges(changes.changes);
    renderTypes(series.totals);
    renderPartners([pa, pb]);
    await loadTimeline();
  } catch (err) {
    $("panels").hidden = true;
    showMessage(err.message);
    return;
  }
  if (state.doc) await selectEvent(state.event, state.doc);
}

async function loadStatus() {
  try {
    const s = await api("/api/status");
    eventTypes = s.event_types;
    const select = $("type");
    const modes = new Set();
    for (const t of eventTypes) {
      const o = document.createElement("option");
      o.value = t.name; o.textContent = t.name;
      select.appendChild(o);
      t.modes.forEach((m) => modes.add(m));
    }
    const list = $("modes");
    for (const m of [...modes].sort()) {
      const o = document.createElement("option");
      o.value = m;
      list.appendChild(o);
    }
    const taken = s.snapshot_taken_at ? new Date(s.snapshot_taken_at).toLocaleString() : "–";
    $("status").textContent = `${s.counts.documents} documents · ${s.counts.events} events · data as of ${taken}`;
    const stale = $("stale");
    stale.hidden = !s.stale;
    if (s.stale) {
      stale.textContent = `The store has changed since ${taken} and is showing that copy`
        + (s.problem ? ` (${s.problem}).` : ".") + " It updates by itself when the store is free.";
    }
  } catch (err) {
    $("status").textContent = "";
    showMessage(err.message);
  }
}

async function submit(e) {
  e.preventDefault();
  try {
    const a = await resolveActor($("actor-a").value);
    const b = await resolveActor($("actor-b").value);
    if (!a || !b) throw new Error("pick two actors, e.g. PRK and RUS");
    state = { a, b, type: $("type").value, mode: $("mode").value.trim(),
      since: $("since").value, until: $("until").value, by: $("by").value };
    if (state.by === "month") delete state.by;
    hideDocument();
    fillControls();
    writeUrl(true);
    await load();
  } catch (err) {
    showMessage(err.message);
  }
}

async function main() {
  typeahead($("actor-a"), $("suggest-a"));
  typeahead($("actor-b"), $("suggest-b"));
  $("controls").addEventListener("submit", submit);
  $("more").addEventListener("click", () => moreTimeline().catch((err) => showMessage(err.message)));
  $("doc-close").addEventListener("click", () => {
    hideDocument();
    delete state.event; delete state.doc;
    writeUrl(false);
  });
  window.addEventListener("popstate", () => { state = readUrl(); fillControls(); hideDocument(); load(); });
  await loadStatus();
  state = readUrl();
  fillControls();
  await load();
}

main();
