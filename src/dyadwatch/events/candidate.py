"""What a coder returns for one sentence, before dates, ids and intensity are attached.

Coders (the rule coder, a learned one, a user's plug-in) all return this, so the
pipeline can swap them without caring how they decided.
"""

from __future__ import annotations

from typing import Protocol

import msgspec
from spacy.tokens import Doc

from dyadwatch.model import ActorMention, ActorRef, UncodedReason


class EventCandidate(msgspec.Struct, kw_only=True):
    """One event found in a sentence.

    ``trigger_start``/``trigger_end`` are token indices into the sentence doc (end
    exclusive). ``cameo`` is the most specific CAMEO code the text supports; type,
    mode and context are PLOVER. ``reporter`` is who said it, for reported speech.
    """

    type: str
    mode: str | None
    context: str | None
    cameo: str
    source: ActorRef
    target: ActorRef
    trigger_start: int
    trigger_end: int
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 0.8
    reporter: ActorRef | None = None
    date_text: str | None = None


class CoderResult(msgspec.Struct, kw_only=True):
    """Events for a sentence, or the reason there are none (for the recall audit)."""

    events: list[EventCandidate] = msgspec.field(default_factory=list)
    reason: UncodedReason | None = None
    detail: str | None = None


class Coder(Protocol):
    """The interface every event coder implements (registered by name, see registry)."""

    name: str
    version: str

    def may_hold_event(self, words: list[str]) -> bool:
        """Cheap prefilter on lower-cased token texts: False means do not parse."""
        ...

    def code(self, sent: Doc, mentions: list[ActorMention]) -> CoderResult:
        """Code one parsed sentence.

        ``sent`` is a spaCy Doc of just this sentence (tagged, parsed, lemmatised);
        ``mentions`` index its tokens (``tok_start``/``tok_end``) while their
        ``actor.start``/``actor.end`` stay document character offsets.
        """
        ...
