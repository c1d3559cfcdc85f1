"""Actor resolution on sentences written for these tests: countries, demonyms, capitals,
organisations, sectors from role nouns, phrase spans and offsets."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.actors import ActorResolver
from dyadwatch.nlp.sentences import segment


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def actors(resolver: ActorResolver, text: str, day: dt.date | None = None):
    doc, _ = segment(text)
    return resolver.find(doc, day)


def triples(resolver, text, day=None):
    return [(m.actor.text, m.actor.code, m.actor.sector) for m in actors(resolver, text, day)]


def test_demonym_with_military_noun_is_one_mil_mention(resolver):
    assert triples(resolver, "Officials confirmed that North Korean troops crossed into Kursk.") \
        == [("North Korean troops", "PRK", "MIL")]


def test_possessive_country_takes_ministry_sector(resolver):
    found = triples(resolver, "Russia's foreign ministry summoned the envoy on Friday.")
    assert found[0] == ("Russia's foreign ministry", "RUS", "GOV")


def test_national_agency_gives_country_and_spy_sector(resolver):
    found = triples(resolver, "South Korea's National Intelligence Service briefed lawmakers.")
    assert ("South Korea's National Intelligence Service", "KOR", "SPY") in found


def test_capitals_and_seats_of_power_are_government_metonyms(resolver):
    found = triples(resolver, "Washington criticised Tehran, and the Kremlin stayed silent.")
    assert found == [("Washington", "USA", "GOV"), ("Tehran", "IRN", "GOV"),
                     ("Kremlin", "RUS", "GOV")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The DPRK fired a missile.", "PRK"),
        ("The ROK protested the launch.", "KOR"),
        ("The U.S. imposed sanctions.", "USA"),
        ("The USA imposed sanctions.", "USA"),
        ("Britain recalled its ambassador.", "GBR"),
        ("The Russian Federation vetoed the text.", "RUS"),
        ("Kiev rejected the offer.", "UKR"),
        ("Kyiv rejected the offer.", "UKR"),
        ("Ivory Coast hosted the talks.", "CIV"),
        ("Myanmar released prisoners.", "MMR"),
    ],
)
def test_short_forms_and_aliases_resolve(resolver, text, code):
    assert [c for _, c, _ in triples(resolver, text)] == [code]


def test_ambiguous_country_names_need_capitals(resolver):
    assert triples(resolver, "They ate turkey and jordan almonds.") == []
    found = actors(resolver, "Turkey and Jordan signed a deal.")
    assert [m.code for m in found[0].members] == ["TUR", "JOR"]


def test_pronoun_us_is_not_the_united_states(resolver):
    assert triples(resolver, "He told us that nothing had changed.") == []


def test_whole_phrase_with_name_is_one_mention_with_offsets(resolver):
    text = "On Monday, Russian President Vladimir Putin received the delegation."
    doc, _ = segment(text)
    mention = resolver.find(doc, None)[0]
    assert mention.actor.text == "Russian President Vladimir Putin"
    assert text[mention.actor.start:mention.actor.end] == mention.actor.text
    assert doc[mention.tok_start:mention.tok_end].text == mention.actor.text
    assert mention.actor.code == "RUS" and mention.actor.sector == "GOV"
    assert "demonym:Russian" in mention.matched_by and "president" in mention.matched_by


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Chinese state media reported the visit.", "MED"),
        ("Iranian police dispersed the crowd.", "COP"),
        ("A Russian court jailed the reporter.", "JUD"),
        ("Ukrainian lawmakers approved the bill.", "LEG"),
        ("Venezuelan opposition figures boycotted the vote.", "OPP"),
        ("Syrian rebels seized the town.", "REB"),
        ("Japanese firms cut exports.", "BUS"),
        ("Israeli civilians were evacuated.", "CVL"),
        ("Russian defence minister arrived.", "GOV"),
        ("South Korean spy agency said so.", "SPY"),
        ("American soldiers left the base.", "MIL"),
    ],
)
def test_role_noun_decides_sector(resolver, text, sector):
    assert triples(resolver, text)[0][2] == sector


def test_role_before_country_with_of(resolver):
    found = triples(resolver, "The foreign minister of Iran flew to Oman.")
    assert found[0] == ("foreign minister of Iran", "IRN", "GOV")


def test_verb_between_country_and_noun_does_not_make_a_phrase(resolver):
    found = triples(resolver, "Russia said troops were ready.")
    assert found == [("Russia", "RUS", None)]


def test_coordinated_demonyms_share_the_role_noun(resolver):
    found = triples(resolver, "Russian and North Korean troops held drills.")
    assert found == [("Russian", "RUS", "MIL"), ("North Korean troops", "PRK", "MIL")]


def test_international_organisations_are_igo(resolver):
    found = actors(resolver, "NATO, the EU and the UN Security Council met; BRICS and "
                             "ASEAN did not, and the IAEA sent inspectors.")
    codes = [(m.actor.code, m.actor.kind) for m in found]
    assert ("NATO", "igo") in codes and ("EU", "igo") in codes and ("IAEA", "igo") in codes
    unsc = next(m for m in found if m.actor.text == "UN Security Council")
    assert unsc.actor.code == "UNO" and unsc.actor.name == "UN Security Council"


def test_the_north_needs_a_korea_context(resolver):
    found = triples(resolver, "Seoul said the North fired two missiles.")
    assert ("North", "PRK", None) in found or ("the North", "PRK", None) in found
    assert triples(resolver, "Storms hit the North of England.") == [("England", "GBR", None)]


def test_unknown_keeps_unresolved_organisation_names(resolver):
    doc, _ = segment("The Azov Brigade clashed with Russian forces.")
    resolver.find(doc, None)
    assert resolver.unknown(doc) == ["Azov Brigade"]


def test_version_is_stable_for_the_same_data(resolver):
    assert resolver.version == ActorResolver().version
