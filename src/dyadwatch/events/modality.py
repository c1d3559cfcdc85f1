"""Is the event asserted as fact? Negation, hypotheticals and who is reporting it.

"Japan denied sending troops", "China did not sign", "Russia could send", "plans to
visit", "threatened to attack": the event is still found (so recall can be audited)
but flagged, and the pipeline stores it as uncoded with the reason. "X said Y attacked
Z" is a fact reported by X: coded Y -> Z with X as the reporter.
"""

from __future__ import annotations

import re

import msgspec
from spacy.tokens import Token

from dyadwatch.events.lexicon import Lexicon

MODALS = frozenset({"could", "may", "might", "would", "will", "shall", "should", "can", "'ll",
                    "'d", "must", "wo", "ca"})
HYPO_MODIFIERS = frozenset({"planned", "proposed", "possible", "potential", "upcoming",
                            "expected", "future", "prospective", "likely", "rumoured",
                            "rumored", "mooted", "anticipated", "hypothetical", "would-be",
                            "forthcoming", "intended", "contemplated"})
CONDITION_MARKS = frozenset({"if", "unless", "whether", "should"})
# prepositions whose -ing clause reports something done: "after declaring a truce"
TIME_PREPS = frozenset({"after", "since", "while", "despite", "following", "upon"})
SPANS_OF_TIME = frozenset({"year", "decade", "century", "generation"})
# verbs that look back on an event, and decades that date one to the past
RECALLING = frozenset({"recall", "remember", "commemorate", "mark", "recount", "revisit",
                       "depict", "chronicle", "honour", "honor"})
DECADE = re.compile(r"(1[89]|20)\d0s")
YEAR = re.compile(r"(1[89]|20)\d\d")
# verbs whose clause is an allegation: its events are not coded as facts at all
ALLEGING = frozenset({"accuse", "blame", "charge", "suspect", "allege", "fear",
                      # and a confession: the admission is the event ("admitted that its
                      # jets had bombed the convoy" is a concession, not a new attack)
                      "admit", "confess"})
# clauses governed by these are wishes, requests, threats or promises, not facts
GOVERNING_HYPO = frozenset({"pledge", "promise", "vow", "offer", "agree", "threaten", "urge",
                            "call", "ask", "demand", "press", "pressure", "encourage",
                            "invite", "request", "appeal", "implore", "commit", "want",
                            "need", "order", "propose", "seek", "insist", "warn", "vote",
                            "approve", "authorize", "authorise", "allow", "permit"})
#: Wars and battles counted as a record ("fought two wars over Kashmir").
COUNTED_WARS = frozenset({"war", "battle", "conflict", "clash", "round"})
#: Marks of a clause saying what went on at the time of another: its own assertion.
TIME_MARKS = frozenset({"while", "as", "when", "after", "since", "once"})
#: Verbs whose purpose infinitive only says what the act is meant to bring about.
HELPING = frozenset({"help", "assist", "enable", "allow"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "advcl", "pcomp", "pobj", "prep", "dobj",
                             "acomp", "attr", "oprd", "nsubjpass", "dep", "acl", "conj"})
SPEECH_DEPS = frozenset({"ccomp", "parataxis", "advcl", "conj", "xcomp", "dep"})
VERBISH = frozenset({"VERB", "AUX"})


class Modality(msgspec.Struct, kw_only=True):
    negated: bool = False
    hypothetical: bool = False
    alleged: bool = False
    speech_verb: Token | None = None


def _hypothetical_marker(dep: str, low: str) -> bool:
    return (
        (dep in ("aux", "auxpass") and low in MODALS)
        or (dep == "mark" and low in CONDITION_MARKS)
        or (dep in ("amod", "compound", "advmod") and low in HYPO_MODIFIERS)
        or (dep == "aux" and low == "going")
    )


