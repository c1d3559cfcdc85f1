"""Readings of the sentence around a trigger: who acts and who is acted on when the
trigger's own phrases do not say ("after weeks of protests", "thanked Kuwait for
depositing", "to help the Congolese army", "prisoners held in Israeli jails").

Each function answers one question from the parse and the actor mentions; the coder
(``events/coder.py``) decides when to ask it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spacy.tokens import Doc, Token

from dyadwatch.events.arguments import (
    MentionIndex,
    actor_key,
    actors_of,
    children,
    prep_objects,
    subject_tokens,
)
from dyadwatch.model import ActorMention, ActorRef

# Words for a state's armed opponents (whom its one-sided truce spares).
REBEL_WORDS = frozenset({"rebels", "rebel", "insurgents", "militants", "guerrillas",
                         "militias", "separatists", "armed", "fighters", "insurgency"})
# Where prisoners are held ("prisoners held in Israeli jails").
CUSTODY_NOUNS = frozenset({"jail", "prison", "custody", "detention", "camp", "cell"})
# Meetings of many: a trip to one is no visit to its host.
GATHERINGS = frozenset({"summit", "conference", "forum", "assembly", "session", "meeting",
                        "gathering", "congress", "games", "olympics", "cop", "ceremony"})
# Verbs whose "for" clause credits the object with a deed: "thanked Kuwait for depositing".
CREDIT_VERBS = frozenset({"thank", "praise", "commend", "credit", "hail", "salute"})
# Prepositions that make a noun the setting of the news ("after weeks of protests"), and
# spans of time or series a setting is counted in.
# ("since the protests" dates something else from them: no setting)
SETTING_PREPS = frozenset({"after", "amid", "following", "during", "despite", "over"})
#: Verbs a government yields with: "bowing to weeks of protests".
YIELD_VERBS = frozenset({"bow", "yield", "cave", "succumb", "bend", "give", "respond"})
#: What protests do to a country when the news is about them: "as protests swept Dhaka".
SPREAD_VERBS = frozenset({"sweep", "rock", "grip", "engulf", "spread", "paralyse", "paralyze",
                          "shake", "roil", "convulse", "hit", "erupt", "rage", "enter",
                          "continue", "grow", "escalate", "intensify", "persist", "mount"})
SPELL_NOUNS = frozenset({"week", "day", "month", "night", "year", "wave", "series", "round",
                         "spate", "string", "hour", "one", "some", "many"})
# Purposes that make arriving troops or police an aid mission.
HELP_VERBS = frozenset({"help", "assist", "support", "bolster", "reinforce", "train",
                        "protect", "secure", "fight", "combat", "restore", "stabilise",
                        "stabilize"})
# Armed groups a state faces (whose one-sided truce spares the state).
ARMED_GROUPS = frozenset({"REB", "INS"})


def anchored(tok: Token, code: str, sector: str, how: str) -> ActorMention:
    """A state's sector as a target no phrase names, anchored on the trigger word."""
    base = int(tok.doc.user_data.get("offset", 0))
    target = ActorRef(code=code, sector=sector, text=tok.text, start=base + tok.idx,
                      end=base + tok.idx + len(tok.text), kind="country")
    return ActorMention(actor=target, tok_start=tok.i, tok_end=tok.i + 1, matched_by=how)


def flatten(mentions: Iterable[ActorMention]) -> list[ActorRef]:
    out: list[ActorRef] = []
    seen: set[tuple] = set()
    for m in mentions:
        for a in actors_of(m):
            if actor_key(a) not in seen:
                seen.add(actor_key(a))
                out.append(a)
    return out


