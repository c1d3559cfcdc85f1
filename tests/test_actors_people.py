"""People with dated roles, role descriptions, and coreference in document order."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.actors import ActorResolver
from dyadwatch.nlp.sentences import segment


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def find(resolver, text, day):
    doc, _ = segment(text)
    return resolver.find(doc, dt.date.fromisoformat(day) if day else None)


def by_text(mentions, text):
    return next(m for m in mentions if m.actor.text == text)


def test_same_name_on_two_dates_gets_the_role_held_then(resolver):
    before = by_text(find(resolver, "Shoigu inspected the front.", "2024-05-11"), "Shoigu")
    after = by_text(find(resolver, "Shoigu inspected the front.", "2024-05-13"), "Shoigu")
    assert (before.actor.person_id, before.actor.role) == ("shoigu-sergei", "defence-minister")
    assert (after.actor.person_id, after.actor.role) == (
        "shoigu-sergei", "security-council-secretary")
    assert before.actor.code == after.actor.code == "RUS"


def test_role_description_names_the_holder_on_the_date(resolver):
    text = "The Russian defence minister toured a tank factory."
    nov_2024 = by_text(find(resolver, text, "2024-11-15"), "Russian defence minister")
    mid_2023 = by_text(find(resolver, text, "2023-06-01"), "Russian defence minister")
    assert nov_2024.actor.person_id == "belousov-andrei"
    assert mid_2023.actor.person_id == "shoigu-sergei"
    assert nov_2024.actor.sector == "GOV" and nov_2024.actor.role == "defence-minister"


def test_role_description_without_a_date_names_no_person(resolver):
    found = by_text(find(resolver, "The Russian defence minister spoke.", None),
                    "Russian defence minister")
    assert found.actor.person_id is None and found.actor.code == "RUS"


def test_one_person_two_roles_over_time(resolver):
    as_pm = by_text(find(resolver, "Putin chaired the cabinet.", "2010-03-01"), "Putin")
    as_president = by_text(find(resolver, "Putin chaired the cabinet.", "2019-03-01"), "Putin")
    assert as_pm.actor.role == "prime-minister" and as_president.actor.role == "president"


@pytest.mark.parametrize(
    ("text", "day", "code", "sector", "person"),
    [
        ("The North Korean leader watched the launch.", "2024-01-05", "PRK", "GOV",
         "kim-jong-un"),
        ("Russia's top diplomat flew to Pyongyang.", "2024-06-01", "RUS", "GOV",
         "lavrov-sergei"),
        ("The South Korean spy agency briefed lawmakers.", "2024-06-01", "KOR", "SPY", None),
        ("Chinese state media praised the summit.", "2024-06-01", "CHN", "MED", None),
        ("The US administration weighed new sanctions.", "2023-03-01", "USA", "GOV", None),
        ("The incoming Trump administration signalled a shift.", "2024-12-01", "USA", "GOV",
         None),
        ("Ukraine's army chief visited the front.", "2024-03-01", "UKR", "MIL",
         "syrskyi-oleksandr"),
        ("Ukraine's army chief visited the front.", "2023-03-01", "UKR", "MIL",
         "zaluzhnyi-valerii"),
    ],
)
def test_role_descriptions(resolver, text, day, code, sector, person):
    first = find(resolver, text, day)[0]
    assert (first.actor.code, first.actor.sector, first.actor.person_id) == (code, sector, person)


def test_full_name_forms_and_titles(resolver):
    mentions = find(resolver, "Kim Jong-un met Mr. Putin; Chairman Kim smiled.", "2024-06-19")
    assert [m.actor.person_id for m in mentions] == ["kim-jong-un", "putin-vladimir",
                                                     "kim-jong-un"]


def test_bare_surname_is_ambiguous_without_earlier_mention(resolver):
    doc, _ = segment("Kim arrived on Tuesday.")
    assert resolver.find(doc, dt.date(2024, 10, 1)) == []
    assert resolver.unknown(doc) == ["Kim"]


def test_bare_surname_follows_the_earlier_full_name(resolver):
    text = ("South Korea's Defence Minister Kim Yong-hyun resigned on Thursday. "
            "Kim had ordered troops into parliament.")
    mentions = find(resolver, text, "2024-12-05")
    kim = [m for m in mentions if m.actor.text == "Kim"][0]
    assert kim.actor.person_id == "kim-yong-hyun" and kim.actor.code == "KOR"


def test_pronoun_refers_to_last_person_across_sentences(resolver):
    text = "Putin greeted Kim Jong Un at the airport. He then left for Moscow by car."
    mentions = find(resolver, text, "2024-06-19")
    he = by_text(mentions, "He")
    assert he.actor.person_id == "kim-jong-un" and "coref" in he.matched_by


def test_group_expression_takes_the_two_latest_countries(resolver):
    text = ("China sent a delegation to Seoul last spring. North Korea and Russia signed a "
            "treaty in June. The two countries promised mutual aid.")
    mentions = find(resolver, text, "2024-06-20")
    group = by_text(mentions, "The two countries")
    assert group.actor.kind == "group"
    assert sorted(m.code for m in group.members) == ["PRK", "RUS"]


def test_pair_of_capitals_is_one_group_with_both_members(resolver):
    mentions = find(resolver, "Pyongyang and Moscow deepened ties.", None)
    assert len(mentions) == 1
    assert [m.code for m in mentions[0].members] == ["PRK", "RUS"]
    assert mentions[0].actor.text == "Pyongyang and Moscow"


def test_the_two_leaders_carry_government_sector(resolver):
    text = "Xi Jinping hosted Vladimir Putin. The two leaders toasted."
    group = by_text(find(resolver, text, "2024-05-16"), "The two leaders")
    assert {(m.code, m.sector) for m in group.members} == {("CHN", "GOV"), ("RUS", "GOV")}


def test_the_west_is_a_documented_group_code(resolver):
    assert find(resolver, "Western nations condemned the launch.", None)[0].actor.code == "WST"


def test_apposition_attaches_the_name_to_the_role(resolver):
    text = "The Iranian president, Masoud Pezeshkian, spoke in Tehran."
    first = find(resolver, text, "2024-09-01")[0]
    assert first.actor.text == "Iranian president, Masoud Pezeshkian"
    assert first.actor.person_id == "pezeshkian-masoud"


def test_unknown_person_name_after_role_is_reported(resolver):
    doc, _ = segment("Moldovan Foreign Minister Ion Placeholder met envoys.")
    mentions = resolver.find(doc, dt.date(2024, 1, 1))
    assert mentions[0].actor.code == "MDA" and mentions[0].actor.person_id is None
    assert resolver.unknown(doc) == ["Ion Placeholder"]


def test_capital_used_as_a_place_is_not_an_actor(resolver):
    assert find(resolver, "The envoys met in Moscow on Friday.", None) == []


def test_bare_role_refers_back_to_the_same_role_earlier(resolver):
    text = ("Ukrainian Foreign Minister Dmytro Kuleba met Japanese officials. "
            "Later the foreign minister flew home.")
    later = by_text(find(resolver, text, "2023-05-01"), "foreign minister")
    assert later.actor.person_id == "kuleba-dmytro" and later.actor.code == "UKR"


def test_three_allies_expand_to_three_latest_countries(resolver):
    text = ("Japan, South Korea and the United States held drills. "
            "The three allies condemned the launch.")
    group = by_text(find(resolver, text, "2024-01-01"), "The three allies")
    assert sorted(m.code for m in group.members) == ["JPN", "KOR", "USA"]


def test_lone_surname_of_long_retired_official_is_not_resolved(resolver):
    assert find(resolver, "Sharon sang at the festival.", "2024-01-01") == []
    recent = find(resolver, "Obama spoke at the rally.", "2024-10-01")[0]
    assert (recent.actor.person_id, recent.actor.role) == ("obama-barack", "former-president")
