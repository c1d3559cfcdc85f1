"""Phrase patterns over lemmatised tokens: the small language the provision data is written in.

Treaty drafters vary inflection ("attacked", "attacks"), hyphenation ("self-defence") and
filler words ("all the means at its disposal"), so a pattern word matches the token or
its lemma, `word*` matches a prefix, `~` skips a few tokens and punctuation is ignored.
Patterns are compiled once when the data file is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from spacy.tokens import Doc, Span

MAX_GAP = 4


_CONSEQUENCE_MODALS = frozenset({"would", "could", "might"})


class Token(NamedTuple):
    """A word of a sentence as the patterns see it; ``start``/``end`` are source offsets.

    ``modal`` marks a verb under "would/could/might": "an attack would endanger its peace"
    states a consequence, it does not name the event that sets a clause off.
    """

    lower: str
    lemma: str
    neg: bool
    start: int
    end: int
    modal: bool = False


class Tokens(list[Token]):
    """A sentence's tokens with the set of their forms and lemmas, so that a phrase whose
    literal words are absent is rejected without scanning."""

    def __init__(self, tokens: Iterable[Token] = ()) -> None:
        super().__init__(tokens)
        self.words = frozenset(w for t in self for w in (t.lower, t.lemma))


class Phrase:
    """One compiled pattern; ``source`` keeps its text for auditing which cue fired."""

    __slots__ = ("source", "_elements", "_required")

    def __init__(self, source: str) -> None:
        if not isinstance(source, str):
            raise ValueError(f"bad phrase pattern {source!r}: not a string (quote it in YAML)")
        parts = source.lower().split()
        if not parts or parts[0] == "~" or parts[-1] == "~":
            raise ValueError(f"bad phrase pattern {source!r}: empty or starts/ends with '~'")
        self.source = source
        self._elements: tuple[tuple[str, str], ...] = tuple(_element(p) for p in parts)
        self._required = frozenset(v for k, v in self._elements if k == "word")

    def find(self, tokens: Tokens) -> list[tuple[int, int]]:
        """Non-overlapping matches as (first token, end token exclusive), shortest first."""
        if not self._required <= tokens.words:
            return []
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            end = self._match(tokens, 0, i)
            if end is None:
                i += 1
            else:
                out.append((i, end))
                i = end
        return out

    def _match(self, tokens: list[Token], ei: int, ti: int) -> int | None:
        if ei == len(self._elements):
            return ti
        kind, value = self._elements[ei]
        if kind == "gap":
            for skip in range(MAX_GAP + 1):
                if ti + skip > len(tokens):
                    break
                end = self._match(tokens, ei + 1, ti + skip)
                if end is not None:
                    return end
            return None
        if ti < len(tokens) and _accepts(kind, value, tokens[ti]):
            return self._match(tokens, ei + 1, ti + 1)
        return None

    def __repr__(self) -> str:
        return f"Phrase({self.source!r})"


def _element(part: str) -> tuple[str, str]:
    if part == "~":
        return ("gap", "")
    if part == "@neg":
        return ("neg", "")
    if part.endswith("*") and len(part) > 1:
        return ("prefix", part[:-1])
    return ("word", part)


def _accepts(kind: str, value: str, token: Token) -> bool:
    if kind == "word":
        return token.lower == value or token.lemma == value
    if kind == "prefix":
        return token.lower.startswith(value) or token.lemma.startswith(value)
    return token.neg


def tokens_of(span: Doc | Span, offset: int, negation: frozenset[str]) -> Tokens:
    """The words of a parsed span (punctuation and spaces dropped), with offsets shifted by
    ``offset`` into the treaty's source text."""
    out = []
    for t in span:
        if t.is_punct or t.is_space:
            continue
        lower = t.lower_
        lemma = t.lemma_.lower()
        neg = t.dep_ == "neg" or lower in negation or lemma in negation
        modal = t.pos_ == "VERB" and any(
            c.dep_ == "aux" and c.lower_ in _CONSEQUENCE_MODALS for c in t.children
        )
        out.append(Token(lower, lemma, neg, offset + t.idx, offset + t.idx + len(t.text), modal))
    return Tokens(out)
