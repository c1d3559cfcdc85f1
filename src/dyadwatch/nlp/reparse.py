"""Second readings of sentences the small parser is known to misread.

Headlines: "Houthis fire missiles at tanker" or "RSF shells camp near El Fasher" come
out with "fire" and "shells" as nouns and no clause at all, so nothing is coded.
Headlines report the past in the present tense; the same words with the verb in the
past tense ("Houthis fired missiles at tanker") parse as the clause they are.

Compounds: "imposed asset freezes and travel bans" is read with "asset" the subject of
the verb "freezes"; with a plain noun in its place ("asset sanctions") the compound
comes back.

Acronyms: an organisation's name in capitals at the head of a sentence ("ECOWAS
imposed sanctions on ...") is read as a verb, and the sentence loses its subject. Put
in a plain name ("Britain imposed sanctions on ..."), it parses as it should.

Either way the sentence is parsed once more with that one word changed, and the parse
is laid back over the original words: the text, its offsets and every evidence span
stay those of the source.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from spacy.tokens import Doc

#: What ends a sentence in running text; a headline has none of these at its end.
SENTENCE_ENDS = frozenset({".", "!", "?", '"', "'", "”", "’", ")"})
#: Words before a verb-looking form that make it a noun ("the shells", "its strikes").
NOUN_MARKERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "of", "and", "or",
                          "this", "that", "these", "those", "new", "more", "fresh"})
#: The reporting verb of "..., Manila says": no clause of the headline's own.
SPEECH = frozenset({"say", "tell", "report", "claim"})
#: Where a headline's own verb sits in its parse: heading it, or the clause a
#: "..., Manila says" reports.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "parataxis"})
MAX_HEADLINE_TOKENS = 24
#: What an acronym of an actor is misread as, and the name it is read again with.
MISREAD_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADJ"})
STAND_IN = "Britain"
#: Plural nouns misread as verbs after the first noun of their compound ("asset freezes",
#: "travel bans"), and their base forms; the plain noun they are read again as.
COMPOUND_HEADS = {"freezes": "freeze", "bans": "ban", "curbs": "curb", "controls": "control",
                  "cuts": "cut", "checks": "check", "caps": "cap", "limits": "limit"}
COMPOUND_FIRSTS = frozenset({"asset", "travel", "visa", "arms", "export", "import", "trade",
                             "price", "capital", "border", "spending", "budget", "entry",
                             "flight", "oil", "gas", "aid"})
STAND_IN_NOUN = "sanctions"
_VOWELS = set("aeiou")


def is_headline(doc: Doc) -> bool:
    """Short, and no sentence-final punctuation."""
    return 2 < len(doc) <= MAX_HEADLINE_TOKENS and doc[-1].text not in SENTENCE_ENDS


def past_tense(lemma: str, irregular: Collection[str] = ()) -> str:
    """The simple past of ``lemma``; ``irregular``: the model's exceptions for it."""
    if irregular:
        return min(irregular, key=len)  # "struck" before "stricken"
    w = lemma.lower()
    if w.endswith("e"):
        return w + "d"
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        return w[:-1] + "ied"
    vowels = sum(1 for a, b in zip(" " + w, w, strict=False) if b in _VOWELS and a not in _VOWELS)
    if (vowels == 1 and len(w) >= 3 and w[-1] not in _VOWELS and w[-1] not in "wxy"
            and w[-2] in _VOWELS and w[-3] not in _VOWELS):
        return w + w[-1] + "ed"  # "ram" -> "rammed"
    return w + "ed"


def present_verb(word: str, verbs: Collection[str]) -> str | None:
    """The lemma of ``word`` read as a present-tense verb of ``verbs`` ("shells" -> "shell")."""
    low = word.lower()
    if low in verbs:
        return low
    for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
        if low.endswith(cut) and low[: len(low) - len(cut)] + add in verbs:
            return low[: len(low) - len(cut)] + add
    return None


def irregular_past(exceptions: dict[str, list[str]]) -> dict[str, list[str]]:
    """The model's irregular verb forms by lemma ("strike": ["struck", "stricken"]), from
    its exceptions table by form; built once by the caller, not per sentence."""
    out: dict[str, list[str]] = {}
    for form, bases in exceptions.items():
        if not form.endswith("ing"):
            for base in bases:
                out.setdefault(base, []).append(form)
    return out


