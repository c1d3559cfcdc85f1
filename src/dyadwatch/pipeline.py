"""Documents in, coded documents out: the one path every front door uses.

The order of work is chosen for speed. Every sentence is tokenised and checked for
actors and trigger words (cheap); only sentences that can hold an event go through
the statistical parser, and those are parsed together in one ``nlp.pipe`` call per
batch. Sentences that stop early are recorded with the reason, so recall can be
audited rather than guessed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from dyadwatch.actors.resolver import ActorResolver
from dyadwatch.config import Settings
from dyadwatch.events import ontology
from dyadwatch.events.arguments import actor_key, actors_of
from dyadwatch.events.candidate import Coder, EventCandidate
from dyadwatch.events.dates import DateResolver
from dyadwatch.ingest.limits import MAX_DOCUMENT_CHARS, length_problem
from dyadwatch.model import (
    ActorMention,
    CodedDocument,
    Document,
    Event,
    EventDate,
    Evidence,
    Sentence,
    Uncoded,
)
from dyadwatch.nlp.language import lemma_exceptions, load_model
from dyadwatch.nlp.reparse import (
    irregular_past,
    repair_compounds,
    repair_headline,
    repair_names,
)
from dyadwatch.nlp.sentences import segment_many
from dyadwatch.registry import make_coder

# Longer "sentences" are run-on text (tables, lists, lost punctuation): the parser and
# the coder's argument search grow faster than linearly with them, so such a sentence
# is recorded as ``no_parse`` instead of taking seconds or minutes.
MAX_PARSE_TOKENS = 400


class DocumentTooLong(ValueError):
    """A document over ``MAX_DOCUMENT_CHARS``; the message says how to proceed."""


def event_id(doc_id: str, sentence_index: int, cand: EventCandidate, trigger_start: int) -> str:
    """Stable id: the same input coded by the same rules gives the same id."""
    key = "|".join(
        str(x)
        for x in (
            doc_id,
            sentence_index,
            trigger_start,
            cand.type,
            cand.mode,
            cand.cameo,
            cand.source.code,
            cand.source.sector,
            cand.source.start,
            cand.target.code,
            cand.target.sector,
            cand.target.start,
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


class _Pending:
    """A sentence waiting for the parser, with what the cheap stages found."""

    __slots__ = ("coded", "sentence", "mentions", "when")

    def __init__(self, coded: CodedDocument, sentence: Sentence, mentions, when: EventDate):
        self.coded = coded
        self.sentence = sentence
        self.mentions = mentions
        self.when = when


def _actor_count(mentions: Sequence[ActorMention]) -> int:
    return sum(max(1, len(m.members)) for m in mentions)


def _distinct_actors(mentions: Sequence[ActorMention]) -> int:
    """Known actors the coder would tell apart ("Russia … Moscow" is one): the same
    count the coder checks after the parse, so fewer than two skips the parse."""
    return len({actor_key(a) for m in mentions for a in actors_of(m)})


def _mentions_by_sentence(
    spans: Sequence[Span], mentions: Sequence[ActorMention]
) -> list[list[ActorMention]]:
    """Bucket document-level mentions by sentence, re-indexing tokens to the sentence."""
    out: list[list[ActorMention]] = [[] for _ in spans]
    ordered = sorted(mentions, key=lambda m: m.tok_start)
    i = 0
    for k, span in enumerate(spans):
        while i < len(ordered) and ordered[i].tok_start < span.start:
            i += 1
        j = i
        while j < len(ordered) and ordered[j].tok_start < span.end:
            m = ordered[j]
            if m.tok_end <= span.end:
                out[k].append(
                    ActorMention(
                        actor=m.actor,
                        tok_start=m.tok_start - span.start,
                        tok_end=m.tok_end - span.start,
                        matched_by=m.matched_by,
                        members=m.members,
                    )
                )
            j += 1
        i = j
    return out


def _distinct(candidates: Iterable[EventCandidate]) -> list[EventCandidate]:
    """One event per (type, mode, source, target, flags) in a sentence, the most confident.

    Two routes to the same reading ("landed in Pyongyang … visit to North Korea") must
    not count twice.
    """
    best: dict[tuple, EventCandidate] = {}
    for c in candidates:
        key = (c.type, c.mode, c.source.code, c.target.code, c.negated, c.hypothetical)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return list(best.values())


def _token_array(doc: Doc) -> tuple[tuple[int, ...], numpy.ndarray]:
    """The document's token attributes as one array, made once per document.

    ``Span.as_doc()`` rebuilds this array (and walks every entity of the document) on
    each call, which made coding quadratic in document length: a 100,000-character
    document took 20 s, a 400,000-character one 216 s.
    """
    head = doc._get_array_attrs()
    return head, doc.to_array(head)


def _sentence_doc(span: Span, head: tuple[int, ...], array: numpy.ndarray) -> Doc:
    """The sentence as a doc of its own for the parser: what ``span.as_doc()`` gives for
    a tokenised (unparsed, entity-free) document, in time linear in the sentence."""
    sent = Doc(
        span.doc.vocab,
        words=[t.text for t in span],
        spaces=[bool(t.whitespace_) for t in span],
    )
    sent.from_array(head, array[span.start : span.end])
    return sent


class Pipeline:
    """Reads nothing and stores nothing: it codes. Build once per process (loads the model)."""

    def __init__(self, settings: Settings | None = None, coder: Coder | None = None):
        self.settings = settings or Settings()
        self.nlp = load_model()
        self.actors = ActorResolver(user_files=[Path(p) for p in self.settings.actors])
        self.coder = coder or make_coder(self.settings.coder)
        self.dates = DateResolver()
        self._irregular = irregular_past(lemma_exceptions().get("verb", {}))

    @property
    def version(self) -> str:
        return f"{self.coder.name}-{self.coder.version}+actors-{self.actors.version}"

    def code_document(self, document: Document) -> CodedDocument:
        return next(iter(self.code_documents([document])))

    def code_documents(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        """Code documents in batches; yields one ``CodedDocument`` per input, in order."""
        it = iter(documents)
        while batch := list(islice(it, self.settings.batch_size)):
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Document]) -> list[CodedDocument]:
        for document in batch:  # the readers refuse these; callers with own texts get this
            if too_long := length_problem(document.text, MAX_DOCUMENT_CHARS):
                raise DocumentTooLong(f"document {document.external_id or document.id}: {too_long}")
        results: list[CodedDocument] = []
        pending: list[_Pending] = []
        sentence_docs: list[Doc] = []
        segmented = segment_many([d.text for d in batch])
        # coders that can code a domestic event from one named state say so (optional)
        one_actor_gate = getattr(self.coder, "may_code_one_actor", None)
        for document, (doc, sentences) in zip(batch, segmented, strict=True):
            coded = CodedDocument(
                document=document, sentences=len(sentences), events=[], uncoded=[]
            )
            results.append(coded)
            mentions = self.actors.find(doc, document.published)
            coded.unknown_actors = self.actors.unknown(doc)
            towns = self.actors.towns(doc)
            spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in sentences]
            array_head, array = _token_array(doc)
            lowers = doc.to_array(LOWER).tolist()
            strings = doc.vocab.strings
            anchor: EventDate | None = None  # last date the text itself gave, for "a day later"
            for sentence, span, found in zip(
                sentences, spans, _mentions_by_sentence(spans, mentions), strict=True
            ):
                when = self.dates.resolve(sentence.text, document.published, anchor)
                if when.source in ("sentence", "discourse"):
                    anchor = when
                n = _actor_count(found)
                distinct = _distinct_actors(found) if n else 0
                words: list[str] | None = None
                domestic = False
                if distinct == 1 and one_actor_gate is not None:
                    words = [strings[x] for x in lowers[span.start : span.end]]
                    named = [code for s, _, code, _ in towns if span.start <= s < span.end]
                    domestic = one_actor_gate(words, found, named)
                if distinct < 2 and not domestic:
                    reason = "no_actor" if n == 0 else "one_actor"
                    self._uncoded(coded, sentence, reason)
                elif not self.coder.may_hold_event(
                    words or [strings[x] for x in lowers[span.start : span.end]]
                ):
                    self._uncoded(coded, sentence, "no_trigger")
                elif len(span) > MAX_PARSE_TOKENS:
                    detail = f"{len(span)} tokens, over the {MAX_PARSE_TOKENS} the parser takes"
                    self._uncoded(coded, sentence, "no_parse", detail)
                else:
                    pending.append(_Pending(coded, sentence, found, when))
                    sent_doc = _sentence_doc(span, array_head, array)
                    sent_doc.user_data["offset"] = sentence.start  # for spans the coder makes
                    sentence_docs.append(sent_doc)
        parsed = self.nlp.pipe(sentence_docs, batch_size=256)
        verbs = getattr(self.coder, "headline_verbs", None)  # coders that can use them
        for item, sent_doc in zip(pending, parsed, strict=True):
            if verbs:
                sent_doc = repair_headline(sent_doc, self.nlp, verbs, self._irregular)
            sent_doc = repair_names(sent_doc, self.nlp,
                                    ((m.tok_start, m.tok_end) for m in item.mentions))
            sent_doc = repair_compounds(sent_doc, self.nlp)
            self._code_sentence(item, sent_doc)
        for coded in results:
            coded.uncoded.sort(key=lambda u: u.sentence_index)
        return results

    def _code_sentence(self, item: _Pending, sent_doc: Doc) -> None:
        coded, sentence = item.coded, item.sentence
        result = self.coder.code(sent_doc, item.mentions)
        kept = _distinct(c for c in result.events if c.confidence >= self.settings.min_confidence)
        if not kept:
            reason = result.reason or ("low_confidence" if result.events else "no_trigger")
            self._uncoded(coded, sentence, reason, result.detail)
            return
        for cand in kept:
            coded.events.append(self._event(coded.document, sentence, sent_doc, cand, item.when))
        if all(c.negated or c.hypothetical for c in kept):
            reason = "negated" if any(c.negated for c in kept) else "hypothetical"
            self._uncoded(coded, sentence, reason, "flagged event kept with its flag")

    def _event(
        self,
        document: Document,
        sentence: Sentence,
        sent_doc: Doc,
        cand: EventCandidate,
        when: EventDate,
    ) -> Event:
        trig = sent_doc[cand.trigger_start : cand.trigger_end]
        t_start = sentence.start + trig.start_char
        t_end = sentence.start + trig.end_char
        entry = ontology.lookup(cand.cameo)
        return Event(
            event_id=event_id(document.id, sentence.index, cand, t_start),
            doc_id=document.id,
            sentence_index=sentence.index,
            date=when.date,
            date_precision=when.precision,
            date_source=when.source,
            source=cand.source,
            target=cand.target,
            type=cand.type,
            mode=cand.mode,
            context=cand.context,
            cameo=cand.cameo,
            quad_class=entry.quad_class,
            intensity=entry.intensity,
            negated=cand.negated,
            hypothetical=cand.hypothetical,
            confidence=round(cand.confidence, 3),
            evidence=Evidence(text=sentence.text, start=sentence.start, end=sentence.end),
            trigger=Evidence(text=document.text[t_start:t_end], start=t_start, end=t_end),
            reporter=cand.reporter,
            coder=self.version,
        )

    @staticmethod
    def _uncoded(
        coded: CodedDocument, sentence: Sentence, reason: str, detail: str | None = None
    ) -> None:
        coded.uncoded.append(
            Uncoded(
                doc_id=coded.document.id,
                sentence_index=sentence.index,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                reason=reason,
                detail=detail,
            )
        )
