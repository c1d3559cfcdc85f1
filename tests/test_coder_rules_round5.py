"""Coder rules of the fifth quality round (concessions under pressure, admissions,
ultimatums, mobilised forces, whose a target is), end to end through the pipeline, on
sentences written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import coded, with_sectors
from dyadwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


# ---------------------------------------------------------------- concessions
@pytest.mark.parametrize(("text", "event"), [
    ("Slovakia's prime minister resigned on Friday after a month of street protests over "
     "the murder of a journalist.", ("CONCEDE", "SVKGOV", "SVKCVL")),
    ("The Peruvian interior minister stepped down amid mounting pressure over the police "
     "response to the marches.", ("CONCEDE", "PERGOV", "PERCVL")),
    ("Ecuador's government gave in to the indigenous movement on Sunday and restored fuel "
     "subsidies.", ("CONCEDE", "ECUGOV", "ECUCVL")),
])
def test_a_government_yielding_to_pressure_concedes_to_its_people(pipeline, text, event):
    assert event in with_sectors(pipeline, text)


@pytest.mark.parametrize("text", [
    "Japan's prime minister resigned on Friday, citing poor health.",
    "The Estonian defence minister stepped down to run for the European Parliament.",
])
def test_a_resignation_without_pressure_is_no_event(pipeline, text):
    assert coded(pipeline, text) == set()


def test_a_body_named_by_a_common_word_belongs_to_the_state_before_it(pipeline):
    got = with_sectors(pipeline, "Colombia's Congress shelved the pension bill on Tuesday, "
                                 "bowing to weeks of protests by teachers.")
    assert ("CONCEDE", "COLLEG", "COLCVL") in got
    assert not any("USA" in side for event in got for side in event)


@pytest.mark.parametrize(("text", "event"), [
    ("Japan admitted on Monday that its wartime army had committed atrocities in China.",
     ("CONCEDE", "JPN", "CHN")),
    ("Germany acknowledged its responsibility for the massacres of Namibian villagers.",
     ("CONCEDE", "DEU", "NAM")),
])
def test_owning_up_to_a_wrong_concedes_to_the_wronged(pipeline, text, event):
    got = coded(pipeline, text)
    assert event in got
    assert not any(t == "ASSAULT" for t, _, _ in got)  # the admission is the event


def test_acknowledging_a_fact_that_is_no_wrong_is_no_concession(pipeline):
    got = coded(pipeline, "Russia acknowledged that its talks with Ukraine had stalled.")
    assert not any(t == "CONCEDE" for t, _, _ in got)


# ---------------------------------------------------------------- protests at home
@pytest.mark.parametrize("text", [
    "Thousands of Hungarian teachers and their supporters marched through Budapest on "
    "Saturday over low pay.",
    "Hundreds of medical students marched through Lima against cuts to public hospitals "
    "ordered by Peru's government.",
])
def test_a_march_at_home_is_a_protest_against_the_government(pipeline, text):
    got = with_sectors(pipeline, text)
    assert any(t == "PROTEST" and target.endswith("GOV") for t, _, target in got)


# ---------------------------------------------------------------- threats
def test_a_leader_warning_that_his_army_would_strike_threatens(pipeline):
    got = coded(pipeline, "Chad's president warned on Friday that his army would strike "
                          "back on Sudanese soil if the raids went on.")
    assert ("THREATEN", "TCD", "SDN") in got


def test_giving_someone_days_to_act_or_face_force_is_an_ultimatum(pipeline):
    got = coded(pipeline, "The African Union gave Guinea's junta two weeks to free the "
                          "president or face suspension.")
    assert ("THREATEN", "AU", "GIN") in got


def test_an_ordinary_gift_is_no_ultimatum(pipeline):
    got = coded(pipeline, "Norway gave Ukraine's army two weeks of fuel supplies.")
    assert not any(t == "THREATEN" for t, _, _ in got)


# ---------------------------------------------------------------- force
def test_forces_put_on_alert_in_the_passive_mobilise(pipeline):
    got = with_sectors(pipeline, "Cyprus's national guard was put on high alert on Monday "
                                 "after Turkish warships entered its waters.")
    assert any(t == "MOBILIZE" and s.startswith("CYP") and target.startswith("TUR")
               for t, s, target in got)


def test_striking_back_is_an_assault(pipeline):
    got = coded(pipeline, "Thai troops struck back at Cambodian positions along the "
                          "frontier on Thursday.")
    assert ("ASSAULT", "THA", "KHM") in got


def test_positions_held_by_a_group_are_its_own(pipeline):
    got = coded(pipeline, "Sudanese army drones struck positions held by the Rapid Support "
                          "Forces near Omdurman.")
    assert ("ASSAULT", "SDN", "SDN") in got


# ---------------------------------------------------------------- aid and access
def test_planes_carrying_relief_to_a_state_are_aid_to_it(pipeline):
    got = coded(pipeline, "Japan sent three planes carrying tents, blankets and water "
                          "purifiers to Morocco on Friday.")
    assert ("AID", "JPN", "MAR") in got


def test_troops_sent_to_help_an_army_are_aid_to_its_state(pipeline):
    got = coded(pipeline, "Rwanda sent hundreds of soldiers into Mozambique on Monday to "
                          "help the Mozambican army fight insurgents.")
    assert ("AID", "RWA", "MOZ") in got


def test_allowing_inspectors_in_is_a_retreat_even_when_misparsed(pipeline):
    got = coded(pipeline, "Syria allowed inspectors from the International Atomic Energy "
                          "Agency to visit a desert site on Sunday.")
    assert ("RETREAT", "SYR", "IAEA") in got


# ---------------------------------------------------------------- whose slot
def test_the_source_again_is_no_target(pipeline):
    got = coded(pipeline, "Bahrain reopened its embassy in Doha on Monday, with a Bahraini "
                          "diplomat raising the flag over the building.")
    assert ("COOPERATE", "BHR", "QAT") in got


@pytest.mark.parametrize(("text", "event"), [
    ("Lithuania refused China's demand that it shut the Taiwanese office.",
     ("REJECT", "LTU", "CHN")),
    ("A Spanish court blocked a Moroccan request to extradite the activist.",
     ("REJECT", "ESP", "MAR")),
])
def test_a_refused_demand_is_refused_to_whoever_made_it(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_verb_the_noun_frame_names_lends_its_subject(pipeline):
    got = coded(pipeline, "Cuba reiterated its firm support for Venezuela's government.")
    assert ("SUPPORT", "CUB", "VEN") in got


# ---------------------------------------------------------------- round 5b
@pytest.mark.parametrize(("text", "event"), [
    ("Peru's president dissolved the cabinet on Friday after weeks of street protests over "
     "rising fuel prices.", ("PROTEST", "PERCVL", "PERGOV")),
    ("Moldova handed two border posts back to Ukraine on Monday despite days of protests by "
     "local farmers.", ("PROTEST", "MDACVL", "MDAGOV")),
])
def test_protests_named_as_the_setting_of_the_news_are_events(pipeline, text, event):
    assert event in with_sectors(pipeline, text)


def test_a_planned_protest_is_no_setting(pipeline):
    got = coded(pipeline, "Police in Nairobi prepared for protests ahead of the vote in Kenya.")
    assert not any(t == "PROTEST" for t, _, _ in got)


def test_protesters_blocking_a_junction_protest(pipeline):
    got = with_sectors(pipeline, "Thousands of Hungarian students blocked a busy junction "
                                 "in Budapest on Friday over the education law.")
    assert any(t == "PROTEST" and s == "HUNCVL" for t, s, _ in got)


@pytest.mark.parametrize(("text", "event"), [
    ("Spain's national police launched a joint investigation with Morocco's security "
     "services into a hashish smuggling ring.", ("COOPERATE", "ESP", "MAR")),
    ("Singaporean frigates conducted coordinated patrols with the Malaysian navy in the "
     "Strait of Malacca.", ("COOPERATE", "SGP", "MYS")),
])
def test_joint_inquiries_and_patrols_are_cooperation(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_the_state_named_before_a_town_decides_whose_it_is(pipeline):
    # "Palma" is also a Spanish city; the text says which one is meant
    got = coded(pipeline, "Islamist insurgents overran the Mozambican town of Palma, "
                          "killing dozens of residents.")
    assert not any("ESP" in (s, t) for _, s, t in got)


def test_security_police_are_police(pipeline):
    got = with_sectors(pipeline, "Belarusian security police detained four bloggers in "
                                 "Minsk on Tuesday.")
    assert any(t == "COERCE" and s == "BLRCOP" for t, s, _ in got)


@pytest.mark.parametrize(("text", "event"), [
    ("Armenia's defence minister warned Azerbaijan's rulers that any new incursion would "
     "mean war.", ("THREATEN", "ARM", "AZE")),
    ("The Houthi leader warned on Friday that no Saudi airport would be spared if the "
     "raids on Sanaa resumed.", ("THREATEN", "YEM", "SAU")),
])
def test_a_warning_of_force_to_come_is_a_threat(pipeline, text, event):
    assert event in coded(pipeline, text)


@pytest.mark.parametrize("text", [
    "Armenia's defence minister warned that Azerbaijani troops had crossed the border.",
    "Iran's army chief warned that Iran would respond to any attack, state media said.",
])
def test_a_warning_of_past_or_own_force_names_no_threatened_state(pipeline, text):
    got = coded(pipeline, text)
    assert not any(t == "THREATEN" and s == o for t, s, o in got)
    if "crossed" in text:
        assert not any(t == "THREATEN" for t, _, _ in got)


def test_a_request_coordinated_with_an_accusation_is_its_own_event(pipeline):
    got = coded(pipeline, "Amnesty International accused Nigerian troops of torturing "
                          "detainees and urged Nigeria's government to open an inquiry.")
    assert ("ACCUSE", "AMN", "NGA") in got
    assert ("REQUEST", "AMN", "NGA") in got


@pytest.mark.parametrize(("text", "event"), [
    ("Chile's president asked Japan to lift its tariffs on copper during talks with the "
     "Japanese trade minister in Santiago.", ("CONSULT", "CHL", "JPN")),
    ("Spain's foreign minister praised Senegal's migration policy during a visit to Dakar "
     "on Monday.", ("CONSULT", "ESP", "SEN")),
])
def test_a_meeting_setting_a_past_sentence_took_place(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_meeting_in_a_noun_phrase_or_to_come_is_no_setting(pipeline):
    got = coded(pipeline, "Egyptian and Sudanese jets began a joint exercise on Saturday "
                          "amid deadlock in their negotiations with Ethiopia.")
    assert not any(t == "CONSULT" for t, _, _ in got)
    got = coded(pipeline, "Chile will ask Japan to lift its tariffs during talks with the "
                          "Japanese trade minister next week.")
    assert not any(t == "CONSULT" for t, _, _ in got)


# ---------------------------------------------------------------- round 5c: at home
def test_bare_congo_is_the_democratic_republic(pipeline):
    got = coded(pipeline, "Congo's government accused Uganda on Tuesday of arming rebels.")
    assert ("ACCUSE", "COD", "UGA") in got


@pytest.mark.parametrize(("text", "event"), [
    ("Belarusian police arrested Ales Bialiatski at his flat in Minsk on Thursday.",
     ("COERCE", "BLRCOP", "BLRCVL")),
    ("Honduran prosecutors charged Maria Fernanda Lopez with embezzlement on Monday.",
     ("COERCE", "HNDJUD", "HNDCVL")),
])
def test_a_named_person_arrested_at_home_is_one_of_its_people(pipeline, text, event):
    assert event in with_sectors(pipeline, text)


def test_rebels_freeing_captives_at_home_retreat(pipeline):
    got = with_sectors(pipeline, "Colombia's ELN rebels freed four kidnapped soldiers "
                                 "in Cauca on Sunday.")
    assert any(t == "RETREAT" and s == "COLREB" and o.startswith("COL")
               for t, s, o in got)


@pytest.mark.parametrize(("text", "event"), [
    ("Sudan's Rapid Support Forces declared a unilateral truce for the holiday on Sunday.",
     ("RETREAT", "SDNREB", "SDNGOV")),
    ("Ethiopia's government declared a unilateral ceasefire with armed groups in Amhara on "
     "Monday.", ("RETREAT", "ETHGOV", "ETHREB")),
])
def test_a_one_sided_truce_spares_the_other_side_at_home(pipeline, text, event):
    assert event in with_sectors(pipeline, text)


# ---------------------------------------------------------------- round 5d: force
def test_the_subject_the_modifiers_hang_on_still_acts(pipeline):
    got = with_sectors(pipeline, "Gang members armed with machetes killed at least twelve "
                                 "people in a village in central Haiti on Friday.")
    assert ("ASSAULT", "HTICRM", "HTICVL") in got


def test_a_beating_names_what_it_was_done_with(pipeline):
    got = with_sectors(pipeline, "Kenyan riot police beat protesters with batons outside "
                                 "parliament in Nairobi.")
    assert any(t == "ASSAULT" and s == "KENCOP" for t, s, _ in got)


def test_a_team_beating_another_is_no_assault(pipeline):
    assert coded(pipeline, "Argentina beat France on penalties to win the World Cup.") == set()


@pytest.mark.parametrize(("text", "event"), [
    ("The Pentagon ordered a second carrier group into the Arabian Sea on Friday to deter "
     "Iran.", ("MOBILIZE", "USA", "IRN")),
    ("Colombia's army reinforced its garrison near the border with Venezuela on Tuesday.",
     ("MOBILIZE", "COL", "VEN")),
    ("Russia sent bombers and warships to shadow Japan's naval drills off Hokkaido.",
     ("MOBILIZE", "RUS", "JPN")),
])
def test_forces_moved_to_deter_someone_mobilise_against_them(pipeline, text, event):
    assert event in coded(pipeline, text)


# ---------------------------------------------------------------- round 5e: who is meant
def test_condemning_the_move_condemns_whoever_made_it(pipeline):
    got = coded(pipeline, "Venezuelan troops seized a Guyanese fishing boat on Monday, and "
                          "Guyana's foreign ministry condemned the move as piracy.")
    assert ("ACCUSE", "GUY", "VEN") in got


def test_a_participle_of_an_announced_clause_takes_the_announcer(pipeline):
    got = coded(pipeline, "Mali's junta announced that it was leaving ECOWAS at once, "
                          "accusing the bloc of serving foreign interests.")
    assert ("ACCUSE", "MLI", "ECOWAS") in got


# ---------------------------------------------------------------- round 5f: probes
@pytest.mark.parametrize("text", [
    "Kenyan police said they were investigating the death of a British tourist in Mombasa.",
    "The last time Thailand and Cambodia clashed over the temple was in 2011.",
])
def test_inquiries_at_home_and_recalled_clashes_are_no_events(pipeline, text):
    assert coded(pipeline, text) == set()


def test_condemning_a_killing_targets_the_killer_not_the_victims(pipeline):
    got = coded(pipeline, "The EU condemned the killing of two Reuters journalists by "
                          "Israeli forces in Gaza.")
    assert ("ACCUSE", "EU", "ISR") in got


@pytest.mark.parametrize(("text", "event"), [
    ("Moldova appealed to EU partners for help with its energy bills.", ("REQUEST", "MDA", "EU")),
    ("Ghana cut diplomatic ties with the Polisario Front.", ("SANCTION", "GHA", "ESH")),
    ("Russia withdrew its troops from the Zaporizhzhia nuclear plant.", ("RETREAT", "RUS", "UKR")),
])
def test_probe_phrasings_code(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_pardon_of_prisoners_is_a_concession_at_home(pipeline):
    got = with_sectors(pipeline, "The Myanmar junta pardoned 5,000 prisoners on Friday.")
    assert any(t == "CONCEDE" and o == "MMRCVL" for t, _, o in got)


# ---------------------------------------------------------------- round 5g: addressees
def test_a_statement_made_on_a_visit_speaks_to_the_host(pipeline):
    got = coded(pipeline, "Belgium's king apologised for colonial-era abuses during a "
                          "visit to Kinshasa on Wednesday.")
    assert ("CONCEDE", "BEL", "COD") in got


def test_the_one_thanked_for_a_deposit_gave_it(pipeline):
    got = coded(pipeline, "Egypt's prime minister thanked Qatar on Monday for depositing "
                          "two billion dollars with Egypt's central bank.")
    assert ("SUPPORT", "EGY", "QAT") in got
    assert ("AID", "QAT", "EGY") in got


def test_pardoned_journalists_are_the_states_own_people(pipeline):
    got = with_sectors(pipeline, "Algeria's president pardoned four jailed journalists on "
                                 "Independence Day.")
    assert any(t == "CONCEDE" and o == "DZACVL" for t, _, o in got)


def test_the_by_phrase_of_an_expulsions_object_is_who_expelled(pipeline):
    got = coded(pipeline, "The expulsion of two Russian diplomats by Bulgaria drew a sharp "
                          "protest from Moscow.")
    assert ("SANCTION", "BGR", "RUS") in got


def test_dismissing_a_court_ruling_rejects_the_court(pipeline):
    got = coded(pipeline, "Myanmar's junta dismissed the ruling of the International Court "
                          "of Justice as biased.")
    assert any(t == "REJECT" and s == "MMR" for t, s, _ in got)


def test_prisoners_protest_against_the_state_whose_jails_hold_them(pipeline):
    got = with_sectors(pipeline, "Dozens of Egyptian prisoners held in Libyan jails began a "
                                 "hunger strike on Monday over their conditions.")
    assert any(t == "PROTEST" and o == "LBYGOV" for t, _, o in got)


# ---------------------------------------------------------------- round 5h: settings
def test_a_purpose_clause_of_a_blocking_verb_is_done(pipeline):
    got = with_sectors(pipeline, "Demonstrators blocked the main avenue in Yerevan on "
                                 "Saturday to protest against the Armenian government.")
    assert any(t == "PROTEST" and s == "ARMCVL" for t, s, _ in got)


def test_one_of_the_largest_protests_is_a_protest(pipeline):
    got = with_sectors(pipeline, "Tens of thousands of students and workers filled central "
                                 "Bratislava on Friday in one of the largest protests "
                                 "against Slovakia's government in years.")
    assert ("PROTEST", "SVKCVL", "SVKGOV") in got


def test_an_apology_on_a_state_visit_goes_to_the_host_not_the_own_army(pipeline):
    got = with_sectors(pipeline, "Germany's president apologised on Tuesday for killings by "
                                 "German colonial troops, speaking in Dar es Salaam during a "
                                 "state visit.")
    assert ("CONCEDE", "DEUGOV", "TZA") in got
    assert ("CONSULT", "DEUGOV", "TZA") in got
    assert not any(o == "DEUMIL" for _, _, o in got)


def test_talks_during_a_visit_are_one_meeting(pipeline):
    got = with_sectors(pipeline, "Chile's president held talks with Chinese President Xi "
                                 "Jinping in Beijing on Friday during a state visit.")
    consults = [e for e in got if e[0] == "CONSULT"]
    assert consults == [("CONSULT", "CHLGOV", "CHNGOV")]


# ---------------------------------------------------------------- round 5i: whose
@pytest.mark.parametrize(("text", "event"), [
    ("Houthi fighters seized an Israeli-linked cargo ship in the Red Sea on Sunday.",
     ("COERCE", "YEM", "ISR")),
    ("Iran's navy seized a Panama-flagged tanker in the Gulf of Oman.", ("COERCE", "IRN", "PAN")),
])
def test_a_ship_linked_or_flagged_to_a_state_is_that_states(pipeline, text, event):
    assert event in coded(pipeline, text)


def test_a_proxy_linked_to_a_state_is_not_that_state(pipeline):
    got = coded(pipeline, "Iran-linked militias attacked US bases in Syria.")
    assert not any(s == "IRN" for _, s, _ in got)


def test_a_body_beside_its_bare_state_is_the_source(pipeline):
    got = with_sectors(pipeline, "Sudan's paramilitary Rapid Support Forces shelled a camp "
                                 "for displaced people in North Darfur.")
    assert any(t == "ASSAULT" and s == "SDNREB" for t, s, _ in got)


def test_a_visit_and_its_hosting_are_one_meeting(pipeline):
    got = coded(pipeline, "Qatar's emir received Lebanon's president in Doha on Monday, on "
                          "the Lebanese leader's first trip abroad since taking office.")
    assert len([e for e in got if e[0] == "CONSULT"]) == 1


# ---------------------------------------------------------------- round 5j: deadlines
@pytest.mark.parametrize(("text", "event"), [
    ("Azerbaijan gave Armenian forces 24 hours to withdraw from the villages.",
     ("THREATEN", "AZE", "ARM")),
    ("Burkina Faso's junta gave the French ambassador 48 hours to leave the country.",
     ("SANCTION", "BFA", "FRA")),
])
def test_a_deadline_to_act_is_an_ultimatum_and_one_to_leave_an_expulsion(pipeline, text,
                                                                           event):
    assert event in coded(pipeline, text)


def test_cautioning_a_state_against_an_act_is_a_warning(pipeline):
    got = coded(pipeline, "Egypt's foreign minister cautioned Ethiopia against any new "
                          "filling of the dam.")
    assert ("THREATEN", "EGY", "ETH") in got


def test_announcing_a_military_response_to_a_condition_threatens_its_subject(pipeline):
    got = coded(pipeline, "Serbia said it would respond militarily if Kosovo sent police "
                          "into the north.")
    assert ("THREATEN", "SRB", "XKX") in got
    assert coded(pipeline, "Serbia said it would respond to Kosovo's letter next week.") == set()


# ---------------------------------------------------------------- round 5k: no event
@pytest.mark.parametrize("text", [
    "The film recalls the student protests in Seoul in the 1980s.",
    "Chile's economy has struggled since the 2019 protests over inequality.",
    "The Australian company charged Indonesian customers higher fees last year.",
    "The Japanese firm released a new phone in South Korea on Monday.",
    "Egypt's foreign minister arrived in Addis Ababa for an African Union summit.",
    "Hezbollah refrained from firing at northern Israel for a third straight day.",
    "Pakistan's cricket team arrived in Hyderabad on Wednesday for its tour of India.",
])
def test_history_fees_products_summits_restraint_and_sport_are_no_events(pipeline, text):
    assert coded(pipeline, text) == set()


def test_a_trip_for_talks_with_the_host_is_a_visit(pipeline):
    got = coded(pipeline, "Egypt's foreign minister arrived in Addis Ababa for talks with "
                          "Ethiopian officials.")
    assert ("CONSULT", "EGY", "ETH") in got
