"""Cheap sentence segmentation with character offsets into the document.

Every sentence of every document goes through here, so it runs spaCy's tokenizer and
then splits on integer token attributes (no Token objects, no per-token Python
objects): the rule is spaCy's sentencizer rule — a sentence ends after sentence-final
punctuation once a non-punctuation token follows — plus a line break ends a sentence
(headlines, datelines). The statistical parser runs later, only on the sentences that
can hold an event.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START
from spacy.tokens import Doc

from dyadwatch.model import Sentence
from dyadwatch.nlp.language import load_tokenizer

#: Sentence-final characters (those of spaCy's sentencizer that occur in news text).
FINAL_PUNCT = (
    ".", "!", "?", "…", "。", "！", "？", "؟", "۔", "।", "॥", "‼", "⁇", "⁈", "⁉", "..", "...",
    "!!", "??", "?!", "!?",
)

_final_ids: frozenset[int] | None = None


def _final() -> frozenset[int]:
    global _final_ids
    if _final_ids is None:
        strings = load_tokenizer().vocab.strings
        _final_ids = frozenset(strings.add(p) for p in FINAL_PUNCT)
    return _final_ids


def _mark_sentences(doc: Doc) -> list[int]:
    """Set the sentence starts on ``doc`` and return them (token indices)."""
    n = len(doc)
    if not n:
        return []
    orths, puncts, spaces = doc.to_array([ORTH, IS_PUNCT, IS_SPACE]).T.tolist()
    final = _final()
    starts = [0]
    seen_final = False
    for i, orth in enumerate(orths):
        is_final = orth in final
        if seen_final and not puncts[i] and not is_final:
            if starts[-1] != i:
                starts.append(i)
            seen_final = False
        elif is_final:
            seen_final = True
        if spaces[i] and i + 1 < n and not spaces[i + 1] and "\n" in doc[i].text:
            if starts[-1] != i + 1:
                starts.append(i + 1)
            seen_final = False
    flags = np.full((n, 1), -1, dtype="int32")
    flags[starts, 0] = 1
    doc.from_array([SENT_START], flags.astype("uint64"))
    return starts


def _sentences(doc: Doc, starts: list[int], text: str | None = None) -> list[Sentence]:
    """Sentences trimmed of surrounding whitespace, from token offsets only.

    ``text`` is the document's text when the caller has it: ``Doc.text`` rebuilds it
    token by token, which cost more than the split itself.
    """
    out: list[Sentence] = []
    if text is None:
        text = doc.text
    if not starts:
        return out
    begins = [doc[s].idx for s in starts]
    ends = begins[1:] + [len(text)]
    for begin, end in zip(begins, ends, strict=True):
        chunk = text[begin:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        start = begin + len(chunk) - len(chunk.lstrip())
        out.append(Sentence(index=len(out), start=start, end=start + len(stripped),
                            text=stripped))
    return out


def segment(text: str) -> tuple[Doc, list[Sentence]]:
    """Tokenise a document and split it; sentences carry offsets into ``text``."""
    doc = load_tokenizer().tokenizer(text)
    return doc, _sentences(doc, _mark_sentences(doc), text)


def segment_many(texts: list[str], batch_size: int = 64) -> list[tuple[Doc, list[Sentence]]]:
    out = []
    docs = load_tokenizer().tokenizer.pipe(texts, batch_size=batch_size)
    for text, doc in zip(texts, docs, strict=True):
        out.append((doc, _sentences(doc, _mark_sentences(doc), text)))
    return out


def sentences_of(doc: Doc) -> list[Sentence]:
    """Sentences of a doc whose boundaries are already set (``doc.sents``)."""
    return _sentences(doc, [s.start for s in doc.sents])
