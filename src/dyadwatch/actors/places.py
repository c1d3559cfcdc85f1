"""Towns, provinces and territories, and the state each lies in.

A place is not an actor: "a court in Istanbul" is not Turkey doing something. But a place
says whose territory an act fell on when nobody is named ("drones struck a refinery in
Saratov": an act on Russia) and whose people the bare "villagers" or "gunmen" around it
are. The table is ``places.tsv`` (generated from GeoNames and ISO 3166-2, see
``tools/build_places.py``) overlaid by our own ``regions.yaml``; country names, capitals
and demonyms stay with the actor dictionaries and always win.

Places are looked up only where the text uses a name as a place: after a locative
preposition ("in Kherson", "near Djibo"), after "the town of", or before a place noun
("Sagaing region"). That, and case-sensitive forms, keep towns named like words
("Police", "Mobile") or people out.
"""

from __future__ import annotations

import functools
import hashlib
import re
from importlib import resources

import numpy
import yaml
from spacy.attrs import IS_TITLE, IS_UPPER, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Longest place form, in tokens ("Sistan and Baluchestan", "Deir ez - Zor").
MAX_TOKENS = 5
#: How the tokenizer splits a form, near enough: words, and hyphens on their own.
_TOKENS = re.compile(r"[^\s-]+|-")
#: Words before a name that make it a place.
PLACE_PREPS = frozenset({"in", "near", "outside", "at", "across", "around", "inside",
                         "into", "on", "over", "towards", "toward", "from", "throughout",
                         "within", "to", "of"})
#: Nouns before "of" that make the next name a place: "the town of Djibo".
PLACE_HEADS = frozenset({"town", "city", "village", "region", "province", "district",
                         "state", "governorate", "port", "outskirts", "suburbs", "centre",
                         "center", "area", "streets", "county", "enclave", "strip",
                         "oblast", "capital", "municipality", "prefecture", "island"})
#: Nouns after a name that make it a place: "Zamfara state", "Kherson region".
PLACE_TAILS = frozenset({"region", "province", "state", "governorate", "district", "oblast",
                         "county", "city", "town", "village", "area", "valley", "prefecture",
                         "municipality", "refinery", "airport", "port", "camp", "border",
                         "front", "frontline", "enclave", "corridor", "airbase", "base",
                         "strip", "heights", "plant", "dam", "facility"})


#: Nouns whose name or "of" object is a town: "Sagaing region", "the city of El Fasher".
TOWN_NOUNS = PLACE_HEADS | PLACE_TAILS


class Places:
    """Exact-case place forms -> ISO3; the lower-cased first words are a cheap prefilter.

    ``digest`` hashes the files read, so the actor dictionary's version covers towns too.
    """

    def __init__(self, table: dict[str, str], digest: str = "") -> None:
        self.table = table
        self.digest = digest
        #: lower-cased first tokens of the forms, and every shorter token prefix of a form
        #: ("North" of "North Darfur"): a scan stops as soon as the text is neither
        prefixes: set[str] = set()
        first: set[str] = set()
        for form in table:
            ends = [m.end() for m in _TOKENS.finditer(form)]
            first.add(form[:ends[0]].lower())
            prefixes.update(form[:e] for e in ends[:-1])
        self.first_words = frozenset(first)
        self._prefixes = frozenset(prefixes)
        self._first_ids = numpy.array(sorted(get_string_id(w) for w in first),
                                      dtype=numpy.uint64)

    def lookup(self, form: str) -> str | None:
        return self.table.get(form)

    def in_doc(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, str, bool]]:
        """(start, end, ISO3, placed) of town and province names in ``doc[start:end]``.

        Longest form first at each position. ``placed``: the name stands in a place
        position (see the module docstring), so it may say whose the people there are;
        elsewhere it may still be what an act fell on ("shelled Kharkiv").
        """
        out: list[tuple[int, int, str, bool]] = []
        if end <= start:
            return out
        # whole-array prefilter: capitalised tokens that may begin a form
        attrs = doc.to_array([LOWER, IS_TITLE, IS_UPPER])[start:end]
        ids = self._first_ids  # sorted: a binary search per token, no per-call sort
        at = numpy.minimum(numpy.searchsorted(ids, attrs[:, 0]), len(ids) - 1)
        hits = (ids[at] == attrs[:, 0]) & (attrs[:, 1] | attrs[:, 2]).astype(bool)
        after = start
        table, prefixes = self.table, self._prefixes
        for i in (numpy.flatnonzero(hits) + start).tolist():
            if i < after:
                continue  # inside the last form found
            text, found = "", None
            for k in range(i, min(i + MAX_TOKENS, end)):  # longest form wins
                tok = doc[k]
                text += tok.text
                code = table.get(text)
                if code is not None:
                    found = (k + 1, code)
                if text not in prefixes:
                    break
                text += tok.whitespace_
            if found is not None:
                out.append((i, found[0], found[1], _place_position(doc, i, found[0], start, end)))
                after = found[0]
        return out


def _place_position(doc: Doc, s: int, e: int, lo: int, hi: int) -> bool:
    if doc[e - 1].lower_ in PLACE_TAILS or e < hi and doc[e].lower_ in PLACE_TAILS:
        return True
    j = s - 1
    if j >= lo and doc[j].lower_ == "the":  # "in the Donbas"
        j -= 1
    if j >= lo and doc[j].lower_ == "'s":  # "Russia's Saratov region": needs a tail
        return False
    if j < lo:
        return False
    word = doc[j].lower_
    if word == "of":
        return j - 1 >= lo and doc[j - 1].lower_ in PLACE_HEADS
    return word in PLACE_PREPS


@functools.cache
def load_places() -> Places:
    """The package's place table, read once per process."""
    data = resources.files("dyadwatch.actors") / "data"
    towns, regions = (data / "places.tsv").read_bytes(), (data / "regions.yaml").read_bytes()
    table: dict[str, str] = {}
    for line in towns.decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            form, _, code = line.partition("\t")
            table[form] = code
    own = yaml.load(regions.decode("utf-8"), Loader=_FAST)  # noqa: S506 (a safe loader)
    for code, forms in (own.get("regions") or {}).items():
        for form in forms:
            table[str(form)] = str(code)
    # capitals are places too when something happens in them ("bombed targets in Beirut");
    # the actor dictionary reads them as governments everywhere else
    states = yaml.load((data / "countries.yaml").read_text(encoding="utf-8"), Loader=_FAST)  # noqa: S506
    for code, extra in (states.get("countries") or {}).items():
        for form in (extra or {}).get("capitals") or ():
            table.setdefault(str(form), str(code))
    return Places(table, hashlib.sha256(towns + regions).hexdigest())
