"""spaCy PhraseMatchers over the knowledge base, built once per resolver.

Names are matched on exact case (ORTH) so "Turkey", "Chad", "US" and "Jordan" only
match as proper nouns; role nouns are matched lower-cased ("President", "president").
Patterns are tokenised with the same tokenizer as the documents, so multi-token forms
("U.S.-led", "Workers' Party of Korea") line up with document tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from dyadwatch.actors.knowledge import Knowledge

ANCHOR, PERSON, ROLE = "A", "P", "R"
_BATCH = 1000


class Matchers:
    """Two matchers: names (actors, people; exact case) and role/coreference words (lower)."""

    def __init__(self, nlp: Language, kb: Knowledge, person_forms: Iterable[str],
                 coref_forms: Iterable[str] = ()) -> None:
        self.nlp = nlp
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._add(self.names, ANCHOR, list(kb.anchors))
        self._add(self.names, PERSON, list(person_forms))
        self._add(self.roles, ROLE, list(kb.roles) + list(coref_forms))
        self.strings = nlp.vocab.strings

    def _add(self, matcher: PhraseMatcher, prefix: str, forms: list[str]) -> None:
        for i in range(0, len(forms), _BATCH):
            chunk = forms[i : i + _BATCH]
            for form, pattern in zip(chunk, self.nlp.tokenizer.pipe(chunk), strict=True):
                matcher.add(f"{prefix}{form}", [pattern])

    def names_in(self, doc: Doc) -> list[tuple[str, str, int, int]]:
        """(kind, form, start, end) for anchor and person-name matches, overlapping allowed."""
        out = []
        for match_id, start, end in self.names(doc):
            key = self.strings[match_id]
            out.append((key[0], key[1:], start, end))
        return out

    def roles_in(self, doc: Doc) -> list[tuple[str, int, int]]:
        out = []
        for match_id, start, end in self.roles(doc):
            out.append((self.strings[match_id][1:], start, end))
        return out
