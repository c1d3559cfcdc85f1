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
    """A blank line ends a sentence even without a full stop (headlines, datelines)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
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
    out: list[Sentence] = []
    for span in doc.sents:
        tokens = [t for t in span if not t.is_space]
        if not tokens:
            continue
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        out.append(Sentence(index=len(out), start=start, end=end, text=doc.text[start:end]))
    return out
