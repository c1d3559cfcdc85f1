"""Who did it and to whom: reading source and target actors off the dependency parse.

The actor resolver marks which tokens are actors; this module only walks the parse
from a trigger to the phrases that fill its roles (subject, object, the object of a
given preposition, the modifiers of an object noun) and looks the actors up there.
The small spaCy model misparses often, so every lookup is tolerant: an actor inside
a noun phrase ("the leader of North Korea", "Russia's proposal") counts for the phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from dyadwatch.actors.places import TOWN_NOUNS
from dyadwatch.model import ActorMention, ActorRef

SUBJ_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
MOD_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "npadvmod"})
PREP_DEPS = frozenset({"prep", "dative", "agent"})
BORDER_NOUNS = frozenset({"border", "frontier", "boundary", "line"})
OFFICIAL_NOUNS = frozenset({"official", "authority", "leader", "diplomat", "spokesman",
                            "spokeswoman", "spokesperson", "lawmaker", "minister", "source",
                            "representative", "envoy", "negotiator", "government"})
MISSION_NOUNS = frozenset({"embassy", "consulate", "mission", "legation"})
# places that stand for the country they are in: "withdrew from bases in Somalia"
SITE_NOUNS = frozenset({"base", "town", "city", "village", "camp", "outpost", "position",
                        "region", "province", "district", "area", "airfield", "port", "school",
                        "hospital", "market", "refinery", "plant", "depot"})
# Participles that say whose a ship or firm is ("a Greek-flagged tanker").
OWNER_PARTICIPLES = frozenset({"linked", "flagged", "owned", "registered", "operated",
                               "chartered"})
CARRIER_VERBS = frozenset({"carry", "load", "laden", "transport", "bear", "contain",
                           "pack", "fill"})
#: Verbs whose "over" is a particle: what follows is what changes hands.
HANDING = frozenset({"hand", "turn"})
#: Words that count their "of" object: the object is what they count.
QUANTITY_WORDS = frozenset({"most", "some", "all", "part", "many", "much", "rest", "half",
                            "several", "bulk", "majority", "remainder", "hundreds", "dozens",
                            "thousands", "scores", "tens"})
PARTICLE_WORDS = frozenset({"down", "out", "off", "back", "up", "over"})
# participles that tie a thing or person to an actor: "a tanker linked to Iran", "two men
# wanted by Turkey", "vessels owned by a Greek company" -- the actor stands for the phrase
ASSOCIATION_VERBS = frozenset({"link", "tie", "own", "operate", "flag", "belong", "want",
                               "affiliate", "connect", "register", "charter", "associate",
                               "bind", "sponsor", "back", "fund", "support", "ally", "sign",
                               "propose", "broker", "draft", "submit", "table"})
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "its", "their", "his", "her"})
#: Heads of phrases that only say when: "on Monday", "in March", "in 2024".
TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "morning", "afternoon", "evening", "night", "weekend", "day",
    "week", "month", "year", "today", "yesterday", "tomorrow", "anniversary", "eve"})


def actors_of(mention: ActorMention) -> list[ActorRef]:
    """The actors a mention stands for: its group members, or itself."""
    if mention.members:
        return [m for m in mention.members if m.code]
    return [mention.actor] if mention.actor.code else []


def actor_key(actor: ActorRef) -> tuple:
    return (actor.code, actor.sector, actor.person_id)


class MentionIndex:
    """Token position -> actor mention for one sentence (longest mention wins)."""

    def __init__(self, sent: Doc, mentions: list[ActorMention]) -> None:
        self.mentions = [m for m in mentions if actors_of(m)]
        self._at: list[ActorMention | None] = [None] * len(sent)
        for m in sorted(self.mentions, key=lambda m: m.tok_end - m.tok_start):
            for i in range(max(m.tok_start, 0), min(m.tok_end, len(sent))):
                self._at[i] = m

    def at(self, i: int) -> ActorMention | None:
        return self._at[i] if 0 <= i < len(self._at) else None

    def distinct_actors(self) -> int:
        keys = {actor_key(a) for m in self.mentions for a in actors_of(m)}
        return len(keys)

    def phrase(self, tok: Token, depth: int = 3) -> list[ActorMention]:
        """Actors standing for the noun phrase headed by ``tok``.

        The head itself if it is (part of) an actor; else actor modifiers (compound,
        adjective, possessive, apposition); else the object of "of"/"from" ("leader of
        North Korea", "troops from Russia"). Coordinated heads are included.
        """
        out: list[ActorMention] = []
        for head in conjuncts(tok):
            found = self._phrase_one(head, depth)
            out.extend(m for m in found if m not in out)
            out.extend(m for m in self._listed(head) if m not in out)
        return out

    def _listed(self, tok: Token) -> list[ActorMention]:
        """States in apposition to a state: "Zambia, China sign deal" lists two."""
        m = self.at(tok.i)
        if m is None or m.actor.kind != "country":
            return []
        out = []
        listed = [c for c in tok.children if c.dep_ == "appos"]
        if tok.dep_ == "nsubj":  # "Ghana, Togo sign pact", "Ghana" read as a modifier
            listed += [c for c in tok.head.children if c.dep_ in ("npadvmod", "dep")
                       and c.i + 2 == tok.i and tok.doc[c.i + 1].text == ","]
        for c in listed:
            other = self.at(c.i)
            if (other is not None and other.actor.kind == "country"
                    and other.actor.code != m.actor.code and not other.actor.sector):
                out.append(other)
        return out

    def _phrase_one(self, tok: Token, depth: int) -> list[ActorMention]:
        m = self.at(tok.i)
        if m is not None:
            # "leaders of France and Italy" resolved as one mention: keep the coordinated rest
            out = [m]
            doc = tok.doc
            inside = range(m.tok_start, min(m.tok_end, len(doc)))
            linked: list[Token] = []
            for i in inside:
                linked.extend(c for c in doc[i].children if c.dep_ == "conj")
                if doc[i].dep_ == "conj":  # "Indian and Chinese soldiers": Chinese -> Indian
                    linked.append(doc[i].head)
            for c in linked:
                if c.i in inside:
                    continue
                for cc in conjuncts(c):
                    extra = self.at(cc.i)
                    if extra is not None and extra not in out:
                        out.append(extra)
            return out
        mods: list[ActorMention] = []
        for child in tok.children:
            if child.dep_ in MOD_DEPS:
                for sub in conjuncts(child):
                    mm = self.at(sub.i)
                    owned = sub.dep_ == "amod" and sub.lower_ in OWNER_PARTICIPLES
                    if mm is None and (sub.dep_ in ("poss", "compound", "nmod") or owned) and (
                            depth > 0):  # ("an Israeli-linked ship": whose the ship is)
                        found = self._phrase_one(sub, depth - 1)
                        mods.extend(x for x in found if x not in mods)
                    elif mm is not None and mm not in mods:
                        mods.append(mm)
        if mods:
            return mods
        if depth > 0:
            lemma = tok.lemma_.lower()
            follow = ("of", "from", "by")
            if lemma in BORDER_NOUNS:
                follow = ("of", "from", "by", "with")
                beyond = _border_partner(tok, self)
                if beyond:
                    return beyond
            elif (lemma in OFFICIAL_NOUNS or lemma in MISSION_NOUNS or lemma in SITE_NOUNS
                  or tok.lower_[:-1] in SITE_NOUNS):  # "bases" is lemmatised "basis"
                # "officials in Seoul"; "its embassy in Tripoli" stands for the host
                follow = ("of", "from", "by", "in")
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in follow:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.phrase(pobj, depth - 1)
                            if found:
                                return found
            for child in tok.children:
                if child.dep_ == "acl" and child.lemma_.lower() in ASSOCIATION_VERBS:
                    for prep in child.children:
                        if prep.dep_ in ("agent", "prep") and prep.lower_ in ("by", "to", "with"):
                            for pobj in prep_objects_of(prep):
                                found = self.phrase(pobj, depth - 1)
                                if found:
                                    return found
        return []


def _border_partner(tok: Token, index: MentionIndex) -> list[ActorMention]:
    """"the border with Azerbaijan" read off the words: the parser often hangs the "with"
    phrase on the verb, which would lose the country across the border."""
    doc = tok.doc
    i = tok.i + 1
    if i + 1 < len(doc) and doc[i].lower_ in ("with", "of"):
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        found = index.at(j) if j < len(doc) else None
        if found is not None:
            return [found]
    return []


def conjuncts(tok: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Russia and China" -> both heads)."""
    out = [tok]
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        if c.pos_ in ("VERB", "AUX") and tok.pos_ not in ("VERB", "AUX"):
            continue
        out.append(c)
        stack.extend(x for x in c.children if x.dep_ == "conj")
    return out


def children(tok: Token, deps: Iterable[str]) -> list[Token]:
    deps = set(deps)
    return [c for c in tok.children if c.dep_ in deps]


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ_DEPS or c.dep_ == "auxpass" for c in tok.children)


