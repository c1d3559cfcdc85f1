"""The rule coder: trigger lexicon + dependency parse -> PLOVER/CAMEO event candidates.

How a sentence is coded:

1. Triggers. Each verb whose lemma has frames in the lexicon is tried frame by frame
   (object class, particle, preposition conditions); the first frame that fits makes
   it a trigger. Event nouns are triggers too: governed by a light verb ("held talks",
   "imposed sanctions") they take the verb's subject; alone they take a possessive or
   adjectival actor ("Putin's visit to Pyongyang", "Russian strikes on Kyiv").
2. Roles. Source = subject (passive: the "by" agent), inherited through control and
   coordination ("agreed to send", "met and signed"); target = the frame's slots in
   order (object, indirect object, object of to/with/on/against..., an actor inside the
   object phrase). A capital is a target like any actor: "visited Pyongyang" -> PRK.
   Location phrases ("in Pyongyang") fill a target only where the frame asks for them
   (arrive in, land in).
3. Symmetric events (meet, sign, negotiate, cooperate, fight) between coordinated
   actors ("North Korea and Russia signed a treaty") give ONE event per pair, ordered as
   written, not two mirrored events: mirrored copies double-count dyad series and
   inflate false positives. Analyses that need undirected dyads fold the pair.
4. Modality. Negated ("did not sign", "denied sending") and hypothetical ("plans to",
   "could", "will", "threatened to", "pledged to") events are still returned, flagged,
   so the pipeline keeps them as uncoded with the reason. A governing pledge, threat
   or demand is itself coded (AGREE 03x, THREATEN 13x, REQUEST 02x/10x) with a code
   refined by the governed event ("pledged to send troops" -> 0332).
   "X accused Y of attacking Z" codes only the accusation: the attack is an allegation.
5. Reported speech: "X said Y attacked Z" codes Y -> Z with reporter X.

Confidence reflects how the event was found: the frame's base value (explicit object
classes score higher than bare verbs), less for inherited or guessed actors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec
from spacy.tokens import Doc, Token

from dyadwatch.actors.places import PLACE_HEADS, Places, load_places
from dyadwatch.events import ontology
from dyadwatch.events.arguments import (
    CARRIER_VERBS,
    PRONOUNS,
    MentionIndex,
    actor_key,
    actors_of,
    agent_tokens,
    children,
    conjuncts,
    counted_of,
    head_lemmas,
    indirect_object,
    is_passive,
    modifier_lemmas,
    object_token,
    particles,
    prep_lemmas,
    prep_objects,
    prep_objects_of,
    prep_tokens,
    subject_tokens,
    town_of,
)
from dyadwatch.events.candidate import CoderResult, EventCandidate
from dyadwatch.events.dates import MONTH_NAMES
from dyadwatch.events.gate import TriggerGate
from dyadwatch.events.lexicon import Frame, Lexicon, default_lexicon, load_lexicon
from dyadwatch.events.modality import Modality, modality, own_flags, reporter_token
from dyadwatch.events.setting import (
    CREDIT_VERBS,
    GATHERINGS,
    HELP_VERBS,
    REBEL_WORDS,
    anchored,
    background_protest,
    clause_state,
    counted,
    flatten,
    for_gathering,
    helped,
    jailer,
    policy_protested,
    thanker,
    truce_other_side,
)
from dyadwatch.events.wordforms import verb_forms
from dyadwatch.model import ActorMention, ActorRef
from dyadwatch.nlp.reparse import is_headline

CODER_VERSION = "dyadwatch-rules-4"

CIVIL_SECTORS = frozenset({"CVL", "OPP", "LAB", "EDU", "REL", "MED", "BUS", "AGR", "REF", "HRI",
                           "ENV", "NGO", "STU", "ACT", "PTY", "REB", "INS"})
ARMED_SECTORS = frozenset({"MIL", "REB", "INS"})
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "press", "pressure", "encourage", "invite",
                            "implore", "force", "order", "tell", "persuade", "allow", "permit",
                            "request", "push", "convince", "help", "instruct", "compel"})
COMPLEMENT_CLAUSE_DEPS = ("xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp")
LOCATION_PREPS = frozenset({"in", "at", "during", "near", "on", "inside", "outside", "across",
                            "alongside", "with", "beside", "among", "amid", "like", "for"})
# verbs that take an event noun through a preposition: "go on strike", "engage in talks"
ENTRY_VERBS = frozenset({"go", "engage", "enter", "participate", "take", "join", "embark"})
# verbs of going somewhere for an event: "flew to Beijing for talks with Xi"
PURPOSE_VERBS = frozenset({"travel", "arrive", "fly", "go", "come", "head", "leave", "return",
                           "gather", "convene", "visit", "land", "meet"})
# nouns that hold an event noun: "a new package of sanctions", "a round of talks"
CONTAINER_NOUNS = frozenset({"package", "round", "set", "series", "wave", "batch", "raft",
                             "hour", "day", "week",
                             "slew", "barrage", "volley", "string", "spate", "number", "host"})
# event types done to a place's people or state when no target is named: "bombed hideouts
# inside Afghanistan", "arrested activists in Minsk", "distributed food in Darfur"
PLACE_TYPES = frozenset({"ASSAULT", "COERCE", "AID", "RETREAT"})
# Coercion or violence by a state's police or government against places where civilians
# live, in a sentence that names that state only, is done to that state's people:
# "police raided homes in the capital" (event data's domestic events). Armed forces are
# left out: "Russian drones struck a school" names one state but may hit another; only a
# named town (see TOWN_SECTORS and actors.places) says whose the place is.
DOMESTIC_TYPES = frozenset({"ASSAULT", "COERCE"})
# Rebels carry the code of the country they fight in, so their attacks on such places
# are domestic too ("the RSF shelled a displacement camp").
DOMESTIC_SECTORS = frozenset({"COP", "GOV", "JUD", "REB", "CRM"})
# Who may act on a town of its own state ("the junta bombed Sagaing", "the RSF shelled
# El Fasher"); a bare state acting on its own town is too often a misparse.
TOWN_SECTORS = DOMESTIC_SECTORS | {"MIL"}
# Acts whose target is a state's whole population (curfew, martial law, internet shutdown,
# and lifting them): the state does them to its own people, no site needed.
POPULATION_CODES = frozenset({"1721", "1722", "1723", "1724", "0811", "0813", "0814"})
POPULATION_WORDS = frozenset({"curfew", "curfews", "martial", "emergency", "lockdown",
                              "internet"})
# Words of a truce (a one-sided truce at home may still name its other side).
TRUCE_WORDS = frozenset({"ceasefire", "ceasefires", "truce", "truces", "cease-fire"})
# Sectors that are the state itself when it acts abroad or threatens or yields.
STATE_SELF = frozenset({None, "GOV", "MIL", "COP", "SPY"})
# Statements that speak to someone: made on a visit, they speak to the host.
STATEMENT_TYPES = frozenset({"CONCEDE", "SUPPORT", "AGREE", "ACCUSE", "REQUEST"})
# Nouns of a trip abroad.
VISIT_NOUNS = frozenset({"visit", "trip", "tour"})
# Prepositions that set a sentence at a meeting that took place ("during talks with X").
SETTING_MEETING_PREPS = frozenset({"during", "at", "on", "after", "following", "in"})
# Participles that say whose a place is: "positions held by the rebels".
HOLDING_VERBS = frozenset({"hold", "control", "occupy", "run", "use", "operate", "man",
                           "seize", "capture"})
# Forces a possessive pronoun gives to the one who speaks of them ("warned its army would").
OWN_FORCES = frozenset({"army", "force", "troop", "military", "fighter", "soldier", "navy",
                        "militia", "movement", "police", "guard", "unit", "men"})
# Verbs of carrying people: in the passive with no agent they name no one who acts.
#: Drills that two states holding them together make military cooperation.
EXERCISE_NOUNS = frozenset({"exercise", "drill", "manoeuvre", "maneuver", "wargame"})
#: Words a crowd protesting fills that the word list of protests lacks ("massed outside",
#: "took to the streets").
CROWD_PLACES = frozenset({"massed", "streets"})
#: Subjects of a march or rally that stand for a crowd of a state's people.
CROWD_WORDS = frozenset({"thousands", "hundreds", "tens", "dozens", "crowds", "crowd",
                         "people", "many", "they", "scores", "throngs", "millions"})
#: Forms of an apology, which a state may make to its own people.
APOLOGY_FORMS = frozenset(verb_forms("apologise") | verb_forms("apologize"))
#: Verbs of asking whose subject a later refusal answers.
ASKING_VERBS = frozenset({"ask", "urge", "call", "demand", "request", "appeal", "press",
                          "propose", "offer", "invite"})
#: Words of a game; two of them in a sentence make its "beat" and "hosted" sport.
GAME_WORDS = frozenset({"match", "penalty", "goal", "cup", "final", "semifinal",
                        "quarterfinal", "tournament", "league", "championship", "striker",
                        "midfielder", "goalkeeper", "team-mate", "teammate", "stadium", "kick",
                        "qualifier", "olympics", "medal", "wicket", "innings", "squad", "coach",
                        "fixture", "score", "scored", "title", "win"})
#: People a state's police or courts take, by the word that names them, and their sector.
HELD_ROLES = {"soldiers": "MIL", "officers": "MIL", "generals": "MIL", "judges": "JUD",
              "prosecutors": "JUD", "officials": "GOV", "journalists": "MED",
              "reporters": "MED", "photojournalist": "MED", "photojournalists": "MED",
              "staff": "CVL", "employees": "CVL", "workers": "CVL", "activists": "CVL",
              "students": "CVL", "lawyers": "CVL", "critics": "CVL", "bloggers": "CVL",
              "dissidents": "OPP", "opponents": "OPP", "members": "CVL", "people": "CVL"}
#: Posts of a state's forces, and the word before them that says whose.
GUARDED_SITES = frozenset({"station", "post", "base", "barracks", "checkpoint", "headquarters",
                           "camp", "outpost", "garrison", "academy", "convoy", "patrol"})
SITE_KEEPERS = {"police": "COP", "army": "MIL", "military": "MIL", "border": "COP",
                "naval": "MIL", "air": "MIL", "security": "COP", "gendarmerie": "COP"}
TAKING_VERBS = frozenset({"seize", "capture", "grab", "snatch", "take", "detain", "hold"})
GEAR_VERBS = frozenset({"arm", "equip"})
CARRY_VERBS = frozenset({"fly", "airlift", "ferry", "bus", "transfer", "move"})
# Symmetric acts that each side does to the other (clashes, prisoner swaps); agreements,
# talks and cooperation stay one undirected event (see ``_dedupe`` and the evaluation).
MUTUAL_ACTS = frozenset({"ASSAULT", "RETREAT"})
# Object pronouns a participle clause uses for the main clause's target.
OBJECT_PRONOUNS = frozenset({"it", "them", "him", "her"})
BACKWARD_NOUNS = frozenset({"group", "movement", "country", "organisation", "organization",
                            "rebels", "militants", "militia", "regime", "kingdom", "island",
                            "bloc", "alliance", "coalition", "junta", "neighbour", "neighbor"})
# Nouns of a death or harm, whose "of" object is the victim.
CASUALTY_NOUNS = frozenset({"death", "killing", "murder", "disappearance", "assassination",
                            "kidnapping", "abduction", "detention", "arrest", "torture",
                            "shooting", "injury", "execution", "imprisonment", "deaths",
                            "killings"})
# Nouns that take up the main clause's act: "condemned the move", "denounced the decision".
EVENT_ANAPHORS = frozenset({"move", "step", "decision", "seizure", "act", "action", "attack",
                            "killing", "arrest", "expulsion", "raid", "strike", "expropriation",
                            "deployment", "detention", "incursion", "announcement", "measure",
                            "ban", "takeover", "annexation", "launch", "test"})
# Frame slots where a town can stand for its state, and event types that are only ever
# done to another state (a visit, an embassy, a ceasefire with someone).
TOWN_SLOTS = ("in", "at", "to", "into", "from", "of")
FOREIGN_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT", "SANCTION"})
# Prepositions that put a meeting around a clause: "said during talks with X".
MEETING_PREPS = frozenset({"during", "at", "on", "after", "before", "ahead", "in"})
# Subjects of "landed", "arrived", "docked" that carry things rather than visit.
VEHICLES = frozenset({"plane", "aircraft", "jet", "airliner", "ship", "vessel", "boat",
                      "convoy", "truck", "lorry", "flight", "helicopter", "ferry", "tanker",
                      "freighter", "airlift"})
# Force a state announces it will use is a threat (CAMEO 13x), by the type it would be.
THREAT_CODES = {"ASSAULT": "138", "MOBILIZE": "138", "COERCE": "137", "SANCTION": "131"}
FUTURE_MODALS = frozenset({"would", "will", "'ll", "wo"})
#: What a threatened party "would" do in a warning: undergo what the speaker does to it.
SUFFERING_VERBS = frozenset({"pay", "suffer", "face", "regret", "receive", "get", "bear", "be",
                             "meet", "lose", "perish", "burn"})
#: Heads of a speaker phrase that names no state ("the foreign ministry said").
UNNAMED_ORGANS = frozenset({"ministry", "government", "office", "spokesman", "spokeswoman",
                            "spokesperson", "statement", "presidency", "council", "official",
                            "officials", "source", "sources", "junta", "authorities"})
#: Verbs whose object is told to act: a participle after the infinitive is their subject's.
ORDERING_VERBS = frozenset({"order", "tell", "give", "force", "instruct", "direct", "allow"})
#: Verbs of warning whose "would ... if" clause is a conditional threat.
WARNING_VERBS = frozenset({"warn", "threaten", "vow", "caution"})
ANNOUNCING_VERBS = frozenset({"say", "warn", "tell", "state", "declare", "announce", "insist",
                              "stress", "vow", "threaten", "caution", "signal", "add"})
# Verbs of a protest's purpose clause whose object is whom the protest is aimed at.
PURPOSE_SPEECH = frozenset({"demand", "press", "call", "urge", "denounce", "condemn",
                            "protest", "oppose", "pressure", "push", "seek", "ask", "decry",
                            "criticise", "criticize", "reject", "accuse", "blame"})
# Verbs whose subject may be an attack noun and whose object is what it hit.
EFFECT_VERBS = frozenset({"hit", "strike", "kill", "wound", "injure", "damage", "destroy",
                          "set", "spark", "cause", "target", "level", "flatten", "knock",
                          "leave", "claim", "ignite", "start", "cut", "rock"})
# Words that make a concession by the one state a sentence names a concession to its own
# people: "withdrew the finance bill", "apologised to the victims".
CONCEDE_WORDS = frozenset({
    "withdraw", "withdrew", "withdrawn", "withdraws", "scrap", "scrapped", "scraps",
    "shelve", "shelved", "shelves", "repeal", "repealed", "repeals", "drop", "dropped",
    "drops", "abandon", "abandoned", "abandons", "reverse", "reversed", "reverses",
    "rescind", "rescinded", "revoke", "revoked", "lift", "lifted", "lifts", "apologise",
    "apologised", "apologises", "apologize", "apologized", "apologizes", "apology", "bow",
    "bowed", "bows", "cave", "caved", "caves", "concede", "conceded", "concedes", "yield",
    "resign", "resigned", "resigns", "resignation", "stepped", "giving", "gave",
    "yielded", "yields", "pardon", "pardoned", "pardons", "u-turn", "backtrack",
    "backtracked", "unban", "unbanned", "legalise", "legalised", "legalize", "legalized"})
# A protest by a state's own people against a law or policy is a protest against its
# government: "thousands of Kenyans protested against the finance bill".
POLICY_WORDS = frozenset({
    "bill", "bills", "law", "laws", "reform", "reforms", "tax", "taxes", "budget", "policy",
    "policies", "measure", "measures", "decree", "austerity", "election", "elections",
    "result", "results", "amendment", "amendments", "constitution", "ban", "crackdown",
    "curfew", "lockdown", "price", "prices", "hike", "hikes", "cuts", "quota", "quotas"})
#: Words of protest: a state's people protesting at home protest against its government.
PROTEST_WORDS = frozenset({
    "protest", "protests", "protested", "protesting", "rally", "rallies", "rallied",
    "rallying", "march", "marches", "marched", "marching", "demonstrate", "demonstrated",
    "demonstrating", "demonstration", "demonstrations", "strike", "strikes", "striking",
    "struck", "walkout", "boycott", "boycotted", "riot", "rioted", "riots", "picket", "picketed"})
#: Words of a crowd that is not against anyone: "rallied in support of", "to celebrate".
NOT_PROTEST = frozenset({"support", "supporter", "celebrate", "celebration", "mark",
                         "commemorate", "honour", "honor", "welcome", "vigil", "mourn",
                         "mourner", "funeral", "pray", "prayer", "parade", "festival",
                         "pride", "anniversary", "victory", "fan", "pilgrim"})
#: ... unless the sentence says what they are against ("supporters of the opposition
#: leader marched to protest against the results").
AGAINST_WORDS = frozenset({"against", "protest", "demand", "oppose", "denounce", "condemn",
                           "resign", "resignation", "anger", "angry", "outrage", "fury",
                           "reject", "end", "stop", "scrap", "release", "free"})
#: What a crowd turns out for that is no protest; its supporters may still march against
#: someone ("supporters of Imran Khan marched on Islamabad").
CROWD_OCCASIONS = NOT_PROTEST - {"support", "supporter"}
#: People a state's police, army or rebels act on at home: "arrested six people".
VICTIM_WORDS = frozenset({
    "people", "men", "women", "children", "suspects", "persons", "workers", "farmers",
    "traders", "youths", "teenagers", "boys", "girls", "party", "parties", "worshippers",
    "passengers", "miners", "herders", "fishermen", "pupils", "mayor", "aides", "critics",
    "opponents", "supporters", "members", "candidates", "politicians", "figures", "man",
    "woman", "person"})
#: People armed groups, police or governments release at home: "freed six hostages".
CAPTIVE_WORDS = frozenset({"hostages", "hostage", "captives", "prisoners", "detainees",
                           "soldiers", "policemen", "officers", "civilians", "people",
                           "workers", "students", "abductees", "passengers", "children",
                           "women", "men", "father", "mother", "son", "daughter"})
#: Verbs of the state's coercion of named people at home ("arrested Jimmy Lai").
ARREST_WORDS = frozenset({"arrested", "detained", "charged", "sentenced", "jailed",
                          "convicted", "indicted", "prosecuted", "imprisoned", "freed",
                          "released"})
#: What such a concession is made on or to ("withdrew the bill", "apologised to the
#: victims"): the one-state sentence must name one, and it becomes the people's phrase.
#: Words saying a government was pressed by its people ("resigned after weeks of protests",
#: "reversing course amid public anger"): its concession is made to them.
PRESSURE_WORDS = frozenset({"protest", "protests", "protesters", "protestors", "demonstrations",
                            "demonstrators", "unrest", "uprising", "anger", "outrage", "fury",
                            "pressure", "demands", "outcry", "backlash", "strikes", "riots"})
#: "after thousands of students protested": pressure in a clause of its own.
PROTEST_VERBS = frozenset({"protest", "demonstrate", "rally", "march", "riot"})
#: Pressure only a state's own people put on it (not "under US pressure").
OPINION_PRESSURE = frozenset({"anger", "outrage", "fury", "pressure", "demands", "outcry",
                              "backlash"})
STREET_PRESSURE = PRESSURE_WORDS - OPINION_PRESSURE
CONCEDE_SITES = PRESSURE_WORDS | POLICY_WORDS | VICTIM_WORDS | {
    "victims", "victim", "families", "relatives", "survivors", "community", "communities",
    "movement", "movements", "union", "unions", "strikers", "students", "teachers",
    "doctors", "nurses", "truckers", "drivers", "campaigners", "activists", "groups",
    "prisoners", "detainees", "inmates", "convicts", "dissidents", "journalists", "reporters",
    "bloggers", "critics"}
SITE_WORDS = frozenset({
    "village", "villages", "town", "towns", "camp", "camps", "school", "schools", "hospital",
    "hospitals", "market", "markets", "home", "homes", "house", "houses", "neighbourhood",
    "neighbourhoods", "neighborhood", "neighborhoods", "mosque", "mosques", "church",
    "churches", "shelter", "shelters", "clinic", "clinics", "residential", "settlement",
    "settlements", "district", "districts", "suburb", "suburbs", "hamlet", "hamlets", "hotel",
    "hotels", "restaurant", "bus", "buses"})
#: Where or whom a state's own police, army, rebels or gangs act on at home.
DOMESTIC_SITES = SITE_WORDS | VICTIM_WORDS
PLACE_PREPS = ("in", "inside", "near", "across", "into", "on", "at", "throughout", "outside")
SLOT_NAMES = frozenset({"dobj", "obj_mod", "iobj", "agent", "ccomp_subj"})


class _Trigger:
    """A matched trigger: the word, its frame, and the tokens that matter for roles."""

    __slots__ = ("tok", "frame", "light", "obj", "complement", "container", "start", "end")

    def __init__(self, tok: Token, frame: Frame, light: Token | None, obj: Token | None,
                 complement: Token | None = None) -> None:
        self.tok = tok
        self.frame = frame
        self.light = light
        self.obj = obj
        self.complement = complement
        self.container: Token | None = None
        idx = [tok.i] + ([light.i] if light is not None else [])
        self.start = min(idx)
        self.end = max(idx) + 1


class RuleCoder:
    """Dictionary-and-parse event coder (the default ``rules`` coder)."""

    name = "rules"

    def __init__(self, lexicon: Lexicon | None = None,
                 user_files: Sequence[str | Path] = ()) -> None:
        if lexicon is None:
            lexicon = load_lexicon(user_files) if user_files else default_lexicon()
        self.lexicon = lexicon
        self.version = f"{CODER_VERSION}+{lexicon.version}+{ontology.TABLE_VERSION}"
        self.dictionary_version = lexicon.version
        self._gate: TriggerGate | None = None
        self._places: Places = load_places()
        # regular forms of the verbs checked by lemma around event nouns: the model's
        # lemmatizer sometimes picks a wrong base ("staged" -> "stag")
        verbs = set(lexicon.light_verbs) | ENTRY_VERBS | PURPOSE_VERBS
        for frames in lexicon.nouns.values():
            for frame in frames:
                verbs |= frame.via or set()
        #: verbs a headline may hold in the present tense (see nlp/reparse.py)
        self.headline_verbs: frozenset[str] = frozenset(lexicon.verbs)
        self._verb_bases: dict[str, frozenset[str]] = {}
        for verb in verbs:
            for form in verb_forms(verb):
                self._verb_bases[form] = self._verb_bases.get(form, frozenset()) | {verb}

    # ------------------------------------------------------------------ prefilter
    def may_code_one_actor(self, words: list[str], mentions: Sequence[ActorMention],
                           towns: Sequence[str] = ()) -> bool:
        """A sentence naming one state may still hold an event: on a town of another state
        ("drones hit a refinery in Saratov") or of its own, where its police, army, rebels
        or government act; on a place where civilians live ("police raided homes"); or a
        concession, curfew or protest at home. ``towns``: ISO3 codes of the towns and
        provinces the sentence names. The trigger gate must be open too."""
        actors = [a for m in mentions for a in actors_of(m)]
        sectors = {a.sector for a in actors}
        codes = {a.code for a in actors}
        return ((not sectors.isdisjoint(TOWN_SECTORS) and bool(towns)
                 or any(code not in codes for code in towns)
                 or not DOMESTIC_SITES.isdisjoint(words)
                 and not sectors.isdisjoint(DOMESTIC_SECTORS | CIVIL_SECTORS)
                 or not (POLICY_WORDS.isdisjoint(words) and PROTEST_WORDS.isdisjoint(words))
                 and not sectors.isdisjoint(CIVIL_SECTORS)
                 or not PRESSURE_WORDS.isdisjoint(words)
                 or not ARREST_WORDS.isdisjoint(words)
                 and not sectors.isdisjoint(DOMESTIC_SECTORS | {"MIL"})
                 or not TRUCE_WORDS.isdisjoint(words)
                 and ("REB" in sectors or not REBEL_WORDS.isdisjoint(words))
                 or not CONCEDE_WORDS.isdisjoint(words) and not CONCEDE_SITES.isdisjoint(words)
                 or not POPULATION_WORDS.isdisjoint(words)
                 or not CROWD_WORDS.isdisjoint(words) and not (
                     PROTEST_WORDS.isdisjoint(words) and CROWD_PLACES.isdisjoint(words))
                 or not APOLOGY_FORMS.isdisjoint(words))
                and self.may_hold_event(words))

    def may_hold_event(self, words: list[str]) -> bool:
        """True if some token is a trigger form with a frame whose words are all present
        (see events/gate.py); set lookups only, and never False for a codable sentence."""
        gate = self._gate
        if gate is None:
            from dyadwatch.nlp.language import lemma_exceptions

            gate = self._gate = TriggerGate(self.lexicon, lemma_exceptions())
        return gate.open(words)

    # ------------------------------------------------------------------ coding
    def code(self, sent: Doc, mentions: list[ActorMention]) -> CoderResult:
        idx = MentionIndex(sent, mentions)
        if not idx.mentions:
            return CoderResult(reason="no_actor")
        if idx.distinct_actors() < 2 and not (self._domestic_possible(sent, idx)
                                              or self._town_possible(sent)):
            return CoderResult(reason="one_actor")
        triggers = self._triggers(sent, idx)
        if not triggers:
            return CoderResult(reason="no_trigger")
        events: list[EventCandidate] = []
        for trig in triggers:
            events.extend(self._events(trig, idx))
        events.extend(self._conditional_threats(sent, idx, events))
        events = _dedupe(events)
        if not events:
            words = ", ".join(sorted({t.tok.text for t in triggers}))
            return CoderResult(reason="no_trigger", detail=f"trigger without both actors: {words}")
        return CoderResult(events=events)

    def _conditional_threats(self, sent: Doc, idx: MentionIndex,
                             coded: list[EventCandidate]) -> list[EventCandidate]:
        """A warning of what one's state would do if another acts: "warned that Iran would
        quit the treaty if the bloc backed sanctions", "warned of civil war if the prime
        minister did not step down". A threat aimed at whoever the condition names, of
        force where the clause speaks of it."""
        frames = self.lexicon.verbs.get("warn") or self.lexicon.verbs.get("threaten")
        if not frames:
            return []
        out: list[EventCandidate] = []
        threats = {(actor_key(e.source), e.target.code) for e in coded if e.type == "THREATEN"}
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in WARNING_VERBS:
                continue
            mod = modality(tok, self.lexicon)
            if mod.negated or mod.hypothetical:
                continue
            clauses = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and any(
                a.dep_ == "aux" and a.lower_ in FUTURE_MODALS for a in c.children)]
            force_words = self.lexicon.classes.get("force_talk", ())
            clauses += [p for p in prep_objects([tok], ("of",)) + children(tok, ("dobj",))
                        if p.lemma_.lower() in force_words]  # "threatened a response if"
            if not clauses:
                continue
            sources, _ = self._verb_sources(tok, idx, mod)
            src = flatten(sources)
            if not src:
                continue
            own = {a.code for a in src}
            keys = {actor_key(a) for a in src}
            for clause in clauses:
                if clause.pos_ in ("VERB", "AUX") and not all(
                        s.lower_ in PRONOUNS or any(a.code in own for m in idx.phrase(s)
                                                    for a in actors_of(m))
                        for s in subject_tokens(clause)):
                    continue  # "warned that Russia would attack if ...": a forecast
                found = [m for m in _condition_subjects(clause, idx, sources)
                         + _condition_subjects(tok, idx, sources)
                         if all(actor_key(a) not in keys for a in actors_of(m))]
                if not found:
                    continue
                words = {t.lemma_.lower() for t in clause.subtree}
                code = "138" if not words.isdisjoint(force_words) else "130"
                ptype, pmode, pctx = _plover(frames[0], code)
                trig = _Trigger(tok, frames[0], None, None)
                for s in src[:1]:
                    for t in flatten(found[:1]):
                        if (actor_key(s), t.code) in threats or t.code == s.code and (
                                t.sector == s.sector):
                            continue
                        out.append(EventCandidate(
                            type=ptype, mode=pmode, context=pctx, cameo=code, source=s,
                            target=t, trigger_start=trig.start, trigger_end=trig.end,
                            negated=False, hypothetical=False, confidence=0.6,
                            reporter=None))
                break
        return out

    # ------------------------------------------------------------------ triggers
    def _verb_lemma(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        if lemma in self.lexicon.verbs:
            return lemma
        low = tok.lower_
        if low.startswith("re-"):  # "re-established" acts as "established" does
            low = low[3:]
        return self.lexicon.verb_lemma_of.get(low)

    def _noun_lemma(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        if lemma in self.lexicon.nouns:
            return lemma
        return self.lexicon.noun_lemma_of.get(tok.lower_)

    @staticmethod
    def _verbish(tok: Token) -> bool:
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            return True
        if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            deps = {c.dep_ for c in tok.children}
            return bool(deps & {"nsubj", "dobj", "nsubjpass", "aux", "auxpass"}) and not (
                deps & {"det", "poss"}
            )
        return False

    def _triggers(self, sent: Doc, idx: MentionIndex) -> list[_Trigger]:
        found: list[_Trigger] = []
        consumed: set[int] = set()
        for tok in sent:
            if tok.dep_ == "amod" or not self._verbish(tok):
                continue  # "surrendering soldiers", "suspected militants": descriptions
            lemma = self._verb_lemma(tok)
            if lemma is None:
                continue
            trig = self._match_verb(tok, lemma, idx)
            if trig is not None:
                found.append(trig)
                if trig.obj is not None and trig.frame.obj is not None:
                    consumed.add(trig.obj.i)
        for tok in sent:
            if tok.i in consumed or tok.pos_ not in ("NOUN", "PROPN", "VERB"):
                continue
            if tok.pos_ == "VERB" and self._verbish(tok) or (
                    tok.lower_ in MONTH_NAMES and tok.is_title):
                continue  # "in March" is no march
            lemma = self._noun_lemma(tok)
            if lemma is None:
                continue
            trig = self._match_noun(tok, lemma, idx)
            if trig is not None:
                found.append(trig)
        return found

    def _complement(self, tok: Token, obj: Token | None) -> Token | None:
        """The clause a verb of intent, request or refusal governs."""
        heads = [tok] + ([obj] if obj is not None else [])
        heads += prep_objects([tok], ("on", "upon"))
        for head in heads:
            for child in head.children:
                if child.dep_ in COMPLEMENT_CLAUSE_DEPS and child.pos_ in ("VERB", "AUX"):
                    if child.lemma_.lower() in self.lexicon.speech_verbs or (
                            child.i < head.i and any(t.text == ";" for t in
                                                     tok.doc[child.right_edge.i:head.i])):
                        continue  # (a clause before a semicolon is a sentence of its own)
                    return child
        return None

    def _match_verb(self, tok: Token, lemma: str, idx: MentionIndex) -> _Trigger | None:
        if lemma in GEAR_VERBS and tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):
            return None  # "gunmen armed with rifles" says what they carried, not who gave it
        obj = object_token(tok)
        if obj is None and lemma in OBJECT_CONTROL:
            # "allowed inspectors to visit": the parser often makes the object the
            # subject of the infinitive
            obj = next((s for c in children(tok, ("ccomp",)) if any(
                a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                for s in children(c, ("nsubj",))), None)
        prts = particles(tok)
        heads = [tok] + ([obj] if obj is not None else [])
        preps = prep_lemmas(heads)
        complement = None
        for frame in self.lexicon.verbs[lemma]:
            if frame.prt and frame.prt not in prts:
                continue
            fobj = obj
            if frame.prep:
                if frame.prep not in preps:
                    continue
                pobjs = prep_objects(heads, (frame.prep,))  # "asked Russia for aid": on obj
                if frame.obj is not None:
                    fobj = pobjs[0] if pobjs else None
            if frame.has_prep and not (frame.has_prep & preps):
                continue
            if frame.obj is not None:
                lemmas = head_lemmas(fobj) if fobj is not None else set()
                if fobj is not None and idx.at(fobj.i) is not None:
                    # "supplied Russia with shells": the goods sit in the with-phrase
                    for w in prep_objects([tok], ("with",)):
                        lemmas |= head_lemmas(w)
                if not (frame.obj & lemmas) and not (
                        "town" in frame.obj and fobj is not None and fobj.pos_ == "PROPN"
                        and town_of(fobj, self._places.lookup) is not None):
                    continue  # (a frame for places takes a named town: "struck Kharkiv")
            if frame.clause_words is not None and frame.role is None and (
                    frame.clause_words.isdisjoint(c.lower_ for c in tok.children)):
                continue  # "would respond militarily": the manner the frame asks for
            if frame.obj_actor and not frame.prep and (fobj is None or idx.at(fobj.i) is None):
                fobj = indirect_object(tok) or fobj  # "gave Armenian forces 24 hours to leave"
            if frame.obj_actor and (fobj is None or idx.at(fobj.i) is None):
                continue
            if frame.role is not None and frame.complement:
                complement = self._complement(tok, fobj)
                if complement is None:
                    continue
                if frame.clause_words is not None and frame.clause_words.isdisjoint(
                        w for t in (*complement.subtree, *tok.children)
                        for w in (t.lemma_.lower(), t.lower_)):
                    continue  # (the clause, or the verb's own words: "gave X 24 hours to")
                if (frame.clause_words is not None and frame.type == "THREATEN"
                        and subject_tokens(complement) + children(complement, ("nsubjpass",))
                        and not any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS
                                    for c in complement.children)):
                    continue  # a threat foretells: "warned that Iran had attacked" is none
            return _Trigger(tok, frame, None, fobj, complement)
        return None

    def _verb_is(self, tok: Token, lemmas: frozenset[str]) -> bool:
        """``tok`` is one of these verbs, by its lemma or by its regular inflection."""
        return tok.lemma_.lower() in lemmas or not lemmas.isdisjoint(
            self._verb_bases.get(tok.lower_, ()))

    def _light_verb(self, tok: Token) -> tuple[Token | None, Token | None]:
        """The verb lending its subject to an event noun, and a container noun between them.

        "held talks", "go on strike", "adopted a new package of sanctions" (container
        "package"). Other verbs governing the noun do not lend their subject.
        """
        head = tok.head
        light = self.lexicon.light_verbs
        if tok.dep_ == "conj" and head.pos_ == "NOUN" and head.i < tok.i:
            return self._light_verb(head)  # "imposed asset freezes and travel bans"
        if tok.dep_ in ("dobj", "nsubjpass", "attr", "obj", "npadvmod", "oprd") and (
                head.pos_ in ("VERB", "AUX")):  # ("staged a march" misread as npadvmod)
            return (head if self._verb_is(head, light) else None), None
        if tok.dep_ != "pobj":
            return None, None
        verb = head.head
        if (head.lower_ in ("on", "in", "into") and verb.pos_ in ("VERB", "AUX")
                and self._verb_is(verb, ENTRY_VERBS)):
            return verb, None
        if (head.lower_ == "for" and verb.pos_ in ("VERB", "AUX")
                and self._verb_is(verb, PURPOSE_VERBS)):  # "travelled to X for talks with Y"
            return verb, None
        if (head.lower_ == "of" and verb.lemma_.lower() in CONTAINER_NOUNS
                and verb.dep_ in ("dobj", "nsubjpass") and self._verb_is(verb.head, light)):
            return verb.head, verb
        return None, None

    def _match_noun(self, tok: Token, lemma: str, idx: MentionIndex) -> _Trigger | None:
        light, container = self._light_verb(tok)
        heads = [tok] + [t for t in (light, container) if t is not None]
        preps = prep_lemmas(heads)
        mods = modifier_lemmas(tok)
        of_objs = prep_objects([tok], ("of",))
        for o in of_objs:
            mods |= head_lemmas(o)
        governor = tok.head if (light is None and tok.dep_ in ("dobj", "nsubjpass")
                                and tok.head.pos_ in ("VERB", "AUX")) else None
        for frame in self.lexicon.nouns[lemma]:
            if frame.via is not None and (light is None or not self._verb_is(light, frame.via)):
                if governor is None or not self._verb_is(governor, frame.via):
                    continue
                # a verb the frame names lends its subject too: "reiterated its support"
                light = governor
                heads = [tok, light]
                preps = prep_lemmas(heads)
            if frame.has_prep and not (frame.has_prep & preps):
                continue
            if frame.obj is not None and not (frame.obj & mods):
                continue
            if frame.civil_only and not self._civil_light_subject(light or _clause_verb(tok),
                                                                   idx):
                continue
            trig = _Trigger(tok, frame, light, of_objs[0] if of_objs else None)
            trig.container = container
            return trig
        return None

    def _civil_light_subject(self, light: Token | None, idx: MentionIndex) -> bool:
        if light is None:
            return False
        found, _ = self._verb_sources(light, idx, Modality())
        return any(_is_civil(a) for m in found for a in actors_of(m))

    # ------------------------------------------------------------------ roles
    def _verb_sources(self, tok: Token, idx: MentionIndex, mod: Modality,
                      depth: int = 0) -> tuple[list[ActorMention], str]:
        subj = agent_tokens(tok) if is_passive(tok) else subject_tokens(tok)
        found: list[ActorMention] = []
        for s in subj:
            found.extend(m for m in idx.phrase(s) if m not in found)
        if found:
            return found, "dep" if depth == 0 else "inherit"
        speech = mod.speech_verb
        if speech is None and tok.dep_ == "ccomp" and (
                tok.head.lemma_.lower() in self.lexicon.speech_verbs):
            speech = tok.head  # reached from a clause hanging off this one
        if subj and speech is not None and all(
                s.lower_ in PRONOUNS or _own_force(s) for s in subj):
            # "X said it would ...", "X warned that its army would ...": the speaker's
            speaker = self._verb_sources(speech, idx, Modality(), depth + 1)[0]
            if speaker:
                return speaker, "inherit"
        if (subj and depth > 0 and tok.lemma_.lower() in self.lexicon.speech_verbs
                and all(s.lower_ in UNNAMED_ORGANS for s in subj)):
            # "X expelled the envoy, the foreign ministry said, accusing Paris of ...": the
            # unnamed ministry speaks for the state whose act it reports
            for clause in children(tok, ("ccomp",)):
                found = [m for s in subject_tokens(clause) for m in idx.phrase(s)]
                if found:
                    return found, "inherit"
        if subj or depth > 4:
            return [], ""
        dep = tok.dep_
        head = tok.head
        if dep == "relcl" or (dep == "acl" and tok.tag_ == "VBG"
                              and tok.lemma_.lower() not in self.lexicon.speech_verbs):
            # ("supporters protesting against the result": the people the clause describes)
            return idx.phrase(head), "inherit"
        if dep == "acl" and tok.tag_ == "VBD" or (
                dep == "acl" and object_token(tok) is not None and not is_passive(tok)):
            # "Israeli airstrikes killed 20 people": a reduced relative cannot take an
            # object, so the parser misread a finite verb; its head noun is the subject
            # ("gang members armed with rifles killed ...": the noun the modifiers hang on)
            node = head
            for _ in range(4):
                found = idx.phrase(node)
                if found or node.dep_ not in ("pobj", "prep", "acl") or node.head.i == node.i:
                    break
                node = node.head
            return found, "inherit"
        if dep == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            obj = object_token(head)
            cands = [obj] if obj is not None else []
            cands += prep_objects([head], ("on", "upon"))
            for c in cands:
                found = idx.phrase(c)
                if found:
                    return found, "inherit"
            return [], ""
        if (dep == "advcl" and tok.tag_ == "VBG" and head.dep_ == "xcomp"
                and head.head.lemma_.lower() in OBJECT_CONTROL | ORDERING_VERBS):
            # "ordered the consul to leave, accusing him of ...": the one who ordered
            return self._verb_sources(head.head, idx, mod, depth + 1)
        if dep in ("xcomp", "conj", "advcl", "ccomp") and head.pos_ in ("VERB", "AUX"):
            return self._verb_sources(head, idx, mod, depth + 1)
        if dep == "xcomp" and head.dep_ in ("acomp", "amod", "attr") and head.head.pos_ in (
            "VERB", "AUX"
        ):  # "X is willing / ready / set to provide ..."
            return self._verb_sources(head.head, idx, mod, depth + 1)
        if dep == "pcomp" and head.lower_ == "for" and head.head.lemma_.lower() in CREDIT_VERBS:
            # "thanked Kuwait for depositing $1 billion": the one thanked did it
            for obj in children(head.head, ("dobj",)):
                found = idx.phrase(obj)
                if found:
                    return found, "inherit"
        if dep == "pcomp" and head.head.pos_ in ("VERB", "AUX"):
            return self._verb_sources(head.head, idx, mod, depth + 1)
        return [], ""

    def _noun_sources(self, trig: _Trigger, idx: MentionIndex,
                      mod: Modality) -> tuple[list[ActorMention], str]:
        tok, frame = trig.tok, trig.frame
        if trig.light is not None:
            found, how = self._verb_sources(trig.light, idx, mod)
            if found:
                return found, how
        found: list[ActorMention] = []
        visit = tok.lemma_.lower() in VISIT_NOUNS
        for child in tok.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                for c in conjuncts(child):
                    m = idx.at(c.i)
                    if m is not None and visit and child.dep_ == "compound" and (
                            m.matched_by.startswith("capital:")):
                        continue  # "during a Buenos Aires visit": where, not who
                    if m is not None and m not in found:
                        found.append(m)
        by = prep_objects([tok], ("by",))
        if not by and trig.obj is not None:
            # "the expulsion of two Russian diplomats by Bulgaria": on the of-object
            by = prep_objects([trig.obj], ("by",))
        if not by and tok.dep_ == "dobj" and not is_passive(tok.head):
            # "criticised joint drills by X and Y": the by-phrase often hangs off the verb
            by = prep_objects([tok.head], ("by",))
        if not by:  # "protests led by students", "a strike called by the unions"
            by = prep_objects(children(tok, ("acl",)), ("by",))
        for b in by:
            found.extend(m for m in idx.phrase(b) if m not in found)
        if not found and "of" not in frame.target:
            for o in prep_objects([tok], ("of",)):
                found.extend(m for m in idx.phrase(o) if m not in found)
        host = _setting_host(trig) if not found else None
        if host is not None:
            # "asked China to restructure its debt during talks with Wang Yi": the meeting
            # is the setting of the clause it hangs on, or of one above it ("urged Israel
            # to let aid in during a call with Macron, his spokesman said": Sisi's call)
            verb = host
            for _ in range(4):  # the nearest finite clause: its subject had the meeting
                if verb.tag_ in ("VBD", "VBZ", "VBP") or verb.dep_ == "ROOT" or (
                        verb.head.i == verb.i):
                    break
                verb = verb.head
            found, how = self._verb_sources(verb, idx, mod)
            return found, "inherit" if found else ""
        node = counted(tok)  # "in one of the largest protests": the protests
        if (not found and node.dep_ == "pobj" and node.head.head.dep_ == "ROOT" and (
                frame.type == "CONSULT" and node.head.lower_ in MEETING_PREPS
                or frame.type == "PROTEST" and node.head.lower_ == "in")):
            # "praised China's efforts during a state visit to Beijing", "poured onto the
            # streets in marches against the government": whoever the clause is about
            found, how = self._verb_sources(node.head.head, idx, mod)
            if frame.type == "PROTEST" and not any(_is_civil(a) for m in found
                                                   for a in actors_of(m)):
                found = []  # "recalled its ambassador in protest": a state's manner, no rally
            return found, "inherit" if found else ""
        return found, "dep" if found else ""

    def _slot(self, slot: str, trig: _Trigger, idx: MentionIndex) -> list[ActorMention]:
        tok, obj = trig.tok, trig.obj
        heads = [tok] + [t for t in (trig.light, trig.container) if t is not None]
        if slot in ("dobj", "obj_mod"):
            if trig.frame.pos == "noun":
                if slot == "obj_mod":
                    return [m for c in tok.children if c.dep_ in ("compound", "amod", "poss")
                            if (m := idx.at(c.i)) is not None]
                return []
            if trig.frame.prep and trig.frame.obj is not None:
                obj = object_token(tok)  # "asked Russia for aid": obj holds "aid"
            if obj is None:
                return []
            if trig.frame.type == "ACCUSE" and obj.lemma_.lower() in CASUALTY_NOUNS:
                # "condemned the killing of two reporters", "investigating the death of a
                # tourist": whose death it was is no target; only who caused it is
                return [m for c in obj.children if c.dep_ in ("poss", "amod", "compound")
                        if (m := idx.at(c.i)) is not None] + [
                    m for a in prep_objects([obj], ("by",)) for m in idx.phrase(a)]
            found = idx.phrase(obj)
            if not found and slot == "obj_mod":
                # "struck positions held by the TPLF": whose the object is
                found = [m for c in children(obj, ("acl",)) if c.lemma_.lower() in HOLDING_VERBS
                         for a in agent_tokens(c) for m in idx.phrase(a)]
            return found
        if slot == "iobj":
            io = indirect_object(tok)
            return idx.phrase(io) if io is not None else []
        if slot == "agent":
            return [m for a in agent_tokens(tok) for m in idx.phrase(a)]
        if slot == "ccomp_subj":
            out: list[ActorMention] = []
            for c in children(tok, ("ccomp",)):
                for s in subject_tokens(c):
                    out.extend(idx.phrase(s))
            return out
        if slot == "on" and trig.frame.pos == "verb" and trig.frame.prep == "on":
            heads = [tok]
        search = heads + (conjuncts(obj) if obj is not None else [])
        out = []
        for prep in prep_tokens(search, (slot,)):
            pobjs = prep_objects_of(prep)
            found = [m for pobj in pobjs for m in idx.phrase(pobj) if not _verb_between(prep, m)]
            near = _adjacent_mention(prep, idx)
            if near is not None and near not in found:
                # keep the parser's reading only for actors coordinated with the adjacent one
                # ("between the Indian and Chinese ministers"); else trust adjacency
                coordinated = {t.i for t in conjuncts(prep.doc[near.tok_start])}
                found = [near] + [m for m in found
                                  if any(i in coordinated for i in range(m.tok_start, m.tok_end))]
            out.extend(m for m in found if m not in out)
        return out

    def _targets(self, trig: _Trigger, idx: MentionIndex,
                 sources: list[ActorMention]) -> tuple[list[ActorMention], str]:
        own = {actor_key(a) for a in flatten(sources)}
        foreign = _by_state(trig.frame)
        for slot in trig.frame.target:
            # the source again ("reopened its embassy, with a Saudi envoy ...") is no target,
            # nor, for acts only done abroad, any body of its own state
            found = [m for m in self._slot(slot, trig, idx)
                     if m not in sources and not _same_actors(m, own, foreign)]
            if found:
                return found, "dep"
        if "for" in trig.frame.target:
            # "refused permission for a Chinese vessel to dock": the for-clause's subject
            heads = [trig.tok] + ([trig.obj] if trig.obj is not None else [])
            for clause in (c for h in heads for c in h.children
                           if c.dep_ in ("advcl", "acl", "ccomp") and any(
                               m.dep_ == "mark" and m.lower_ == "for" for m in c.children)):
                found = [m for sub in subject_tokens(clause) for m in idx.phrase(sub)
                         if m not in sources and not _same_actors(m, own, foreign)]
                if found:
                    return found, "dep"
        if "dobj" in trig.frame.target:
            found = self._antecedent_target(trig, idx, sources)
            if found:
                return found, "antecedent"
        # a town in a place slot the frame names: "reopened its embassy in Tehran"
        places = [s for s in trig.frame.target if s in TOWN_SLOTS]
        for pobj in prep_objects([trig.tok] + ([trig.obj] if trig.obj is not None else []),
                                 places):
            found = self._town_target(pobj, sources, abroad=trig.frame.type in FOREIGN_TYPES)
            if found:
                return found, "town"
        # the parser often hangs the target phrase one level too low ("fighting alongside
        # Russian forces against Ukraine"): look at the preps of the trigger's own objects
        heads = [trig.tok] + ([trig.obj] if trig.obj is not None else [])
        lower = [o for h in heads for c in h.children if c.dep_ in ("prep", "dobj")
                 for o in ([c] if c.dep_ == "dobj" else prep_objects_of(c))]
        if trig.obj is not None:  # "sent planes carrying aid to Gaza": the cargo verb's "to"
            carriers = [trig.obj, *prep_objects([trig.obj], ("of",))]  # "the first of ..."
            lower += [c for o in carriers for c in o.children
                      if c.dep_ == "acl" and c.lemma_.lower() in CARRIER_VERBS]
            # "lifted the sanctions it had imposed on Niger": whom the object was aimed at
            lower += [c for c in trig.obj.children if c.dep_ == "relcl"]
        names = [s for s in trig.frame.target if s not in SLOT_NAMES]
        if lower and names:
            for pobj in prep_objects(lower, names):
                found = [m for m in idx.phrase(pobj) if m not in sources]
                if found:
                    return found, "lower"
        return [], ""

    @staticmethod
    def _antecedent_target(trig: _Trigger, idx: MentionIndex,
                           sources: list[ActorMention]) -> list[ActorMention]:
        """ "severed ties with Israel, accusing it of war crimes": a pronoun object of a
        participle clause is whom the main clause acted on."""
        tok = trig.tok
        obj = object_token(tok) if trig.frame.pos == "verb" else None
        if obj is None or tok.dep_ not in ("advcl", "xcomp", "conj") or idx.at(obj.i) is not None:
            return []
        head = tok.head
        if head.dep_ == "xcomp" and head.head.lemma_.lower() in OBJECT_CONTROL | ORDERING_VERBS:
            head = head.head  # "ordered the consul to leave, accusing him": the consul
        if obj.lemma_.lower() in EVENT_ANAPHORS and any(
                c.lower_ in ("the", "this", "that") for c in obj.children):
            # "X seized two tankers, and Greece condemned the move": whoever made it
            own = {actor_key(a) for a in flatten(sources)}
            for subj in subject_tokens(head):
                found = [m for m in idx.phrase(subj)
                         if m not in sources and not _same_actors(m, own, True)]
                if found:
                    return found
            return []
        backward = obj.lower_ in OBJECT_PRONOUNS or (  # "accusing the group of war crimes"
            obj.lower_ in BACKWARD_NOUNS and any(c.lower_ == "the" for c in obj.children))
        if not backward:
            return []
        objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        for cand in objects + prep_objects([head, *objects], ("with", "on", "against", "to",
                                                               "from")):
            found = [m for m in idx.phrase(cand) if m not in sources]
            if found:
                return found
        return []

    def _fallback_target(self, trig: _Trigger, idx: MentionIndex,
                         sources: list[ActorMention]) -> list[ActorMention]:
        """An actor in the trigger's own clause after it, when the parse gave none.

        Skips location phrases the frame did not ask for and actors in other clauses.
        """
        anchor = trig.light or trig.tok
        allowed = set(trig.frame.target)
        own = {actor_key(a) for a in flatten(sources)}
        for t in anchor.subtree:
            if t.i <= trig.tok.i:
                continue
            m = idx.at(t.i)
            if m is None or m in sources or _same_actors(m, own, _by_state(trig.frame)):
                continue
            node, ok = t, True
            where = LOCATION_PREPS | ({"from"} if trig.frame.type == "CONCEDE" else set())
            while node.i != anchor.i and node.head.i != node.i:
                if node.dep_ == "pobj" and node.head.lower_ in where - allowed:
                    ok = False  # ("resigned by email from Singapore": where he was)
                if (node.dep_ == "pobj" and node.head.lower_ == "of"
                        and trig.frame.type == "ACCUSE"
                        and node.head.head.lemma_.lower() in CASUALTY_NOUNS):
                    ok = False  # the victim of what is condemned or investigated
                if node.pos_ in ("VERB", "AUX") and node.i != t.i and not (
                        node.dep_ == "acl" and node.lemma_.lower() in CARRIER_VERBS):
                    ok = False  # (a cargo's "planes carrying tents ... to Turkey" is no clause)
                node = node.head
            if ok:
                return [m]
        return []

    def _effect_target(self, trig: _Trigger, idx: MentionIndex,
                       sources: list[ActorMention]) -> list[ActorMention]:
        """What an attack noun did, when it is the subject: "a Russian missile strike
        killed five Ukrainian soldiers", "a drone attack hit a refinery in Saratov"."""
        tok = trig.tok
        if trig.frame.pos != "noun":
            return []
        relcl = [c for c in tok.children if c.dep_ == "relcl"]
        verb = relcl[0] if relcl else tok.head  # "a drone attack that set ablaze two plants"
        if verb.lemma_.lower() not in EFFECT_VERBS or (
                not relcl and tok.dep_ not in ("nsubj", "nsubjpass")):
            return []
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        for obj in objects:
            found = [m for m in idx.phrase(obj) if m not in sources]
            if found:
                return found
        effect = _Trigger(verb, trig.frame, None, objects[0] if objects else None)
        return self._location_target(effect, idx, sources) or self._location_target(
            effect, idx, sources, nested=True)

    def _purpose_target(self, trig: _Trigger, idx: MentionIndex,
                        sources: list[ActorMention]) -> list[ActorMention]:
        """Whom a protest is aimed at, by the clause saying what it is for: "marched to
        demand the resignation of the government", "rallied, calling on Seoul to act"."""
        anchor = trig.light or trig.tok
        for clause in anchor.children:
            if clause.dep_ not in ("advcl", "xcomp") or (
                    clause.lemma_.lower() not in PURPOSE_SPEECH):
                continue
            heads = [c for c in clause.children if c.dep_ in ("dobj", "dative")]
            heads += prep_objects([clause], ("on", "against", "for", "to", "of", "from"))
            for head in heads:
                found = [m for m in idx.phrase(head) if m not in sources]
                if found:
                    return found
        return []

    def _location_target(self, trig: _Trigger, idx: MentionIndex,
                         sources: list[ActorMention], nested: bool = False
                         ) -> list[ActorMention]:
        """Where a strike, raid, arrest or aid delivery happened, when no one is named.

        Event data codes "killed 20 people in southern Lebanon" as an act on Lebanon: the
        place stands for its state when the victims are unnamed. Only the trigger's own
        phrases and its object's count, not places further down the sentence.
        """
        heads = [t for t in (trig.tok, trig.light, trig.obj) if t is not None]
        heads += [c for h in list(heads) for c in h.children if c.dep_ in ("dobj", "dative")]
        # "bombed fuel depots and a power station at the port": each object's place
        heads += [c for h in list(heads) if h is not trig.tok for c in conjuncts(h)
                  if c not in heads]
        # "distributed food to families in Darfur": places one phrase further down count
        heads += [o for h in list(heads) for c in h.children
                  if c.dep_ == "prep" and c.lower_ not in PLACE_PREPS for o in prep_objects_of(c)]
        preps = PLACE_PREPS + ("from", "of") if trig.frame.type == "RETREAT" else PLACE_PREPS
        pobjs = prep_objects(heads, preps)
        if nested:
            # "bombed a bus at a market in Dahyan in northern Yemen's Saada province": a
            # place inside a place, or where the object was ("a bus carrying children at")
            inner = [c for h in heads for c in h.children if c.dep_ == "acl"]
            inner += [c for a in list(inner) for c in a.children if c.dep_ == "dobj"]
            inner += prep_objects(inner, PLACE_PREPS)
            for _ in range(2):
                inner += [p for p in prep_objects(pobjs + inner, ("in", "near", "at"))
                          if p not in pobjs and p not in inner]
                # "at the Houthi-held port of Hodeidah": the town a place noun names
                inner += [p for p in prep_objects([o for o in pobjs + inner
                                                   if o.lemma_.lower() in PLACE_HEADS], ("of",))
                          if p not in pobjs and p not in inner]
            pobjs = [p for p in inner if p.dep_ == "pobj" and p not in pobjs]
        for pobj in pobjs:
            found = [m for m in idx.phrase(pobj) if m not in sources]
            if found:
                return found
        # a town or province no actor phrase covers: "shelled Kharkiv", "in Zamfara state"
        objects = [c for h in heads for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
        # (an inquiry at home is no act on one's own state: "police are investigating a death
        # in Mombasa")
        abroad = trig.frame.type == "ACCUSE"
        for tok in [*objects, *pobjs]:
            town = self._town_target(tok, sources, abroad=abroad)
            if town:
                return town
        return []

    def _town_target(self, tok: Token, sources: list[ActorMention],
                     abroad: bool = False) -> list[ActorMention]:
        """The state a named town or province lies in, as the target of an act on it.

        A town of the source's own state is a target only for its police, government,
        rebels or army ("the junta bombed Sagaing"), and never when ``abroad`` (a visit);
        a bare state name stays out.
        """
        found = town_of(tok, self._places.lookup)
        if found is None:
            return []
        code, first, last = found
        src = flatten(sources)
        if any(a.code == code and (abroad or a.sector not in TOWN_SECTORS) for a in src):
            return []
        doc = tok.doc
        base = int(doc.user_data.get("offset", 0))
        span = doc[first.i:last.i + 1]
        target = ActorRef(code=code, sector=None, name=span.text, text=span.text,
                          start=base + span.start_char, end=base + span.end_char,
                          kind="country")
        return [ActorMention(actor=target, tok_start=span.start, tok_end=span.end,
                             matched_by=f"town:{span.text}")]

    def _town_possible(self, sent: Doc) -> bool:
        """Might a town or province give a one-state sentence its target? (errs wide)"""
        first = self._places.first_words
        return any(t.is_title and t.lower_ in first for t in sent if t.i > 0)

    @staticmethod
    def _domestic_possible(sent: Doc, idx: MentionIndex) -> bool:
        codes = {a.code for m in idx.mentions for a in actors_of(m)}
        return len(codes) == 1 and any(
            t.lower_ in DOMESTIC_SITES or t.lower_ in CONCEDE_SITES or t.lower_ in POPULATION_WORDS
            or t.lower_ in PROTEST_WORDS or t.lower_ in ARREST_WORDS or t.lower_ in TRUCE_WORDS
            for t in sent)

    def _domestic_target(self, trig: _Trigger, idx: MentionIndex,
                         sources: list[ActorMention]) -> list[ActorMention]:
        """The civilians of the one state named, when the act falls on where they live.

        Only when every actor of the sentence belongs to that state, and the site is the
        trigger's object or the object of its on/at/in/against phrase.
        """
        codes = {a.code for m in idx.mentions for a in actors_of(m)}
        src = flatten(sources)
        if (len(codes) > 1 and src and trig.frame.type == "CONCEDE"
                and src[0].sector in (None, "GOV", "LEG", "JUD", "PTY")):
            # "resigned from Singapore after months of protests": to his own people still
            pressed = next((t for t in trig.tok.sent if t.lower_ in STREET_PRESSURE or (
                t.lower_ in OPINION_PRESSURE and any(c.lower_ in ("public", "popular")
                                                   for c in t.children))), None)
            if pressed is not None:
                return [anchored(pressed, src[0].code, "CVL", "pressed-by-people")]
        if len(codes) != 1 or not src or src[0].code not in codes:
            return []
        if _protest_frame(trig.frame) and _is_civil(src[0]):
            # a state's people protesting at home protest against its government, unless
            # the crowd came to back someone or to celebrate, mourn or remember
            # ("students and their supporters" are protesters all the same)
            lemmas = {t.lemma_.lower() for t in trig.tok.sent
                      if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children)}
            if not lemmas.isdisjoint(NOT_PROTEST) and lemmas.isdisjoint(AGAINST_WORDS):
                return []
            return [anchored(trig.tok, src[0].code, "GOV", "protest-at-home")]
        elif trig.frame.type == "CONCEDE" and src[0].sector in (None, "GOV", "LEG", "JUD",
                                                                 "PTY"):
            words, sector = CONCEDE_SITES, "CVL"
        elif trig.frame.type in DOMESTIC_TYPES and src[0].sector in DOMESTIC_SECTORS:
            words, sector = DOMESTIC_SITES, "CVL"
        elif trig.frame.type == "RETREAT" and src[0].sector in DOMESTIC_SECTORS:
            words, sector = CAPTIVE_WORDS, "CVL"  # "the ELN freed six hostages"
        else:
            return []
        heads = [t for t in (trig.tok, trig.light, trig.obj) if t is not None]
        sites = [c for h in heads for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
        sites = [counted_of(c) if c.dep_ == "dobj" else c for c in sites]
        sites += prep_objects(heads, ("on", "at", "in", "against", "into", "near", "over",
                                      "to", "for"))
        for site in sites:
            yielded_to = (trig.frame.type == "CONCEDE" and site.dep_ == "pobj"
                          and site.head.lower_ == "to" and "to" in trig.frame.target)
            # "police arrested three suspected militants": the state's own armed opponents
            taken = trig.frame.type == "COERCE" and (
                site.dep_ in ("dobj", "nsubjpass") or counted_of(site.head.head).i == site.i)
            held_rebels = taken and site.lower_ in REBEL_WORDS | {"suspects", "gunmen"}
            # "detained 3,000 soldiers", "sentenced several journalists": its own people
            held = HELD_ROLES.get(site.lower_) if taken else None
            guarded = _guarded_site(site) if trig.frame.type == "ASSAULT" else None
            if (site.lower_ not in words and not yielded_to and not held_rebels
                    and guarded is None and held is None
                    and not self._held_person(site, trig)) or idx.at(site.i) is not None:
                continue  # ("gave in to the indigenous movement": whoever it is, at home)
            span = site.doc[site.left_edge.i : site.i + 1]
            base = int(site.doc.user_data.get("offset", 0))
            country = src[0]
            target = ActorRef(code=country.code,
                              sector=guarded or held or ("REB" if held_rebels else sector),
                              text=span.text,
                              start=base + span.start_char, end=base + span.end_char,
                              kind="country")
            return [ActorMention(actor=target, tok_start=span.start, tok_end=span.end,
                                 matched_by=f"site:{site.lower_}")]
        if trig.frame.type == "CONCEDE":
            pressed = next((t for t in trig.tok.sent if t.lower_ in PRESSURE_WORDS or (
                t.pos_ == "VERB" and t.lemma_.lower() in PROTEST_VERBS)), None)
            if pressed is not None:
                return [anchored(pressed, src[0].code, "CVL", "pressed-by-people")]
        return []

    def _acts_abroad(self, verb: Token) -> bool:
        """Is ``verb`` a trigger of acts a state does to another (sanctions, deals)?"""
        lemma = self._verb_lemma(verb)
        return lemma is not None and any(f.type in FOREIGN_TYPES
                                         for f in self.lexicon.verbs.get(lemma, ()))

    @staticmethod
    def _shared_target(verb: Token, idx: MentionIndex,
                       sources: list[ActorMention]) -> list[ActorMention]:
        """Whom the first of two coordinated acts was aimed at."""
        heads = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        heads += prep_objects([verb, *heads], ("with", "on", "against", "to"))
        return _first_other(heads, idx, sources)

    def _apologised_to(self, trig: _Trigger, idx: MentionIndex,
                       sources: list[ActorMention]) -> list[ActorMention]:
        """Whom an apology naming nobody is owed to: where the wrong was done ("for its
        colonial-era crimes in Tanzania"), else the one other state the news names or the
        host of a visit it was made on, else, in news of one state, its own people
        ("apologised for the martial law decree")."""
        found = (self._location_target(trig, idx, sources) or _other_state(idx, sources)
                 or self._visited(trig.tok.sent, idx, sources))
        if found:
            return found
        codes = {a.code for m in idx.mentions for a in actors_of(m)}
        src = flatten(sources)
        if src and codes == {src[0].code} and src[0].sector in STATE_SELF:
            return [anchored(trig.tok, src[0].code, "CVL", "apologised-at-home")]
        return []

    @staticmethod
    def _met_in_setting(host: Token, idx: MentionIndex,
                        sources: list[ActorMention]) -> list[ActorMention]:
        """Whom a meeting naming nobody else was with: whom its clause addresses ("told his
        Pakistani counterpart in a telephone call"), else whoever its clause is about
        ("Thailand and Cambodia agreed at talks hosted by Malaysia")."""
        heads = [c for c in host.children if c.dep_ in ("dobj", "dative", "iobj")]
        heads += prep_objects([host], ("to", "with"))
        heads += subject_tokens(host)
        return _first_other(heads, idx, sources)

    def _visited(self, sent: Doc, idx: MentionIndex,
                 sources: list[ActorMention]) -> list[ActorMention]:
        """Whom a statement made on a visit is addressed to: "apologised for colonial-era
        violence during a state visit to Indonesia" -> Indonesia."""
        for tok in sent:
            if tok.lemma_.lower() not in VISIT_NOUNS or tok.dep_ != "pobj" or (
                    tok.head.lower_ not in ("during", "on", "in", "of")):
                continue  # ("at the start of a state visit")
            for pobj in prep_objects([tok], ("to",)):
                found = [m for m in idx.phrase(pobj) if m not in sources]
                if not found:
                    found = self._town_target(pobj, sources, abroad=True)
                if found:
                    return found
            return self._town_abroad(sent, sources)  # "during a state visit", "in Bogor"
        return []

    def _town_abroad(self, sent: Doc, sources: list[ActorMention]) -> list[ActorMention]:
        """A town of another state the sentence says something took place in."""
        for tok in sent:
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at"):
                found = self._town_target(tok, sources, abroad=True)
                if found:
                    return found
        return []

    def _captive(self, obj: Token | None) -> bool:
        """Could what was released be people ("hostages", "Sean Turnell"), not goods?"""
        return obj is None or obj.pos_ == "PROPN" or obj.lower_ in CAPTIVE_WORDS or (
            obj.lemma_.lower() in self.lexicon.classes.get("prisoners", ()))

    def _held_person(self, site: Token, trig: _Trigger) -> bool:
        """A named person the state's own police or courts arrest, charge or sentence
        ("police arrested Jimmy Lai"): a name that is no place is one of its people."""
        if trig.frame.type != "COERCE" or site.dep_ not in ("dobj", "nsubjpass"):
            return False
        if site.pos_ != "PROPN" or not site.is_title:
            return False
        return town_of(site, self._places.lookup) is None

    def _population_target(self, trig: _Trigger, idx: MentionIndex,
                           sources: list[ActorMention],
                           found: list[ActorMention]) -> list[ActorMention]:
        """Whom a curfew, martial law or shutdown falls on: the place its on/in phrase
        names ("a curfew on Hebron"), else the declaring state's own people, whoever else
        the sentence names ("citing insecurity along the border with Somalia")."""
        if not _inside_place_phrase(trig, found):
            found = self._location_target(trig, idx, sources)
        if _inside_place_phrase(trig, found):
            return found
        src = flatten(sources)
        if not src or src[0].sector not in TOWN_SECTORS | {None}:
            return []
        return [anchored(trig.tok, src[0].code, "CVL", "population")]

    def _fallback_source(self, trig: _Trigger, idx: MentionIndex) -> list[ActorMention]:
        """The actor right before the trigger (at most two tokens away) when parse fails."""
        anchor = trig.light or trig.tok
        for i in range(anchor.i - 1, max(anchor.i - 4, -1), -1):
            m = idx.at(i)
            if m is not None:
                tok = anchor.doc[m.tok_start:m.tok_end].root
                if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS:
                    return []  # "blocked highways across France to protest": a place
                return [m]
            t = anchor.doc[i]
            if t.pos_ not in ("AUX", "ADV", "PART", "PUNCT", "DET") and t.lower_ != "'s":
                break
        return []

    # ------------------------------------------------------------------ events
    def _complement_code(self, trig: _Trigger, idx: MentionIndex) -> tuple[str, _Trigger | None]:
        frame = trig.frame
        table = dict(frame.complement)
        inner = None
        if trig.complement is not None:
            lemma = self._verb_lemma(trig.complement)
            if lemma is not None:
                inner = self._match_verb(trig.complement, lemma, idx)
            if inner is None:
                for child in trig.complement.children:
                    if child.dep_ in ("dobj", "nsubjpass"):
                        nl = self._noun_lemma(child)
                        if nl is not None:
                            inner = self._match_noun(child, nl, idx)
                            break
        if inner is None:
            return table.get("default", frame.code), None
        f = inner.frame
        for key in (f"{f.type}.{f.context}", f"{f.type}.{f.mode}", f.type):
            if key in table:
                return table[key], inner
        return table.get("default", frame.code), inner

    def _events(self, trig: _Trigger, idx: MentionIndex) -> list[EventCandidate]:
        frame = trig.frame
        if frame.type in ("ASSAULT", "CONSULT") and _in_a_game(trig.tok):
            return []  # "Senegal beat Egypt on penalties", "the side that hosted Ghana"
        anchor = trig.light or trig.tok
        mod = modality(anchor, self.lexicon)
        if trig.light is not None:
            own = modality(trig.tok, self.lexicon)
            mod.negated = mod.negated or own.negated
            mod.hypothetical = mod.hypothetical or own.hypothetical
        if mod.alleged:
            return []
        if _setting_meeting(trig) or (
                frame.pos == "noun" and _protest_frame(frame) and background_protest(trig.tok)):
            mod.negated = mod.hypothetical = False  # it took place; the clause's verb may not
        conf = frame.conf
        if frame.pos == "verb":
            sources, how = self._verb_sources(trig.tok, idx, mod)
            if not sources and _protest_frame(frame) and _crowd_subject(trig.light or trig.tok):
                # "police arrested dozens as thousands marched against the bill": the
                # people of the state the sentence is about
                state = clause_state(trig.tok, idx)
                if state is not None:
                    sources, how = [anchored(trig.tok, state, "CVL", "crowd")], "people"
        else:
            sources, how = self._noun_sources(trig, idx, mod)
            if not sources and _protest_frame(frame) and background_protest(trig.tok):
                # "resigned after weeks of student-led protests": the people of the state
                # the sentence is about protested against its government
                state = clause_state(trig.tok, idx)
                if state is not None:
                    sources, how = [anchored(trig.tok, state, "CVL", "protesters")], "people"
        if how == "inherit":
            conf -= 0.05
        sources = _specific(sources, trig.tok.doc)
        if (frame.type == "MOBILIZE" and trig.tok.lemma_.lower() in EXERCISE_NOUNS
                and len({a.code for a in flatten(sources)}) >= 2):
            # "Indian and French warships began a naval exercise": drills held together
            frame = trig.frame = msgspec.structs.replace(
                frame, type="COOPERATE", code="062", mode=None, context=None, symmetric=True,
                target=("with",))
        code = frame.code
        inner = None
        if frame.complement:
            code, inner = self._complement_code(trig, idx)
        symmetric = frame.symmetric or (
            frame.role == "intent" and inner is not None and inner.frame.symmetric)
        targets: list[ActorMention] = []
        if frame.role in ("intent", "refuse") and trig.complement is not None:
            if inner is None:  # no event word in the clause: its objects may still be the target
                inner = _Trigger(trig.complement, trig.frame, None, object_token(trig.complement))
                slots = ("dobj", "against", "to", "with", "on", "at")
                inner.frame = msgspec.structs.replace(
                    frame, target=slots + tuple(s for s in frame.target if s not in slots))
            targets, _ = self._targets(inner, idx, sources)
        if not targets:
            targets, _ = self._targets(trig, idx, sources)
        if symmetric and "between" in frame.target:
            # "hosted talks between X and Y": the parties are X and Y, not the host
            parties = [m for m in self._slot("between", trig, idx)]
            if len(flatten(parties)) >= 2:
                sources, targets = parties[:1], parties[1:]
        if (not sources and frame.type == "MOBILIZE" and frame.pos == "verb"
                and is_passive(trig.tok) and not agent_tokens(trig.tok)):
            # "Greece's armed forces were put on high alert": who was mobilised mobilises
            sources = [m for s in children(trig.tok, ("nsubjpass",)) for m in idx.phrase(s)]
            targets = [m for m in targets if m not in sources]
        if not sources:
            if symmetric and len(targets) >= 2:
                sources, targets = [targets[0]], targets[1:]
            else:
                sources = [m for m in self._fallback_source(trig, idx) if m not in targets]
                conf -= 0.3
        if not sources:
            return []
        announcer = self._announcer(anchor, idx, mod)
        if frame.only_announced and announcer is None:
            return []
        if frame.only_announced and not targets:
            # "would respond with full force if Cambodian troops entered": whom the threat
            # is aimed at is the one the condition names
            targets = _condition_subjects(anchor, idx, sources)
        if frame.type == "CONSULT" and frame.mode == "visit" and for_gathering(anchor, idx):
            # "arrived in Addis Ababa for an African Union summit": a gathering, no visit
            # to the host
            return []
        if (frame.pos == "verb" and is_passive(trig.tok) and not agent_tokens(trig.tok)
                and (frame.type == "CONSULT" or self._verb_is(trig.tok, CARRY_VERBS))):
            # "the two men were flown to Ankara": whoever was carried visited nobody, and
            # nobody named carried them
            return []
        if (frame.type == "THREATEN" and frame.role == "intent" and trig.complement is not None
                and _third_party_forecast(trig.complement, idx, sources)):
            return []  # "Germany warned that Russia would attack NATO": no threat of its own
        pairs: list[tuple[ActorRef, ActorRef]] = []
        src_actors = flatten(sources)
        src_civil = bool(src_actors) and _is_civil(src_actors[0])
        recip = _reciprocal(trig) and len(src_actors) >= 2
        if frame.code in POPULATION_CODES and not (frame.code == "1721" and targets):
            # (a named outlet silenced is the target: "suspended broadcasters RFI and ...")
            targets = self._population_target(trig, idx, sources, targets)
            conf -= 0.15
        elif not targets and not recip and not (symmetric and len(src_actors) >= 2):
            targets = self._fallback_target(trig, idx, sources)
            host = _setting_host(trig) if not targets else None
            if host is not None:
                targets = self._met_in_setting(host, idx, sources)
            if not targets and _protest_frame(frame):
                targets = self._purpose_target(trig, idx, sources) or jailer(
                    trig.tok.sent, idx, sources)
                if not targets and src_civil:
                    targets = policy_protested(anchor, self.lexicon.classes.get("policy", ()),
                                               idx, sources)
            if not targets and frame.type == "MOBILIZE":
                targets = _other_state(idx, sources)
            if not targets and frame.type == "REJECT":
                # "X urged Iran to let inspectors in, but Tehran rebuffed the call": whoever
                # made the request the sentence reported first
                targets = _requester(trig.tok, idx, sources)
            if not targets and frame.type in ("SANCTION", "COOPERATE") and (
                    trig.tok.dep_ == "conj" and frame.pos == "verb"
                    and self._acts_abroad(trig.tok.head)):
                # "suspended trade with India and downgraded ties": the same counterpart
                targets = self._shared_target(trig.tok.head, idx, sources)
            if not targets and frame.type == "THREATEN" and trig.obj is not None:
                # "threatens a new offensive against Kurdish fighters in northern Syria"
                targets = self._location_target(trig, idx, sources) or (
                    self._location_target(trig, idx, sources, nested=True)) or (
                    _other_state(idx, sources))  # "...; Taliban vows response"
            if not targets and frame.type == "AID":
                targets = helped(anchor, idx, sources) or thanker(anchor, idx, sources)
            if not targets and code.startswith("055"):
                targets = self._apologised_to(trig, idx, sources)
            if not targets and code == "0871":
                targets = truce_other_side(trig.tok, sources)
            if not targets and frame.type in STATEMENT_TYPES:
                targets = self._visited(trig.tok.sent, idx, sources)
            if not targets and frame.type == "CONSULT" and frame.mode == "visit":
                # arriving in another state's town is visiting that state ("landed in Yangon")
                for pobj in prep_objects([anchor], ("in", "at", "to")):
                    targets = self._town_target(pobj, sources, abroad=True)
                    if targets:
                        break
                if not targets and frame.pos == "noun" and trig.tok.lemma_.lower() in VISIT_NOUNS:
                    # "apologised ... in Bogor during a state visit": where the visit was
                    targets = self._town_abroad(trig.tok.sent, sources)
            domestic = (frame.type in DOMESTIC_TYPES or frame.type in ("CONCEDE", "RETREAT")
                        or _protest_frame(frame))
            placed = _acts_on_place(frame) and not (
                code == "0841" and not self._captive(trig.obj))  # "released a new phone"
            if not targets and (placed or domestic):
                if placed:
                    targets = self._effect_target(trig, idx, sources)
                if not targets and placed:
                    targets = self._location_target(trig, idx, sources)
                if not targets and domestic:
                    targets = self._domestic_target(trig, idx, sources)
                if not targets and placed:
                    targets = self._location_target(trig, idx, sources, nested=True)
                conf -= 0.15
            else:
                conf -= 0.3
        if how == "people" and not targets:
            targets = [anchored(trig.tok, flatten(sources)[0].code, "GOV", "protested")]
        tgt_actors = flatten(targets)
        if recip:
            # "Russia and Ukraine blamed each other": both directions
            tgt_actors = []
            pairs = [(a, b) for a in src_actors for b in src_actors if a is not b]
        elif tgt_actors:
            pairs = [(s, t) for s in src_actors for t in tgt_actors]
        elif symmetric and frame.type in MUTUAL_ACTS:
            # "Kyrgyz and Tajik troops exchanged fire": each side fired on the other
            pairs = [(a, b) for a in src_actors for b in src_actors if a is not b]
        elif symmetric:  # talks, agreements, cooperation: one undirected event
            pairs = [(a, b) for i, a in enumerate(src_actors) for b in src_actors[i + 1:]]
        if frame.reverse:
            pairs = [(t, s) for s, t in pairs]
        reporter = self._reporter(trig, idx, mod)
        out: list[EventCandidate] = []
        for s, t in pairs:
            if actor_key(s) == actor_key(t):
                continue
            pcode = code
            if frame.civil_code and _is_civil(s) and not (
                    s.sector in ARMED_SECTORS and frame.type == "ASSAULT"):  # rebels storming
                pcode = frame.civil_code
            elif frame.civil_only and not _is_civil(s):
                continue
            if frame.military_only and s.sector not in ARMED_SECTORS:
                continue
            ptype, pmode, pctx = _plover(frame, pcode)
            if ptype == "CONSULT" and s.sector == "CVL":
                continue  # tourists, students and pilgrims visiting consult nobody
            carrier = _vehicle(anchor) if ptype == "CONSULT" and pmode == "visit" else None
            if carrier is not None:
                # "a transport plane carrying tents landed in Kathmandu": a delivery or
                # nothing, never a visit
                if head_lemmas(carrier).isdisjoint(self.lexicon.classes.get("aid_goods", ())):
                    continue
                pcode = "070"
                ptype, pmode, pctx = _plover(frame, pcode)
            elif ptype == "CONSULT" and pmode == "visit" and s.sector in ("MIL", "COP") and (
                    s.person_id is None):
                # troops or police arriving somewhere visit nobody: sent to help, they are aid
                if not _sent_to_help(anchor):
                    continue
                pcode = "072"
                ptype, pmode, pctx = _plover(frame, pcode)
            elif ptype == "COERCE" and s.sector in ("REB", "CRM") and _people_taken(trig, t):
                # rebels or gangs seizing people abduct them: force, not a state's coercion
                pcode = "181"
                ptype, pmode, pctx = _plover(frame, pcode)
            elif ptype == "AID" and s.sector == "REB" and t.code == s.code:
                # rebels handing weapons to their own state's army are disarming
                pcode = "0873"
                ptype, pmode, pctx = _plover(frame, pcode)
            hypothetical = mod.hypothetical
            if ptype in THREAT_CODES and announcer is not None and announcer.code == s.code:
                # "Iran said it would retaliate": a state announcing its own force is a threat
                pcode = THREAT_CODES[ptype]
                ptype, pmode, pctx = _plover(frame, pcode)
                hypothetical = False
            elif frame.only_announced:
                continue  # someone else's forecast of force is no event
            elif (ptype == "CONCEDE" and announcer is not None and announcer.code == s.code
                  and not mod.negated):
                hypothetical = False  # "announced that his government would repeal the laws"
            rep = reporter if reporter is not None and actor_key(reporter) not in (
                actor_key(s), actor_key(t)) else None
            out.append(EventCandidate(
                type=ptype, mode=pmode, context=pctx, cameo=pcode,
                source=s, target=t,
                trigger_start=trig.start, trigger_end=trig.end,
                negated=mod.negated, hypothetical=hypothetical,
                confidence=round(max(0.05, min(conf, 0.99)), 2), reporter=rep,
            ))
        return out

    def _announcer(self, anchor: Token, idx: MentionIndex, mod: Modality) -> ActorRef | None:
        """Who announced an event that will (or would) happen: "X said it would strike",
        "Erdogan warned that Ankara would launch an operation". None if it is a fact, a
        denial, or nobody announced it."""
        if not mod.hypothetical or mod.negated or not any(
                c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in anchor.children):
            return None
        node = anchor
        for _ in range(3):
            if node.dep_ not in ("ccomp", "advcl", "conj", "xcomp") or node.head.i == node.i:
                return None
            node = node.head
            if node.lemma_.lower() in ANNOUNCING_VERBS:
                for subj in subject_tokens(node):
                    found = idx.phrase(subj)
                    if found and actors_of(found[0]):
                        return actors_of(found[0])[0]
                return None
        return None

    def _reporter(self, trig: _Trigger, idx: MentionIndex, mod: Modality) -> ActorRef | None:
        for tok in reporter_token(trig.light or trig.tok, mod.speech_verb, self.lexicon):
            found = idx.phrase(tok)
            if found:
                actors = actors_of(found[0])
                if actors:
                    return actors[0]
        return None


def _specific(mentions: list[ActorMention], doc: Doc) -> list[ActorMention]:
    """Drop a bare state in the possessive beside a body of its own ("Sudan's paramilitary
    Rapid Support Forces" misparsed as two subjects); a party coordinated with it
    ("Colombia and the ELN") stays."""
    if len(mentions) < 2:
        return mentions
    sectored = {a.code for m in mentions for a in actors_of(m) if a.sector is not None}
    kept = [m for m in mentions if m.members or not (
        m.actor.sector is None and m.actor.code in sectored
        and any(t.dep_ == "poss" for t in doc[m.tok_start:m.tok_end]))]
    return kept or mentions


def _setting_meeting(trig: _Trigger) -> bool:
    """A meeting in a phrase setting a past-tense sentence: "asked China to restructure the
    debt during talks with Wang Yi", "praised the reforms on a visit to Astana"."""
    return _setting_host(trig) is not None


def _setting_host(trig: _Trigger) -> Token | None:
    """The verb a setting meeting's phrase hangs on (see ``_setting_meeting``)."""
    tok = trig.tok
    if trig.frame.type != "CONSULT" or trig.frame.pos != "noun" or trig.light is not None:
        return None
    if tok.dep_ != "pobj" or tok.head.lower_ not in SETTING_MEETING_PREPS:
        return None
    if tok.lemma_.lower() in GATHERINGS and not prep_objects([tok], ("with", "between")):
        return None  # "vetoed the package at a summit in Brussels": a meeting of many
    host = tok.head.head
    for _ in range(3 if tok.head.lower_ != "in" else 0):
        # "praised its commitment to security during a visit to Suva", "agreed to a
        # ceasefire at talks hosted by Malaysia" (not "deadlock in their negotiations")
        if host.pos_ in ("VERB", "AUX") or host.dep_ not in ("pobj", "prep", "dobj"):
            break
        host = host.head
    if host.pos_ not in ("VERB", "AUX"):
        return None  # ("deadlock in their talks with Ethiopia" is no meeting)
    root = tok.sent.root
    past = root.tag_ == "VBD" or (root.tag_ in ("VBZ", "VBP") and is_headline(tok.sent))
    return host if past and own_flags(root) == (False, False) else None


def _by_state(frame: Frame) -> bool:
    """Acts a state never does to its own organs: done abroad (visits, deals, sanctions),
    threats, concessions. Its people, rebels or opposition may still be their target."""
    return frame.type in FOREIGN_TYPES or frame.type in ("THREATEN", "CONCEDE")


def _same_actors(mention: ActorMention, keys: set, by_state: bool = False) -> bool:
    """Does the mention name only actors with these keys (the event's own source)?
    ``by_state``: compare states only, whatever executive organ of the state is named."""
    actors = actors_of(mention)
    if by_state:  # the state and its executive are one side; its parliament, courts,
        # rebels, opposition or people are not
        codes = {key[0] for key in keys if key[1] in STATE_SELF}
        return bool(actors) and all(a.code in codes and a.sector in STATE_SELF
                                    for a in actors)
    return bool(actors) and keys.issuperset(actor_key(a) for a in actors)


def _first_other(heads: list[Token], idx: MentionIndex,
                 sources: list[ActorMention]) -> list[ActorMention]:
    """The actors of the first of ``heads`` that names someone other than the source."""
    own = {actor_key(a) for a in flatten(sources)}
    for head in heads:
        found = [m for m in idx.phrase(head)
                 if m not in sources and not _same_actors(m, own, True)]
        if found:
            return found
    return []


def _requester(tok: Token, idx: MentionIndex,
               sources: list[ActorMention]) -> list[ActorMention]:
    """The one who asked, urged or called on someone earlier in the sentence."""
    own = {a.code for a in flatten(sources)}
    for t in tok.sent:
        if t.i >= tok.i:
            break
        if t.pos_ != "VERB" or t.lemma_.lower() not in ASKING_VERBS:
            continue
        found = [m for s in subject_tokens(t) for m in idx.phrase(s)
                 if all(a.code not in own for a in actors_of(m))]
        if found:
            return found
    return []


def _in_a_game(tok: Token) -> bool:
    """Is the sentence about a game ("beat Egypt on penalties to win the cup")?"""
    words = {t.lemma_.lower() for t in tok.sent}
    return len(words & GAME_WORDS) >= 2


def _crowd_subject(verb: Token) -> bool:
    """Is the verb's subject a crowd no phrase names ("thousands", "tens of thousands",
    "crowds", "they"), marching against, on or outside something, in a sentence that is
    not about a game, a feast or a funeral?"""
    subj = subject_tokens(verb)
    if not subj or not all(s.lower_ in CROWD_WORDS for s in subj):
        return False
    lemmas = {t.lemma_.lower() for t in verb.sent}
    if _in_a_game(verb) or not (lemmas.isdisjoint(CROWD_OCCASIONS) or lemmas & AGAINST_WORDS):
        return False  # ("marched to mark the anniversary", "before the match in Lagos")
    aimed = any(t.lower_ in ("against", "on", "outside", "over")
                for t in verb.doc[verb.i + 1:verb.i + 4])
    purpose = any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in PURPOSE_SPEECH | {
        "protest"} for c in verb.children)
    return bool(aimed) or purpose or verb.lemma_.lower() in ("protest", "demonstrate")


