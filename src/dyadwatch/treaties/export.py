"""Plain-dict forms of treaties, comparisons and links, for JSON output (CLI, API, report).

One shape per object so that every front door prints the same JSON.
"""

from __future__ import annotations

from typing import Any

import msgspec

from dyadwatch.treaties.compare import Comparison
from dyadwatch.treaties.links import Link
from dyadwatch.treaties.model import Cue, Provision, Treaty

_encoder = msgspec.json.Encoder()


def plain(obj: Any) -> Any:
    """Structs, dates and lists as JSON-ready Python values."""
    return msgspec.json.decode(_encoder.encode(obj))


def treaty_dict(treaty: Treaty) -> dict[str, Any]:
    """The treaty with, per article: number, labels and for each provision its trigger,
    obligation, conditions and evidence offsets into ``text`` (included once, at the top)."""
    by_article: dict[int, list[Provision]] = {}
    for p in treaty.provisions:
        by_article.setdefault(p.article, []).append(p)
    return {
        "name": treaty.name,
        "parties": treaty.parties,
        "signed": plain(treaty.signed),
        "ratified": plain(treaty.ratified),
        "in_force": plain(treaty.in_force),
        "terminated": plain(treaty.terminated),
        "source_path": treaty.source_path,
        "coder": treaty.coder_version,
        "preamble": plain(treaty.preamble),
        "articles": [
            {
                "number": a.number,
                "heading": a.heading,
                "title": a.title,
                "context": a.context,
                "start": a.start,
                "end": a.end,
                "paragraphs": plain(a.paragraphs),
                "labels": [p.label for p in by_article.get(a.number, [])],
                "provisions": [_provision(p) for p in by_article.get(a.number, [])],
            }
            for a in treaty.articles
        ],
        "text": treaty.text,
    }


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    return {
        "a": comparison.a,
        "b": comparison.b,
        "only_a": comparison.only_a,
        "only_b": comparison.only_b,
        "shared": comparison.shared,
        "labels": plain(comparison.rows),
    }


def links_list(links: list[Link]) -> list[dict[str, Any]]:
    return plain(links)


def _provision(p: Provision) -> dict[str, Any]:
    return {
        "label": p.label,
        "paragraph": p.paragraph,
        "trigger": _cues(p.triggers),
        "obligation": _cues(p.obligations),
        "conditions": _cues(p.conditions),
        "automatic": p.automatic,
        "evidence": plain(p.evidence),
        "cues": _cues(p.cues),
    }


def _cues(cues: list[Cue]) -> list[dict[str, Any]]:
    return plain(cues)
