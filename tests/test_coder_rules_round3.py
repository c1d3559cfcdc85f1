"""Coder rules of the third quality round, end to end through the pipeline, on sentences
written for these tests."""

from __future__ import annotations

import pytest

from dyadwatch.model import Document
from dyadwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def coded(pipeline: Pipeline, text: str) -> set[tuple[str, str | None, str | None]]:
    """(type, source, target) of the events asserted as facts."""
    doc = pipeline.code_document(Document(id="t", text=text, published=None))
    return {(e.type, e.source.code, e.target.code) for e in doc.events
            if not (e.negated or e.hypothetical)}


@pytest.mark.parametrize(("text", "event"), [
    ("Peru impounded a fishing boat linked to China off its coast.", ("COERCE", "PER", "CHN")),
    ("Greece seized a cargo vessel owned by a Turkish shipping firm.", ("COERCE", "GRC", "TUR")),
    ("Norway arrested three sailors belonging to the Russian navy.", ("COERCE", "NOR", "RUS")),
])
def test_an_actor_tied_to_the_object_by_a_participle_is_the_target(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_the_receiver_of_an_extradition_can_be_the_country_that_wants_the_person(pipeline):
    got = coded(pipeline, "A Polish court refused to extradite a businessman wanted by Belarus.")
    assert ("REJECT", "POL", "BLR") in got


@pytest.mark.parametrize(("text", "event"), [
    ("Tajikistan placed its border guards on alert along the frontier with Afghanistan.",
     ("MOBILIZE", "TJK", "AFG")),
    ("Pakistan moved two brigades to its border with India overnight.",
     ("MOBILIZE", "PAK", "IND")),
])
def test_the_country_across_a_border_is_the_target(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_border_phrase_without_a_partner_names_no_target(pipeline):
    assert not coded(pipeline, "Finland closed its eastern border crossings on Thursday.")
