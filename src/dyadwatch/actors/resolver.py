"""ActorResolver: who the actors of a document are, phrase by phrase, in document order.

Built once per process (matchers and tables are compiled in the constructor); ``find``
is then a handful of PhraseMatcher passes plus a walk over the matches, so it can run
on every sentence of every document.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path

import msgspec
from spacy.tokens import Doc

from dyadwatch.actors.discourse import Discourse, coref_forms
from dyadwatch.actors.entries import Anchor, Person, Tenure
from dyadwatch.actors.knowledge import PLACE_PREFIX, Knowledge, load_knowledge
from dyadwatch.actors.matching import Matchers
from dyadwatch.actors.phrases import (
    FOREIGN_POSTS,
    GOVERNING_FORMS,
    LOCATIVES,
    Layout,
    Phrase,
    PhraseFinder,
)
from dyadwatch.actors.places import TOWN_NOUNS, Places, load_places
from dyadwatch.model import ActorMention, ActorRef
from dyadwatch.nlp.language import load_tokenizer

#: Capitalised nouns that end an organisation's name; unmatched "Azov Brigade" is reported.
ORG_HEADS = (
    "Ministry", "Agency", "Party", "Army", "Council", "Committee", "Front", "Brigade", "Union",
    "Movement", "Forces", "Guard", "Guards", "Service", "Court", "Assembly", "Commission",
    "Organization", "Organisation", "Office", "Bureau", "Corps", "Command", "Authority",
    "Battalion", "Regiment", "Division", "Federation", "Alliance", "League", "Militia",
    "Directorate", "Administration", "Parliament", "Congress", "Senate", "Cabinet",
)
#: Role nouns that name a body's head ("the Shin Bet chief", "the head of MI5"): with a
#: body whose ``chief`` role is known they name that role's holder on the date.
HEAD_FORMS = frozenset({"chief", "head", "director", "director general", "director-general",
                        "chairman", "leader", "spy chief", "intelligence chief"})
#: A role whose holders, when a country has none, are looked for under a second role:
#: where a state has only a domestic service (ASIO, CSIS) its head is its spy chief.
FALLBACK_ROLES: dict[str, str] = {"intelligence-chief": "intelligence-chief-domestic"}


class ActorResolver:
    """Finds and resolves actor mentions in a tokenised (not parsed) document."""

    def __init__(self, user_files: Sequence[Path | str] = ()) -> None:
        self.kb: Knowledge = load_knowledge([Path(p) for p in user_files])
        self.version: str = self.kb.version
        nlp = load_tokenizer()
        forms = coref_forms()
        self._coref_forms = forms
        self._matchers = Matchers(nlp, self.kb, self.kb.person_forms(), list(forms), ORG_HEADS)
        self._finder = PhraseFinder(self.kb, self._matchers, forms)
        self.places: Places = load_places()
        self._holders: dict[tuple[str, str], list[Person]] = {}
        for person in self.kb.people.values():
            for t in person.tenures:
                bucket = self._holders.setdefault((t.country, t.role), [])
                if person not in bucket:
                    bucket.append(person)
        self._last = threading.local()

    # --- public API -------------------------------------------------------------------
    def find(self, doc: Doc, published: dt.date | None = None) -> list[ActorMention]:
        """All actor mentions of ``doc`` in order; token indices index ``doc``."""
        memory = Discourse()
        mentions: list[ActorMention] = []
        unknown: list[tuple[int, str]] = []
        covered = [False] * len(doc)
        domestic: list[Phrase] = []
        places: list[Phrase] = []
        towns = self.places.in_doc(doc, 0, len(doc))
        phrases, heads, layout = self._finder.find(doc, towns=any(t[3] for t in towns))
        # "Mocímboa da Praia" is a Mozambican town, not Cape Verde's capital in it
        phrases = [p for p in phrases if not _inside_town(p, towns)]
        named = [False] * len(doc)
        for phrase in phrases:
            for i in range(phrase.start, phrase.end):
                named[i] = True
        towns = [hit for hit in towns if not any(named[hit[0]:hit[1]])]
        if towns:
            towns = _state_named_before(doc, towns, phrases)
        for s, e, code, placed in towns:  # "in Zamfara": whose the "villagers" there are
            if placed:
                how = f"place:{doc[s:e].text}"
                anchor = Anchor(code, self.kb.country_names.get(code, code), "country", None, how)
                places.append(Phrase(s, e, anchor=anchor, coref="place", how=[how]))
        for phrase in phrases:
            if phrase.coref is not None and phrase.coref.startswith("place"):
                if phrase.coref == "place":
                    places.append(phrase)  # "in Nairobi": no actor, no unknown
                if phrase.anchor is not None and phrase.anchor.code:  # a town like any other
                    towns.append((phrase.start, phrase.end, phrase.anchor.code,
                                  phrase.coref == "place"))
                continue
            if phrase.coref is not None and phrase.coref.startswith("domestic:"):
                domestic.append(phrase)  # covers its words only if it finds a country
                continue
            for i in range(phrase.start, phrase.end):
                covered[i] = True
            if phrase.coref == "domestic":
                domestic.append(phrase)  # needs the whole sentence's countries first
                continue
            mention = self._resolve(doc, phrase, published, memory, unknown)
            if mention is not None:
                mentions.append(mention)
        if domestic:
            found = _domestic(layout, domestic, mentions, places, self.kb.country_names)
            for m in found:  # "Clinton Administration" unresolved stays an unknown name
                for i in range(m.tok_start, m.tok_end):
                    covered[i] = True
            mentions = sorted(mentions + found, key=lambda m: m.tok_start)
        unknown.extend(self._unknown_organisations(doc, covered, heads))
        unknown.sort()
        self._last.doc, self._last.unknown = doc, [text for _, text in unknown]
        self._last.towns = towns
        return mentions

    def towns(self, doc: Doc) -> list[tuple[int, int, str, bool]]:
        """(start, end, ISO3, placed) of towns and provinces ``doc`` names (places, not
        actors; ``placed``: after "in", "near", "the town of" ...)."""
        if getattr(self._last, "doc", None) is not doc:
            self.find(doc, None)
        return list(self._last.towns)

    def unknown(self, doc: Doc) -> list[str]:
        """Actor-like phrases of ``doc`` that resolved to nothing (one entry per occurrence)."""
        if getattr(self._last, "doc", None) is not doc:
            self.find(doc, None)
        return list(self._last.unknown)

    def _unknown_organisations(self, doc: Doc, covered: list[bool],
                               heads: list[int]) -> list[tuple[int, str]]:
        """Capitalised names ending in an organisation noun ("Azov Brigade") nobody matched."""
        out = []
        for head in heads:
            if covered[head]:
                continue
            start = head
            while start > 0 and not covered[start - 1]:
                tok = doc[start - 1]
                if not (tok.is_title and tok.is_alpha and not tok.is_stop):
                    break
                start -= 1
                if tok.is_sent_start:
                    break
            text = doc[start:head + 1].text
            if start < head and text.lower() not in self.kb.roles:  # "Foreign Ministry": a role
                out.append((doc[start].idx, text))
        return out

    def holders(self, country: str, role: str, day: dt.date | None) -> list[Person]:
        """People holding ``role`` for ``country`` on ``day`` (in office now when undated)."""
        out = []
        for person in self._holders.get((country, role), ()):
            for t in person.tenures:
                if t.country == country and t.role == role and (
                    t.holds_on(day) if day is not None else t.end is None
                ):
                    out.append(person)
                    break
        return out

    # --- resolution -------------------------------------------------------------------
    def _resolve(self, doc: Doc, p: Phrase, day: dt.date | None, memory: Discourse,
                 unknown: list[tuple[int, str]]) -> ActorMention | None:
        span = doc[p.start:p.end]
        text, start, end = span.text, span.start_char, span.end_char
        if p.coref == "pair":
            members = [self._resolve(doc, m, day, memory, unknown) for m in p.members]
            refs = [m.actor for m in members if m is not None]
            for ref in refs:
                memory.remember(ref)
            return self._group(p, text, start, end, refs, "+".join(p.how))
        if p.coref is not None and p.coref.startswith("group:"):
            refs = memory.last_codes(int(p.coref.split(":")[1]))
            if not refs:
                return None
            if p.role is not None:
                refs = [msgspec.structs.replace(r, sector=p.role.sector) for r in refs]
            how = p.how[0] + "->" + ",".join(r.code or "?" for r in refs)
            return self._group(p, text, start, end, refs, how)
        if p.coref == "pronoun":
            if memory.last_person is None:
                return None
            ref = msgspec.structs.replace(memory.last_person, text=text, start=start, end=end)
            return ActorMention(actor=ref, tok_start=p.start, tok_end=p.end,
                                matched_by=f"{p.how[0]}->{ref.person_id}")
        if p.coref == "stranger":
            unknown.append((doc[p.end - 1].idx if p.name_text is None else
                            end - len(p.name_text), p.name_text or text))
            return None
        if p.coref == "descriptor":
            if p.role is not None:  # "Russian-backed separatists": whose, nobody can say
                unknown.append((start, text))
            return None
        if p.coref == "role":
            prior = memory.by_role.get(p.role.role) if p.role else None
            if prior is None:
                return None
            ref = msgspec.structs.replace(prior, text=text, start=start, end=end)
            return ActorMention(actor=ref, tok_start=p.start, tok_end=p.end,
                                matched_by=f"{p.how[0]}->earlier:{prior.text}")
        if p.anchor is not None and p.anchor.matched_by.startswith(PLACE_PREFIX):
            return None  # "the South China Sea": a place, neither an actor nor unknown
        ref, how = self._identify(p, day, memory)
        if ref is None:
            unknown.append((start, text))
            return None
        if p.name_text:
            unknown.append((start, p.name_text))
        ref = msgspec.structs.replace(ref, text=text, start=start, end=end)
        memory.remember(ref)
        return ActorMention(actor=ref, tok_start=p.start, tok_end=p.end, matched_by=how)

    def _identify(self, p: Phrase, day: dt.date | None,
                  memory: Discourse) -> tuple[ActorRef | None, str]:
        how = "+".join(p.how)
        anchor = p.anchor
        country = anchor.code if anchor is not None and anchor.kind == "country" else None
        person: Person | None = None
        tenure: Tenure | None = None
        if p.person_ids:
            person, tenure, why = self._pick_person(p, day, memory, country)
            how += why
            if person is None and anchor is None:
                return None, how
        elif (country is not None and day is not None and anchor is not None
              and (held := self._held_role(p, anchor)) is not None):
            # "the Russian defence minister" names a person only when the date is known
            for role in self._role_set(held, country):
                found = self.holders(country, role, day)
                if len(found) > 1 and role in FALLBACK_ROLES:
                    break  # two heads of the main service: no guess, not the other service
                if len(found) == 1:
                    person = found[0]
                    tenure = next(t for t in person.tenures if t.country == country
                                  and t.role == role and t.holds_on(day))
                    how += f"+holder:{person.id}@{day.isoformat()}"
                    break
        if person is not None:
            if tenure is not None:
                code, sector, role = tenure.country, tenure.sector, tenure.role
            else:
                last = person.last_before(day) if day else None
                code = last.country if last else (country or None)
                sector, role = None, (f"former-{last.role}" if last else None)
                if p.role is not None:
                    sector = p.role.sector
            if (p.role is not None and p.role.role is None and sector is not None
                    and not (anchor is not None and anchor.chief is not None
                             and p.role.form in HEAD_FORMS)):  # "head of MI5": still SPY
                sector = p.role.sector
            if p.collective and code is not None:
                name = self.kb.country_names.get(code, code)
                return ActorRef(code=code, sector=p.role.sector if p.role else sector, name=name,
                                kind="country"), how
            ref = ActorRef(code=code, sector=sector, name=person.name, person_id=person.id,
                           role=role, kind="person")
            return ref, how
        assert anchor is not None
        sector = p.role.sector if p.role is not None else anchor.sector
        if p.people and sector is None:
            sector = "CVL"
        if anchor.chief is not None and p.role is not None and p.role.form in HEAD_FORMS:
            # "the FSB chief" on no date: the service's head, in the service's sector
            return ActorRef(code=anchor.code, sector=anchor.sector, name=anchor.name,
                            role=anchor.chief, kind=anchor.kind), how  # type: ignore[arg-type]
        if (anchor.sector == "REB" and p.role is not None and sector in ("GOV", "MIL")
                and p.role.form not in GOVERNING_FORMS):
            sector = "REB"  # "Hamas leader", "Houthi forces": still the armed group
        role = p.role.role if p.role is not None else None
        ref = ActorRef(code=anchor.code, sector=sector, name=anchor.name, role=role,
                       kind=anchor.kind)  # type: ignore[arg-type]
        return ref, how

    @staticmethod
    def _held_role(p: Phrase, anchor: Anchor) -> str | None:
        """The dated role a phrase names: its role noun's, or a service head's."""
        if p.role is None:
            return None
        if anchor.chief is not None and p.role.form in HEAD_FORMS:
            return anchor.chief  # "the Shin Bet chief", "the head of MI5"
        if p.role.role is not None and anchor.sector in (None, "GOV"):
            return p.role.role
        return None

    def _pick_person(self, p: Phrase, day: dt.date | None, memory: Discourse,
                     country: str | None) -> tuple[Person | None, Tenure | None, str]:
        """Choose among the people a name form may denote, and their role on ``day``."""
        people = [self.kb.people[i] for i in p.person_ids]
        if country is not None:
            people = [x for x in people if any(t.country == country for t in x.tenures)] or people
        if len(people) > 1:
            seen = memory.latest_seen([x.id for x in people])
            if seen is not None:
                person = self.kb.people[seen]
                return person, self._tenure(person, p, day), f"+earlier:{seen}"
            if p.role is not None and p.role.role is not None:
                people = self._best_titled(people, p.role.role, day) or people
        if len(people) > 1:
            people = [x for x in people if x.tenure_on(day) is not None] or (
                people if day is None else [])
        if len(people) != 1:
            return None, None, f"+ambiguous:{len(p.person_ids)}"
        person = people[0]
        if (day is not None and " " not in (p.person_form or "") and p.role is None
                and person.tenure_on(day) is None and not _recent(person, day)):
            # a lone surname of someone out of office for years is probably someone else
            return None, None, f"+stale:{person.id}"
        stamp = day.isoformat() if day else "current"
        return person, self._tenure(person, p, day), f"+person:{person.id}@{stamp}"

    def _best_titled(self, people: list[Person], title: str, day: dt.date | None) -> list[Person]:
        """Candidates whose role fits a title best ("Chairman Kim": the leader, not a premier)."""
        ranked: list[tuple[int, Person]] = []
        for person in people:
            ranks = [self._role_set(title, t.country).index(t.role) for t in person.tenures
                     if t.role in self._role_set(title, t.country)
                     and (day is None or t.holds_on(day))]
            if ranks:
                ranked.append((min(ranks), person))
        if not ranked:
            return []
        best = min(r for r, _ in ranked)
        return [x for r, x in ranked if r == best]

    def _tenure(self, person: Person, p: Phrase, day: dt.date | None) -> Tenure | None:
        if p.role is not None and p.role.role is not None:
            for t in person.tenures:
                roles = frozenset(self._role_set(p.role.role, t.country))
                found = person.tenure_on(day, roles) or _just_left(person, day, roles)
                if found is not None:
                    return found
        current = person.tenure_on(day)
        if current is not None and current.sector in OUT_OF_OFFICE and day is not None and (
                (day - current.start).days <= _FRESH_DAYS):
            # news of the day a leader was ousted still speaks of the leader
            return _just_left(person, day, None) or current
        return current

    def _role_set(self, role: str, country: str) -> tuple[str, ...]:
        if role in ("leader", "chairman"):
            return self.kb.leader_roles_of(country)
        if role in FALLBACK_ROLES:
            return (role, FALLBACK_ROLES[role])
        return (role,)

    @staticmethod
    def _group(p: Phrase, text: str, start: int, end: int, refs: list[ActorRef],
               how: str) -> ActorMention:
        name = " and ".join(r.name or r.code or "?" for r in refs)
        ref = ActorRef(code=None, sector=p.role.sector if p.role else None, name=name, text=text,
                       start=start, end=end, kind="group")
        return ActorMention(actor=ref, tok_start=p.start, tok_end=p.end, matched_by=how,
                            members=refs)


def _domestic(layout: Layout, phrases: list[Phrase], mentions: list[ActorMention],
              places: list[Phrase], names: dict[str, str]) -> list[ActorMention]:
    """Bare role nouns, given the one country their sentence names.

    "Turkish police arrested opposition supporters" is a domestic event; without this,
    the opposition is no actor and the arrest is lost. With two countries in the sentence
    nobody can tell whose opposition it is, so nothing is guessed. How a sentence names
    its country matters for some nouns (see ``PLACE_ONLY_FORMS`` in phrases): a place
    ("police in Nairobi", "across South Korea") says whose the people there are, an actor
    phrase ("Hong Kong police") says a little less, a bare "Russia" the least.
    """
    doc, sentence = layout.doc, layout.sentence
    wanted = {sentence(p.start) for p in phrases}
    codes: dict[int, set[str]] = {}  # every country the sentence names
    strong: dict[int, set[str]] = {}  # ... in a place, or in an actor phrase
    placed: dict[int, set[str]] = {}  # ... as a place only
    abroad: set[int] = set()
    for p in places:
        k = sentence(p.start)
        if k in wanted and p.anchor is not None and p.anchor.code:
            for table in (codes, strong, placed):
                table.setdefault(k, set()).add(p.anchor.code)
    for m in mentions:
        k = sentence(m.tok_start)
        if k not in wanted:
            continue
        if any(post in m.matched_by for post in FOREIGN_POSTS):
            abroad.add(k)
        refs = m.members or [m.actor]
        for ref in refs:
            if ref.code and ref.kind in ("country", "person"):
                codes.setdefault(k, set()).add(ref.code)
        if m.members or not m.actor.code or m.actor.kind not in ("country", "person"):
            continue
        bare = "+" not in m.matched_by and m.actor.kind == "country" and (
            m.matched_by.startswith(("country:", "alias:", "capital:", "demonym:")))
        if bare and m.tok_start > 0 and doc[m.tok_start - 1].lower_ in LOCATIVES:
            placed.setdefault(k, set()).add(m.actor.code)  # "across South Korea"
            bare = False
        if not bare:
            strong.setdefault(k, set()).add(m.actor.code)
    out = []
    for p in phrases:
        k = sentence(p.start)
        found = codes.get(k, set())
        if len(found) != 1 or p.role is None or k in abroad:
            continue
        code = next(iter(found))
        tier = p.coref.partition(":")[2] if p.coref else ""
        if (tier == "local" and code not in strong.get(k, ())) or (
                tier == "place" and code not in placed.get(k, ())):
            continue
        span = doc[p.start:p.end]
        ref = ActorRef(code=code, sector=p.role.sector, name=names.get(code), text=span.text,
                       start=span.start_char, end=span.end_char, kind="country")
        out.append(ActorMention(actor=ref, tok_start=p.start, tok_end=p.end,
                                matched_by=f"{p.how[0]}+country-of-sentence:{code}"))
    return out


def _inside_town(phrase: Phrase, towns: list[tuple[int, int, str, bool]]) -> bool:
    """Is a bare capital or country name only a word of a longer town name?"""
    anchor = phrase.anchor
    if anchor is None or phrase.role is not None or phrase.person_ids or not (
            anchor.matched_by.startswith(("capital:", "country:"))):
        return False
    return any(s <= phrase.start and phrase.end <= e and e - s > phrase.end - phrase.start
               for s, e, _, _ in towns)


def _state_named_before(doc: Doc, towns: list[tuple[int, int, str, bool]],
                        phrases: list[Phrase]) -> list[tuple[int, int, str, bool]]:
    """"the Mozambican town of Palma", "Peru's city of Cusco": the state the text names
    for the town wins over the table's reading of a form many places share."""
    states = {p.end: p.anchor.code for p in phrases
              if p.anchor is not None and p.anchor.code and p.anchor.kind == "country"
              and p.role is None}
    out = []
    for s, e, code, placed in towns:
        if s >= 3 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in TOWN_NOUNS:
            code = states.get(s - 2, code)
        out.append((s, e, code, placed))
    return out


_STALE_DAYS = 3653  # ten years
#: Days after leaving an office in which news of the fall still names its holder.
_FRESH_DAYS = 7
#: Sectors of the roles people hold once out of office.
OUT_OF_OFFICE = frozenset({"OPP", "CVL", "REB", "CRM"})


def _just_left(person: Person, day: dt.date | None,
               roles: frozenset[str] | None) -> Tenure | None:
    """A state office (of ``roles``) that ``person`` left in the last few days."""
    if day is None:
        return None
    ended = [t for t in person.tenures
             if t.end is not None and t.sector not in OUT_OF_OFFICE
             and (roles is None or t.role in roles) and 0 <= (day - t.end).days <= _FRESH_DAYS]
    return max(ended, key=lambda t: t.end) if ended else None


def _recent(person: Person, day: dt.date) -> bool:
    last = person.last_before(day)
    return last is not None and (last.end is None or (day - last.end).days <= _STALE_DAYS)
