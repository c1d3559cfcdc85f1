"""Inflected forms of trigger lemmas, generated once when the lexicon loads.

The prefilter sees raw lower-cased tokens before any parse, so it needs every form a
trigger can take ("sent", "visits", "shelling", "travelled"). Generating a superset
(both doubled and undoubled consonants) costs nothing at lookup time and misses less
than trusting one spelling rule.
"""

from __future__ import annotations

_VOWELS = set("aeiou")


def _doubles(word: str) -> bool:
    """Ends consonant-vowel-consonant (ban, ship, travel): a candidate for doubling."""
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS
        and word[-1] not in "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def verb_forms(lemma: str, irregular: tuple[str, ...] = ()) -> set[str]:
    """Base, third person, past, participle and -ing forms of an English verb."""
    w = lemma.lower()
    forms = {w, *irregular}
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms.update({w[:-1] + "ies", w[:-1] + "ied"})
    else:
        forms.add(w + "s")
    if w.endswith("e"):
        forms.add(w + "d")
        if w.endswith("ie"):
            forms.add(w[:-2] + "ying")
        elif not w.endswith(("ee", "ye", "oe")):
            forms.add(w[:-1] + "ing")
        else:
            forms.add(w + "ing")
    else:
        forms.update({w + "ed", w + "ing"})
    if _doubles(w):
        forms.update({w + w[-1] + "ed", w + w[-1] + "ing"})
    return forms


def noun_forms(lemma: str, irregular: tuple[str, ...] = ()) -> set[str]:
    """Singular and plural of an English noun."""
    w = lemma.lower()
    forms = {w, *irregular}
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(w + "es")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    return forms
