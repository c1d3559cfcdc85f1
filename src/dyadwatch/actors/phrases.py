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

A country glued to a participle describes something else: "Russian-backed separatists"
are not Russian (the sponsor is no actor here, the separatists stay unknown), "a
London-based monitor" and "Iranian-made drones" are no actors at all, and "pro-Russian"
or "anti-Russian" says nothing about who acts; "the Saudi-led coalition" is led by,
hence coded as, Saudi Arabia.

Headlines lose the case that the matching relies on: in a run of capitals names match
in capitals too (see ``matching``), and in a Title Case line a capitalised word
after a capital is the next word of the headline ("Seoul Says"), not a place's name
("Tokyo Olympics") or an unknown person's name.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from dyadwatch.actors.entries import Anchor, RoleNoun
from dyadwatch.actors.knowledge import CONTEXT_CODES, CONTEXT_PATTERNS, Knowledge
from dyadwatch.actors.matching import ANCHOR, PERSON, Matchers, in_capitals

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})  # compared lower-cased ("RUSSIA'S")
TITLES = frozenset(
    {"Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr", "Gen.", "Adm.", "Lt.", "Col.",
     "Sen.", "Rep.", "Marshal", "Comrade", "Sir", "Dame", "Gov.", "Lt.-Gen.", "Maj.", "Brig."}
)
#: Words allowed between a noun anchor and its role noun ("US special envoy").
NOUN_MODIFIERS = frozenset(
    {"top", "senior", "chief", "former", "new", "deputy", "vice", "acting", "interim", "first",
     "then", "incoming", "outgoing", "special", "own", "main", "state", "federal", "national",
     "ruling", "central", "military", "armed", "naval", "elite", "local", "regional",
     "security", "riot", "border"}
)
#: Sides in a game: "Pakistan's cricket team" is no state actor.
SPORTS_SIDES = frozenset({"team", "teams", "squad", "squads", "footballers", "cricketers",
                          "athletes", "fans", "club", "captain", "skipper", "coach", "players",
                          "player", "bowlers", "batsmen", "batters", "goalkeeper", "striker",
                          "midfielder", "defender", "sprinter", "sprinters", "swimmers"})
#: Words between a state and its side in a game: "Pakistan's national cricket team".
SPORTS_WORDS = frozenset({"national", "cricket", "football", "soccer", "rugby", "hockey",
                          "basketball", "volleyball", "handball", "olympic", "women's", "men's",
                          "women", "men", "junior", "youth", "under-21", "under-20", "davis",
                          "cup", "tennis", "chess", "polo", "baseball", "relay", "swimming",
                          "athletics", "boxing", "wrestling", "ice", "field"})
#: Things a state owns rather than sponsors: "an Israeli-linked tanker" is Israel's.
VESSEL_NOUNS = frozenset({"ship", "ships", "tanker", "tankers", "vessel", "vessels", "freighter",
                          "freighters", "carrier", "boat", "boats", "plane", "planes", "aircraft",
                          "jet", "airliner", "company", "companies", "firm", "firms"})
#: Words that end a phrase: "Russian-backed separatists" is not a Russian actor's sector.
BLOCKERS = frozenset(
    {"backed", "led", "allied", "aligned", "supported", "based", "born", "made", "speaking",
     "controlled", "occupied", "held", "friendly", "owned", "funded", "trained", "style"}
)
#: Participles glued to a country ("Russian-backed"), by what they make of it.
#: sponsor: someone else acts with the country's help; the phrase is left unresolved.
#: origin: a place, a maker, a language; no actor.  leader: the country itself acts.
COMPOUNDS: dict[str, str] = {
    **dict.fromkeys(
        ("backed", "supported", "sponsored", "allied", "aligned", "funded", "financed",
         "trained", "armed", "equipped", "affiliated", "linked", "inspired", "friendly",
         "installed", "leaning", "oriented"), "sponsor"),
    **dict.fromkeys(
        ("based", "born", "made", "built", "produced", "manufactured", "designed", "supplied",
         "speaking", "controlled", "occupied", "held", "annexed", "bound",
         "educated", "brokered", "mediated", "style", "era", "origin"), "origin"),
    # a ship "British-flagged" or "Panama-registered" is that state's, for event data
    **dict.fromkeys(("led", "run", "ruled", "owned", "commanded", "governed", "flagged",
                     "registered"), "leader"),
}
#: Groups a country leads that act as that country ("the Saudi-led coalition").
LED_GROUPS = frozenset({"coalition", "alliance", "bloc", "axis", "mission", "consortium"})
#: "pro-Russian", "anti-American": a stance toward a country, not the country.
STANCE_PREFIXES = frozenset({"pro", "anti"})
#: Lower-case particles inside Arabic, Dutch, Spanish... names ("al-Burhan", "bin Salman").
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "ben", "de", "da", "del",
                            "della", "der", "van", "von", "la", "le", "dos", "das", "du"})
