"""spaCy PhraseMatchers over the knowledge base, built once per resolver.

Names are matched on exact case (ORTH) so "Turkey", "Chad", "US" and "Jordan" only
match as proper nouns; role nouns are matched lower-cased ("President", "president").
Patterns are tokenised with the same tokenizer as the documents, so multi-token forms
("U.S.-led", "Workers' Party of Korea") line up with document tokens.

Text in capitals ("RUSSIA AND NORTH KOREA SIGN PACT") has lost the case that tells a
name from a word, so each name form is also matched in capitals ("NORTH KOREA"), and
such a hit counts only inside a run of capitals; forms that are common words there
("IS", "WHO", "CAR", "BAN") count in neither spelling inside such runs. The capitals
variants ride in the same exact-case pass, so ordinary text pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from dyadwatch.actors.knowledge import Knowledge

ANCHOR, PERSON, ROLE, HYPHEN, HEAD = "A", "P", "R", "H", "O"
#: Key prefixes of a name's capitals variant ("NORTH KOREA" for "North Korea").
_IN_CAPITALS = {"a": ANCHOR, "p": PERSON}
#: Hyphens and en dashes, found by the role matcher's pass: where they sit decides
#: whether "Russian" is glued to a participle ("Russian-backed") or to a prefix ("pro-").
HYPHENS = frozenset({"-", "–"})
_BATCH = 1000
#: Words in capitals a run needs around a match before case stops counting.
CAPS_MIN_WORDS = 3
_CAPS_REACH = 12  # tokens looked at on each side of a match
#: Forms that, written in capitals, are as often an English word as the name: in a
#: capitals run they match in neither spelling ("NORTH KOREA IS READY", "CAR BOMB KILLS
#: 12", "SEOUL EXTENDS BAN"). "US" stays: in headlines the country is far more common
#: than the pronoun.
CAPS_COMMON_WORDS = frozenset(
    {w for w in STOP_WORDS if w != "us"}
    | {"car", "ice", "ban", "may", "moon", "park", "bush", "rice", "brown", "price", "young",
       "long", "king", "rt", "sana"}
)


class Matchers:
    """Names (actors, people; exact case, or capitals in capitals) and role words (lower)."""

    def __init__(self, nlp: Language, kb: Knowledge, person_forms: Iterable[str],
                 coref_forms: Iterable[str] = (), org_heads: Iterable[str] = ()) -> None:
        """``org_heads``: capitalised nouns ending an organisation's name ("Brigade"),
        matched in the names pass so unknown organisations cost no pass of their own."""
        self.nlp = nlp
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        anchors, people = list(kb.anchors), list(person_forms)
        self._add(self.names, ANCHOR, anchors)
        self._add(self.names, PERSON, people)
        self._add(self.names, HEAD, list(org_heads))
        self._add(self.roles, ROLE, list(kb.roles) + list(coref_forms))
        self._add(self.roles, HYPHEN, sorted(HYPHENS))
        known = set(anchors) | set(people)
        capitals: dict[str, str] = {}  # "NORTH KOREA" -> "aNorth Korea"; first form wins
        self._common: set[str] = set()  # keys of forms that are common words in capitals
        for prefix, forms in ((ANCHOR, anchors), (PERSON, people)):
            for form in forms:
                if form.lower() in CAPS_COMMON_WORDS:
                    self._common.add(prefix + form)
                    continue
                upper = form.upper()
                if upper != form and upper not in known and len(form) > 1:
                    capitals.setdefault(upper, prefix.lower() + form)
        self._add_keys(self.names, list(capitals.values()), list(capitals))
        self.strings = nlp.vocab.strings

    def _add(self, matcher: PhraseMatcher, prefix: str, forms: list[str]) -> None:
        self._add_keys(matcher, [prefix + form for form in forms], forms)

    def _add_keys(self, matcher: PhraseMatcher, keys: list[str], texts: list[str]) -> None:
        for i in range(0, len(keys), _BATCH):
            chunk = texts[i : i + _BATCH]
            for key, pattern in zip(keys[i : i + _BATCH], self.nlp.tokenizer.pipe(chunk),
                                    strict=True):
                matcher.add(key, [pattern])

    def names_in(self, doc: Doc) -> tuple[list[tuple[str, str, int, int]], list[int]]:
        """(kind, form, start, end) for anchor and person-name matches, overlapping allowed,
        and the token indices of organisation head nouns.

        Capitals variants count only inside a run of capitals, and common-word forms
        ("IS") are dropped there.
        """
        out = []
        heads = []
        for match_id, start, end in self.names(doc):
            key = self.strings[match_id]
            kind = key[0]
            if kind == HEAD:
                heads.append(start)
            elif kind in _IN_CAPITALS:
                if in_capitals(doc, start, end):
                    out.append((_IN_CAPITALS[kind], key[1:], start, end))
            elif key not in self._common or not in_capitals(doc, start, end):
                out.append((kind, key[1:], start, end))
        return out, heads

    def roles_in(self, doc: Doc) -> tuple[list[tuple[str, int, int]], set[int]]:
        """Role and coreference words (form, start, end), and the hyphens' token indices."""
        out = []
        hyphens = set()
        for match_id, start, end in self.roles(doc):
            key = self.strings[match_id]
            if key[0] == HYPHEN:
                hyphens.add(start)
            else:
                out.append((key[1:], start, end))
        return out, hyphens


def in_capitals(doc: Doc, start: int, end: int) -> bool:
    """Is ``doc[start:end]`` in a run of capitals holding at least three words?"""
    for i in range(start, end):
        text = doc[i].text
        if text.upper() != text:
            return False
    words = sum(1 for i in range(start, end) if _caps_word(doc[i].text))
    i = start - 1
    while i >= max(0, start - _CAPS_REACH) and words < CAPS_MIN_WORDS:
        text = doc[i].text
        if text.upper() != text:
            break
        words += _caps_word(text)
        i -= 1
    i, stop = end, min(len(doc), end + _CAPS_REACH)
    while i < stop and words < CAPS_MIN_WORDS:
        text = doc[i].text
        if text.upper() != text:
            break
        words += _caps_word(text)
        i += 1
    return words >= CAPS_MIN_WORDS


def _caps_word(text: str) -> bool:
    return len(text) > 1 and text.isupper()
