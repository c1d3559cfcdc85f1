"""Coarse POS and lemmas at a fraction of the cost of spaCy's attribute ruler + lemmatizer.

Profiling the ingest showed the two rule components of ``en_core_web_sm`` taking about
a fifth of all coding time: both walk every token through Python matchers and rules.
The coder only needs the coarse POS (from the fine tag, plus the ruler's word-specific
exceptions such as auxiliaries) and lemmas, which repeat endlessly across a corpus. So
this component reads the ruler's own single-token patterns once, maps tags in bulk, and
memoises the model's rule lemmatizer per (word, POS): the results are the model's, the
work is done once per distinct word.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc


class FastMorphology:
    """Sets ``Token.pos`` and ``Token.lemma`` from the tag, word and a per-word cache."""

    def __init__(self, nlp: Language, ruler, lemmatizer):
        strings = nlp.vocab.strings
        self._strings = strings
        self.lemmatizer = lemmatizer  # the model's, kept for cache misses and its tables
        # The ruler's single-token patterns in its order (later ones win, as in the ruler):
        # conditions on TAG / LOWER / DEP, and the attributes they set.
        self._patterns: list[tuple[dict[str, tuple[frozenset[str], bool]], dict]] = []
        for entry in ruler.patterns:
            for pattern in entry["patterns"]:
                if len(pattern) != 1 or set(pattern[0]) - {"TAG", "LOWER", "DEP"}:
                    continue  # multi-token exceptions: rare
                cond = {k: _condition(v) for k, v in pattern[0].items()}
                self._patterns.append((cond, entry.get("attrs", {})))
        # Index the patterns by the tag or word they require, so a cache miss checks a few.
        self._by_tag: dict[str, list[int]] = {}
        self._by_word: dict[str, list[int]] = {}
        self._general: list[int] = []
        for i, (cond, _) in enumerate(self._patterns):
            for key, index in (("TAG", self._by_tag), ("LOWER", self._by_word)):
                values, negated = cond.get(key, (frozenset(), True))
                if not negated:
                    for v in values:
                        index.setdefault(v, []).append(i)
                    break
            else:
                self._general.append(i)
        self._pos: dict[tuple[int, int, int], int] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def _attrs(self, lower: int, tag: int, dep: int) -> dict:
        strings = self._strings
        token = {"LOWER": strings[lower], "TAG": strings[tag], "DEP": strings[dep]}
        candidates = sorted(
            {*self._by_tag.get(token["TAG"], ()), *self._by_word.get(token["LOWER"], ()),
             *self._general}
        )
        merged: dict = {}
        for i in candidates:
            cond, attrs = self._patterns[i]
            if all((token[k] in values) != negated for k, (values, negated) in cond.items()):
                merged.update(attrs)
        return merged

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        attrs = doc.to_array([TAG, LOWER, ORTH, DEP])
        pos = np.zeros((n, 1), dtype="uint64")
        pos_cache = self._pos
        for i in range(n):
            key = (int(attrs[i, 1]), int(attrs[i, 0]), int(attrs[i, 3]))
            p = pos_cache.get(key)
            if p is None:
                found = self._attrs(*key).get("POS")
                p = pos_cache[key] = self._strings.add(found) if found else 0
            pos[i, 0] = p
        doc.from_array([POS], pos)
        lemmas = np.zeros((n, 1), dtype="uint64")
        cache = self._lemmas
        for i in range(n):
            key = (int(attrs[i, 2]), int(attrs[i, 0]), int(pos[i, 0]))
            lemma = cache.get(key)
            if lemma is None:
                lemma = cache[key] = self._lemma(doc[i], int(attrs[i, 1]), key[1], int(attrs[i, 3]))
            lemmas[i, 0] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc

    def _lemma(self, token, lower: int, tag: int, dep: int) -> int:
        """The model's own lemma: the ruler's where it names one, else the rule lemmatizer's,
        which checks base forms against the morphology the ruler would have set."""
        attrs = self._attrs(lower, tag, dep)
        if attrs.get("LEMMA"):
            return self._strings.add(attrs["LEMMA"])
        if attrs.get("MORPH"):
            token.set_morph(attrs["MORPH"])
        forms = self.lemmatizer.rule_lemmatize(token)
        return self._strings.add(forms[0] if forms else token.text)

    def pipe(self, docs, batch_size: int = 256):
        for doc in docs:
            yield self(doc)


def _condition(spec) -> tuple[frozenset[str], bool]:
    """A pattern value as (values, negated): "NN", {"IN": [...]} or {"NOT_IN": [...]}."""
    if isinstance(spec, str):
        return frozenset([spec]), False
    if isinstance(spec, dict):
        for op, negated in (("IN", False), ("NOT_IN", True)):
            if isinstance(spec.get(op), list):
                return frozenset(v for v in spec[op] if isinstance(v, str)), negated
    return frozenset(), False  # an operator we do not read: the pattern never matches


@Language.factory("dyadwatch_fast_morphology")
def make_fast_morphology(nlp: Language, name: str) -> FastMorphology:
    return FastMorphology(nlp, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def install(nlp: Language) -> Language:
    """Swap the model's attribute ruler and lemmatizer for ``FastMorphology``."""
    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return nlp
    nlp.add_pipe("dyadwatch_fast_morphology", after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")  # still used, through the component, for cache misses
    return nlp
