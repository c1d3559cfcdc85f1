"""Cheap sentence segmentation with character offsets into the document.

Every sentence of every document goes through here, so it uses spaCy's tokenizer
and rule sentencizer only; the statistical parser runs later and only on the
sentences that can hold an event.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dyadwatch.model import Sentence
from dyadwatch.nlp.language import load_tokenizer


@Language.component("dyadwatch_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence even without a full stop (headlines, datelines).

    Runs on every document, so it looks for newlines in the text (C speed) and only
    touches the few tokens that hold one.
    """
    text = doc.text
    pos = text.find("\n")
    while pos != -1:
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is not None and span.end < len(doc):
            nxt = doc[span.end]
            if not nxt.is_space:
                nxt.is_sent_start = True
        pos = text.find("\n", pos + 1)
    return doc


def _tokenizer() -> Language:
    nlp = load_tokenizer()
    if "dyadwatch_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("dyadwatch_paragraph_breaks", after="sentencizer")
    return nlp


def segment(text: str) -> tuple[Doc, list[Sentence]]:
    """Tokenise a document and split it; sentences carry offsets into ``text``."""
    doc = _tokenizer()(text)
    return doc, sentences_of(doc)


def segment_many(texts: list[str], batch_size: int = 64) -> list[tuple[Doc, list[Sentence]]]:
    return [(doc, sentences_of(doc)) for doc in _tokenizer().pipe(texts, batch_size=batch_size)]


def sentences_of(doc: Doc) -> list[Sentence]:
    """Sentence spans trimmed of surrounding whitespace, using string offsets only."""
    out: list[Sentence] = []
    text = doc.text
    for span in doc.sents:
        start, end = span.start_char, span.end_char
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        start += len(chunk) - len(chunk.lstrip())
        end = start + len(stripped)
        out.append(Sentence(index=len(out), start=start, end=end, text=stripped))
    return out
