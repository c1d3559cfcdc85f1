"""Candidate invocations: events between treaty parties that look like a clause acted on.

A defence clause means little until troops move; an analyst wants the events after
signature that match a provision, each shown with its evidence sentence next to the
clause. These are candidates, not findings: only events between two parties, dated after
the day of signature (the signing summit itself acts on nothing; from entry into force
when no signature date is known) and not after any termination, and never negated or
hypothetical ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources
from typing import Any

import duckdb
import msgspec
import yaml

from dyadwatch.treaties.errors import TreatyError
from dyadwatch.treaties.model import Provision, Treaty
from dyadwatch.treaties.registry import has_table, load_treaty, parse_date, treaties_between


class Link(msgspec.Struct, kw_only=True):
    """One event that may act on one provision; ``clause_*`` offsets index the treaty text,
    ``evidence_*`` offsets the event's document."""

    treaty: str
    article: int
    label: str
    why: str
    clause_text: str
    clause_start: int
    clause_end: int
    event_id: str
    doc_id: str
    date: dt.date
    source_code: str
    target_code: str
    type: str
    mode: str | None
    cameo: str | None
    evidence_text: str | None
    evidence_start: int | None
    evidence_end: int | None


class _Rule(msgspec.Struct, frozen=True):
    why: str
    types: frozenset[str]
    modes: frozenset[str]
    cameo: tuple[str, ...]
    evidence: re.Pattern[str] | None
    not_evidence: re.Pattern[str] | None = None
    triggered: bool | None = None

    def accepts(self, prov: Provision, event: dict[str, Any]) -> bool:
        if self.triggered is not None and self.triggered != bool(prov.triggers):
            return False
        if self.types and (event["type"] or "").upper() not in self.types:
            return False
        if (
            self.modes
            and not {
                (event["mode"] or "").lower(),
                (event["context"] or "").lower(),
            }
            & self.modes
        ):
            return False
        if self.cameo and not (event["cameo"] or "").startswith(self.cameo):
            return False
        text = event["evidence_text"] or ""
        if self.not_evidence and self.not_evidence.search(text):
            return False
        return not (self.evidence and not self.evidence.search(text))


@functools.cache
def invocation_rules() -> dict[str, tuple[_Rule, ...]]:
    """Label -> rules, loaded and compiled once from ``data/invocations.yaml``."""
    raw = yaml.safe_load(
        resources.files("dyadwatch.treaties").joinpath("data/invocations.yaml").read_bytes()
    )
    return {
        label: tuple(
            _Rule(
                why=r["why"],
                types=frozenset(t.upper() for t in r.get("types", [])),
                modes=frozenset(m.lower() for m in r.get("modes", [])),
                cameo=tuple(str(c) for c in r.get("cameo", [])),
                evidence=_words_regex(r.get("evidence", [])),
                not_evidence=_words_regex(r.get("not_evidence", [])),
                triggered=r.get("triggered"),
            )
            for r in rules
        )
        for label, rules in raw["rules"].items()
    }


def links(
    con: duckdb.DuckDBPyConnection,
    name: str,
    since: str | dt.date | None = None,
    *,
    label: str | None = None,
    pair: tuple[str, str] | None = None,
) -> list[Link]:
    """Candidate invocations of treaty ``name``, by date; ``pair`` keeps one dyad only."""
    since = parse_date(since, "since")
    treaty = load_treaty(con, name)
    rules = invocation_rules()
    if label is not None and label not in rules:
        raise TreatyError(f"--label: no invocation rules for {label!r} (known: {', '.join(rules)})")
    provisions = [
        p for p in treaty.provisions if p.label in rules and (label is None or p.label == label)
    ]
    if not provisions:
        return []
    out = []
    for event in _events(con, treaty, since, pair):
        for prov in provisions:
            rule = next((r for r in rules[prov.label] if r.accepts(prov, event)), None)
            if rule is not None:
                out.append(_link(treaty, prov, rule, event))
    return out


def treaty_links_for_dyad(
    con: duckdb.DuckDBPyConnection, a: str, b: str, since: str | dt.date | None = None
) -> list[Link]:
    """Candidate invocations, in every stored treaty both ``a`` and ``b`` signed, by events
    between the two (either direction); for the dyad report."""
    out: list[Link] = []
    for name in treaties_between(con, a, b):
        out.extend(links(con, name, since, pair=(a.upper(), b.upper())))
    return sorted(out, key=lambda x: (x.date, x.event_id, x.treaty, x.article))


def _events(
    con: duckdb.DuckDBPyConnection,
    treaty: Treaty,
    since: dt.date | None,
    pair: tuple[str, str] | None,
) -> list[dict[str, Any]]:
    if not has_table(con, "events"):
        return []
    parties = [p for p in treaty.parties if pair is None or p in pair]
    if len(parties) < 2:
        return []
    # the day after signature; entry into force itself counts when no signature is known
    first = treaty.signed + dt.timedelta(days=1) if treaty.signed else treaty.in_force
    start = max((d for d in (first, since) if d), default=None)
    cur = con.execute(
        """
        SELECT event_id, doc_id, date, source_code, target_code, type, mode, context, cameo,
               evidence_text, evidence_start, evidence_end
        FROM events
        WHERE list_contains(?, source_code) AND list_contains(?, target_code)
          AND source_code <> target_code
          AND date IS NOT NULL
          AND (?::DATE IS NULL OR date >= ?::DATE)
          AND (?::DATE IS NULL OR date <= ?::DATE)
          AND NOT coalesce(negated, false) AND NOT coalesce(hypothetical, false)
        ORDER BY date, event_id
        """,
        [parties, parties, start, start, treaty.terminated, treaty.terminated],
    )
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _link(treaty: Treaty, prov: Provision, rule: _Rule, event: dict[str, Any]) -> Link:
    clause = prov.evidence[0]
    return Link(
        treaty=treaty.name,
        article=prov.article,
        label=prov.label,
        why=rule.why,
        clause_text=clause.text,
        clause_start=clause.start,
        clause_end=clause.end,
        event_id=event["event_id"],
        doc_id=event["doc_id"],
        date=event["date"],
        source_code=event["source_code"],
        target_code=event["target_code"],
        type=event["type"],
        mode=event["mode"],
        cameo=event["cameo"],
        evidence_text=event["evidence_text"],
        evidence_start=event["evidence_start"],
        evidence_end=event["evidence_end"],
    )


def _words_regex(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in words]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)
