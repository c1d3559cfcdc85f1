"""What the document has said so far: the memory coreference and bare surnames lean on.

Read in document order, so "he" is the last person named, "the two sides" the two
most recent distinct actors, and "Kim" the Kim this article already introduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dyadwatch.model import ActorRef


def coref_forms() -> dict[str, tuple[str, int, str | None]]:
    """Group expressions ("the two sides") and pronouns: form -> (kind, count, sector)."""
    forms: dict[str, tuple[str, int, str | None]] = {}
    nouns: dict[str, str | None] = {
        "countries": None, "nations": None, "sides": None, "states": None, "parties": None,
        "allies": None, "neighbours": None, "neighbors": None, "partners": None,
        "governments": "GOV", "leaders": "GOV", "presidents": "GOV", "capitals": "GOV",
        "foreign ministers": "GOV", "defence ministers": "GOV", "defense ministers": "GOV",
        "militaries": "MIL", "armies": "MIL", "navies": "MIL",
    }
    for quant, count in (("the two", 2), ("both", 2), ("the three", 3), ("all three", 3)):
        for noun, sector in nouns.items():
            forms[f"{quant} {noun}"] = ("group", count, sector)
    for noun in ("countries'", "sides'", "leaders'", "nations'"):
        forms[f"the two {noun}"] = ("group", 2, "GOV" if noun == "leaders'" else None)
    for pronoun in ("he", "she", "him", "his", "her"):
        forms[pronoun] = ("pronoun", 1, None)
    return forms


@dataclass(slots=True)
class Discourse:
    """Per-document memory; a fresh one for every ``find`` call."""

    last_person: ActorRef | None = None
    recent: list[ActorRef] = field(default_factory=list)  # most recent last, one per code
    by_role: dict[str, ActorRef] = field(default_factory=dict)
    persons_seen: list[str] = field(default_factory=list)

    def remember(self, ref: ActorRef) -> None:
        if ref.code is None or ref.kind == "group":
            return
        self.recent = [r for r in self.recent if r.code != ref.code]
        self.recent.append(ref)
        if ref.person_id is not None:
            self.last_person = ref
            if ref.person_id in self.persons_seen:
                self.persons_seen.remove(ref.person_id)
            self.persons_seen.append(ref.person_id)
        if ref.role is not None:
            self.by_role[ref.role] = ref

    def last_codes(self, count: int) -> list[ActorRef]:
        return self.recent[-count:] if len(self.recent) >= count else []

    def latest_seen(self, candidates: list[str]) -> str | None:
        for pid in reversed(self.persons_seen):
            if pid in candidates:
                return pid
        return None