#: Role nouns that make an armed group's phrase its government ("the Taliban government");
#: with any other role noun a group's member stays in the group's sector ("Hamas leader").
GOVERNING_FORMS = frozenset(
    {"government", "governments", "administration", "cabinet", "regime", "authorities",
     "ministry", "ministries", "minister", "ministers", "foreign ministry", "defence ministry",
     "defense ministry", "interior ministry", "foreign minister", "defence minister",
     "defense minister", "prime minister", "president", "presidency", "mayor", "governor",
     "parliament", "court", "courts", "police", "media", "state media", "news agency"}
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
                       "via", "through", "downtown", "central", "suburban", "northern",
                       "southern", "eastern", "western", "capital", "north", "south", "east",
                       "west", "northeast", "northwest", "southeast", "southwest",
                       "northeastern", "northwestern", "southeastern", "southwestern",
                       "north-east", "north-west", "south-east", "south-west",
                       "north-eastern", "north-western", "south-eastern", "south-western",
                       "rural", "coastal"})
#: Nouns after a capital that make it a place: "the Juba airport", "a Nairobi slum".
#: Role nouns never get here ("a Tehran official", "a Moscow court" stay actors).
PLACE_NOUNS = frozenset({"airport", "airports", "region", "province", "oblast", "suburb",
                         "suburbs", "district", "districts", "outskirts", "metro", "subway",
                         "street", "streets", "area", "areas", "hotel", "hotels", "stadium",
                         "skies", "slum", "slums", "hospital", "hospitals", "clinic", "school",
                         "schools", "university", "campus", "market", "markets", "bazaar",
                         "neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods",
                         "mosque", "mosques", "church", "churches", "cathedral", "square",
                         "prison", "jail", "courthouse", "apartment", "apartments", "building",
                         "buildings", "residence", "home", "homes", "restaurant", "cafe",
                         "mall", "station", "railway", "bridge", "port", "harbour", "harbor",
                         "township", "camp", "museum", "theatre", "theater", "concert",
                         "marathon", "nightclub", "bakery", "shop", "shops", "traffic",
                         "highway", "road", "roads", "rally", "venue", "court-house"})
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
#: Other bare role nouns that take their sentence's one country, by where it must come
#: from. "local": a place ("police in Nairobi") or an actor phrase with a role, a body or
#: a person ("Hong Kong police arrested media workers"), never a bare country alone:
#: "troops crossed into Ukraine", "the government condemned Russia" name the other side.
#: "place": only a place ("civilians in Kyiv", "soldiers in Khartoum"); next to any
#: actor, victims and armed opponents are as often the other side's ("Russian shelling
#: killed civilians"), and bare officials and armies its speaker ("Officials said North
#: Korean troops crossed into Kursk"), so state organs (``PLACE_ONLY_SECTORS``) too.
#: Forms in neither set (envoys, refugees, peacekeepers, drones) are foreign or
#: hardware too often to guess; person roles ("the president") corefer instead.
PLACE_ONLY_FORMS = frozenset(
    {"civilians", "civilian", "people", "population", "public", "crowds", "crowd", "women",
     "children", "families", "residents", "villagers", "prisoners", "prisoner", "detainees",
     "journalists", "journalist", "reporters", "reporter", "rebels", "rebel", "insurgents",
     "insurgent", "militants", "militant", "separatists", "separatist", "guerrillas",
     "guerrilla", "militia", "militias", "militiamen", "terrorists", "jihadists", "extremists",
     "fighters", "armed group", "armed groups", "terrorist group", "insurgency", "gunmen",
     "snipers", "combatants", "bandits", "armed men", "assailants", "attackers",
     "kidnappers", "gang", "gangs", "gang members", "gangsters", "pupils", "schoolchildren",
     "schoolgirls", "schoolboys", "worshippers", "passengers", "shoppers", "mourners",
     "displaced people"}
)
PLACE_ONLY_SECTORS = frozenset({"GOV", "MIL", "SPY"})
NEVER_LOCAL_FORMS = frozenset(
    {"diplomat", "diplomats", "envoy", "envoys", "ambassador", "ambassadors", "embassy",
     "embassies", "consulate", "delegation", "delegations", "negotiator", "negotiators",
     "counterpart", "counterparts", "side", "state", "mission", "special envoy",
     "nuclear envoy", "peacekeepers", "mercenaries", "contingent", "nationals", "tourists",
     "tourist", "refugees", "refugee", "migrants", "migrant", "asylum seekers", "defectors",
     "defector", "pilgrims", "hostages", "hostage", "warplanes", "warplane", "fighter jets",
     "jets", "bombers", "warships", "warship", "submarines", "submarine", "tanks",
     "artillery", "drones", "missiles", "fleet", "pacific fleet", "black sea fleet",
     "leadership", "head", "director", "chief"}
)
#: Companies, banks and media are as often foreign as local ("a bank", "the west bank of
#: the Dnipro", "the newspaper"): a bare one takes no country from its sentence.
NEVER_LOCAL_SECTORS = frozenset({"BUS", "MNC", "MED"})
#: Nouns after a bare role noun that make it a place: "an army base", "a police station".
FACILITY_NOUNS = frozenset({"base", "bases", "station", "stations", "headquarters", "post",
                            "posts", "checkpoint", "checkpoints", "barracks", "camp", "camps",
                            "compound", "academy", "hospital", "school", "building", "office",
                            "offices", "depot", "airfield", "airbase", "facility", "custody",
                            "cell", "cells", "van", "vehicles", "vehicle", "intervention",
                            "interventions", "target", "targets", "spending", "budget",
                            "equipment", "aid", "assistance", "service", "contracts",
                            "dealings", "ties", "relations", "cooperation", "presence"})
