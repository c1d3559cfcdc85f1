"""The one CAMEO/PLOVER table of the package: names, intensity, QuadClass, PLOVER mapping.

Published tables disagree (GDELT and ICEWS Goldstein values differ on 016, 022, 164,
165; the 2021 PLOVER map leaves the 01/02 roots unmapped and files signing and
sanctions oddly), so every event carries values from this single table and the
table says which version it is. ``events/data/cameo.csv`` is the data; rows whose
PLOVER mapping is ours rather than the 2021 PLOVER map say so in ``mapping``/``note``.

Conventions (documented in the data file's columns):

- ``intensity``: GDELT Goldstein value (canonical); ``intensity_icews`` kept where ICEWS
  differs. Codes without a published value take their parent's value (noted).
- ``quad_class``: GDELT/Phoenix convention by root: 01-05 -> 1 verbal cooperation
  (statements and appeals included, as GDELT does), 06-08 -> 2 material cooperation,
  09-13 -> 3 verbal conflict, 14-20 -> 4 material conflict. ``penta_class`` keeps the
  five-way class (0 statement ... 4 material conflict; root 16 is verbal conflict there).
- PLOVER: 02x appeals map to REQUEST (with the 10x modes), 018 -> SUPPORT, 019 -> AGREE,
  057 signing -> AGREE, 163 sanctions -> SANCTION, AID modes name the aid kind, 043 hosting
  is CONSULT/host. Other 01x statements have no PLOVER type (the coder never emits them).
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

import msgspec

TABLE_VERSION = "dyadwatch-ontology-1"
INTENSITY_VERSION = (
    "dyadwatch-intensity-1 (GDELT Goldstein values; ICEWS differs on 016, 022, 164, 165)"
)

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


class CameoEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One CAMEO code with everything an event needs from the ontology."""

    code: str
    root: str
    name: str
    intensity: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None
    level: int = 1
    penta_class: int = 0
    intensity_icews: float | None = None


class UnknownCodeError(KeyError):
    """A CAMEO code that is not in the table."""


def _opt(value: str) -> str | None:
    return value or None


@functools.cache
def _table() -> dict[str, CameoEntry]:
    text = resources.files("dyadwatch.events").joinpath("data/cameo.csv").read_text("utf-8")
    table: dict[str, CameoEntry] = {}
    for row in csv.DictReader(text.splitlines()):
        table[row["code"]] = CameoEntry(
            code=row["code"],
            root=row["root"],
            name=row["name"],
            intensity=float(row["intensity"]),
            quad_class=int(row["quad_class"]),
            plover_type=_opt(row["plover_type"]),
            plover_mode=_opt(row["plover_mode"]),
            plover_context=_opt(row["plover_context"]),
            level=int(row["level"]),
            penta_class=int(row["penta_class"]),
            intensity_icews=float(row["intensity_icews"]) if row["intensity_icews"] else None,
        )
    return table


def lookup(code: str) -> CameoEntry:
    """The table row for a CAMEO code; raises ``UnknownCodeError`` for codes not in CAMEO."""
    try:
        return _table()[code]
    except KeyError:
        raise UnknownCodeError(f"unknown CAMEO code {code!r}") from None


def is_code(code: str) -> bool:
    return code in _table()


def codes() -> list[str]:
    return list(_table())