def repair_headline(doc: Doc, parse: Callable[[Doc], Doc], verbs: Collection[str],
                    irregular: dict[str, list[str]] | None = None) -> Doc:
    """``doc`` parsed again with its misread headline verb in the past tense, or ``doc``.

    ``parse`` runs the pipeline on an unparsed doc; ``verbs``: the trigger verbs' lemmas;
    ``irregular``: irregular verb forms by lemma (see ``irregular_past``).
    """
    if not is_headline(doc):
        return doc
    for at in _misread_verbs(doc, verbs)[:3]:
        lemma = present_verb(doc[at].text, verbs)
        assert lemma is not None
        again = _read_with(doc, parse, at, past_tense(lemma, (irregular or {}).get(lemma, ())))
        if again[at].pos_ == "VERB" and again[at].dep_ in CLAUSE_DEPS and any(
                c.dep_ == "nsubj" for c in again[at].children):
            return _laid_over(doc, again, at, lemma)
    return doc


def repair_names(doc: Doc, parse: Callable[[Doc], Doc],
                 names: Iterable[tuple[int, int]]) -> Doc:
    """``doc`` parsed again with an actor acronym read as a verb replaced by a plain name,
    or ``doc``. ``names``: (start, end) token spans of the sentence's actor mentions."""
    for start, end in names:
        tok = doc[start]
        if end - start != 1 or not tok.text.isupper() or len(tok.text) < 3 or (
                tok.pos_ not in MISREAD_NAME_POS):
            continue
        again = _read_with(doc, parse, start, STAND_IN)
        if again[start].pos_ == "PROPN":
            return _laid_over(doc, again, start, tok.text, "PROPN", "NNP")
    return doc


def repair_compounds(doc: Doc, parse: Callable[[Doc], Doc]) -> Doc:
    """``doc`` parsed again where a noun compound was read as subject and verb ("imposed
    asset freezes and travel bans": "asset" the subject of "freezes"), or ``doc``."""
    for tok in doc[1:]:
        base = COMPOUND_HEADS.get(tok.lower_)
        if base is None or tok.pos_ != "VERB" or doc[tok.i - 1].lower_ not in COMPOUND_FIRSTS:
            continue
        again = _read_with(doc, parse, tok.i, STAND_IN_NOUN)
        if again[tok.i].pos_ == "NOUN":
            return _laid_over(doc, again, tok.i, base, "NOUN", "NNS")
    return doc


def _read_with(doc: Doc, parse: Callable[[Doc], Doc], at: int, word: str) -> Doc:
    """``doc``'s words with ``word`` at ``at``, parsed."""
    words = [t.text for t in doc]
    words[at] = word
    return parse(Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc]))


def _laid_over(doc: Doc, again: Doc, at: int, lemma: str, pos: str | None = None,
               tag: str | None = None) -> Doc:
    """``again``'s parse on ``doc``'s words, its token ``at`` read as ``lemma``."""
    tags = [t.tag_ for t in again]
    tags[at] = tag or ("VBZ" if doc[at].lower_.endswith("s") else "VBP")
    poses = [t.pos_ for t in again]
    poses[at] = pos or poses[at]
    lemmas = [t.lemma_ for t in again]
    lemmas[at] = lemma
    out = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
              tags=tags, pos=poses, morphs=[str(t.morph) for t in again],
              lemmas=lemmas, heads=[t.head.i for t in again], deps=[t.dep_ for t in again])
    out.user_data.update(doc.user_data)
    return out


def _misread_verbs(doc: Doc, verbs: Collection[str]) -> list[int]:
    """Trigger verbs after the headline's subject that were not read as verbs, the likeliest
    first: those before any preposition, and third person forms ("RSF shells camp") before
    bare ones ("Houthis fire missiles"), which are as often a noun of the subject ("coast
    guard ship rams boat")."""
    if any(t.pos_ == "VERB" and t.lemma_ not in SPEECH and t.i > 0
           and t.dep_ in CLAUSE_DEPS for t in doc):
        return []  # the parser found the headline's clause ("... as sirens sound" is none)
    found: list[tuple[bool, bool, int]] = []
    first_prep = next((t.i for t in doc if t.pos_ == "ADP"), len(doc))
    for t in doc[1:]:
        prev = doc[t.i - 1]
        if t.pos_ == "VERB" or prev.lower_ in NOUN_MARKERS or not t.is_lower:
            continue
        if prev.pos_ not in ("NOUN", "PROPN", "ADJ") and prev.text not in ("'s",):
            continue
        lemma = present_verb(t.text, verbs)
        if lemma is not None:  # (the verb comes before the phrases hanging off it)
            found.append((t.i > first_prep, lemma == t.lower_, t.i))
    return [i for *_, i in sorted(found)]