def _background(tok: Token) -> bool:
    """A clause that only recalls the past: "forty years after X and Y fought", "the last
    time X and Y clashed was in 2011". News names such events; it does not report them."""
    if any(c.dep_ == "npadvmod" and c.lemma_.lower() == "time" and any(
            g.lower_ in ("last", "first") for g in c.children) for c in tok.children):
        return True  # "the last time X and Y clashed ..." read with "time" as a modifier
    if any(c.dep_ == "npadvmod" and c.lemma_.lower() in SPANS_OF_TIME for c in tok.children):
        return any(c.dep_ == "mark" and c.lower_ in ("after", "since") for c in tok.children)
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in RECALLING:
        return True  # "the film recalls the student protests"
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(
            DECADE.fullmatch(o.lower_) for o in c.children) for c in tok.children):
        return True  # "the protests in the 1980s"
    if tok.pos_ == "NOUN" and any(c.dep_ in ("nummod", "compound", "amod")
                                  and YEAR.fullmatch(c.text) for c in tok.children):
        return True  # "the 2019 protests", "the 2008 war": an event named by its year
    if any(c.dep_ == "dobj" and c.lemma_.lower() in COUNTED_WARS and any(
            n.dep_ == "nummod" for n in c.children) for c in tok.children):
        return True  # "have fought three wars since independence": a record, no report
    return (tok.dep_ == "relcl" and head.lemma_.lower() == "time"
            and any(c.lower_ in ("last", "first") for c in head.children))


def _purpose(tok: Token) -> bool:
    """An infinitive clause of purpose: "blocked the roads to protest against ..."."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in tok.children)


def own_flags(tok: Token) -> tuple[bool, bool]:
    """(negated, hypothetical) read off the token's own dependents."""
    negated = hypo = False
    for child in tok.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and low == "no"):
            negated = True
        elif _hypothetical_marker(child.dep_, low):
            hypo = True
    return negated, hypo


def modality(tok: Token, lex: Lexicon) -> Modality:
    """Walk from the trigger up to the clause that asserts it, collecting flags.

    Stops at a speech verb (the reporter's clause), a relative clause or the root.
    A governing verb of intent or request makes the event hypothetical; a governing
    verb of refusal or denial makes it negated; an accusation makes it an allegation.
    """
    out = Modality()
    out.negated, out.hypothetical = own_flags(tok)
    if _background(tok):
        out.hypothetical = True  # not reported as happening now: no event
        return out
    node = tok
    for _ in range(8):
        if node.dep_ in ("ROOT", "relcl") or node.head.i == node.i:
            break
        dep, head = node.dep_, node.head
        if dep == "advcl" and node.tag_ == "VBG" and not any(
                c.dep_ == "mark" for c in node.children):
            break  # "suspended the talks, accusing the group of crimes": its own assertion
        if node.i < head.i and any(t.text == ";" for t in
                                   node.doc[node.right_edge.i + 1:head.i]):
            break  # "jets strike targets; the government vows a response": two clauses
        if dep == "pcomp" and head.lower_ in TIME_PREPS:
            break  # "after declaring a truce, the government allowed ...": it happened
        if dep == "advcl" and node.tag_ == "VBD" and any(
                c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in node.children):
            break  # "voted to lift it while protesters massed outside": that took place
        lemma = head.lemma_.lower()
        if lemma in ALLEGING and dep in COMPLEMENT_DEPS and dep not in ("dobj", "conj"):
            out.alleged = True
            break
        if lemma in lex.speech_verbs and head.pos_ in VERBISH and dep in SPEECH_DEPS:
            out.speech_verb = head
            break
        if dep in COMPLEMENT_DEPS and dep != "conj":
            if lemma in lex.negating_verbs and not _purpose(node):
                out.negated = True  # (not "blocked the avenue to protest": that was done)
            elif lemma in lex.intent_verbs or lemma in GOVERNING_HYPO:
                out.hypothetical = True
            elif lemma in HELPING and _purpose(head):
                out.hypothetical = True  # "sent troops to help the army fight rebels"
        neg, hypo = own_flags(head)
        out.negated = out.negated or neg
        out.hypothetical = out.hypothetical or hypo
        node = head
    return out


def reporter_token(tok: Token, speech: Token | None, lex: Lexicon) -> list[Token]:
    """Tokens that may name who reports the event: the speech verb's subject, or
    "according to X", or a trailing "..., X said" hanging off the trigger."""
    out: list[Token] = []
    verbs = [speech] if speech is not None else []
    for child in tok.children:
        if (child.dep_ in ("parataxis", "ccomp", "advcl") and child.lemma_.lower() in
                lex.speech_verbs and not any(c.dep_ in ("dobj", "ccomp") for c in child.children)):
            verbs.append(child)
    for verb in verbs:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                out.append(c)
    for t in tok.doc:
        if t.lower_ == "according":
            for c in t.children:
                if c.lower_ == "to":
                    out.extend(p for p in c.children if p.dep_ == "pobj")
    return out
