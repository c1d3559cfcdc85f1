"""Actors read from their context: a sentence's country, a namesake's other given name,
a capital used as a place, the head of a named service, an acronym read by region."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.actors import ActorResolver
from dyadwatch.nlp.sentences import segment

DAY = dt.date(2024, 1, 10)


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def found(resolver: ActorResolver, text: str, day: dt.date | None = DAY):
    doc, _ = segment(text)
    mentions = resolver.find(doc, day)
    return {m.actor.text: m.actor for m in mentions}, resolver.unknown(doc)


# --- 1. bare role nouns take the one country their sentence names --------------------

@pytest.mark.parametrize(("text", "word", "code", "sector"), [
    ("Riot police in Nairobi fired tear gas at the crowd on Tuesday.", "Riot police", "KEN",
     "COP"),
    ("Thousands of students in Dhaka marched against the quota system.", "students", "BGD",
     "CVL"),
    ("Soldiers opened fire on a funeral procession in Khartoum.", "Soldiers", "SDN", "MIL"),
    ("Junior doctors across South Korea stayed away from hospitals in protest.", "doctors",
     "KOR", "CVL"),
    ("Nurses across South Korea rejected the government's offer.", "government", "KOR", "GOV"),
    ("Gunmen raided a village in northern Burkina Faso overnight.", "Gunmen", "BFA", "REB"),
    ("Residents of a Nairobi slum blocked the highway.", "Residents", "KEN", "CVL"),
    ("Georgian police said truckers had blocked the border crossing.", "truckers", "GEO", "CVL"),
])
def test_bare_role_takes_the_country_of_its_sentence(resolver, text, word, code, sector):
    actors, unknown = found(resolver, text)
    assert (actors[word].code, actors[word].sector) == (code, sector)
    assert unknown == []  # inheriting adds no noise to the unknown list


@pytest.mark.parametrize(("text", "word"), [
    # two countries: nobody can tell whose police these are
    ("Police in Paris questioned students after Russia warned Ukraine.", "Police"),
    ("Police in Paris questioned students after Russia warned Ukraine.", "students"),
    # victims next to an actor are usually the other side's
    ("Russian shelling killed civilians overnight.", "civilians"),
    # a bare official beside another country's troops is its speaker, not theirs
    ("Officials said North Korean troops had crossed the border.", "Officials"),
    # a bare country as the object names the other side
    ("Troops crossed into Ukraine at dawn.", "Troops"),
    # foreign by definition, or part of a name
    ("Peacekeepers in Juba guarded the camp.", "Peacekeepers"),
    ("The international criminal court in The Hague opened a case against Russia.", "court"),
])
def test_bare_role_is_not_guessed(resolver, text, word):
    actors, _ = found(resolver, text)
    assert word not in actors


def test_role_word_naming_a_facility_is_no_actor(resolver):
    actors, _ = found(resolver, "Militants stormed an army base in northern Mali.")
    assert "army" not in actors
    assert actors["Militants"].code == "MLI"


def test_an_unknown_brigade_stays_unknown(resolver):
    _, unknown = found(resolver, "The Azov Brigade fought in Ukraine.")
    assert unknown == ["Azov Brigade"]


# --- 2. another given name before a known surname ------------------------------------

def test_other_given_name_is_another_person(resolver):
    actors, unknown = found(resolver, "Hong Kong police arrested media tycoon Jimmy Lai.")
    assert all(a.person_id != "lai-ching-te" for a in actors.values())
    assert "Jimmy Lai" in unknown
    assert actors["Hong Kong police"].code == "HKG"


@pytest.mark.parametrize("text", [
    "Taiwan's vice president Lai Ching-te flew home. Lai said the trip went well.",
    "Vice President Lai visited Paraguay.",
    "William Lai met the delegation.",
    "Taiwan Leader Lai Warns Beijing Over Drills",
])
def test_own_names_and_titles_keep_the_person(resolver, text):
    actors, _ = found(resolver, text, dt.date(2023, 8, 15))
    assert any(a.person_id == "lai-ching-te" for a in actors.values())


# --- 3. a capital before a place noun is a place -------------------------------------

@pytest.mark.parametrize("text", [
    "Fire swept through a Nairobi slum overnight.",
    "Doctors at a Kabul hospital treated the wounded.",
    "Commuters sheltered in the Kyiv metro.",
])
def test_capital_modifying_a_place_is_no_government(resolver, text):
    actors, _ = found(resolver, text)
    assert all(a.sector != "GOV" for a in actors.values())


@pytest.mark.parametrize(("text", "word", "code"), [
    ("A Kremlin spokesman dismissed the report.", "Kremlin spokesman", "RUS"),
    ("Beijing's envoy arrived late.", "Beijing's envoy", "CHN"),
    ("A Tehran official denied the claim.", "Tehran official", "IRN"),
])
def test_capital_with_a_role_stays_an_actor(resolver, text, word, code):
    actors, _ = found(resolver, text)
    assert (actors[word].code, actors[word].sector) == (code, "GOV")


# --- 4. foreign and domestic intelligence chiefs -------------------------------------

@pytest.mark.parametrize(("text", "word", "person"), [
    ("Israel's spy chief flew to Doha.", "Israel's spy chief", "barnea-david"),
    ("The Shin Bet chief briefed the cabinet.", "Shin Bet chief", "bar-ronen"),
    ("Britain's spy chief spoke in Istanbul.", "Britain's spy chief", "moore-richard"),
    ("The head of MI5 warned of plots.", "head of MI5", "mccallum-ken"),
    ("The FSB chief blamed Kyiv.", "FSB chief", "bortnikov-alexander"),
    ("Russia's domestic intelligence chief spoke.", "Russia's domestic intelligence chief",
     "bortnikov-alexander"),
    # no foreign service listed: the domestic service's head is the country's spy chief
    ("Australia's spy chief named no country.", "Australia's spy chief", "burgess-mike"),
])
def test_spy_chief_names_the_right_service_head(resolver, text, word, person):
    actors, _ = found(resolver, text)
    assert actors[word].person_id == person
    assert actors[word].sector == "SPY"


def test_spy_chief_of_a_service_without_a_date_is_the_service(resolver):
    actors, _ = found(resolver, "The Shin Bet chief briefed the cabinet.", None)
    ref = actors["Shin Bet chief"]
    assert (ref.code, ref.sector, ref.role, ref.person_id) == (
        "ISR", "SPY", "intelligence-chief-domestic", None)


# --- 5. SDF read by region ------------------------------------------------------------

@pytest.mark.parametrize(("text", "code", "sector"), [
    ("The SDF held joint drills with US forces off Okinawa.", "JPN", "MIL"),
    ("The SDF said it had detained Islamic State fighters near Raqqa.", "SYR", "REB"),
    ("Shelling hit Kurdish towns on Monday. The SDF vowed to respond.", "SYR", "REB"),
    ("Turkey struck targets in Syria. The SDF said two fighters died.", "SYR", "REB"),
    ("THE SDF PREPARES FOR A CRISIS AT SEA", "JPN", "MIL"),  # "crISIS" is no hint
])
def test_sdf_is_read_by_the_document_region(resolver, text, code, sector):
    actors, _ = found(resolver, text)
    sdf = next(a for t, a in actors.items() if "SDF" in t)
    assert (sdf.code, sdf.sector) == (code, sector)
