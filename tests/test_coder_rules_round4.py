"""Coder rules of the fourth quality round (towns as targets, unnamed attackers, domestic
concessions and curfews, truces, nominal attacks), end to end through the pipeline, on
sentences written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import coded
from dyadwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def types(pipeline: Pipeline, text: str) -> set[str]:
    return {t for t, _, _ in coded(pipeline, text)}


@pytest.mark.parametrize(("text", "event"), [
    # a town or province no actor phrase covers stands for the state it lies in
    ("Russian glide bombs struck apartment blocks in Zaporizhzhia overnight.",
     ("ASSAULT", "RUS", "UKR")),
    ("Ukrainian drones set fire to a fuel depot in Russia's Bryansk region on Sunday.",
     ("ASSAULT", "UKR", "RUS")),
    ("Turkish jets pounded suspected militant camps near Sinjar on Tuesday.",
     ("ASSAULT", "TUR", "IRQ")),
    ("Rwandan-backed M23 fighters captured the town of Bukavu from Congolese troops.",
     ("COERCE", "COD", "COD")),
    ("Israeli warplanes bombed Khan Younis after the truce collapsed.",
     ("ASSAULT", "ISR", "PSE")),
])
def test_a_named_town_is_the_territory_an_act_fell_on(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_withdrawal_from_a_town_is_a_retreat_from_the_state_it_lies_in(pipeline):
    got = coded(pipeline, "Russian units withdrew from the city of Kherson last November.")
    assert ("RETREAT", "RUS", "UKR") in got


@pytest.mark.parametrize("text", [
    "A court in Istanbul adjourned the trial of a Swedish journalist until March.",
    "The Kenyan delegation arrived in Mombasa for the regional trade fair.",
    "Police in Lagos said traffic was heavy ahead of the Nigerian holiday.",
])
def test_a_town_alone_makes_no_event(pipeline, text):
    assert coded(pipeline, text) == set()


@pytest.mark.parametrize(("text", "event"), [
    # unnamed attackers take the state of the province they struck in
    ("Gunmen on motorbikes raided a market in Katsina state, killing nine traders.",
     ("ASSAULT", "NGA", "NGA")),
    ("Armed bandits kidnapped more than forty villagers in Zamfara on Friday.",
     ("ASSAULT", "NGA", "NGA")),
    ("Gang members torched dozens of homes in the Artibonite region, residents said.",
     ("ASSAULT", "HTI", "HTI")),
])
def test_unnamed_attackers_belong_to_the_province_they_struck(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_rebels_storming_a_village_is_an_attack_not_a_protest(pipeline):
    got = types(pipeline, "Islamist rebels stormed a village in Borno state at dawn.")
    assert "ASSAULT" in got
    assert "PROTEST" not in got


@pytest.mark.parametrize(("text", "event"), [
    ("Paraguay's government withdrew the pension reform bill after a week of strikes.",
     ("CONCEDE", "PRY", "PRY")),
    ("Malawi's president scrapped the fuel tax hike that had angered motorists.",
     ("CONCEDE", "MWI", "MWI")),
    ("Peru's interior minister apologised to the families of the victims.",
     ("CONCEDE", "PER", "PER")),
    ("Bangladesh's interim government lifted its ban on the student wing of the party.",
     ("CONCEDE", "BGD", "BGD")),
])
def test_a_state_conceding_to_its_own_people(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    ("Ecuador's president imposed a nightly curfew in five coastal provinces.",
     ("COERCE", "ECU", "ECU")),
    ("Chad's army declared martial law after clashes near the border with Sudan.",
     ("COERCE", "TCD", "TCD")),
    ("Pakistani authorities shut down mobile internet in Karachi before the rally.",
     ("COERCE", "PAK", "PAK")),
])
def test_curfews_martial_law_and_shutdowns_fall_on_the_states_own_people(pipeline, text,
                                                                         event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    ("Fighting between Sudanese troops and Chadian rebels killed eleven people.",
     ("ASSAULT", "SDN", "TCD")),
    ("Clashes between Kyrgyz and Tajik border guards left several soldiers dead.",
     ("ASSAULT", "KGZ", "TJK")),
])
def test_clashes_between_two_sides(pipeline, text, event):
    got = coded(pipeline, text)
    assert event in got or (event[0], event[2], event[1]) in got


@pytest.mark.parametrize(("text", "event"), [
    ("A Russian missile strike killed six people in Odesa on Thursday.",
     ("ASSAULT", "RUS", "UKR")),
    ("Hezbollah claimed a rocket attack that wounded three Israeli soldiers.",
     ("ASSAULT", "LBN", "ISR")),
])
def test_an_attack_noun_takes_the_target_of_what_it_did(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    ("Colombia's government declared a three-day truce with the ELN guerrillas.",
     ("RETREAT", "COL", "COL")),
    ("Washington ended its oil sanctions on Venezuela after the vote.",
     ("RETREAT", "USA", "VEN")),
    ("Iran seized a Liberian-flagged container ship in the Gulf of Oman.",
     ("COERCE", "IRN", "LBR")),
    ("Jordanian aircraft dropped medical supplies over southern Gaza.",
     ("AID", "JOR", "PSE")),
    ("Nicaragua moved army units towards its border with Costa Rica.",
     ("MOBILIZE", "NIC", "CRI")),
])
def test_truces_ending_sanctions_flags_airdrops_and_moves_toward_a_border(pipeline, text,
                                                                          event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize("text", [
    "The ministry said it would consider withdrawing the tax bill next year.",
    "Analysts said a curfew in the capital was unlikely before the election.",
    "Nobody has claimed the attack on the pipeline, Algerian officials said.",
])
def test_plans_and_speculation_stay_uncoded(pipeline, text):
    assert coded(pipeline, text) == set()


@pytest.mark.parametrize(("text", "event"), [
    # a state's people protesting at home protest against its government
    ("Thousands of Romanians marched through Bucharest on Sunday.", ("PROTEST", "ROU", "ROU")),
    ("Nurses in Zimbabwe went on strike on Monday to press the government for better pay.",
     ("PROTEST", "ZWE", "ZWE")),
    # the purpose clause says whom a protest is aimed at
    ("Hundreds of Bolivians rallied in La Paz, calling on Chile to return the coastline.",
     ("PROTEST", "BOL", "CHL")),
    ("Crowds of Iraqis gathered outside the Turkish embassy in Baghdad after the strike.",
     ("PROTEST", "IRQ", "TUR")),
    ("Students chanted slogans against the Chinese government outside the consulate.",
     ("PROTEST", None, "CHN")),
])
def test_protests_at_home_and_the_purpose_of_a_protest(pipeline, text, event):
    got = coded(pipeline, text)
    if event[1] is None:
        assert any(t == event[0] and tgt == event[2] for t, _, tgt in got)
    else:
        assert event in got


@pytest.mark.parametrize("text", [
    "Supporters of the ruling party rallied in Ankara to celebrate the election result.",
    "Thousands of Mexicans marched in Mexico City to mark the anniversary of the revolution.",
    "Hundreds of Kenyans gathered outside the stadium in Nairobi for the cup final.",
])
def test_crowds_that_are_not_against_anyone_are_no_protest(pipeline, text):
    assert "PROTEST" not in types(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    # a show of force is aimed at the one other state the sentence names
    ("Taiwan raised its alert level after Chinese warplanes crossed the median line.",
     ("MOBILIZE", "TWN", "CHN")),
    ("Cyprus dispatched patrol vessels off its southern coast as tensions with Turkey grew.",
     ("MOBILIZE", "CYP", "TUR")),
    ("Armenia moved two more battalions to the Syunik region facing Azerbaijan.",
     ("MOBILIZE", "ARM", "AZE")),
])
def test_shows_of_force_against_the_other_state_named(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_show_of_force_with_two_other_states_guesses_none(pipeline):
    got = coded(pipeline, "Serbia raised its alert level as Kosovo and Albania signed a "
                          "defence pact.")
    assert not any(t == "MOBILIZE" for t, _, _ in got)


@pytest.mark.parametrize(("text", "event"), [
    # a state announcing force it will use is threatening, not (yet) using it
    ("Pakistan's army chief said Islamabad would retaliate against any Indian strike.",
     ("THREATEN", "PAK", "IND")),
    ("Venezuela said it would seize the assets of any Guyanese firm operating in the area.",
     ("THREATEN", "VEN", "GUY")),
])
def test_a_state_announcing_its_own_force_threatens(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_forecast_of_someone_elses_force_is_no_threat(pipeline):
    text = "British analysts said Serbia would attack Kosovo within a month."
    assert "THREATEN" not in types(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    ("Sudan's army halted its air strikes on RSF positions in Khartoum for the holiday.",
     ("RETREAT", "SDN", "SDN")),
    ("The German chancellor expressed remorse to Namibia for the colonial-era killings.",
     ("CONCEDE", "DEU", "NAM")),
    ("Oman flew 30 tonnes of food and tents to Yemen after the floods.",
     ("AID", "OMN", "YEM")),
    ("The UN refugee agency distributed emergency rations to families in Chad.",
     ("AID", "UNO", "TCD")),
])
def test_halting_attacks_remorse_and_cargo_flights(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    # a capital where something happens is a place like any other town
    ("Saudi jets bombed targets in Sanaa overnight.", ("ASSAULT", "SAU", "YEM")),
    ("Ethiopian police arrested dozens of protesters in Addis Ababa on Monday.",
     ("COERCE", "ETH", "ETH")),
    # troops or police sent to help are aid; arriving alone they visit nobody
    ("A contingent of Rwandan troops landed in Maputo to help Mozambique fight insurgents.",
     ("AID", "RWA", "MOZ")),
    # rebels handing weapons to their own state's army are disarming
    ("Rebel fighters handed over their rifles to Colombian army units in Cauca.",
     ("RETREAT", "COL", "COL")),
    # warplanes sent towards someone are a show of force, not help
    ("China sent 30 warplanes towards Taiwan on Thursday.", ("MOBILIZE", "CHN", "TWN")),
    ("Kenya completed the withdrawal of its troops from Somalia in December.",
     ("RETREAT", "KEN", "SOM")),
    ("The IMF released a $700 million tranche to Egypt after the review.",
     ("AID", "IMF", "EGY")),
    ("The UAE deposited $2 billion with Egypt's central bank.", ("AID", "ARE", "EGY")),
    ("Serbia and Kosovo finalised the text of an agreement on vehicle plates.",
     ("AGREE", "SRB", "XKX")),
    ("Turkey launched a military operation against Kurdish militants in northern Iraq.",
     ("ASSAULT", "TUR", "IRQ")),
    ("Sri Lankan protesters set fire to the prime minister's house in Colombo.",
     ("PROTEST", "LKA", "LKA")),
])
def test_capitals_as_places_helpers_disarming_and_more(pipeline, text, event):
    got = coded(pipeline, text)
    assert event in got or (event[0] == "AGREE" and (event[0], event[2], event[1]) in got)


def test_soldiers_arriving_for_no_stated_help_visit_nobody(pipeline):
    assert "CONSULT" not in types(pipeline, "Russian troops arrived in Bamako on Friday.")


@pytest.mark.parametrize(("text", "event"), [
    # planes and ships arriving with relief deliver aid; they visit nobody
    ("A Turkish cargo plane carrying tents and blankets landed in Beirut on Monday.",
     ("AID", "TUR", "LBN")),
    ("Two Spanish navy ships carrying food and medicine docked in Benghazi.",
     ("AID", "ESP", "LBY")),
    # arriving in another state's town is visiting that state
    ("The Brazilian president arrived in Mombasa for a two-day visit.", ("CONSULT", "BRA", "KEN")),
    # a meeting around the main clause: its subject is the one meeting
    ("The Chilean foreign minister backed Bolivia's bid during talks with her Peruvian "
     "counterpart in Lima.", ("CONSULT", "CHL", "PER")),
])
def test_deliveries_town_visits_and_meetings_around_a_clause(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize("text", [
    "A Russian warship docked in Havana on Wednesday.",
    "The Indian prime minister arrived in Mumbai on Friday.",
])
def test_ships_without_relief_and_visits_at_home_are_no_visits(pipeline, text):
    assert "CONSULT" not in types(pipeline, text) and "AID" not in types(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    ("Cambodia's government dissolved the main opposition party in November.",
     ("COERCE", "KHM", "KHM")),
    ("Gabon restored internet access across the country after the vote.",
     ("CONCEDE", "GAB", "GAB")),
    ("Ecuador's president lifted the state of emergency in Guayaquil.",
     ("RETREAT", "ECU", "ECU")),
    ("Nigerian soldiers killed fourteen people in a village in Benue state.",
     ("ASSAULT", "NGA", "NGA")),
])
def test_dissolving_parties_restoring_access_and_victims_at_home(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    # a participle clause's pronoun object is whom the main clause acted on
    ("Chad severed ties with Sudan on Monday, accusing it of arming the rebels.",
     ("ACCUSE", "TCD", "SDN")),
    ("Colombia broke off talks with the ELN rebels, accusing the group of new kidnappings.",
     ("ACCUSE", "COL", "COL")),
    # diplomats ordered out are expelled; money extended is aid; boats handed over too
    ("Burkina Faso ordered the French ambassador to leave within two days.",
     ("SANCTION", "BFA", "FRA")),
    ("Kuwait extended a $200 million loan to Jordan for its water projects.",
     ("AID", "KWT", "JOR")),
    ("South Korea handed three patrol boats to the Philippine navy.",
     ("AID", "KOR", "PHL")),
    # meeting a demand is giving in; people flown out by a state are deported
    ("Peru's congress met the main demand of the striking miners on Friday.",
     ("CONCEDE", "PER", "PER")),
    ("Mexico flew 130 Honduran migrants back to Tegucigalpa on Tuesday.",
     ("COERCE", "MEX", "HND")),
    ("Serbia reopened its embassy in Tirana after a decade.", ("COOPERATE", "SRB", "ALB")),
    ("The Indian minister held three hours of talks with her Nepali counterpart.",
     ("CONSULT", "IND", "NPL")),
    ("Colombia and the ELN signed a six-month ceasefire in Havana.", ("AGREE", "COL", "COL")),
])
def test_participle_objects_expulsions_loans_demands_deportations(pipeline, text, event):
    got = coded(pipeline, text)
    assert event in got or (event[0] in ("AGREE", "CONSULT", "COOPERATE")
                            and (event[0], event[2], event[1]) in got)


def test_people_flown_somewhere_by_nobody_named_is_no_event(pipeline):
    got = types(pipeline, "Russia freed two Americans on Thursday, and both were flown to Doha.")
    assert "COERCE" not in got and "CONSULT" not in got


def test_both_sides_of_a_clash_attack_each_other(pipeline):
    got = coded(pipeline, "Eritrean and Ethiopian troops exchanged fire along the border.")
    assert {("ASSAULT", "ERI", "ETH"), ("ASSAULT", "ETH", "ERI")} <= got


def test_each_side_releasing_prisoners_releases_them_to_the_other(pipeline):
    got = coded(pipeline, "Armenia and Azerbaijan each released 30 prisoners on Monday.")
    assert {("RETREAT", "ARM", "AZE"), ("RETREAT", "AZE", "ARM")} <= got


def test_what_was_done_before_the_main_clause_happened(pipeline):
    got = coded(pipeline, "After declaring a truce with Armenia, Azerbaijan's government "
                          "reopened the border crossing to aid convoys.")
    assert ("RETREAT", "AZE", "ARM") in got


def test_a_protest_named_in_the_clause_takes_its_subject(pipeline):
    got = coded(pipeline, "Thousands of Peruvians poured into the streets of Lima in "
                          "marches against President Dina Boluarte's government.")
    assert ("PROTEST", "PER", "PER") in got


@pytest.mark.parametrize(("text", "event"), [
    # a state's announced response to a condition is a threat against whoever it names
    ("Ghana's army chief warned that Ghanaian forces would respond with force if Togolese "
     "troops crossed the border again.", ("THREATEN", "GHA", "TGO")),
    ("Egypt's defence minister warned that Egypt would take firm countermeasures if "
     "Ethiopia filled the dam without a deal.", ("THREATEN", "EGY", "ETH")),
])
def test_announced_responses_to_a_condition_are_threats(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize("text", [
    "Israel said it would respond to Iran's letter next week.",
    "Analysts in London said Egypt would take countermeasures if Ethiopia filled the dam.",
    "Chile responded with a formal note to Bolivia's request.",
])
def test_responses_that_are_no_threats(pipeline, text):
    assert "THREATEN" not in types(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    ("Norway called for a ceasefire in Sudan on Monday.", ("REQUEST", "NOR", "SDN")),
    ("The African Union welcomed the accord signed by Kenya and Somalia.",
     ("SUPPORT", "AU", "KEN")),
])
def test_requests_about_a_place_and_agreements_signed_by_someone(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_state_acting_in_protest_is_not_rallying(pipeline):
    got = types(pipeline, "Chile recalled its ambassador to Argentina in protest over the "
                          "remarks.")
    assert "SANCTION" in got and "PROTEST" not in got


@pytest.mark.parametrize(("text", "event"), [
    ("A Kenyan court sentenced an opposition activist to three years in prison.",
     ("COERCE", "KEN", "KEN")),
    ("Georgian police detained the Batumi mayor and several of his aides.",
     ("COERCE", "GEO", "GEO")),
    ("Indonesia suspended imports of beef from Australia after the outbreak.",
     ("SANCTION", "IDN", "AUS")),
])
def test_sentences_detentions_at_home_and_import_bans(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize(("text", "event"), [
    ("Bangladesh expelled Pakistan's high commissioner on Friday.", ("SANCTION", "BGD", "PAK")),
    ("The African Union suspended Gabon from all its activities after the coup.",
     ("SANCTION", "AU", "GAB")),
    ("Belarus's president pardoned 30 people jailed over the protests.",
     ("CONCEDE", "BLR", "BLR")),
    ("Tajikistan handed two border villages back to Kyrgyzstan.", ("RETREAT", "TJK", "KGZ")),
    ("The IMF approved a $2 billion bailout for Sri Lanka.", ("AID", "IMF", "LKA")),
])
def test_envoys_suspensions_pardons_handovers_bailouts_pullouts(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize("text", [
    "Forty years after Chile and Argentina nearly went to war over the Beagle Channel, ties "
    "are warm.",
    "The last time Indian and Chinese troops clashed on this scale was in 1967.",
])
def test_recalled_history_is_no_event(pipeline, text):
    assert coded(pipeline, text) == set()


@pytest.mark.parametrize(("text", "event"), [
    ("Bahrain inaugurated its embassy in Doha on Monday.", ("COOPERATE", "BHR", "QAT")),
    ("Fiji dispatched 50 police officers to Vanuatu to help restore order.",
     ("AID", "FJI", "VUT")),
    ("Pakistan sent the first of several convoys carrying rice to Afghanistan.",
     ("AID", "PAK", "AFG")),
    ("The Houthis freed 40 combatants loyal to the Yemeni government.",
     ("RETREAT", "YEM", "YEM")),
])
def test_embassies_police_sent_to_help_convoys_and_freed_fighters(pipeline, text, event):
    assert event in coded(pipeline, text)
