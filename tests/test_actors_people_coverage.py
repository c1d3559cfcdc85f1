"""Coverage and integrity of the dated people in the package's people.yaml.

Heads of state and government, foreign and defence ministers since 2000 are what lets
"the Italian foreign minister" on a date become a named person; these checks guard both the
coverage (role descriptions name the right holder) and the data (no impossible tenures).
"""

from __future__ import annotations

import datetime as dt
import itertools
from importlib import resources
from pathlib import Path

import pytest

from dyadwatch.actors import ActorResolver
from dyadwatch.actors.dictionary_files import read_dictionary_file
from dyadwatch.nlp.sentences import segment

#: Roles with one holder per country at a time (acting holders are listed as holders).
SINGLE_HOLDER_ROLES = ("president", "vice-president", "prime-minister", "chancellor", "king",
                       "crown-prince", "leader", "supreme-leader", "foreign-minister",
                       "defence-minister")
#: Countries whose holders of those roles were filled in for 2000 onwards.
FILLED = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX",
          "RUS", "SAU", "ZAF", "KOR", "TUR", "GBR", "USA", "PRK", "UKR", "IRN", "ISR", "SYR",
          "BLR", "TWN", "EU")
#: Handovers overlap by a day or two when one holder is sworn in before the other leaves.
SLACK_DAYS = 3
FAR_FUTURE = dt.date(9999, 1, 1)


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


@pytest.fixture(scope="module")
def people():
    path = Path(str(resources.files("dyadwatch.actors") / "data" / "people.yaml"))
    return read_dictionary_file(path).people


def first_person(resolver, text: str, day: str):
    doc, _ = segment(text)
    found = [m for m in resolver.find(doc, dt.date.fromisoformat(day)) if m.actor.person_id]
    assert found, f"no person resolved in {text!r} on {day}"
    return found[0].actor


@pytest.mark.parametrize(
    ("text", "day", "code", "person", "role"),
    [
        ("The Argentine defence minister inspected the fleet.", "2008-03-10", "ARG",
         "garre-nilda", "defence-minister"),
        ("Argentina's defense minister toured the base.", "2024-03-01", "ARG", "petri-luis",
         "defence-minister"),
        ("The Italian defence minister arrived in Kabul.", "2010-05-04", "ITA",
         "la-russa-ignazio", "defence-minister"),
        ("Mexico's defense secretary briefed senators.", "2015-06-01", "MEX",
         "cienfuegos-salvador", "defence-minister"),
        ("The Italian foreign minister met his counterpart.", "2020-02-01", "ITA",
         "di-maio-luigi", "foreign-minister"),
        ("The Italian foreign minister met his counterpart.", "2004-01-15", "ITA",
         "frattini-franco", "foreign-minister"),
        ("Brazil's foreign minister spoke in Geneva.", "2008-09-01", "BRA", "amorim-celso",
         "foreign-minister"),
        ("The South African defence minister signed the deal.", "2015-01-20", "ZAF",
         "mapisa-nqakula-nosiviwe", "defence-minister"),
        ("The Indonesian foreign minister called for restraint.", "2018-07-01", "IDN",
         "marsudi-retno", "foreign-minister"),
        ("The Canadian foreign minister landed in Kyiv.", "2016-05-01", "CAN", "dion-stephane",
         "foreign-minister"),
        ("Syria's defence minister was killed in the blast.", "2012-07-01", "SYR",
         "rajiha-dawoud", "defence-minister"),
        ("The Belarusian prime minister visited Moscow.", "2016-02-01", "BLR", "kobyakov-andrei",
         "prime-minister"),
    ],
)
def test_role_description_names_the_holder_on_the_date(resolver, text, day, code, person,
                                                       role):
    actor = first_person(resolver, text, day)
    assert (actor.code, actor.person_id, actor.role) == (code, person, role)


def test_the_same_description_changes_holder_at_the_handover(resolver):
    text = "The Argentine foreign minister flew to Washington."
    assert first_person(resolver, text, "2025-10-20").person_id == "werthein-gerardo"
    assert first_person(resolver, text, "2025-11-10").person_id == "quirno-pablo"


def test_a_surname_gets_the_role_held_on_the_date(resolver):
    as_fm = first_person(resolver, "Taiana spoke to reporters.", "2008-01-10")
    as_dm = first_person(resolver, "Taiana spoke to reporters.", "2022-06-10")
    assert as_fm.person_id == as_dm.person_id == "taiana-jorge"
    assert (as_fm.role, as_dm.role) == ("foreign-minister", "defence-minister")


def test_every_tenure_ends_after_it_starts(people):
    bad = [(p.id, t) for p in people for t in p.tenures if t.end is not None and t.end <= t.start]
    assert bad == []


def test_nobody_holds_the_same_role_twice_at_once(people):
    clashes = []
    for p in people:
        for a, b in itertools.combinations(p.tenures, 2):
            if (a.country, a.role) == (b.country, b.role) and _overlap_days(a, b) > 0:
                clashes.append((p.id, a, b))
    assert clashes == []


def test_single_holder_roles_do_not_overlap_between_holders(people):
    spans: dict[tuple[str, str], list[tuple[str, object]]] = {}
    for p in people:
        for t in p.tenures:
            if t.country in FILLED and t.role in SINGLE_HOLDER_ROLES:
                spans.setdefault((t.country, t.role), []).append((p.id, t))
    clashes = []
    for (country, role), held in spans.items():
        for (pa, a), (pb, b) in itertools.combinations(held, 2):
            if pa != pb and _overlap_days(a, b) > SLACK_DAYS:
                clashes.append((country, role, pa, pb, _overlap_days(a, b)))
    assert clashes == []


HEAD_ROLES = ("president", "acting-president", "prime-minister", "chancellor", "king", "leader",
              "supreme-leader")
#: The 15th of every month from 2000 to late 2025: dates a user would ask about.
SAMPLE_DAYS = [dt.date(y, m, 15) for y in range(2000, 2026) for m in range(1, 13)
               if dt.date(y, m, 15) < dt.date(2025, 11, 1)]


def _held_days(people, country: str, roles: tuple[str, ...]) -> list[dt.date]:
    spans = [t for p in people for t in p.tenures if t.country == country and t.role in roles]
    return [d for d in SAMPLE_DAYS if any(t.holds_on(d) for t in spans)]


def test_every_filled_country_has_a_head_on_every_sampled_day(people):
    gaps = {c: len(SAMPLE_DAYS) - len(_held_days(people, c, HEAD_ROLES)) for c in FILLED}
    assert {c: n for c, n in gaps.items() if n} == {}


@pytest.mark.parametrize("role", ["foreign-minister", "defence-minister"])
def test_ministers_cover_nearly_every_sampled_day(people, role):
    # vacancies are real (Seoul had no defence minister from December 2024 to July 2025), and
    # a few early Belarusian holders are not in the file; anything below 85% is a hole
    countries = [c for c in FILLED if not (c == "EU" and role == "defence-minister")]
    share = {c: len(_held_days(people, c, (role,))) / len(SAMPLE_DAYS) for c in countries}
    assert {c: round(s, 2) for c, s in share.items() if s < 0.85} == {}


def _overlap_days(a, b) -> int:
    start = max(a.start, b.start)
    end = min(a.end or FAR_FUTURE, b.end or FAR_FUTURE)
    return (end - start).days
