"""The pre-parse gate: it may skip the parse only where no frame could ever fit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyadwatch.events.coder import RuleCoder
from dyadwatch.events.gate import TriggerGate
from dyadwatch.events.lexicon import default_lexicon
from dyadwatch.ingest import read_paths
from dyadwatch.model import Document
from dyadwatch.nlp.language import lemma_exceptions
from dyadwatch.pipeline import Pipeline

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"

# Our own sentences, each with a trigger whose frames need words besides the trigger.
OWN_SENTENCES = [
    "Moscow called on Pyongyang to show restraint near the border.",
    "Seoul called for talks with Pyongyang after the launch.",
    "Russia sent troops to Belarus for joint drills.",
    "China sent a letter of protest to Japan over the islands.",
    "Ukraine shot down a Russian drone over Kharkiv.",
    "Iran held talks with Russia on gas prices.",
    "Japan and South Korea held a summit in Tokyo.",
    "The United States withheld military aid from Ukraine for two months.",
    "Belarus tore up its border agreement with Lithuania.",
    "Putin made a phone call to Erdogan on Tuesday.",
    "Israel imposed a blockade on Gaza.",
    "Turkey handed over three suspects to Germany.",
    "Beijing cut off fuel supplies to Pyongyang.",
    "Washington slapped new sanctions on Tehran.",
]


@pytest.fixture(scope="module")
def gate() -> TriggerGate:
    return TriggerGate(default_lexicon(), lemma_exceptions())


def words(sentence: str) -> list[str]:
    return sentence.lower().replace(".", " .").replace(",", " ,").split()


def test_a_trigger_whose_frames_need_absent_words_is_skipped(gate):
    # "call" makes an event only with on/upon/for, or as a noun with with/to
    assert not gate.open(words("Russia called Ukraine a neighbour."))
    assert gate.open(words("Russia called on Ukraine to negotiate."))
    assert gate.open(words("Russia called for a ceasefire with Ukraine."))


def test_a_trigger_with_a_frame_that_needs_nothing_opens(gate):
    assert gate.open(words("Russia attacked Ukraine."))
    assert not gate.open(words("The weather in Seoul was mild on Tuesday."))


def test_required_objects_count_in_any_form(gate):
    assert gate.open(words("Russia sent troops to Belarus."))
    assert gate.open(words("Russia sent a troop of scouts to Belarus."))


def test_irregular_forms_from_the_model_table_open_the_gate(gate):
    # "withheld" and "tore" are in the model's exception table, not in our inflections
    assert gate.open(words("The United States withheld aid from Ukraine."))
    assert "withheld" in gate.forms and "tore" in gate.forms


class _ParseEverything(RuleCoder):
    """The rule coder with the gate always open: what the coder finds without it."""

    def may_hold_event(self, words: list[str]) -> bool:
        return True


def _documents() -> list[Document]:
    docs = [d for d in read_paths([DEMO]) if isinstance(d, Document)]
    docs += [Document(id=f"own-{i}", text=t, published=dt.date(2024, 6, 1))
             for i, t in enumerate(OWN_SENTENCES)]
    return docs


def test_the_gate_never_skips_a_sentence_the_coder_codes(gate):
    pipeline = Pipeline(coder=_ParseEverything())
    checked = 0
    for coded in pipeline.code_documents(_documents()):
        for event in coded.events:
            assert gate.open(words(event.evidence.text)), event.evidence.text
            checked += 1
    assert checked > 40  # the check saw the demo's events and our own


def test_gated_and_ungated_pipelines_store_the_same_events():
    documents = _documents()
    gated = Pipeline()
    ungated = Pipeline(coder=_ParseEverything())
    got = [e.event_id for c in gated.code_documents(documents) for e in c.events]
    want = [e.event_id for c in ungated.code_documents(documents) for e in c.events]
    assert got == want
