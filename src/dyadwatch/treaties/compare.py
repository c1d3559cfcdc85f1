"""Two treaties side by side, provision by provision.

The question analysts ask of a new treaty is how it differs from the old one: which
commitments were added or dropped, and whether a defence clause is now set off by a
different event, promises more, or is hedged by new conditions.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from dyadwatch.treaties.model import Provision, Treaty
from dyadwatch.treaties.provisions import label_names

Presence = Literal["both", "only_a", "only_b"]


class LabelComparison(msgspec.Struct, kw_only=True):
    """One provision label across the two treaties.

    ``*_a``/``*_b`` hold the union over every article carrying the label; ``differences``
    says in words what an analyst would note, empty when the two agree.
    """

    label: str
    name: str
    presence: Presence
    articles_a: list[int]
    articles_b: list[int]
    triggers_a: list[str] = msgspec.field(default_factory=list)
    triggers_b: list[str] = msgspec.field(default_factory=list)
    obligations_a: list[str] = msgspec.field(default_factory=list)
    obligations_b: list[str] = msgspec.field(default_factory=list)
    conditions_a: list[str] = msgspec.field(default_factory=list)
    conditions_b: list[str] = msgspec.field(default_factory=list)
    automatic_a: bool | None = None
    automatic_b: bool | None = None
    differences: list[str] = msgspec.field(default_factory=list)


class Comparison(msgspec.Struct, kw_only=True):
    a: str
    b: str
    rows: list[LabelComparison]

    @property
    def only_a(self) -> list[str]:
        return [r.label for r in self.rows if r.presence == "only_a"]

    @property
    def only_b(self) -> list[str]:
        return [r.label for r in self.rows if r.presence == "only_b"]

    @property
    def shared(self) -> list[str]:
        return [r.label for r in self.rows if r.presence == "both"]

    def row(self, label: str) -> LabelComparison | None:
        return next((r for r in self.rows if r.label == label), None)


def compare(treaty_a: Treaty, treaty_b: Treaty) -> Comparison:
    """Every label found in either treaty, in the pattern file's order."""
    rows = []
    for label, name in label_names().items():
        pa, pb = treaty_a.provisions_of(label), treaty_b.provisions_of(label)
        if not pa and not pb:
            continue
        presence: Presence = "both" if pa and pb else "only_a" if pa else "only_b"
        row = LabelComparison(
            label=label,
            name=name,
            presence=presence,
            articles_a=sorted({p.article for p in pa}),
            articles_b=sorted({p.article for p in pb}),
            triggers_a=_union(pa, "trigger_kinds"),
            triggers_b=_union(pb, "trigger_kinds"),
            obligations_a=_union(pa, "obligation_kinds"),
            obligations_b=_union(pb, "obligation_kinds"),
            conditions_a=_union(pa, "condition_kinds"),
            conditions_b=_union(pb, "condition_kinds"),
            automatic_a=_automatic(pa),
            automatic_b=_automatic(pb),
        )
        row.differences = _differences(row, treaty_a.name, treaty_b.name)
        rows.append(row)
    return Comparison(a=treaty_a.name, b=treaty_b.name, rows=rows)


def _union(provisions: list[Provision], attr: str) -> list[str]:
    seen: dict[str, None] = {}
    for p in provisions:
        for kind in getattr(p, attr):
            seen.setdefault(kind, None)
    return list(seen)


def _automatic(provisions: list[Provision]) -> bool | None:
    values = [p.automatic for p in provisions if p.automatic is not None]
    return any(values) if values else None


def _differences(row: LabelComparison, a: str, b: str) -> list[str]:
    if row.presence == "only_a":
        return [f"only in {a} ({_arts(row.articles_a)})"]
    if row.presence == "only_b":
        return [f"only in {b} ({_arts(row.articles_b)})"]
    out = []
    for what, xa, xb in (
        ("trigger", row.triggers_a, row.triggers_b),
        ("obligation", row.obligations_a, row.obligations_b),
        ("conditions", row.conditions_a, row.conditions_b),
    ):
        only_a = [k for k in xa if k not in xb]
        only_b = [k for k in xb if k not in xa]
        parts = []
        if only_a:
            parts.append(f"{a} adds {', '.join(only_a)}")
        if only_b:
            parts.append(f"{b} adds {', '.join(only_b)}")
        if parts:
            out.append(f"{what}: " + "; ".join(parts))
    if None not in (row.automatic_a, row.automatic_b) and row.automatic_a != row.automatic_b:
        out.append(
            f"automatic: {a} {'yes' if row.automatic_a else 'no'}, "
            f"{b} {'yes' if row.automatic_b else 'no'}"
        )
    return out


def _arts(numbers: list[int]) -> str:
    return ("Art. " if len(numbers) == 1 else "Arts. ") + ", ".join(map(str, numbers))