# PLOVER (type, mode) -> the CAMEO code an event of that kind gets when the text says no more.
# Chosen by hand: the most general code of the type that fits the mode.
_DEFAULTS: dict[tuple[str, str | None], str] = {
    ("AGREE", None): "030",
    ("CONSULT", None): "040",
    ("CONSULT", "phone"): "041",
    ("CONSULT", "visit"): "042",
    ("CONSULT", "host"): "043",
    ("CONSULT", "third-party"): "044",
    ("CONSULT", "multilateral"): "040",
    ("SUPPORT", None): "051",
    ("CONCEDE", None): "080",
    ("COOPERATE", None): "060",
    ("AID", None): "070",
    ("AID", "economic"): "071",
    ("AID", "military"): "072",
    ("AID", "humanitarian"): "073",
    ("AID", "peacekeeping"): "074",
    ("AID", "asylum"): "075",
    ("RETREAT", None): "084",
    ("RETREAT", "release"): "0841",
    ("RETREAT", "return"): "0842",
    ("RETREAT", "ease"): "085",
    ("RETREAT", "access"): "086",
    ("RETREAT", "disarm"): "087",
    ("RETREAT", "ceasefire"): "0871",
    ("RETREAT", "withdraw"): "0872",
    ("REQUEST", None): "020",
    ("REQUEST", "assist"): "021",
    ("REQUEST", "change"): "104",
    ("REQUEST", "yield"): "105",
    ("REQUEST", "meet"): "026",
    ("ACCUSE", None): "112",
    ("ACCUSE", "disapprove"): "111",
    ("ACCUSE", "allege"): "112",
    ("ACCUSE", "investigate"): "090",
    ("REJECT", None): "120",
    ("REJECT", "assist"): "121",
    ("REJECT", "change"): "123",
    ("REJECT", "yield"): "124",
    ("REJECT", "meet"): "125",
    ("THREATEN", None): "130",
    ("THREATEN", "relations"): "1313",
    ("THREATEN", "restrict"): "1312",
    ("THREATEN", "ban"): "132",
    ("THREATEN", "arrest"): "137",
    ("THREATEN", "expel"): "136",
    ("THREATEN", "political"): "1321",
    ("THREATEN", "violence"): "138",
    ("THREATEN", "territory"): "1382",
    ("PROTEST", None): "140",
    ("PROTEST", "demo"): "141",
    ("PROTEST", "hunger"): "142",
    ("PROTEST", "strike"): "143",
    ("PROTEST", "boycott"): "143",
    ("PROTEST", "obstruct"): "144",
    ("PROTEST", "riot"): "145",
    ("SANCTION", None): "160",
    ("SANCTION", "withdraw"): "161",
    ("SANCTION", "discontinue"): "162",
    ("SANCTION", "expel"): "166",
    ("SANCTION", "convict"): "116",
    ("MOBILIZE", None): "150",
    ("MOBILIZE", "police"): "153",
    ("MOBILIZE", "troops"): "154",
    ("MOBILIZE", "militia"): "154",
    ("MOBILIZE", "weapons"): "150",
    ("COERCE", None): "170",
    ("COERCE", "seize"): "171",
    ("COERCE", "restrict"): "172",
    ("COERCE", "withhold"): "172",
    ("COERCE", "ban"): "1722",
    ("COERCE", "curfew"): "1723",
    ("COERCE", "martial-law"): "1724",
    ("COERCE", "arrest"): "173",
    ("COERCE", "deport"): "174",
    ("COERCE", "censor"): "1721",
    ("COERCE", "cyber"): "176",
    ("COERCE", "misinformation"): "170",
    ("ASSAULT", None): "190",
    ("ASSAULT", "abduct"): "181",
    ("ASSAULT", "beat"): "182",
    ("ASSAULT", "sexual"): "1821",
    ("ASSAULT", "torture"): "1822",
    ("ASSAULT", "execute"): "1823",
    ("ASSAULT", "primitive"): "1823",
    ("ASSAULT", "suicide-attack"): "1831",
    ("ASSAULT", "explosives"): "183",
    ("ASSAULT", "assassinate"): "186",
    ("ASSAULT", "firearms"): "193",
    ("ASSAULT", "heavy-weapons"): "194",
    ("ASSAULT", "aerial"): "195",
    ("ASSAULT", "drone"): "1952",
    ("ASSAULT", "destroy"): "1712",
    ("ASSAULT", "crowd-control"): "175",
    ("ASSAULT", "massacre"): "202",
    ("ASSAULT", "cleansing"): "203",
    ("ASSAULT", "unconventional"): "204",
}


def default_code(plover_type: str, mode: str | None = None) -> str:
    """The CAMEO code for a PLOVER type (and mode) when nothing more specific is known.

    Unknown modes fall back to the type's general code; an unknown type raises KeyError.
    """
    key = (plover_type.upper(), mode.lower() if mode else None)
    if key in _DEFAULTS:
        return _DEFAULTS[key]
    return _DEFAULTS[(key[0], None)]


def plover_modes() -> dict[str, list[str]]:
    """Every PLOVER type with the modes the package knows for it."""
    out: dict[str, list[str]] = {}
    for ptype, mode in _DEFAULTS:
        out.setdefault(ptype, [])
        if mode:
            out[ptype].append(mode)
    return out