def prep_tokens(heads: Iterable[Token], names: Iterable[str]) -> list[Token]:
    """The named prepositions hanging off any of ``heads``."""
    names = set(names)
    return [c for h in heads for c in _prep_children(h)
            if c.dep_ in PREP_DEPS and c.lower_ in names and not _of_border(c)]


def _prep_children(head: Token) -> list[Token]:
    """The head's children, and those of an objectless particle the parser made a
    preposition ("pull out of the villages": "of" hangs on "out")."""
    out = list(head.children)
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in PARTICLE_WORDS and not any(
                o.dep_ == "pobj" for o in c.children):
            out.extend(c.children)
        elif c.dep_ == "advmod" and c.lower_ in ("close", "closer"):
            out.extend(c.children)  # "moved troops close to the border"
    return out


def prep_objects_of(prep: Token) -> list[Token]:
    out: list[Token] = []
    for pobj in prep.children:
        if pobj.dep_ in ("pobj", "pcomp"):
            out.extend(conjuncts(pobj))
    return out


def prep_objects(heads: Iterable[Token], names: Iterable[str]) -> list[Token]:
    """Objects of the named prepositions hanging off any of ``heads`` (with conjuncts)."""
    return [o for p in prep_tokens(heads, names) for o in prep_objects_of(p)]


