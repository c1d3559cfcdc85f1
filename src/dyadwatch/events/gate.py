"""Before the parse: could any trigger word of this sentence still make an event?

The parser is most of the cost of coding, and most sentences it was given made no
event: a trigger word was there, but none of its frames could ever fit ("sent" is an
AID trigger only with troops, aid, weapons … as its object; "called" is a REQUEST only
with "for" or "on"). Each frame names words that must be in the sentence for it to
fit — its particle, its preposition, one of its object nouns, one of its light verbs —
and their presence is a set lookup. A sentence is parsed when some trigger word has
a frame whose words are all present.

The check must never drop a sentence the coder would have coded, so it errs wide:
every lexicon lemma a word could be lemmatised to counts (our generated inflections,
the lexicon's irregular forms and the spaCy model's own exception table), and a
required lemma counts as present when any form of it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dyadwatch.events.lexicon import Frame, Lexicon
from dyadwatch.events.wordforms import noun_forms, verb_forms

# part of speech -> {form: [lemmas]}, the shape of spaCy's "lemma_exc" lookup table
Exceptions = Mapping[str, Mapping[str, Sequence[str]]]

_ALWAYS: tuple[frozenset[str], ...] = ()


class TriggerGate:
    """Per trigger form, the word sets one of its frames needs (any alternative will do)."""

    def __init__(self, lexicon: Lexicon, exceptions: Exceptions | None = None) -> None:
        irregular: dict[str, set[str]] = {}  # lemma -> forms the exception table gives it
        for table in (exceptions or {}).values():
            for form, lemmas in table.items():
                for lemma in lemmas:
                    irregular.setdefault(lemma.lower(), set()).add(form.lower())
        self._irregular = irregular
        self._expanded: dict[str, frozenset[str]] = {}

        lemmas_of: dict[str, set[str]] = {}  # form -> every lexicon lemma it may stand for
        for lemma in (*lexicon.verbs, *lexicon.nouns):
            for form in self._forms(lemma):
                lemmas_of.setdefault(form, set()).add(lemma)
        for form, lemma in (*lexicon.verb_lemma_of.items(), *lexicon.noun_lemma_of.items()):
            lemmas_of.setdefault(form, set()).add(lemma)

        self.forms: frozenset[str] = frozenset(lemmas_of)
        self._needs: dict[str, tuple[tuple[frozenset[str], ...], ...]] = {}
        for form, lemmas in lemmas_of.items():
            alternatives: set[tuple[frozenset[str], ...]] = set()
            for lemma in lemmas:
                for frame in (*lexicon.verbs.get(lemma, ()), *lexicon.nouns.get(lemma, ())):
                    alternatives.add(self._requirements(frame))
            self._needs[form] = (_ALWAYS,) if _ALWAYS in alternatives else tuple(alternatives)

    def _forms(self, lemma: str) -> frozenset[str]:
        """Every form a word with this lemma may take in text (a superset on purpose)."""
        found = self._expanded.get(lemma)
        if found is None:
            found = frozenset(
                {lemma} | verb_forms(lemma) | noun_forms(lemma)
                | self._irregular.get(lemma, set())
            )
            self._expanded[lemma] = found
        return found

    def _any_form(self, lemmas: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for lemma in lemmas:
            out |= self._forms(lemma)
        return frozenset(out)

    def _requirements(self, frame: Frame) -> tuple[frozenset[str], ...]:
        """Word sets that must each meet the sentence for ``frame`` to fit.

        Particles and prepositions are matched on the word itself by the coder; object
        nouns and light verbs on lemmas, so any of their forms will do. Conditions that
        need the parse (an actor as object, a complement clause) are left to the coder.
        """
        needs: list[frozenset[str]] = []
        if frame.prt:
            needs.append(frozenset({frame.prt}))
        if frame.prep:
            needs.append(frozenset({frame.prep}))
        if frame.has_prep:
            needs.append(frame.has_prep)
        if frame.obj is not None:
            needs.append(self._any_form(frame.obj))
        if frame.via is not None:
            needs.append(self._any_form(frame.via))
        return tuple(sorted(needs, key=len))

    def open(self, words: Sequence[str]) -> bool:
        """True if some trigger form among ``words`` (lower-cased) has a frame that fits."""
        again = [w[3:] for w in words if w.startswith("re-")]  # "re-imposed"
        present = self.forms.intersection(words)
        if again:
            present |= self.forms.intersection(again)
            words = [*words, *again]
        if not present:
            return False
        vocabulary = set(words)
        for form in present:
            for needs in self._needs[form]:
                if all(not required.isdisjoint(vocabulary) for required in needs):
                    return True
        return False