def counted(tok: Token) -> Token:
    """The noun that counts or spans ``tok`` ("weeks of protests", "one of the largest
    rallies"), or ``tok`` itself."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
            tok.head.head.lemma_.lower() in SPELL_NOUNS):
        return tok.head.head
    return tok


def background_protest(tok: Token) -> bool:
    """A protest the sentence names as the setting of its news: "after weeks of protests",
    "amid mass demonstrations", "despite protests by residents"."""
    node = counted(tok)
    if node.dep_ == "pobj" and node.head.lower_ in SETTING_PREPS:
        return True
    if node.dep_ == "pobj" and node.head.lower_ == "to" and (
            node.head.head.lemma_.lower() in YIELD_VERBS):
        return True  # "bowing to weeks of protests"
    if node.dep_ == "pobj" and node.head.lower_ == "from" and (
            node.head.head.lemma_.lower() == "pressure"):
        return True  # "under pressure from weeks of protests"
    return node.dep_ == "nsubj" and node.head.lemma_.lower() in SPREAD_VERBS  # "protests swept"


def clause_state(tok: Token, idx: MentionIndex) -> str | None:
    """The state a sentence's main clause is about: its subject's state, else the one state
    the sentence names."""
    root = tok.sent.root
    for subj in subject_tokens(root):
        for m in idx.phrase(subj):
            for a in actors_of(m):
                if a.kind in ("country", "person") and a.code:
                    return a.code
    codes = {a.code for m in idx.mentions for a in actors_of(m)
             if a.kind in ("country", "person")}
    return next(iter(codes)) if len(codes) == 1 else None


def for_gathering(anchor: Token, idx: MentionIndex) -> bool:
    """Is the trip for a meeting of many ("for an African Union summit", "for the UN
    General Assembly", "for a conference of Asian ministers")?"""
    for pobj in prep_objects([anchor], ("for", "to", "at")):
        if pobj.lemma_.lower() not in GATHERINGS:
            continue
        mentions = [m for c in pobj.subtree if (m := idx.at(c.i)) is not None]
        if any(a.kind == "igo" for m in mentions for a in actors_of(m)) or len(mentions) > 1:
            return True
    return False


def jailer(sent: Doc, idx: MentionIndex, sources: list[ActorMention]) -> list[ActorMention]:
    """Whom prisoners protest against: the state whose jails hold them ("prisoners held
    in Israeli jails began a hunger strike")."""
    own = {a.code for a in flatten(sources)}
    for tok in sent:
        if tok.lemma_.lower() not in CUSTODY_NOUNS:
            continue
        for c in tok.children:
            m = idx.at(c.i) if c.dep_ in ("amod", "compound", "poss") else None
            if m is not None and m not in sources:
                codes = {a.code for a in actors_of(m)} - own
                if codes:
                    return [anchored(c, sorted(codes)[0], "GOV", "jailer")]
    return []


def policy_protested(anchor: Token, policies: Collection[str], idx: MentionIndex,
                     sources: list[ActorMention]) -> list[ActorMention]:
    """Whom a protest against a law, plan or reform is aimed at: whoever the policy is
    said to be of ("against a French plan", "the EU's trade deal"), else the protesters'
    own government, which is where bills and reforms come from."""
    own = flatten(sources)
    if not own or own[0].code is None:
        return []
    for pobj in prep_objects([anchor], ("against", "over")):
        if pobj.lemma_.lower() not in policies:
            continue
        for c in pobj.children:
            m = idx.at(c.i) if c.dep_ in ("amod", "compound", "poss", "nmod") else None
            if m is not None and m not in sources:
                codes = [a.code for a in actors_of(m) if a.code and a.code != own[0].code]
                if codes:
                    return [anchored(c, codes[0], "GOV", "policy-of")]
        return [anchored(pobj, own[0].code, "GOV", "policy-at-home")]
    return []


def thanker(anchor: Token, idx: MentionIndex,
             sources: list[ActorMention]) -> list[ActorMention]:
    """Who received the aid one is thanked for: the one thanking."""
    head = anchor.head
    if anchor.dep_ != "pcomp" or head.lower_ != "for" or (
            head.head.lemma_.lower() not in CREDIT_VERBS):
        return []
    return [m for s in subject_tokens(head.head) for m in idx.phrase(s) if m not in sources]


def helped(anchor: Token, idx: MentionIndex, sources: list[ActorMention]) -> list[ActorMention]:
    """Whom aid with no recipient went to help: "sent troops into Congo to help the
    Congolese army fight ..." gives the Congolese army."""
    for clause in children(anchor, ("advcl", "xcomp")):
        if clause.lemma_.lower() in HELP_VERBS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            for obj in children(clause, ("dobj",)):
                found = [m for m in idx.phrase(obj) if m not in sources]
                if not found:  # "to help the Congolese army fight": the parse's noun "fight"
                    found = [m for c in obj.subtree if (m := idx.at(c.i)) is not None
                             and m not in sources]
                if found:
                    return found[:1]
    return []


def truce_other_side(tok: Token, sources: list[ActorMention]) -> list[ActorMention]:
    """Whom a one-sided truce with no named party spares: rebels' truce, their state's
    government; a government's, the armed groups the sentence speaks of."""
    src = flatten(sources)
    if not src or not src[0].code:
        return []
    if src[0].sector in ARMED_GROUPS:
        return [anchored(tok, src[0].code, "GOV", "truce-with-state")]
    if src[0].sector in (None, "GOV", "MIL") and any(
            t.lower_ in REBEL_WORDS for t in tok.sent):
        return [anchored(tok, src[0].code, "REB", "truce-with-rebels")]
    return []
