"""The shared vocabulary: every stage speaks in these structs and nothing else.

msgspec structs rather than dataclasses because events are encoded to JSON by the
million and msgspec does that without a detour through dicts. Offsets are always
character offsets into ``Document.text`` (not into a sentence), so evidence can be
highlighted in the original article by any front end.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

DatePrecision = Literal["day", "month", "year"]
DateSource = Literal["sentence", "discourse", "publication", "none"]

UncodedReason = Literal[
    "no_actor",
    "one_actor",
    "no_trigger",
    "negated",
    "hypothetical",
    "low_confidence",
    "no_parse",
]


class Document(msgspec.Struct, kw_only=True):
    """One article or official document.

    ``id`` is a hash of the normalised text, so the same article read twice (other file
    name, other whitespace) is one document. ``external_id`` keeps the id the source gave
    (a JSONL record's ``id``, a file path) so users can find their record again.
    """

    id: str
    text: str
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: dt.date | None = None
    language: str | None = "en"
    source_path: str | None = None


class Sentence(msgspec.Struct, kw_only=True, frozen=True):
    """A sentence of a document; ``start``/``end`` index ``Document.text``."""

    index: int
    start: int
    end: int
    text: str


class ActorRef(msgspec.Struct, kw_only=True):
    """An actor as it appears on an event (the contract's ``source`` / ``target``).

    ``code`` is an ISO 3166 alpha-3 country code or an organisation code (``UNO``,
    ``NATO``, ``BRICS`` …); ``sector`` a PLOVER/CAMEO-style sector (``GOV``, ``MIL`` …)
    or ``None`` for the state as a whole. ``start``/``end`` index ``Document.text``.
    """

    code: str | None
    sector: str | None = None
    name: str | None = None
    text: str = ""
    start: int = -1
    end: int = -1
    person_id: str | None = None
    role: str | None = None
    kind: Literal["country", "igo", "ngo", "person", "group", "unknown"] = "country"


class ActorMention(msgspec.Struct, kw_only=True):
    """An actor found in a sentence, with token positions for the coder.

    ``tok_start``/``tok_end`` index the tokens of the sentence (end exclusive);
    ``actor`` carries the resolved identity and document character offsets.
    ``members`` is filled for groups ("the two countries", "Pyongyang and Moscow"
    resolved through coreference) that stand for several actors at once.
    ``matched_by`` says which dictionary entry or rule matched, for auditing.
    """

    actor: ActorRef
    tok_start: int
    tok_end: int
    matched_by: str = ""
    members: list[ActorRef] = msgspec.field(default_factory=list)


class EventDate(msgspec.Struct, kw_only=True, frozen=True):
    """When an event happened, how precisely we know it and where that came from.

    ``date`` is the first day of the period for month/year precision.
    ``source`` is ``sentence`` (an expression in the sentence), ``discourse`` (carried
    from an earlier event in the document), ``publication`` (the document date, last
    resort) or ``none``.
    """

    date: dt.date | None
    precision: DatePrecision | None = None
    source: DateSource = "none"
    text: str | None = None


class Evidence(msgspec.Struct, kw_only=True):
    text: str
    start: int
    end: int


class Event(msgspec.Struct, kw_only=True):
    """One coded event. Field names are a public contract (event JSON)."""

    event_id: str
    doc_id: str
    sentence_index: int
    date: dt.date | None
    date_precision: DatePrecision | None
    date_source: DateSource
    source: ActorRef
    target: ActorRef
    type: str
    mode: str | None
    context: str | None
    cameo: str
    quad_class: int
    intensity: float
    negated: bool
    hypothetical: bool
    confidence: float
    evidence: Evidence
    trigger: Evidence | None = None
    reporter: ActorRef | None = None
    coder: str = ""


class Uncoded(msgspec.Struct, kw_only=True):
    """A sentence that yielded no event, and why: recall must be auditable."""

    doc_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    reason: UncodedReason
    detail: str | None = None


class CodedDocument(msgspec.Struct, kw_only=True):
    """Everything one document produced; stored together or not at all."""

    document: Document
    sentences: int
    events: list[Event]
    uncoded: list[Uncoded]
    unknown_actors: list[str] = msgspec.field(default_factory=list)


class InputError(msgspec.Struct, kw_only=True):
    """An input that could not be read: one line for the user, nothing lost silently."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

_encoder = msgspec.json.Encoder()


def event_to_dict(event: Event) -> dict:
    """Plain-dict form of an event (dates as ISO strings), as written to JSONL."""
    return msgspec.json.decode(_encoder.encode(event))


def to_json(obj: msgspec.Struct) -> bytes:
    return _encoder.encode(obj)
