"""Coder and resolver rules added in the second quality round, end to end through the
pipeline (resolver + parser + coder), on sentences written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import coded
from dyadwatch.actors import ActorResolver
from dyadwatch.nlp.sentences import segment
from dyadwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def resolver(pipeline: Pipeline) -> ActorResolver:
    return pipeline.actors


def codes(resolver: ActorResolver, text: str) -> list[tuple[str, str | None, str | None]]:
    doc, _ = segment(text)
    return [(m.actor.text, m.actor.code, m.actor.sector) for m in resolver.find(doc, None)]


# --- resolver -----------------------------------------------------------------------------
def test_sea_named_after_a_state_is_no_actor(resolver):
    found = codes(resolver, "Russian warships sailed through the Gulf of Mexico on Tuesday.")
    assert [c for _, c, _ in found] == ["RUS"]


def test_kosovo_resolves_with_its_own_code(resolver):
    assert ("Kosovo's prime minister", "XKX", "GOV") in codes(
        resolver, "Kosovo's prime minister criticised Belgrade.")


def test_west_bank_is_palestinian_not_the_west(resolver):
    found = codes(resolver, "Settlers torched cars in a village in the West Bank.")
    assert ("the West Bank", "PSE", None) in found
    assert all(code != "WST" for _, code, _ in found)


def test_plural_demonym_does_not_swallow_the_verb(resolver):
    found = codes(resolver, "Thousands of Armenians gathered outside parliament in Yerevan.")
    assert ("Armenians", "ARM", "CVL") in found  # the people, not the state


def test_bare_institution_takes_the_one_country_of_its_sentence(resolver):
    found = codes(resolver, "Belarusian police detained dozens of opposition activists.")
    assert ("opposition", "BLR", "OPP") in found


def test_bare_institution_is_not_guessed_between_two_countries(resolver):
    found = codes(resolver, "Iranian police arrested protesters near the British embassy.")
    assert all(text != "protesters" for text, _, _ in found)


# --- coder: roles ---------------------------------------------------------------------------
def test_possessive_pronoun_before_counterpart_is_not_the_target(pipeline):
    assert ("CONSULT", "JPN", "IND") in coded(
        pipeline, "Japanese Foreign Minister Yoko Kamikawa held talks with her Indian "
                  "counterpart in Tokyo.")


def test_place_of_a_strike_stands_for_unnamed_victims(pipeline):
    assert ("ASSAULT", "TUR", "IRQ") in coded(
        pipeline, "Turkish drones hit Kurdish positions inside Iraq.")


def test_place_does_not_make_a_statement_an_event(pipeline):
    assert coded(pipeline, "Turkish officials spoke to reporters inside Iraq.") == set()


def test_cargo_verb_names_the_goods_and_the_destination(pipeline):
    assert ("AID", "TUR", "LBN") in coded(
        pipeline, "Turkey sent ships carrying humanitarian aid to Lebanon.")


# --- coder: lexicon -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("The Indian president expressed sorrow to the people of Nepal after the floods.",
     ("SUPPORT", "IND", "NPL")),
    ("Moscow defended Iran against Western criticism.", ("SUPPORT", "RUS", "IRN")),
    ("Norway handed over fighter jets to Ukraine.", ("AID", "NOR", "UKR")),
    ("UNICEF distributed vaccines to children in Yemen.", ("AID", "UNO", "YEM")),
    ("Serbia asked China for economic assistance.", ("REQUEST", "SRB", "CHN")),
    ("Turkey requested the extradition of a journalist from Sweden.",
     ("REQUEST", "TUR", "SWE")),
    ("Russian hackers breached the computer networks of the German parliament.",
     ("COERCE", "RUS", "DEU")),
    ("Azerbaijani troops crossed into Armenian territory overnight.",
     ("ASSAULT", "AZE", "ARM")),
    ("China deployed more troops along its border with India.", ("MOBILIZE", "CHN", "IND")),
    ("Iran seized a Greek tanker.", ("COERCE", "IRN", "GRC")),
    ("Saudi Arabia imposed a siege on Qatar.", ("COERCE", "SAU", "QAT")),
    ("Russia and China conducted joint naval patrols in the Pacific.",
     ("COOPERATE", "RUS", "CHN")),
    ("Japan and Australia shared radar data on missile launches.",
     ("COOPERATE", "JPN", "AUS")),
    ("Belarusian police detained dozens of opposition activists.", ("COERCE", "BLR", "BLR")),
    ("Thai demonstrators stormed parliament.", ("PROTEST", "THA", "THA")),
])
def test_new_trigger_frames(pipeline, text, expected):
    assert expected in coded(pipeline, text)


def test_civilians_crossing_a_border_is_no_incursion(pipeline):
    found = coded(pipeline, "Afghan migrants crossed into Iran from Pakistan.")
    assert not any(t == "ASSAULT" for t, _, _ in found)


def test_protesters_at_a_foreign_embassy_are_not_that_country(resolver):
    found = codes(resolver, "Protesters gathered outside the Israeli embassy.")
    assert all(text != "Protesters" for text, _, _ in found)
