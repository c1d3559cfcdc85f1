// The source document of an event: metadata, and the text with the evidence sentence
// highlighted (trigger word in bold). Other event sentences are underlined and clickable.
import { api } from "./api.js";

const $ = (id) => document.getElementById(id);

// The API counts offsets in Unicode code points (Python); JS strings count UTF-16 units.
function offsetMapper(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const astral = [];
  let cp = 0;
  for (let u = 0; u < text.length; u++, cp++) {
    const c = text.charCodeAt(u);
    if (c >= 0xd800 && c <= 0xdbff) { astral.push(cp); u++; }
  }
  return (i) => {
    let lo = 0, hi = astral.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (astral[mid] < i) lo = mid + 1; else hi = mid; }
    return i + lo;
  };
}

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch { return null; }
}

function metaLine(doc) {
  const meta = $("doc-meta");
  meta.replaceChildren();
  const parts = [doc.publisher, doc.author, doc.published].filter(Boolean);
  meta.append(parts.length ? parts.join(" · ") : "no source metadata");
  const href = doc.url && safeUrl(doc.url);
  if (href) {
    meta.append(" · ");
    const a = document.createElement("a");
    a.href = href; a.textContent = doc.url; a.target = "_blank"; a.rel = "noopener noreferrer";
    meta.appendChild(a);
  } else if (doc.url) {
    meta.append(` · ${doc.url}`);
  }
}

function eventLine(e) {
  const line = $("doc-event");
  if (!e) { line.textContent = ""; return; }
  const flags = [e.negated && "negated", e.hypothetical && "hypothetical"].filter(Boolean);
  line.textContent = `${e.type}${e.mode ? "/" + e.mode : ""} · ${e.source.code} → ${e.target.code}`
    + ` · ${e.date || "undated"}${e.date_precision ? ` (${e.date_precision})` : ""}`
    + ` · CAMEO ${e.cameo} · intensity ${Number(e.intensity).toFixed(1)}`
    + (flags.length ? ` · ${flags.join(", ")}` : "");
}

function renderText(doc, selected, onSelect) {
  const box = $("doc-text");
  box.replaceChildren();
  const text = doc.text || "";
  const at = offsetMapper(text);
  // One span per distinct evidence sentence; the selected event's sentence wins.
  const spans = new Map();
  for (const e of doc.events) {
    const s = e.evidence;
    if (s.start == null || s.end == null || s.end <= s.start) continue;
    const key = `${s.start}:${s.end}`;
    if (!spans.has(key) || (selected && e.event_id === selected.event_id)) spans.set(key, e);
  }
  const ordered = [...spans.values()].sort((x, y) => x.evidence.start - y.evidence.start);
  let pos = 0;
  let marked = null;
  for (const e of ordered) {
    const start = at(e.evidence.start), end = at(e.evidence.end);
    if (start < pos) continue; // overlapping sentence: keep the first
    box.append(text.slice(pos, start));
    const isSelected = selected && e.event_id === selected.event_id;
    const node = document.createElement(isSelected ? "mark" : "span");
    if (isSelected) {
      marked = node;
      node.id = "evidence";
      const t = e.trigger;
      if (t && t.start != null && at(t.start) >= start && at(t.end) <= end) {
        const ts = at(t.start), te = at(t.end);
        const strong = document.createElement("strong");
        strong.className = "trigger";
        strong.textContent = text.slice(ts, te);
        node.append(text.slice(start, ts), strong, text.slice(te, end));
      } else {
        node.textContent = text.slice(start, end);
      }
    } else {
      node.className = "ev";
      node.title = `${e.type}: ${e.source.code} → ${e.target.code}`;
      node.textContent = text.slice(start, end);
      node.addEventListener("click", () => onSelect(e.event_id));
    }
    box.appendChild(node);
    pos = end;
  }
  box.append(text.slice(pos));
  return marked;
}

export async function showDocument(docId, eventId, onSelect) {
  const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
  const selected = doc.events.find((e) => e.event_id === eventId) || null;
  // Untitled files are named by their file name, not their full path on the server.
  const name = (doc.external_id || doc.source_path || "").split(/[\\/]/).pop();
  $("doc-title").textContent = doc.title || name || doc.id;
  metaLine(doc);
  eventLine(selected);
  const panel = $("document");
  panel.hidden = false;
  document.body.classList.add("doc-open");
  const marked = renderText(doc, selected, onSelect);
  if (marked) marked.scrollIntoView({ block: "center" });
}

export function hideDocument() {
  $("document").hidden = true;
  document.body.classList.remove("doc-open");
}
