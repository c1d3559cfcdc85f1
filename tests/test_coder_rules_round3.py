"""Coder rules of the third quality round, end to end through the pipeline, on sentences
written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import coded
from dyadwatch.model import Document
from dyadwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


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


@pytest.mark.parametrize(("text", "event"), [
    ("German train drivers staged a strike against Chancellor Olaf Scholz's government.",
     ("PROTEST", "DEU", "DEU")),
    ("British nurses went on strike against Prime Minister Rishi Sunak's pay offer.",
     ("PROTEST", "GBR", "GBR")),
])
def test_strikes_by_civilians_are_protests_never_attacks(pipeline, text, event):
    got = coded(pipeline, text)
    assert event in got
    assert not any(t == "ASSAULT" for t, _, _ in got)


def test_a_regularly_inflected_light_verb_is_recognised_despite_its_lemma(pipeline):
    # the model lemmatises "staged" as "stag"
    assert ("MOBILIZE", "IRN", "AZE") in coded(
        pipeline, "Iran staged military drills near its border with Azerbaijan.")


def test_a_border_with_phrase_does_not_make_drills_joint(pipeline):
    got = coded(pipeline, "Iran staged military drills near its border with Azerbaijan.")
    assert not any(t == "COOPERATE" for t, _, _ in got)


@pytest.mark.parametrize(("text", "event"), [
    ("The Japanese prime minister apologised to South Korea for wartime forced labour.",
     ("CONCEDE", "JPN", "KOR")),
    ("Iran pardoned a French tourist jailed for spying.", ("CONCEDE", "IRN", "FRA")),
    ("Venezuela freed British engineer Tom Clarke after two years in detention.",
     ("RETREAT", "VEN", "GBR")),
    ("The last Italian soldiers left Lebanon on Friday.", ("RETREAT", "ITA", "LBN")),
    ("Kenyan troops withdrew from two bases in southern Somalia.", ("RETREAT", "KEN", "SOM")),
    ("Ukraine called up 50,000 reservists along its border with Belarus.",
     ("MOBILIZE", "UKR", "BLR")),
    ("Spain handed over a suspected Hezbollah financier to German authorities.",
     ("COOPERATE", "ESP", "DEU")),
    ("The World Bank disbursed 200 million dollars to Jordan.", ("AID", "WBK", "JOR")),
])
def test_third_round_frames(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_unlikely_marks_an_event_as_not_a_fact(pipeline):
    assert not coded(pipeline, "Experts say Caracas is unlikely to attack Guyana this year.")


def test_people_carried_somewhere_did_not_visit_anyone(pipeline):
    got = coded(pipeline, "Iran freed two French citizens, and both were flown to Doha.")
    assert ("RETREAT", "IRN", "FRA") in got
    assert not any(t == "CONSULT" for t, _, _ in got)


def test_police_acting_on_homes_is_a_domestic_event_with_the_site_as_evidence(pipeline):
    text = "Kenyan police raided homes in Kibera overnight, officials said."
    doc = pipeline.code_document(Document(id="t", text=text, published=None))
    [event] = [e for e in doc.events if e.type == "COERCE"]
    assert (event.source.code, event.source.sector) == ("KEN", "COP")
    assert (event.target.code, event.target.sector) == ("KEN", "CVL")
    assert text[event.target.start : event.target.end] == event.target.text
    assert "homes" in event.target.text


def test_an_army_striking_a_town_is_not_assumed_to_strike_its_own_country(pipeline):
    # the town could be across the border: no gazetteer, so no domestic guess
    got = coded(pipeline, "Russian drones struck a school in Zaporizhzhia overnight.")
    assert ("ASSAULT", "RUS", "RUS") not in got


@pytest.mark.parametrize(("text", "event"), [
    ("Serbian students marched against the election results.", ("PROTEST", "SRB", "SRB")),
    ("Chilean unions staged a general strike against the pension reform.",
     ("PROTEST", "CHL", "CHL")),
])
def test_a_protest_against_a_policy_is_against_the_government(pipeline, text, event):
    doc = pipeline.code_document(Document(id="t", text=text, published=None))
    [found] = [e for e in doc.events if e.type == "PROTEST"]
    assert (found.type, found.source.code, found.target.code) == event
    assert found.target.sector == "GOV"


def test_a_protest_against_another_states_policy_is_not_made_domestic(pipeline):
    got = coded(pipeline, "Polish farmers protested against the import of Ukrainian grain.")
    assert ("PROTEST", "POL", "POL") not in got


def test_a_plural_demonym_alone_names_the_people_not_the_state(pipeline):
    doc = pipeline.code_document(Document(
        id="t", text="Thousands of Peruvians protested against the new mining law in Lima.",
        published=None))
    [event] = doc.events
    assert (event.type, event.source.code, event.source.sector) == ("PROTEST", "PER", "CVL")
    assert (event.target.code, event.target.sector) == ("PER", "GOV")


def test_the_plural_demonym_with_an_article_is_not_made_civilian(pipeline):
    doc = pipeline.code_document(Document(
        id="t", text="The Russians attacked Ukrainian positions overnight.", published=None))
    assert [(e.source.code, e.source.sector) for e in doc.events] == [("RUS", None)]


@pytest.mark.parametrize(("text", "event"), [
    ("Boko Haram fighters attacked a market in Borno, Nigeria.", ("ASSAULT", "NGA", "NGA")),
    ("Ukrainian drones hit an oil refinery in Russia's Samara region.", ("ASSAULT", "UKR", "RUS")),
])
def test_rebel_attacks_on_civilian_places_and_strikes_on_sites(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_storm_hitting_a_village_is_no_event(pipeline):
    assert not coded(pipeline, "A tropical storm hit a fishing village in Bangladesh.")


def test_a_target_found_by_place_keeps_its_confidence(pipeline):
    # the place fallback costs 0.15 of confidence, not 0.45: the event stays above 0.3
    doc = pipeline.code_document(Document(
        id="t", text="Russian soldiers raided homes in the Ukrainian town of Bucha.",
        published=None))
    found = [e for e in doc.events if (e.source.code, e.target.code) == ("RUS", "UKR")]
    assert found and found[0].confidence >= 0.5
