"""The town and province table: which names count as places, where, and for which state."""

from __future__ import annotations

import pytest

from dyadwatch.actors import ActorResolver
from dyadwatch.actors.places import load_places
from dyadwatch.nlp.language import load_tokenizer


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def towns(text: str) -> list[tuple[str, str, bool]]:
    doc = load_tokenizer()(text)
    return [(doc[s:e].text, code, placed)
            for s, e, code, placed in load_places().in_doc(doc, 0, len(doc))]


@pytest.mark.parametrize(("form", "code"), [
    ("Kharkiv", "UKR"), ("Maiduguri", "NGA"), ("Quetta", "PAK"), ("Mosul", "IRQ"),
    ("Goma", "COD"), ("Sagaing", "MMR"), ("Zamfara", "NGA"), ("Tigray", "ETH"),
    ("Crimea", "UKR"), ("Gaza Strip", "PSE"), ("Nagorno-Karabakh", "AZE"),
    ("Golan Heights", "SYR"), ("Transnistria", "MDA"),
])
def test_towns_and_provinces_name_the_state_they_lie_in(form, code):
    assert load_places().lookup(form) == code


@pytest.mark.parametrize("form", ["Police", "Mobile", "March", "Monday", "Victoria", "kharkiv"])
def test_words_months_and_ambiguous_names_are_no_places(form):
    assert load_places().lookup(form) is None


def test_a_place_position_is_what_makes_a_name_say_whose_people_are_there():
    assert towns("Gunmen attacked a market in Maiduguri.") == [("Maiduguri", "NGA", True)]
    assert towns("They fled the town of Djibo at dawn.") == [("Djibo", "BFA", True)]
    assert towns("Drones hit the Kharkiv region again.") == [("Kharkiv region", "UKR", True)]
    assert towns("Artillery shelled Kharkiv overnight.") == [("Kharkiv", "UKR", False)]


def test_bare_role_nouns_take_the_state_of_the_province_they_are_in(resolver):
    doc = load_tokenizer()("Gunmen killed nine villagers in Zamfara on Tuesday.")
    found = {(m.actor.text, m.actor.code, m.actor.sector) for m in resolver.find(doc)}
    assert found == {("Gunmen", "NGA", "REB"), ("villagers", "NGA", "CVL")}


def test_a_town_is_never_an_actor_itself(resolver):
    doc = load_tokenizer()("A court in Mombasa jailed two men on Monday.")
    assert all(m.actor.text != "Mombasa" for m in resolver.find(doc))
    assert [(code, placed) for _, _, code, placed in resolver.towns(doc)] == [("KEN", True)]


def test_a_capital_used_as_a_place_is_a_town_and_a_country_name_is_not(resolver):
    doc = load_tokenizer()("Protesters marched in Nairobi and in Kenya's Kisumu county.")
    assert {doc[s:e].text for s, e, _, _ in resolver.towns(doc)} == {"Kisumu", "Nairobi"}
    assert "Nairobi" not in {m.actor.text for m in resolver.find(doc)}
