"""Composing matched names and role nouns into actor phrases, without a parse.

The documents reaching the resolver are tokenised but not parsed, so phrases are built
from token shapes around the dictionary matches:

* anchor + [possessive] + [modifiers] + role noun(s) + [name]  ("Russia's foreign ministry",
  "North Korean troops", "Russian President Vladimir Putin")
* role noun + "of" + [the] + anchor                          ("the foreign minister of Iran")
* [titles / role nouns] + person name                        ("Chairman Kim", "Mr. Putin")
* group expressions and pronouns, resolved later in document order.

Demonyms ("Russian") may take free modifiers before their role noun; noun anchors
("Russia") take them only after a possessive, so "Russia said troops" does not become
a military actor.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from dyadwatch.actors.entries import Anchor, RoleNoun
from dyadwatch.actors.knowledge import CONTEXT_CODES, Knowledge
from dyadwatch.actors.matching import ANCHOR, PERSON, Matchers

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
TITLES = frozenset(
    {"Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr", "Gen.", "Adm.", "Lt.", "Col.",
     "Sen.", "Rep.", "Marshal", "Comrade", "Sir", "Dame", "Gov.", "Lt.-Gen.", "Maj.", "Brig."}
)
#: Words allowed between a noun anchor and its role noun ("US special envoy").
NOUN_MODIFIERS = frozenset(
    {"top", "senior", "chief", "former", "new", "deputy", "vice", "acting", "interim", "first",
     "then", "incoming", "outgoing", "special", "own", "main", "state", "federal", "national",
     "ruling", "central", "military", "armed", "naval", "elite", "local", "regional"}
)
#: Words that end a phrase: "Russian-backed separatists" is not a Russian actor's sector.
BLOCKERS = frozenset(
    {"backed", "led", "allied", "aligned", "supported", "based", "born", "made", "speaking",
     "controlled", "occupied", "held", "friendly", "owned", "funded", "trained", "style"}
)
NAME_STOP = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
     "Saturday", "Sunday", "The", "On", "In", "And", "But", "He", "She", "It", "They"}
)
#: Prepositions that make a capital a location rather than a metonym for its government.
#: "to" is not one: after "to" a capital is almost always the destination of a visit, an
#: envoy or a shipment, i.e. the target ("flew to Pyongyang", "envoy to Kyiv").
LOCATIVES = frozenset({"in", "near", "outside", "at", "across", "around", "inside",
                       "via", "through", "downtown", "central", "suburban"})
#: Verbs of arrival whose "in"/"at" capital is where the visit goes ("landed in Moscow").
ARRIVALS = frozenset({"arrive", "arrived", "arrives", "arriving", "land", "landed", "lands",
                      "landing", "touched", "flew"})
#: Bare role nouns for a state's opposition, protesters and legislature ("police arrested
#: opposition supporters", "protesters stormed parliament"): with no country of their own
#: they belong to the one country their sentence names. Government bodies, police and
#: victim words (civilians, people) are left out: named bare, they are as often the
#: document's other country ("the government condemned Russia") or the other side's.
DOMESTIC_FORMS = frozenset(
    {"opposition", "opposition leader", "opposition leaders", "opposition party",
     "opposition parties", "opposition figures", "opposition figure", "opposition lawmakers",
     "dissidents", "dissident", "protesters", "protester", "protestors", "demonstrators",
     "students", "activists", "activist", "human rights activists", "rights activists",
     "parliament", "lawmakers", "legislators", "legislature", "mps", "senate", "congress",
     "national assembly"}
)
#: Roles that put a country's mention abroad ("outside the Israeli embassy"): a sentence
#: naming a country only through them says nothing about whose protesters these are.
FOREIGN_POSTS = ("role:embassy", "role:embassies", "role:consulate", "role:ambassador",
                 "role:envoy", "role:diplomat", "role:mission")
_MAX_MODIFIERS = 2
_MAX_NAME = 4


class RoleSpans(dict[int, tuple[int, RoleNoun]]):
    """Role nouns by start token, with a reverse index by end token.

    Role matches never overlap, so each end has one start; looking roles up by their end
    must not scan them all, or long documents take quadratic time.
    """

    def __init__(self) -> None:
        super().__init__()
        self._by_end: dict[int, int] = {}

    def add(self, start: int, end: int, role: RoleNoun) -> None:
        self[start] = (end, role)
        self._by_end[end] = start

    def ending_at(self, end: int) -> int | None:
        return self._by_end.get(end)


@dataclass(slots=True)
class Phrase:
    """One actor phrase before date- and discourse-dependent resolution."""

    start: int
    end: int
    anchor: Anchor | None = None
    role: RoleNoun | None = None
    person_ids: list[str] = field(default_factory=list)
    person_form: str | None = None
    name_text: str | None = None  # a name after a role noun that no dictionary knows
    coref: str | None = None  # "pronoun", "group:N", "role", "pair", "domestic"
    collective: bool = False  # "the Trump administration": the state the person leads
    members: list[Phrase] = field(default_factory=list)
    how: list[str] = field(default_factory=list)


class PhraseFinder:
    """Finds actor phrases in a document; holds only immutable tables."""

    def __init__(self, kb: Knowledge, matchers: Matchers,
                 coref_forms: dict[str, tuple[str, int, str | None]]) -> None:
        self.kb = kb
        self.matchers = matchers
        self.person_forms = kb.person_forms()
        self.coref_forms = coref_forms

    def find(self, doc: Doc) -> list[Phrase]:
        n = len(doc)
        if n == 0:
            return []
        sent_starts = [0, *(int(i) for i in np.flatnonzero(doc.to_array(SENT_START) == 1) if i)]
        sent_ends = [*sent_starts[1:], n]

        def sent_end(i: int) -> int:
            return sent_ends[bisect_right(sent_starts, i) - 1]

        names = self._names(doc)
        taken = [False] * n
        for _, _, s, e in names:
            for i in range(s, e):
                taken[i] = True
        roles = RoleSpans()
        corefs: list[Phrase] = []
        for form, s, e in _longest(self.matchers.roles_in(doc)):
            if any(taken[s:e]):
                continue
            if form in self.coref_forms:
                kind, count, sector = self.coref_forms[form]
                role = RoleNoun(sector, None, form) if sector else None
                corefs.append(Phrase(s, e, role=role, coref=kind if kind == "pronoun"
                                     else f"group:{count}", how=[f"coref:{form}"]))
                for i in range(s, e):
                    taken[i] = True
            elif form in self.kb.roles:
                roles.add(s, e, self.kb.roles[form])

        used_roles: set[int] = set()
        phrases: list[Phrase] = []
        consumed_names: set[int] = set()
        name_at = {s: idx for idx, (_, _, s, _) in enumerate(names)}
        for idx, (kind, form, s, e) in enumerate(names):
            if idx in consumed_names:
                continue
            limit = sent_end(s)
            if kind == ANCHOR:
                phrase = self._anchor_phrase(doc, form, s, e, limit, roles, used_roles,
                                             names, name_at, consumed_names)
            else:
                phrase = self._person_phrase(doc, form, s, e, roles, used_roles)
            if phrase is not None:
                phrases.append(phrase)
        for s, (e, role) in roles.items():
            if s in used_roles:
                continue
            # a bare role noun with a person role ("the defence minister") may corefer
            if role.role is not None and s > 0 and doc[s - 1].lower_ in ("the", "its", "their"):
                phrases.append(Phrase(s, e, role=role, coref="role", how=[f"role:{role.form}"]))
            elif role.form in DOMESTIC_FORMS:
                phrases.append(Phrase(s, e, role=role, coref="domestic",
                                      how=[f"domestic:{role.form}"]))
        phrases.extend(corefs)
        phrases.sort(key=lambda p: p.start)
        _share_coordinated_roles(doc, phrases)
        return _group_coordinated_countries(doc, phrases)

    def _names(self, doc: Doc) -> list[tuple[str, str, int, int]]:
        """Non-overlapping name matches, longest first; context-bound forms checked."""
        raw = self.matchers.names_in(doc)
        anchors = self.kb.anchors

        def rank(m: tuple[str, str, int, int]) -> tuple:
            contextual = m[0] == ANCHOR and anchors[m[1]].context is not None
            return (-(m[3] - m[2]), contextual, m[0] != ANCHOR, m[2])

        raw.sort(key=rank)
        seen = [False] * len(doc)
        kept = []
        for m in raw:
            if any(seen[m[2]:m[3]]):
                continue
            kept.append(m)
            for i in range(m[2], m[3]):
                seen[i] = True
        codes = {self.kb.anchors[f].code for k, f, _, _ in kept
                 if k == ANCHOR and self.kb.anchors[f].context is None}
        out = []
        for m in kept:
            if m[0] == ANCHOR:
                anchor = self.kb.anchors[m[1]]
                if anchor.context and not (codes & CONTEXT_CODES.get(anchor.context, set())):
                    continue
            out.append(m)
        out.sort(key=lambda m: m[2])
        return out

    def _anchor_phrase(self, doc: Doc, form: str, s: int, e: int, limit: int,
                       roles: dict[int, tuple[int, RoleNoun]], used_roles: set[int],
                       names: list, name_at: dict[int, int],
                       consumed: set[int]) -> Phrase | None:
        anchor = self.kb.anchors[form]
        phrase = Phrase(s, e, anchor=anchor, how=[anchor.matched_by])
        if anchor.matched_by.startswith("capital:") and _is_place(doc, s, e, limit, roles,
                                                                 name_at):
            return None
        j = e
        possessive = j < limit and doc[j].text in POSSESSIVE
        if possessive:
            j += 1
        body = name_at.get(j)
        if (possessive or anchor.demonym) and body is not None and names[body][0] == ANCHOR:
            inner = self.kb.anchors[names[body][1]]
            if inner.code == anchor.code and inner.sector is not None and inner.kind == "country":
                # "South Korea's National Intelligence Service": one actor, the body's sector
                consumed.add(body)
                phrase.end = names[body][3]
                phrase.anchor = inner
                phrase.how.append(inner.matched_by)
                return phrase
        # "Georgians rallied outside parliament": a plural demonym is a noun, it takes no
        # modifiers; and a past participle ("rallied", "detained") ends the phrase
        plural = form.endswith("s") and (
            (single := self.kb.anchors.get(form[:-1])) is not None and single.code == anchor.code)
        free = (anchor.demonym and not plural) or possessive
        k, steps = j, 0
        while k < limit and k not in roles and steps < _MAX_MODIFIERS + 2:
            tok = doc[k]
            text = tok.lower_
            if text in BLOCKERS:
                break
            if text == "-":
                k += 1
                continue
            ok = text in NOUN_MODIFIERS or (
                free and tok.is_alpha and tok.is_lower and not tok.is_stop
                and not text.endswith("ed")
            )
            if not ok or steps >= _MAX_MODIFIERS:
                break
            k += 1
            steps += 1
        if k < limit and k in roles:
            end, role = roles[k]
            used_roles.add(k)
            while end in roles and end < limit:
                used_roles.add(end)
                end = roles[end][0]
            phrase.role, phrase.end = role, end
            phrase.how.append(f"role:{role.form}")
            self._attach_name(doc, phrase, limit, roles, names, name_at, consumed)
            return phrase
        # role before the anchor: "the foreign minister of Russia"
        of = s - 1
        if of > 0 and doc[of].lower_ == "the":
            of -= 1
        if of > 0 and doc[of].lower_ == "of":
            rs = roles.ending_at(of)
            if rs is not None and rs not in used_roles:
                role = roles[rs][1]
                used_roles.add(rs)
                phrase.start, phrase.role = rs, role
                phrase.how.append(f"role-of:{role.form}")
        return phrase

    def _attach_name(self, doc: Doc, phrase: Phrase, limit: int,
                     roles: dict[int, tuple[int, RoleNoun]], names: list,
                     name_at: dict[int, int], consumed: set[int]) -> None:
        """Take the name after a role noun: a known person, or an unknown capitalised run."""
        end = phrase.end
        if (end + 1 < limit and doc[end].text == "," and phrase.role is not None
                and phrase.role.role is not None and doc[end + 1].is_title):
            end += 1  # apposition: "the Palestinian president, Mahmoud Abbas"
        if end < limit and doc[end].text in TITLES:
            end += 1
        idx = name_at.get(end)
        if idx is not None and names[idx][0] == PERSON:
            _, pform, _, pe = names[idx]
            consumed.add(idx)
            phrase.person_ids = list(self.person_forms.get(pform, ()))
            phrase.person_form = pform
            phrase.end = pe
            phrase.how.append(f"name:{pform}")
            return
        k = end
        while k < limit and k - end < _MAX_NAME and k not in roles and k not in name_at:
            tok = doc[k]
            if tok.is_title and tok.is_alpha and tok.text not in NAME_STOP:
                k += 1
            elif (tok.text == "-" and k > end and k + 1 < limit and doc[k + 1].is_alpha
                  and not doc[k + 1].is_stop):
                k += 2
            else:
                break
        if k > end:
            name_start = end if doc[end].text not in TITLES else end + 1
            if name_start < k:
                phrase.name_text = doc[name_start:k].text
                phrase.end = k

    def _person_phrase(self, doc: Doc, form: str, s: int, e: int,
                       roles: dict[int, tuple[int, RoleNoun]], used_roles: set[int]) -> Phrase:
        phrase = Phrase(s, e, person_ids=list(self.person_forms.get(form, ())), person_form=form,
                        how=[f"name:{form}"])
        start = s
        while start > 0:
            prev = doc[start - 1]
            if prev.text in TITLES:
                start -= 1
                continue
            role_start = roles.ending_at(start)
            if role_start is None or role_start in used_roles:
                break
            used_roles.add(role_start)
            if phrase.role is None:
                phrase.role = roles[role_start][1]
                phrase.how.insert(0, f"title:{phrase.role.form}")
            start = role_start
        phrase.start = start
        if e in roles and e not in used_roles and roles[e][1].role is None:
            # "the Trump administration", "the Netanyahu government": the person's state
            used_roles.add(e)
            phrase.end, phrase.role = roles[e][0], roles[e][1]
            phrase.collective = True
            phrase.how.append(f"role:{phrase.role.form}")
        return phrase


def _is_place(doc: Doc, s: int, e: int, limit: int, roles: dict, name_at: dict) -> bool:
    """A capital used as a place, not a government: "talks in Moscow", "Tokyo Olympics"."""
    if s > 0 and doc[s - 1].lower_ in LOCATIVES:
        arrival = s > 1 and doc[s - 2].lower_ in ARRIVALS and doc[s - 1].lower_ in ("in", "at")
        return not arrival
    if e < limit and e not in roles and e not in name_at:
        nxt = doc[e]
        return nxt.is_title and nxt.is_alpha and nxt.text not in NAME_STOP
    return False


def _longest(matches: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    matches = sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1]))
    seen: set[int] = set()
    out = []
    for form, s, e in matches:
        if any(i in seen for i in range(s, e)):
            continue
        out.append((form, s, e))
        seen.update(range(s, e))
    return out


def _share_coordinated_roles(doc: Doc, phrases: list[Phrase]) -> None:
    """'Russian and North Korean troops': the first demonym takes the second's role."""
    for a, b in zip(phrases, phrases[1:], strict=False):
        if (a.anchor is not None and a.anchor.demonym and a.role is None and b.role is not None
                and b.anchor is not None and b.anchor.demonym and b.start == a.end + 1
                and doc[a.end].lower_ in ("and", "or", ",")):
            a.role = b.role
            a.how.append(f"shared-role:{b.role.form}")


def _group_coordinated_countries(doc: Doc, phrases: list[Phrase]) -> list[Phrase]:
    """'Pyongyang and Moscow' / 'Russia and North Korea' act as one group with two members."""
    out: list[Phrase] = []
    i = 0
    while i < len(phrases):
        a = phrases[i]
        b = phrases[i + 1] if i + 1 < len(phrases) else None
        if (b is not None and _bare_country(a) and _bare_country(b)
                and doc[a.end].lower_ == "and" and a.anchor.code != b.anchor.code
                and (b.start == a.end + 1
                     or (b.start == a.end + 2 and doc[a.end + 1].lower_ == "the"))):
            out.append(Phrase(a.start, b.end, coref="pair", members=[a, b],
                              how=["pair:" + doc[a.start:b.end].text]))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _bare_country(p: Phrase) -> bool:
    return (p.anchor is not None and p.anchor.kind == "country" and not p.anchor.demonym
            and p.role is None and not p.person_ids and p.anchor.sector in (None, "GOV"))