def _guarded_site(site: Token) -> str | None:
    """The sector whose post a site is: "two police stations" -> COP, "an army base" -> MIL."""
    if site.lemma_.lower() not in GUARDED_SITES:
        return None
    for c in site.children:
        if c.dep_ in ("compound", "amod") and c.lower_ in SITE_KEEPERS:
            return SITE_KEEPERS[c.lower_]
    return None


def _people_taken(trig: _Trigger, target: ActorRef) -> bool:
    """Is what a seizure took people ("seized him", "captured two aid workers")?"""
    if trig.tok.lemma_.lower() not in TAKING_VERBS:
        return False
    obj = trig.obj
    if obj is not None and obj.lower_ in ("him", "her", "them"):
        return True
    return target.kind == "person" or target.sector in CIVIL_SECTORS


def _own_force(tok: Token) -> bool:
    """"its army", "his forces", "their fighters": a force a pronoun says is someone's."""
    return tok.lemma_.lower() in OWN_FORCES and any(
        c.dep_ == "poss" and c.lower_ in ("its", "his", "her", "their") for c in tok.children)


def _vehicle(anchor: Token) -> Token | None:
    """The plane, ship or convoy that is the subject of an arrival, if it is one."""
    for subj in subject_tokens(anchor):
        if subj.lemma_.lower() in VEHICLES:
            return subj
    return None


