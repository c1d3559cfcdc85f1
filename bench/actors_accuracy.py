"""Actor span recall of the resolver on a labelled JSONL set, and its cost per sentence.

Usage: python bench/actors_accuracy.py PATH.jsonl [--date YYYY-MM-DD]

Records look like {"text": ..., "date": ..., "expected": [{"source": [span, ...],
"target": [span, ...]}]}. For every expected span found in the text we ask: does a
resolved actor mention overlap it (resolved), with a code (coded), and is that code
plausible — a stem of the code's ISO names (or the organisation's acronym/name words)
appears in the mention or span text, or the mention came from a dated person entry?
Plausible means: a 3-letter stem of one of the code's ISO 3166 names occurs in the
mention or span ("Turkish court" -> TUR), or the mention is a named organisation,
armed group or national body whose form is in the span, or a dated person entry.
Capital metonyms must pass the stem test. It is a sanity test, not a gold label. The last line
printed is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
import unicodedata
from pathlib import Path

import pycountry

from dyadwatch.actors import ActorResolver
from dyadwatch.nlp.sentences import segment

QUOTES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
GENERIC = {"republic", "kingdom", "united", "states", "state", "people's", "democratic",
           "islamic", "federal", "federation", "plurinational", "bolivarian", "socialist",
           "arab", "the", "of", "and", "province", "china,"}


def code_stems() -> dict[str, set[str]]:
    stems: dict[str, set[str]] = {}
    for c in pycountry.countries:
        words = set()
        for attr in ("name", "official_name", "common_name"):
            for w in re.split(r"[\s,()]+", getattr(c, attr, "") or ""):
                w = unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode()
                if len(w) >= 4 and w.lower() not in GENERIC:
                    words.add(w[:3].lower())
        stems[c.alpha_3] = words
    return stems


def plausible(code: str, text: str, how: str, stems: dict[str, set[str]]) -> bool:
    low = text.lower()
    if "person:" in how or "holder:" in how or "earlier:" in how:
        return True
    if how.startswith(("igo:", "ngo:", "body:", "group:")):
        return True
    if code in stems:
        if any(s in low for s in stems[code]):
            return True
        acronym = {"USA": ("u.s", "us ", "usa", "america", "united states"),
                   "GBR": ("u.k", "uk", "brit"), "PRK": ("dprk", "korea"),
                   "KOR": ("korea", "rok")}.get(code, ())
        return any(a in low + " " for a in acronym)
    return code.lower() in low or code.lower()[:3] in low


def locate(text: str, span: str) -> tuple[int, int] | None:
    """Where a label span sits in the text; labels are often tokenised ("Israel 's")."""
    at = text.find(span)
    if at >= 0:
        return at, at + len(span)
    plain = text.translate(QUOTES)  # same length, so offsets still index ``text``
    pattern = r"\s*".join(re.escape(tok) for tok in span.translate(QUOTES).split())
    m = re.search(pattern, plain)
    return (m.start(), m.end()) if m else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", type=Path)
    ap.add_argument("--date", default=None, help="date used when a record has none")
    args = ap.parse_args()
    default_day = dt.date.fromisoformat(args.date) if args.date else None
    resolver = ActorResolver()
    stems = code_stems()
    records = [json.loads(line) for line in args.path.open(encoding="utf-8") if line.strip()]
    docs = []
    for r in records:
        day = dt.date.fromisoformat(r["date"][:10]) if r.get("date") else default_day
        doc, sents = segment(r["text"])
        docs.append((r, doc, sents, day))

    spans = found = resolved = coded = plaus = 0
    misses: dict[str, int] = {}
    for r, doc, _, day in docs:
        mentions = resolver.find(doc, day)
        text = r["text"]
        for ev in r.get("expected") or []:
            for role in ("source", "target"):
                for span in ev.get(role) or []:
                    if not span:
                        continue
                    spans += 1
                    located = locate(text, span)
                    if located is None:
                        continue
                    found += 1
                    at, end = located
                    hits = [m for m in mentions if m.actor.start < end and m.actor.end > at]
                    if not hits:
                        misses[span] = misses.get(span, 0) + 1
                        continue
                    resolved += 1
                    codes = [(m.actor.code, m) for m in hits if m.actor.code] + [
                        (x.code, m) for m in hits for x in m.members if x.code]
                    if codes:
                        coded += 1
                        if any(plausible(c, m.actor.text + " " + span, m.matched_by, stems)
                               for c, m in codes):
                            plaus += 1

    n_sent = sum(len(s) for _, _, s, _ in docs)
    cpu = []
    for _ in range(3):
        t0 = time.process_time()
        for _r, doc, _, day in docs:
            resolver.find(doc, day)
        cpu.append(time.process_time() - t0)
    per_sentence_us = min(cpu) / max(n_sent, 1) * 1e6

    top_misses = sorted(misses.items(), key=lambda kv: -kv[1])[:15]
    print("most frequent unresolved spans:", [s for s, _ in top_misses])
    figures = {
        "file": args.path.name,
        "records": len(records),
        "sentences": n_sent,
        "spans": spans,
        "spans_in_text": found,
        "resolved": resolved,
        "resolved_share": round(resolved / found, 4) if found else None,
        "coded_share": round(coded / found, 4) if found else None,
        "plausible_share_of_coded": round(plaus / coded, 4) if coded else None,
        "resolver_cpu_us_per_sentence": round(per_sentence_us, 1),
        "dictionary_version": resolver.version,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
