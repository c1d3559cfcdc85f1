"""The structs the treaties stage speaks in.

Every offset is a character offset into the treaty's stored source text, so a front end
can highlight the clause behind a label exactly as it highlights event evidence.
"""

from __future__ import annotations

import datetime as dt

import msgspec


class Span(msgspec.Struct, kw_only=True, frozen=True):
    text: str
    start: int
    end: int


class Paragraph(msgspec.Struct, kw_only=True, frozen=True):
    """A numbered paragraph of an article ("1.", "(2)"); ``number`` as written, without dots."""

    number: str
    start: int
    end: int


class Article(msgspec.Struct, kw_only=True):
    """One article: ``start`` is its heading, ``body_start`` where its text begins.

    ``heading`` keeps the heading as written ("Art. IV"), ``number`` the value it stands for,
    ``context`` the chapter/section/part it sits in, if the treaty has any.
    """

    number: int
    heading: str
    start: int
    body_start: int
    end: int
    title: str | None = None
    context: str | None = None
    paragraphs: list[Paragraph] = msgspec.field(default_factory=list)


class ArticleSplit(msgspec.Struct, kw_only=True):
    preamble: Span | None
    articles: list[Article]


class Cue(msgspec.Struct, kw_only=True, frozen=True):
    """A matched phrase: ``kind`` is the pattern-data key (a trigger, obligation, condition)."""

    kind: str
    text: str
    start: int
    end: int


class Provision(msgspec.Struct, kw_only=True):
    """One label on one article, with the sentences that carry it.

    ``triggers``, ``obligations`` and ``conditions`` are filled for the clauses where they
    matter (defence and consultation). ``automatic`` is True when the obligation is
    immediate and leaves the party no discretion, False when it does leave discretion or
    sets no timing, None where the notion does not apply.
    """

    article: int
    label: str
    evidence: list[Span]
    cues: list[Cue] = msgspec.field(default_factory=list)
    paragraph: str | None = None
    triggers: list[Cue] = msgspec.field(default_factory=list)
    obligations: list[Cue] = msgspec.field(default_factory=list)
    conditions: list[Cue] = msgspec.field(default_factory=list)
    automatic: bool | None = None

    @property
    def trigger_kinds(self) -> list[str]:
        return _kinds(self.triggers)

    @property
    def obligation_kinds(self) -> list[str]:
        return _kinds(self.obligations)

    @property
    def condition_kinds(self) -> list[str]:
        return _kinds(self.conditions)


class Treaty(msgspec.Struct, kw_only=True):
    """A registered treaty with its split and coded text."""

    name: str
    parties: list[str]
    text: str
    signed: dt.date | None = None
    ratified: dt.date | None = None
    in_force: dt.date | None = None
    terminated: dt.date | None = None
    source_path: str | None = None
    preamble: Span | None = None
    articles: list[Article] = msgspec.field(default_factory=list)
    provisions: list[Provision] = msgspec.field(default_factory=list)
    coder_version: str = ""

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)

    def provisions_of(self, label: str) -> list[Provision]:
        return [p for p in self.provisions if p.label == label]


def _kinds(cues: list[Cue]) -> list[str]:
    seen: dict[str, None] = {}
    for cue in cues:
        seen.setdefault(cue.kind, None)
    return list(seen)
