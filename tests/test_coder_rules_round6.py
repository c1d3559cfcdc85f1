"""Coder rules of the sixth quality round (headlines, protests named as the setting,
people taken by armed groups, titled strangers, places inside places), end to end
through the pipeline, on sentences written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import asserted, coded, with_sectors
from dyadwatch.nlp.headlines import is_headline, past_tense, present_verb
from dyadwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


# ---------------------------------------------------------------- headlines
@pytest.mark.parametrize(("text", "event"), [
    ("Iraqi militia shells Turkish base in Nineveh", ("ASSAULT", "IRQ", "TUR")),
    ("Chinese coast guard cutter rams Vietnamese fishing boat near Paracel Islands",
     ("ASSAULT", "CHN", "VNM")),
    ("Taliban shells Pakistani border post near Chaman, Islamabad says",
     ("ASSAULT", "AFG", "PAK")),
])
def test_a_headline_verb_in_the_present_is_read_as_the_verb(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_headline_keeps_its_own_words_and_offsets(pipeline):
    text = "Taliban shells Pakistani border post near Chaman, Islamabad says"
    event = next(e for e in asserted(pipeline, text) if e.type == "ASSAULT")
    assert event.evidence.text == text
    assert event.trigger is not None
    assert text[event.trigger.start:event.trigger.end] == "shells"


@pytest.mark.parametrize("text", [
    "Vietnamese and Indian navies hold joint drill in the South China Sea",
    "Shells and rockets: what Moscow buys from its allies",
])
def test_a_headline_with_a_clause_of_its_own_is_not_reread(pipeline, text):
    assert not any(t == "ASSAULT" for t, _, _ in coded(pipeline, text))


def test_headline_words():
    assert present_verb("shells", {"shell"}) == "shell"
    assert present_verb("carries", {"carry"}) == "carry"
    assert present_verb("police", {"shell"}) is None
    assert past_tense("ram") == "rammed"
    assert past_tense("visit") == "visited"
    assert past_tense("strike", ["struck", "stricken"]) == "struck"


def test_a_sentence_with_a_full_stop_is_no_headline(pipeline):
    assert is_headline(pipeline.nlp("Rebels shell the town"))
    assert not is_headline(pipeline.nlp("Rebels shelled the town."))


# ---------------------------------------------------------------- protests
@pytest.mark.parametrize(("text", "event"), [
    ("Peru's president dissolved his cabinet on Monday, bowing to weeks of street protests "
     "over rising food prices.", ("PROTEST", "PERCVL", "PERGOV")),
    ("Under pressure from a month of demonstrations, Serbia's prime minister resigned on "
     "Tuesday.", ("PROTEST", "SRBCVL", "SRBGOV")),
    ("Mongolia's prime minister stepped down on Friday as mass protests swept Ulaanbaatar.",
     ("PROTEST", "MNGCVL", "MNGGOV")),
])
def test_protests_named_as_the_setting_are_events(pipeline, text, event):
    assert event in with_sectors(pipeline, text)


def test_protests_after_which_a_party_said_it_would_act_took_place(pipeline):
    got = coded(pipeline, "Armenia's ruling party said on Friday it would scrap the media law "
                          "after three nights of protests in Yerevan by students.")
    assert ("PROTEST", "ARM", "ARM") in got


@pytest.mark.parametrize(("text", "event"), [
    ("Dock workers staged a march through Valparaiso on Monday against the port reform "
     "backed by the Chilean government.", ("PROTEST", "CHLCVL", "CHLGOV")),
    ("Tens of thousands of Slovaks rallied in Bratislava on Friday against a bill that "
     "critics say copies Hungarian rules on NGOs.", ("PROTEST", "SVKCVL", "SVKGOV")),
    ("A week-long general strike by Argentine unions paralysed Buenos Aires.",
     ("PROTEST", "ARGCVL", "ARGGOV")),
    ("Thousands of Moldovans took to the streets of Chisinau on Sunday.",
     ("PROTEST", "MDACVL", "MDAGOV")),
])
def test_people_marching_against_a_law_protest_against_their_government(
        pipeline, text, event):
    assert event in with_sectors(pipeline, text)


def test_protesters_against_a_foreign_plan_protest_against_its_state(pipeline):
    got = coded(pipeline, "Greenlanders marched through Nuuk on Saturday against an American "
                          "plan to buy the island.")
    assert ("PROTEST", "GRL", "USA") in got


def test_a_military_strike_stays_an_attack(pipeline):
    got = coded(pipeline, "An Israeli air strike hit a Hezbollah depot in southern Lebanon.")
    assert any(t == "ASSAULT" for t, _, _ in got)
    assert not any(t == "PROTEST" for t, _, _ in got)


# ---------------------------------------------------------------- force and arrests
@pytest.mark.parametrize(("text", "event"), [
    ("Jihadists kidnapped about 40 worshippers from a church in northern Burkina Faso.",
     ("ASSAULT", "BFAREB", "BFACVL")),
    ("Gunmen seized him at a checkpoint near Cucuta, two days after ELN guerrillas had "
     "threatened his family.", ("ASSAULT", "COLREB", "COL")),
])
def test_armed_groups_taking_people_abduct_them(pipeline, text, event):
    assert event in with_sectors(pipeline, text)


def test_a_strike_on_a_bus_in_a_town_of_a_province_is_on_that_state(pipeline):
    got = coded(pipeline, "Ethiopian drones bombed a minibus carrying farmers at a market in "
                          "Gondar in northern Sudan's Gedaref state on Sunday.")
    assert ("ASSAULT", "ETH", "SDN") in got


def test_gunmen_armed_with_rifles_received_no_aid(pipeline):
    got = coded(pipeline, "Gang members armed with assault rifles killed nine villagers in "
                          "central Haiti.")
    assert ("ASSAULT", "HTI", "HTI") in got
    assert not any(t == "AID" for t, _, _ in got)


def test_troops_sent_to_help_fight_have_not_fought_yet(pipeline):
    got = coded(pipeline, "Kenya sent 400 police officers to Haiti to help the Haitian police "
                          "fight the gangs.")
    assert not any(t == "ASSAULT" for t, _, _ in got)


@pytest.mark.parametrize(("text", "event"), [
    ("Soldiers of the presidential guard placed President Issa Tamboura under house arrest "
     "in Bamako.", ("COERCE", "MLIMIL", "MLIGOV")),
    ("Rwandan police rounded up dozens of street vendors in Kigali.",
     ("COERCE", "RWACOP", "RWA")),
    ("Al-Shabaab fighters seized control of Jowhar, a town in central Somalia.",
     ("COERCE", "SOMREB", "SOM")),
])
def test_house_arrest_round_ups_and_towns_taken(pipeline, text, event):
    got = with_sectors(pipeline, text)
    assert event in got or (event[0], event[1], event[2][:3]) in {
        (t, s, g[:3]) for t, s, g in got}


def test_a_titled_name_nobody_knows_takes_the_state_of_its_sentence(pipeline):
    got = with_sectors(pipeline, "Guinean soldiers detained President Issa Tamboura in "
                                 "Conakry on Sunday.")
    assert ("COERCE", "GINMIL", "GINGOV") in got


def test_a_titled_name_in_a_sentence_of_two_states_stays_unknown(pipeline):
    got = coded(pipeline, "Minister Tomas Varga met French officials in Paris.")
    assert not any(s == "FRA" and g == "FRA" for _, s, g in got)