def _sent_to_help(anchor: Token) -> bool:
    """ "landed in Port-au-Prince to help the police fight the gangs" """
    return any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in HELP_VERBS
               for c in anchor.children)


def _inside_place_phrase(trig: _Trigger, targets: list[ActorMention]) -> bool:
    """Are the targets inside the trigger's (or its object's) on/in/over phrase ("imposed a
    curfew on Hebron")?"""
    spans = [(p.left_edge.i, p.right_edge.i) for h in (trig.tok, trig.obj) if h is not None
             for p in h.children if p.dep_ == "prep" and p.lower_ in ("on", "in", "over",
                                                                       "across")]
    return any(lo <= m.tok_start <= hi for m in targets for lo, hi in spans)


def _other_state(idx: MentionIndex, sources: list[ActorMention]) -> list[ActorMention]:
    """The one other state a sentence names: whom a show of force is aimed at ("raised its
    alert level after North Korea fired a missile", "as tensions with Turkey rose")."""
    own = {a.code for a in flatten(sources)}
    others = [m for m in idx.mentions if m not in sources
              and all(a.code not in own for a in actors_of(m))]
    codes = {a.code for m in others for a in actors_of(m)}
    return others[:1] if len(codes) == 1 else []


def _acts_on_place(frame: Frame) -> bool:
    """Events whose place can stand for an unnamed target (see ``_location_target``)."""
    return frame.type in PLACE_TYPES or (frame.type == "ACCUSE" and frame.mode == "investigate")