#: Words before a bare role word that make it foreign or international.
FOREIGN_MODIFIERS = frozenset({"international", "foreign", "peacekeeping", "humanitarian",
                               "aid", "western", "multinational", "overseas", "expatriate",
                               "coalition", "allied", "global", "world", "regional"})
#: Capitalised words before a surname that are titles, not another given name.
HONORIFICS = frozenset(
    {"Secretary", "Sheikh", "Sheik", "Ayatollah", "Prince", "Princess", "Justice", "Pope",
     "Cardinal", "Captain", "Lieutenant", "Major", "Brigadier", "Field", "Vice", "Deputy",
     "Chief", "Acting", "Former", "Ex", "Madam", "Madame", "Lord", "Lady", "Imam", "Mullah",
     "Rabbi", "Father", "Brother", "Sister", "Saint", "St.", "Professor", "Prof.", "Chairman",
     "Premier", "Leader", "Minister", "Senator", "Governor", "General", "Admiral", "Colonel",
     "President", "Speaker", "Mayor", "Commander", "Ambassador", "Envoy", "Judge", "King",
     "Queen", "Emir", "Crown", "Supreme", "Mister", "Herr", "Frau", "Monsieur", "Presidential",
     "Defence", "Defense", "Foreign", "Prime", "Opposition", "Rebel", "Tycoon", "Dear"}
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


class Layout:
    """Per-document geometry: sentence bounds, runs in capitals, Title Case headlines.

    Built once per ``find`` call; the capitals and headline tests run lazily, only for
    the few tokens where a heuristic asks for them.
    """

    __slots__ = ("doc", "_starts", "_ends", "_headline", "hyphens")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        starts = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        if not starts or starts[0]:
            starts.insert(0, 0)
        self._starts = starts
        self._ends = [*starts[1:], len(doc)]
        self._headline: dict[int, bool] = {}
        self.hyphens: set[int] = set()  # filled from the role matcher's pass

    def sentence(self, i: int) -> int:
        """Index of token ``i``'s sentence."""
        return bisect_right(self._starts, i) - 1

    def sent_end(self, i: int) -> int:
        return self._ends[bisect_right(self._starts, i) - 1]

    def in_caps(self, i: int) -> bool:
        return self.doc[i].is_upper and in_capitals(self.doc, i, i + 1)

    def headline(self, i: int) -> bool:
        """Is token ``i``'s sentence a headline: no lower-case word but short function words?"""
        k = bisect_right(self._starts, i) - 1
        known = self._headline.get(k)
        if known is None:
            capitalised = 0
            known = True
            for tok in self.doc[self._starts[k]:self._ends[k]]:
                if not tok.is_alpha:
                    continue
                if tok.is_lower:
                    if not tok.is_stop:
                        known = False
                        break
                else:
                    capitalised += 1
            known = known and capitalised >= 3
            self._headline[k] = known
        return known


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
    #: "pronoun", "group:N", "role", "pair", "descriptor", "domestic[:local|:place]" (a bare
    #: role taking its sentence's country), "place" (a capital that is only where things
    #: happen), "stranger" (another person sharing a known surname)
    coref: str | None = None
    collective: bool = False  # "the Trump administration": the state the person leads
    people: bool = False  # a plural demonym as a noun ("Georgians rallied"): civilians
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
        #: bare role form -> how it may take its sentence's country (see PLACE_ONLY_FORMS)
        self.tiers: dict[str, str] = {
            form: "domestic:place" if (form in PLACE_ONLY_FORMS
                                       or role.sector in PLACE_ONLY_SECTORS) else "domestic:local"
            for form, role in kb.roles.items()
            if role.role is None and form not in NEVER_LOCAL_FORMS and form not in DOMESTIC_FORMS
            and role.sector not in NEVER_LOCAL_SECTORS
        }

    def find(self, doc: Doc, towns: bool = False) -> tuple[list[Phrase], list[int], Layout]:
        """Actor phrases in document order, organisation head nouns' token indices, and
        the document's layout (its sentences, for the resolver's per-sentence rules).

        ``towns``: the document names towns or provinces, so bare role nouns may take
        their state even where no actor is named ("gunmen stormed a village in Borno").
        """
        n = len(doc)
        layout = Layout(doc)
        if n == 0:
            return [], [], layout
        raw_names, heads = self.matchers.names_in(doc)
        names, regional = self._names(doc, raw_names)
        taken = [False] * n
        for _, _, s, e in names:
            for i in range(s, e):
                taken[i] = True
        roles = RoleSpans()
        corefs: list[Phrase] = []
        raw_roles, layout.hyphens = self.matchers.roles_in(doc)
        for form, s, e in _longest(raw_roles):
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
            limit = layout.sent_end(s)
            if kind == ANCHOR:
                anchor = regional.get(s) or self.kb.anchors[form]
                phrase = self._anchor_phrase(layout, form, anchor, s, e, limit, roles,
                                             used_roles, names, name_at, consumed_names)
            else:
                phrase = self._person_phrase(layout, form, s, e, roles, used_roles, taken)
            if phrase is not None:
                phrases.append(phrase)
        for s, (e, role) in roles.items():
            if s in used_roles:
                continue
            # a bare role noun with a person role ("the defence minister") may corefer
            if role.role is not None and s > 0 and doc[s - 1].lower_ in ("the", "its", "their"):
                phrases.append(Phrase(s, e, role=role, coref="role", how=[f"role:{role.form}"]))
            elif role.role is not None and e < n and doc[e].is_title and not taken[e]:
                # "President Mohamed Bazoum", a name no dictionary knows: that office of the
                # one state the sentence names, as for a bare role noun
                phrase = Phrase(s, e, role=role, how=[f"title:{role.form}"])
                self._attach_name(layout, phrase, layout.sent_end(s), roles, names, name_at,
                                  consumed_names)
                if phrase.name_text and not any(taken[phrase.start:phrase.end]):
                    phrase.coref = "domestic:local"
                    phrase.how = [f"domestic:{role.form}", f"name:{phrase.name_text}"]
                    phrases.append(phrase)
            elif role.form in DOMESTIC_FORMS:
                phrases.append(Phrase(s, e, role=role, coref="domestic",
                                      how=[f"domestic:{role.form}"]))
            elif ((names or towns) and (tier := self.tiers.get(role.form)) is not None
                  and not _foreign_or_named(layout, s, e, taken)):
                phrases.append(Phrase(s, e, role=role, coref=tier,
                                      how=[f"domestic:{role.form}"]))
        phrases.extend(corefs)
        phrases.sort(key=lambda p: p.start)
        _share_coordinated_roles(doc, phrases)
        return _group_coordinated_countries(doc, phrases), heads, layout

    def _names(self, doc: Doc, raw: list[tuple[str, str, int, int]]
               ) -> tuple[list[tuple[str, str, int, int]], dict[int, Anchor]]:
        """Non-overlapping name matches, longest first; context-bound forms checked.

        Also the regional readings that apply, by start token ("SDF" in a Syria story).
        """
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
        regional: dict[int, Anchor] = {}
        alternatives = self.kb.alternatives
        for m in kept:
            if m[0] == ANCHOR:
                anchor = self.kb.anchors[m[1]]
                if anchor.context and not _in_context(doc, anchor.context, codes):
                    continue
                other = alternatives.get(m[1])
                if other is not None and _in_context(doc, other.context or "", codes):
                    regional[m[2]] = other
            out.append(m)
        out.sort(key=lambda m: m[2])
        return out, regional

    def _anchor_phrase(self, layout: Layout, form: str, anchor: Anchor, s: int, e: int,
                       limit: int, roles: RoleSpans, used_roles: set[int],
                       names: list, name_at: dict[int, int],
                       consumed: set[int]) -> Phrase | None:
        doc = layout.doc
        compound = _compound_after(layout, e, limit)
        if compound == "sponsor" and _vessel_after(layout, e + 2, limit):
            compound = "leader"  # "an Israeli-linked tanker" is Israel's, not its proxy
        stance = _stance_before(layout, s)
        if stance or compound in ("sponsor", "origin"):
            return _descriptor(doc, anchor, s - 2 if stance else s,
                               e if compound is None or stance else e + 2,
                               limit, roles, used_roles, report=stance or compound == "sponsor")
        phrase = Phrase(s, e, anchor=anchor, how=[anchor.matched_by])
        if anchor.matched_by.startswith("capital:") and _is_place(layout, s, e, limit, roles,
                                                                 name_at):
            # no actor; "in Nairobi", "a Nairobi slum" (not "the Tokyo Olympics") also tell
            # whose the bare "police" and "students" around it are
            where = (s > 0 and doc[s - 1].lower_ in LOCATIVES) or (
                e < limit and doc[e].lower_ in PLACE_NOUNS)
            return Phrase(s, e, anchor=anchor, coref="place" if where else "place:name",
                          how=[f"place-{anchor.matched_by}"])
        j = e
        possessive = j < limit and doc[j].lower_ in POSSESSIVE
        if possessive:
            j += 1
        if _sports_side(doc, j, limit, roles):
            # "Pakistan's cricket team", "the Brazilian squad": a side in a game, no actor
            return _descriptor(doc, anchor, s, e, limit, roles, used_roles, report=False)
        elif compound == "leader":  # "the Saudi-led coalition", "US-led forces"
            j += 2
            phrase.how.append(f"compound:{doc[e + 1].lower_}")
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
            role = self.kb.roles.get(names[body][1].lower())
            if inner.code != anchor.code and role is not None:
                # "Peru's Congress", "the Colombian Senate": a body named by a common
                # word belongs to the state before it, not to the one the word means alone
                consumed.add(body)
                phrase.role, phrase.end = role, names[body][3]
                phrase.how.append(f"role:{role.form}")
                return phrase
        # "Georgians rallied outside parliament": a plural demonym is a noun, it takes no
        # modifiers; and a past participle ("rallied", "detained") ends the phrase
        plural = form.endswith("s") and (
            (single := self.kb.anchors.get(form[:-1])) is not None and single.code == anchor.code)
        free = (anchor.demonym and not plural) or possessive or compound == "leader"
        k, steps = j, 0
        while k < limit and steps < _MAX_MODIFIERS + 2:
            if k in roles:
                role_end = roles[k][0]
                if _compound_after(layout, role_end, limit) is None:
                    break
                k = role_end + 2  # "Myanmar's military-backed government": not the military
                steps += 1
                continue
            tok = doc[k]
            text = tok.lower_
            glued = k > j and k - 1 in layout.hyphens and not doc[k - 1].whitespace_
            joined = COMPOUNDS.get(text) if glued else None
            if (text in BLOCKERS or joined is not None) and joined != "leader":
                break  # "Chinese state-owned firms" goes on; "Russian state-backed" stops
            if text in STANCE_PREFIXES and k + 2 < limit and k + 1 in layout.hyphens:
                k += 3  # "Iranian anti-government protesters": not a government phrase
                steps += 1
                continue
            if text == "-":
                k += 1
                continue
            ok = text in NOUN_MODIFIERS or joined == "leader" or (
                free and tok.is_alpha and (tok.is_lower or layout.in_caps(k))
                and not tok.is_stop and not text.endswith("ed")
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
            self._attach_name(layout, phrase, limit, roles, names, name_at, consumed)
            return phrase
        if compound == "leader" and e + 2 < limit and doc[e + 2].lower_ in LED_GROUPS:
            phrase.end = e + 3  # "the Saudi-led coalition": the coalition acts, as Saudi's
            return phrase
        if (plural and anchor.demonym and phrase.role is None and not possessive
                and not (s > 0 and doc[s - 1].lower_ == "the")):  # "the Russians": forces
            phrase.people = True  # "thousands of Kenyans protested": the country's people
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

    def _attach_name(self, layout: Layout, phrase: Phrase, limit: int,
                     roles: RoleSpans, names: list,
                     name_at: dict[int, int], consumed: set[int]) -> None:
        """Take the name after a role noun: a known person, or an unknown capitalised run."""
        doc = layout.doc
        end = phrase.end
        if (end + 1 < limit and doc[end].text == "," and phrase.role is not None
                and phrase.role.role is not None and doc[end + 1].is_title):
            end += 1  # apposition: "the Palestinian president, Mahmoud Abbas"
        if end < limit and _is_title_word(layout, end):
            end += 1
        idx = name_at.get(end)
        if idx is not None and names[idx][0] == PERSON:
            _, pform, _, pe = names[idx]
            consumed.add(idx)
            if self._other_surname(layout, pform, pe, self.person_forms.get(pform, ()), roles):
                # "Nigeria's information minister Lai Mohammed": the role's, not Lai Ching-te
                phrase.name_text = doc[end:pe + 1].text
                phrase.end = pe + 1
                return
            phrase.person_ids = list(self.person_forms.get(pform, ()))
            phrase.person_form = pform
            phrase.end = pe
            phrase.how.append(f"name:{pform}")
            return
        if end < limit and doc[end].is_title and layout.headline(end):
            return  # "Russian Forces Shelled Kharkiv": the headline goes on, not a name
        k = end
        while k < limit and k - end < _MAX_NAME and k not in roles and k not in name_at:
            tok = doc[k]
            if tok.is_title and tok.is_alpha and tok.text not in NAME_STOP:
                k += 1
            elif (tok.text == "-" and k > end and k + 1 < limit and doc[k + 1].is_alpha
                  and not doc[k + 1].is_stop):
                k += 2
            elif (tok.lower_ in NAME_PARTICLES and tok.is_lower and k > end and k + 1 < limit
                  and (doc[k + 1].is_title or doc[k + 1].text == "-")):
                k += 1  # "Abdel Fattah al-Burhan", "Mohammed bin Salman"
            else:
                break
        if k > end:
            name_start = end if doc[end].text not in TITLES else end + 1
            if name_start < k:
                phrase.name_text = doc[name_start:k].text
                phrase.end = k

    def _person_phrase(self, layout: Layout, form: str, s: int, e: int,
                       roles: RoleSpans, used_roles: set[int], taken: list[bool]) -> Phrase:
        ids = self.person_forms.get(form, ())
        phrase = Phrase(s, e, person_ids=list(ids), person_form=form, how=[f"name:{form}"])
        given = self._other_given_name(layout, form, s, ids, roles, taken)
        if given == s and self._other_surname(layout, form, e, ids, roles, taken):
            # "Lai Mohammed", Nigeria's minister, is not Lai Ching-te either
            phrase.person_ids, phrase.coref = [], "stranger"
            phrase.end = e + 1
            phrase.name_text = layout.doc[s:e + 1].text
            phrase.how = [f"stranger:{phrase.name_text}"]
            return phrase
        if given < s:
            # "media tycoon Jimmy Lai" is not Lai Ching-te: report the name, resolve nobody
            phrase.start, phrase.person_ids, phrase.coref = given, [], "stranger"
            phrase.name_text = layout.doc[given:e].text
            phrase.how = [f"stranger:{phrase.name_text}"]
            s = given
        start = s
        while start > 0:
            if _is_title_word(layout, start - 1):
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
        if phrase.coref == "stranger":
            return phrase
        if e in roles and e not in used_roles and roles[e][1].role is None:
            # "the Trump administration", "the Netanyahu government": the person's state
            used_roles.add(e)
            phrase.end, phrase.role = roles[e][0], roles[e][1]
            phrase.collective = True
            phrase.how.append(f"role:{phrase.role.form}")
        return phrase


    def _other_surname(self, layout: Layout, form: str, e: int, ids: Sequence[str],
                       roles: RoleSpans, taken: list[bool] | None = None) -> bool:
        """Is a bare name followed by a name word of no one it may denote ("Lai Mohammed")?"""
        doc = layout.doc
        if " " in form or e >= len(doc) or layout.headline(e) or layout.in_caps(e):
            return False
        tok = doc[e]
        if ((taken is not None and taken[e]) or not tok.is_title or not tok.is_alpha or tok.is_stop
                or tok.text in NAME_STOP or tok.text in HONORIFICS or tok.text in TITLES
                or e in roles):
            return False
        return _fold(tok.text) not in self._own_name_words(ids)

    def _own_name_words(self, ids: Sequence[str]) -> set[str]:
        """Every word of every name of the people ``ids`` may denote, folded."""
        return {_fold(w) for i in ids for f in (self.kb.people[i].name, *self.kb.people[i].forms)
                for w in f.replace("-", " ").split()}

    def _other_given_name(self, layout: Layout, form: str, s: int, ids: Sequence[str],
                          roles: RoleSpans, taken: list[bool]) -> int:
        """Start of another given name before a bare surname ("Jimmy Lai"), else ``s``.

        The word must be a capitalised name-like word that no match claims and that is
        not part of any form of the people the surname may denote ("William Lai").
        Headlines and runs of capitals capitalise every word, so they are left alone.
        """
        if " " in form or s == 0:
            return s
        doc = layout.doc
        k = s
        while k > 0 and s - k < 3:
            tok = doc[k - 1]
            if (taken[k - 1] or not tok.is_title or not tok.is_alpha or tok.is_stop
                    or tok.text in NAME_STOP or tok.text in HONORIFICS or tok.text in TITLES
                    or roles.ending_at(k) is not None or k - 1 in roles):
                break
            if tok.is_sent_start and tok.lower_.endswith("ly"):
                break  # "Separately Lai said": an adverb, not a name
            k -= 1
            if tok.is_sent_start:
                break
        if k == s or layout.headline(s) or layout.in_caps(s):
            return s
        words = self._own_name_words(ids)
        if any(_fold(doc[i].text) in words for i in range(k, s)):
            return s  # "George Herbert Walker Bush", "Shinzō Abe": the person's own names
        return k


def _foreign_or_named(layout: Layout, s: int, e: int, taken: list[bool]) -> bool:
    """Is a bare role word someone else's or part of a name, so its sentence's country
    says nothing: "the Azov Brigade", "Supreme Court Justice Ginsburg", "the international
    criminal court", "peacekeeping troops"; or a place: "an army base"?"""
    doc = layout.doc
    nxt = doc[e] if e < len(doc) else None
    if nxt is not None and nxt.lower_ in FACILITY_NOUNS:
        return True  # "an army base", "a police station": a place
    prev = doc[s - 1] if s > 0 else None
    if prev is None:
        return False
    if prev.lower_ in FOREIGN_MODIFIERS or (s > 1 and doc[s - 2].lower_ in FOREIGN_MODIFIERS):
        return True  # "international criminal court", "UN peacekeeping troops"
    before = (prev.is_title and not prev.is_sent_start and not taken[s - 1]
              and prev.text not in NAME_STOP)  # "on Monday gunmen ..." is no name
    after = nxt is not None and nxt.is_title and not taken[e] and doc[s].is_title
    return (before or after) and not layout.headline(s)


def _fold(word: str) -> str:
    """ "Shinzō" -> "Shinzo": name words compared without accents."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


def _in_context(doc: Doc, context: str, codes: set[str | None]) -> bool:
    """Does the document belong to ``context``'s region: a state named, or a place word?"""
    if codes & CONTEXT_CODES.get(context, frozenset()):
        return True
    pattern = CONTEXT_PATTERNS.get(context)
    return pattern is not None and pattern.search(doc.text) is not None


def _is_place(layout: Layout, s: int, e: int, limit: int, roles: RoleSpans,
              name_at: dict) -> bool:
    """A capital used as a place, not a government: "talks in Moscow", "Tokyo Olympics"."""
    doc = layout.doc
    if s > 0 and doc[s - 1].lower_ in LOCATIVES:
        arrival = s > 1 and doc[s - 2].lower_ in ARRIVALS and doc[s - 1].lower_ in ("in", "at")
        return not arrival
    if e < limit and e not in roles and e not in name_at:
        nxt = doc[e]
        if nxt.lower_ in PLACE_NOUNS:
            return True
        return (nxt.is_title and nxt.is_alpha and nxt.text not in NAME_STOP
                and not layout.headline(e))  # "Seoul Says" in a Title Case headline
    return False


def _is_title_word(layout: Layout, i: int) -> bool:
    """ "Mr.", "Gen." before a name; "GEN." in a run of capitals."""
    text = layout.doc[i].text
    return text in TITLES or (layout.in_caps(i) and text.title() in TITLES)


def _compound_after(layout: Layout, e: int, limit: int) -> str | None:
    """What a participle glued to the anchor makes of it ("Russian-backed": sponsor)."""
    if e not in layout.hyphens:
        return None
    doc = layout.doc
    if (e + 1 < limit and not doc[e - 1].whitespace_
            and not doc[e].whitespace_):
        return COMPOUNDS.get(doc[e + 1].lower_)
    return None


def _sports_side(doc: Doc, k: int, limit: int, roles: RoleSpans) -> bool:
    """Does the phrase from ``k`` name a sports side ("cricket team", "national squad")?
    Reads words only: actor phrases are found before the sentence is parsed."""
    for i in range(k, min(k + 3, limit)):
        tok = doc[i]
        if tok.lower_ in SPORTS_SIDES:
            return True
        if i in roles or tok.lower_ not in SPORTS_WORDS:
            return False  # the phrase is an actor's ("Chadian rebels"), or a clause goes on
            # ("Spain sent rescue teams to Morocco")
    return False


def _vessel_after(layout: Layout, k: int, limit: int) -> bool:
    """Is the phrase from ``k`` a ship, plane or company ("container ship", "oil tanker")?"""
    doc = layout.doc
    for i in range(k, min(k + 4, limit)):
        tok = doc[i]
        if tok.lower_ in VESSEL_NOUNS:
            return True
        if not (tok.is_alpha and tok.is_lower and not tok.is_stop):
            return False
    return False


def _stance_before(layout: Layout, s: int) -> bool:
    """ "pro-Russian", "anti-American": the anchor names a stance, not an actor."""
    doc = layout.doc
    return (s >= 2 and s - 1 in layout.hyphens and doc[s - 2].lower_ in STANCE_PREFIXES
            and not doc[s - 2].whitespace_ and not doc[s - 1].whitespace_)


def _descriptor(doc: Doc, anchor: Anchor, start: int, end: int, limit: int, roles: RoleSpans,
                used_roles: set[int], report: bool) -> Phrase:
    """A country that only describes a phrase ("Iranian-made", "pro-Russian").

    Sponsors and stances take the group they describe ("Russian-backed separatists"), so
    it is reported as unknown rather than left for another rule to misread; domestic
    groups ("anti-Russian protesters") stay free for the country of their sentence.
    """
    phrase = Phrase(start, end, anchor=anchor, coref="descriptor",
                    how=[f"descriptor:{doc[start:end].text}"])
    if not report:
        return phrase
    k, steps = end, 0
    while (k < limit and k not in roles and steps < _MAX_MODIFIERS and doc[k].is_alpha
           and doc[k].is_lower and not doc[k].is_stop):
        k += 1
        steps += 1
    if k < limit and k in roles and k not in used_roles:
        role_end, role = roles[k]
        if role.form not in DOMESTIC_FORMS:
            used_roles.add(k)
            phrase.end, phrase.role = role_end, role
    return phrase


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
                and a.coref is None and b.coref is None
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
        role_of = a.role is not None and any(h.startswith("role-of:") for h in a.how)
        if (b is not None and _bare_country(b) and (_bare_country(a) or role_of)
                and a.anchor is not None and a.anchor.code != b.anchor.code
                and _joined_by_and(doc, a, b)):
            if role_of:  # "the foreign ministers of Armenia and Azerbaijan": both states'
                b = Phrase(b.start, b.end, anchor=b.anchor, role=a.role,
                           how=[*b.how, f"role-of:{a.role.form}"])
            out.append(Phrase(a.start, b.end, coref="pair", members=[a, b],
                              how=["pair:" + doc[a.start:b.end].text]))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _joined_by_and(doc: Doc, a: Phrase, b: Phrase) -> bool:
    """"X and Y", "X and the Y": the two phrases are coordinated."""
    return a.end < len(doc) and doc[a.end].lower_ == "and" and (
        b.start == a.end + 1 or (b.start == a.end + 2 and doc[a.end + 1].lower_ == "the"))


def _bare_country(p: Phrase) -> bool:
    return (p.coref is None and p.anchor is not None and p.anchor.kind == "country"
            and not p.anchor.demonym
            and p.role is None and not p.person_ids and p.anchor.sector in (None, "GOV"))