def _of_border(prep: Token) -> bool:
    """"near its border with Azerbaijan": the "with" belongs to the border, wherever the
    parser hung it (on the verb, it made drills near a border look like joint drills)."""
    return prep.i > 0 and prep.lower_ in ("with", "of") and (
        prep.doc[prep.i - 1].lemma_.lower() in BORDER_NOUNS)


def prep_lemmas(heads: Iterable[Token]) -> set[str]:
    """Prepositions on the heads, leaving out those that only date the event ("on Monday"):
    "called on Monday for a ceasefire" is no call on anyone."""
    return {c.lower_ for h in heads for c in _prep_children(h)
            if c.dep_ in PREP_DEPS and not _of_border(c) and not _dates_only(c)}


def _dates_only(prep: Token) -> bool:
    objs = prep_objects_of(prep)
    return bool(objs) and all(o.lower_ in TIME_WORDS or o.like_num for o in objs)


def particles(tok: Token) -> set[str]:
    """Particles of a phrasal verb, also where the parser read them as prepositions
    ("pull out of the villages", "hands over its last base")."""
    return {c.lower_ for c in tok.children
            if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLE_WORDS)
            or (c.dep_ == "prep" and c.lower_ in PARTICLE_WORDS and _particle_prep(c))}


def _particle_prep(prep: Token) -> bool:
    """A preposition with no object of its own ("out" of "pull out of"), or "over" with
    the thing handed over as its object."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return not objects or (prep.lower_ == "over" and prep.head.lemma_.lower() in HANDING)


def counted_of(tok: Token) -> Token:
    """What a quantity word counts ("hundreds of soldiers" -> "soldiers"), else ``tok``."""
    if tok.lower_ not in QUANTITY_WORDS:
        return tok
    counted = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
               for o in p.children if o.dep_ == "pobj"]
    return counted[0] if counted else tok


def object_token(tok: Token) -> Token | None:
    """The direct object, or the passive subject (what a passive verb was done to); the
    thing a quantity word counts ("lifted most of the sanctions"); what is handed over
    ("hands over its last base", read with "over" as a preposition)."""
    for child in tok.children:
        if child.dep_ in ("dobj", "obj"):
            return counted_of(child)
    for child in tok.children:
        if child.dep_ in PASS_SUBJ_DEPS:
            return child
    if tok.lemma_.lower() in HANDING:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "over":
                return next((o for o in child.children if o.dep_ == "pobj"), None)
    return None


def indirect_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "dative" and child.pos_ != "ADP":
            return child
    return None


def modifier_lemmas(tok: Token, depth: int = 2) -> set[str]:
    """Lemmas of compound/adjective modifiers, nested ("joint coast guard exercises")."""
    out: set[str] = set()
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            out.add(child.lemma_.lower())
            out.add(child.lower_)
            if depth > 1:
                out |= modifier_lemmas(child, depth - 1)
    return out


def head_lemmas(tok: Token) -> set[str]:
    """Lemmas that describe an object phrase: its head, compounds and coordinated heads."""
    out: set[str] = set()
    for head in conjuncts(tok):
        out.add(head.lemma_.lower())
        out.add(head.lower_)
        for child in head.children:
            if child.dep_ in ("compound", "amod"):
                out.add(child.lemma_.lower())
            elif child.dep_ == "acl" and child.lemma_.lower() in CARRIER_VERBS:
                # "planes carrying medical supplies", "a ship loaded with aid": the cargo
                for cargo in [c for c in child.children if c.dep_ == "dobj"] + prep_objects(
                        [child], ("with",)):
                    out |= head_lemmas(cargo)  # "carrying 40 tonnes of tents"
        # "millions of shells", "tens of thousands of", "the first of several convoys
        # carrying wheat": each "of" object described the same way
        for pobj in prep_objects([head], ("of",)):
            out |= head_lemmas(pobj)
    return out


def subject_tokens(tok: Token) -> list[Token]:
    """Explicit subjects of a verb (coordinated ones included); passive agents excluded."""
    subs = [c for c in tok.children if c.dep_ in SUBJ_DEPS]
    out: list[Token] = []
    for s in subs:
        out.extend(conjuncts(s))
    return out


def agent_tokens(tok: Token) -> list[Token]:
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.extend(conjuncts(pobj))
    return out


def town_of(tok: Token, lookup: Callable[[str], str | None]
            ) -> tuple[str, Token, Token] | None:
    """(ISO3, first, last token) of the town or province the phrase headed by ``tok``
    names, if ``lookup`` (a place form -> ISO3 callable) knows it."""
    doc = tok.doc
    if tok.pos_ == "PROPN":
        start = tok.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i in (
                tok.i, start):
            start -= 1
        # the whole name only: "Maria Fernanda Lopez" is a person, not the town of Lopez
        code = lookup(doc[start:tok.i + 1].text)
        return (code, doc[start], tok) if code is not None else None
    if tok.lemma_.lower() not in TOWN_NOUNS and tok.lower_ not in TOWN_NOUNS:
        return None
    for child in tok.children:
        if child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN" and child.i < tok.i:
            found = town_of(child, lookup)
            if found is not None:
                return found
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                    return town_of(obj, lookup)
    return None