def _protest_frame(frame: Frame) -> bool:
    """A protest frame, or one that is a protest when civilians do it ("protested")."""
    return frame.type == "PROTEST" or (frame.civil_code or "").startswith("14")


def _condition_subjects(anchor: Token, idx: MentionIndex,
                        sources: list[ActorMention]) -> list[ActorMention]:
    """Actors of an if/unless clause on the trigger: "... if Israel attacked again"."""
    for clause in anchor.children:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                          for c in clause.children):
            for subj in subject_tokens(clause):
                found = [m for m in idx.phrase(subj) if m not in sources]
                if found:
                    return found
    return []


def _third_party_forecast(clause: Token, idx: MentionIndex,
                          sources: list[ActorMention]) -> bool:
    """Does the warned-of clause have another state as its acting subject?"""
    if clause.lemma_.lower() in SUFFERING_VERBS:
        return False  # "warned that Seoul would pay a dear price": the one threatened
    own = {a.code for a in flatten(sources)}
    for subj in children(clause, ("nsubj",)):
        m = idx.at(subj.i)
        codes = {a.code for a in actors_of(m)} if m is not None else set()
        if codes and codes.isdisjoint(own):
            return True
    return False


def _clause_verb(tok: Token) -> Token | None:
    """The verb a noun's "in" phrase hangs on: "poured into the streets in marches"."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


def _reciprocal(trig: _Trigger) -> bool:
    """ "blamed each other", "each released 95 prisoners": both sides did it to the other."""
    obj = trig.obj if trig.frame.pos == "verb" else None
    if obj is None:
        obj = next((c for c in trig.tok.children if c.dep_ in ("dobj", "pobj")), None)
    if obj is not None and obj.lower_ in ("other", "another") and any(
            c.lower_ in ("each", "one") for c in obj.children):
        return True
    # "Russia and Ukraine each released ...": "each" beside the verb or its subject
    return trig.frame.pos == "verb" and any(
        c.lower_ == "each" and c.dep_ in ("advmod", "appos", "dep", "nsubj", "det")
        for h in (trig.tok, *subject_tokens(trig.tok)) for c in h.children)


def _is_civil(actor: ActorRef) -> bool:
    """Not a state body: protests by such actors are protests, not diplomatic complaints."""
    return actor.sector in CIVIL_SECTORS or actor.kind in ("ngo", "group")


def _plover(frame: Frame, code: str) -> tuple[str, str | None, str | None]:
    """PLOVER fields for a code: the frame's overrides apply to the frame's own code."""
    if code == frame.code:
        return frame.type, frame.mode, frame.context
    entry = ontology.lookup(code)
    return entry.plover_type or frame.type, entry.plover_mode, entry.plover_context


def _verb_between(prep: Token, mention: ActorMention) -> bool:
    """A finite verb between a preposition and its supposed object means a misparse."""
    doc = prep.doc
    lo, hi = sorted((prep.i + 1, mention.tok_start))
    return any(doc[i].tag_ in ("VBD", "VBZ", "VBP") for i in range(lo, min(hi, len(doc))))


def _adjacent_mention(prep: Token, idx: MentionIndex) -> ActorMention | None:
    """An actor starting right after a preposition ("to [the] Pyongyang ...").

    The small parser often hangs the wrong noun off a preposition; the words right
    after it are a better guide when they are an actor.
    """
    doc = prep.doc
    i = prep.i + 1
    # "with his Russian counterpart": the possessive is not the object, the next words are
    while i < len(doc) and (doc[i].pos_ == "DET" or doc[i].tag_ == "PRP$"):
        i += 1
    if i < len(doc):
        m = idx.at(i)
        if m is not None and m.tok_start == i:
            return m
    return None


def _dedupe(events: list[EventCandidate]) -> list[EventCandidate]:
    """One event per (source, target, type, flags); the most confident, most specific wins."""
    best: dict[tuple, EventCandidate] = {}
    for ev in events:
        key = (actor_key(ev.source), actor_key(ev.target), ev.type, ev.negated, ev.hypothetical)
        rev = (actor_key(ev.target), actor_key(ev.source), ev.type, ev.negated, ev.hypothetical)
        if rev in best and ev.type in ("CONSULT", "AGREE", "COOPERATE"):
            key = rev
        cur = best.get(key)
        if cur is None or (ev.confidence, len(ev.cameo)) > (cur.confidence, len(cur.cameo)):
            best[key] = ev
    out = list(best.values())
    # "held talks with Xi ... during a state visit": the state and its named organ are one
    # target of the same act; the more specific reading stays
    named = {(actor_key(e.source), e.target.code, e.type, e.negated, e.hypothetical)
             for e in out if e.target.sector is not None and e.target.sector in STATE_SELF}
    out = [e for e in out if e.target.sector is not None or (
        actor_key(e.source), e.target.code, e.type, e.negated, e.hypothetical) not in named]
    # a visit and its hosting are one meeting: "X received Y in Riyadh, on Y's first trip"
    meetings: dict[tuple, EventCandidate] = {}
    for e in out:
        if e.type != "CONSULT":
            continue
        key = (frozenset((e.source.code, e.target.code)), e.negated, e.hypothetical)
        cur = meetings.get(key)
        if cur is None or _specificity(e) > _specificity(cur):
            meetings[key] = e
    return [e for e in out if e.type != "CONSULT" or meetings[
        (frozenset((e.source.code, e.target.code)), e.negated, e.hypothetical)] is e]


def _specificity(ev: EventCandidate) -> tuple[int, float]:
    return (int(ev.source.sector is not None) + int(ev.target.sector is not None),
            ev.confidence)
