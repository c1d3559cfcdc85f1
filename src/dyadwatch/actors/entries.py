"""The records the actor dictionaries are made of.

Kept apart from loading and matching so the user-dictionary reader, the package-data
reader and the resolver all agree on one shape without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SECTORS: frozenset[str] = frozenset(
    {"GOV", "MIL", "SPY", "COP", "JUD", "LEG", "MED", "OPP", "PTY", "REB", "BUS", "CVL",
     "IGO", "NGO", "MNC", "ELI", "CRM"}
)
KINDS: frozenset[str] = frozenset({"country", "igo", "ngo", "person", "group", "unknown"})



def role_sector(role: str) -> str:
    """Sector a person's role implies: commanders are MIL, spy chiefs SPY, the rest GOV."""
    if role == "military-chief" or role.endswith("-commander"):
        return "MIL"
    if role.startswith("intelligence"):  # intelligence-chief, intelligence-chief-domestic
        return "SPY"
    if role.startswith("opposition"):  # opposition-leader: out of power, against it
        return "OPP"
    if role.startswith("rebel"):  # rebel-leader
        return "REB"
    if role in ("activist", "dissident"):
        return "CVL"
    if role == "gang-leader":  # Haiti's armed gangs: crime, not insurgency
        return "CRM"
    return "GOV"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A named thing a phrase can hang on: a country form, an organisation, a national body.

    ``demonym`` anchors ("Russian") may take modifiers before their role noun
    ("Russian special forces"); noun anchors ("Russia") need a possessive for that.
    ``context`` names a region whose presence in the document the form needs
    ("the North" only means PRK in a Korea story; "SDF" the Syrian group only in a Syria
    story). ``chief`` is the dated person role of a body's head ("Shin Bet chief":
    intelligence-chief-domestic), so "the head of MI5" names a person on a date.
    """

    code: str | None
    name: str
    kind: str
    sector: str | None
    matched_by: str
    demonym: bool = False
    context: str | None = None
    chief: str | None = None


@dataclass(frozen=True, slots=True)
class RoleNoun:
    """A role word deciding a phrase's sector; ``role`` links it to dated person roles."""

    sector: str
    role: str | None
    form: str


@dataclass(frozen=True, slots=True)
class Tenure:
    """One role held by one person over a period (``end`` None = still in office)."""

    country: str
    role: str
    start: dt.date
    end: dt.date | None
    sector: str = "GOV"

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(slots=True)
class Person:
    """A named person with dated roles; ``forms`` are the name strings that denote them."""

    id: str
    name: str
    forms: list[str]
    tenures: list[Tenure] = field(default_factory=list)

    def tenure_on(self, day: dt.date | None, roles: frozenset[str] | None = None) -> Tenure | None:
        """The role held on ``day`` (the most recent start wins when two overlap).

        Without a date the latest tenure stands in, since undated text is usually recent.
        """
        pool = [t for t in self.tenures if roles is None or t.role in roles]
        if not pool:
            return None
        if day is None:
            return max(pool, key=lambda t: t.start)
        current = [t for t in pool if t.holds_on(day)]
        return max(current, key=lambda t: t.start) if current else None

    def last_before(self, day: dt.date) -> Tenure | None:
        past = [t for t in self.tenures if t.start <= day]
        return max(past, key=lambda t: t.start) if past else None
