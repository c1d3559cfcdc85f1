"""Spy chiefs and top commanders (people_security.yaml): dated roles, sectors, descriptions."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
import yaml

from dyadwatch.actors import ActorResolver
from dyadwatch.nlp.sentences import segment


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def actor(resolver: ActorResolver, text: str, day: str, span: str):
    doc, _ = segment(text)
    mentions = resolver.find(doc, dt.date.fromisoformat(day))
    return next(m.actor for m in mentions if m.actor.text == span)


@pytest.mark.parametrize(
    ("text", "day", "span", "code", "person"),
    [
        ("Alex Younger warned of Russian hybrid threats.", "2016-12-08", "Alex Younger",
         "GBR", "younger-alex"),
        ("Bruno Kahl briefed the Bundestag committee.", "2020-10-01", "Bruno Kahl",
         "DEU", "kahl-bruno"),
        ("Lee Jong-seok told lawmakers the North sent more troops.", "2025-11-04",
         "Lee Jong-seok", "KOR", "lee-jong-seok"),
        ("Chen Yixin accused foreign agencies of espionage.", "2024-05-01", "Chen Yixin",
         "CHN", "chen-yixin"),
    ],
)
def test_spy_chief_name_is_spy_sector_during_tenure(resolver, text, day, span, code, person):
    found = actor(resolver, text, day, span)
    assert (found.code, found.sector, found.person_id, found.role) == (
        code, "SPY", person, "intelligence-chief")


def test_spy_chief_after_tenure_is_former(resolver):
    # Kahl handed the BND to Martin Jäger on 15 September 2025
    during = actor(resolver, "Bruno Kahl spoke in Berlin.", "2025-09-14", "Bruno Kahl")
    after = actor(resolver, "Bruno Kahl spoke in Berlin.", "2025-10-01", "Bruno Kahl")
    assert during.role == "intelligence-chief" and during.sector == "SPY"
    assert after.person_id == "kahl-bruno"
    assert after.role == "former-intelligence-chief" and after.sector != "SPY"


@pytest.mark.parametrize(
    ("text", "day", "span", "code", "person"),
    [
        ("Gen. Ri Yong Gil inspected artillery units.", "2024-06-01", "Gen. Ri Yong Gil",
         "PRK", "ri-yong-gil"),
        ("Jin Yong-sung visited the front-line units.", "2025-10-15", "Jin Yong-sung",
         "KOR", "jin-yong-sung"),
        ("Tony Radakin met his Ukrainian counterpart.", "2023-02-01", "Tony Radakin",
         "GBR", "radakin-tony"),
        ("Agus Subiyanto reviewed the troops.", "2024-02-01", "Agus Subiyanto",
         "IDN", "subiyanto-agus"),
    ],
)
def test_commander_name_is_military_sector(resolver, text, day, span, code, person):
    found = actor(resolver, text, day, span)
    assert (found.code, found.sector, found.person_id, found.role) == (
        code, "MIL", person, "military-chief")


@pytest.mark.parametrize(
    ("text", "span", "day", "person"),
    [
        ("South Korea's top general visited the border.", "South Korea's top general",
         "2024-03-01", "kim-myung-soo"),
        ("South Korea's top general visited the border.", "South Korea's top general",
         "2025-10-15", "jin-yong-sung"),
        ("North Korea's army chief watched the drill.", "North Korea's army chief",
         "2023-07-01", "pak-su-il"),
        ("North Korea's army chief watched the drill.", "North Korea's army chief",
         "2024-01-10", "ri-yong-gil"),
        ("China's top general called his US counterpart.", "China's top general",
         "2024-08-01", "liu-zhenli"),
    ],
)
def test_role_description_names_the_commander_on_the_date(resolver, text, span, day, person):
    found = actor(resolver, text, day, span)
    assert (found.sector, found.role, found.person_id) == ("MIL", "military-chief", person)


def test_vacant_or_unknown_post_names_nobody(resolver):
    # Liu Zhenli was put under investigation on 24 January 2026; no successor is listed
    found = actor(resolver, "China's top general called his US counterpart.", "2026-03-01",
                  "China's top general")
    assert (found.code, found.sector, found.person_id) == ("CHN", "MIL", None)


def test_roles_from_both_people_files_merge_by_id(resolver):
    # Ri Yong-gil: defence minister in people.yaml, chief of the General Staff here
    as_minister = actor(resolver, "Ri Yong Gil visited Moscow.", "2022-06-01", "Ri Yong Gil")
    as_chief = actor(resolver, "Ri Yong Gil visited Moscow.", "2024-06-01", "Ri Yong Gil")
    assert (as_minister.person_id, as_minister.sector, as_minister.role) == (
        "ri-yong-gil", "GOV", "defence-minister")
    assert (as_chief.person_id, as_chief.sector, as_chief.role) == (
        "ri-yong-gil", "MIL", "military-chief")


def test_namesakes_resolve_by_date(resolver):
    # two North Koreans named Ri Yong-ho: the army chief purged in 2012, the foreign minister
    general = actor(resolver, "Ri Yong Ho met the delegation.", "2010-06-01", "Ri Yong Ho")
    minister = actor(resolver, "Ri Yong Ho met the delegation.", "2017-06-01", "Ri Yong Ho")
    assert (general.person_id, general.sector) == ("ri-yong-ho-kpa", "MIL")
    assert (minister.person_id, minister.sector) == ("ri-yong-ho", "GOV")


def test_file_uses_only_the_security_roles():
    text = (resources.files("dyadwatch.actors") / "data" / "people_security.yaml").read_text(
        encoding="utf-8")
    people = yaml.safe_load(text)["people"]
    roles = {role[1] for person in people for role in person["roles"]}
    ids = [person["id"] for person in people]
    assert roles == {"intelligence-chief", "intelligence-chief-domestic", "military-chief"}
    assert len(ids) == len(set(ids))
