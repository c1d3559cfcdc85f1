"""The actor knowledge base: every form we can match, assembled once per process.

Countries come from pycountry (ISO 3166 names) plus our own table of aliases,
demonyms and capitals; organisations, role nouns and people come from the package's
data files; user files are applied last so they can add or override any form.
The version string hashes all of it, so coded output can say exactly which
dictionary produced it.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import pycountry
import yaml

from dyadwatch.actors.dictionary_files import (
    ActorDictionaryError,
    DictionaryContent,
    read_dictionary_file,
)
from dyadwatch.actors.entries import Anchor, Person, RoleNoun
from dyadwatch.actors.places import load_places

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_FILES = ("countries.yaml", "organisations.yaml", "roles.yaml", "people.yaml",
              "people_security.yaml")
#: Package files of people: one person may appear in several (a spy chief who became
#: foreign minister); their forms and roles are merged by id.
PEOPLE_FILES = ("people.yaml", "people_security.yaml")

#: Which role "the X leader" means when a country's data says nothing else.
DEFAULT_LEADER_ROLES: tuple[str, ...] = ("supreme-leader", "leader", "president", "prime-minister")

#: Regions a context-dependent form needs, and the codes whose presence establishes them.
CONTEXT_CODES: dict[str, frozenset[str]] = {
    "korea": frozenset({"PRK", "KOR"}),
    "syria": frozenset({"SYR"}),
}
#: Words that establish a region though no actor form names its state ("Raqqa", "Kurdish"):
#: searched in the document's text only when a context-dependent form matched.
CONTEXT_WORDS: dict[str, tuple[str, ...]] = {
    "syria": ("Kurds", "Kurdish", "ISIS", "Isis", "ISIL", "Islamic State", "Daesh", "Raqqa",
              "Deir ez-Zor", "Deir ez-Zour", "Deir al-Zor", "Deir el-Zour", "Hasakah",
              "Hasaka", "Hassakeh", "Kobani", "Qamishli", "Manbij"),
}
#: The words above as whole words ("ISIS" is no hint inside "CRISIS").
CONTEXT_PATTERNS: dict[str, re.Pattern[str]] = {
    region: re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
    for region, words in CONTEXT_WORDS.items()
}


@dataclass(slots=True)
class Knowledge:
    """Forms to match and what they mean; built once, read by every ``find`` call."""

    anchors: dict[str, Anchor] = field(default_factory=dict)
    roles: dict[str, RoleNoun] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    leader_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    #: form -> its reading inside a region ("SDF" in a Syria story); the form's entry in
    #: ``anchors`` is the reading everywhere else (Japan's Self-Defense Forces).
    alternatives: dict[str, Anchor] = field(default_factory=dict)
    version: str = ""

    def person_forms(self) -> dict[str, list[str]]:
        """Name form -> ids of the people it may denote (a surname can be shared)."""
        out: dict[str, list[str]] = {}
        for person in self.people.values():
            for form in person.forms:
                ids = out.setdefault(form, [])
                if person.id not in ids:
                    ids.append(person.id)
        return out

    def leader_roles_of(self, country: str) -> tuple[str, ...]:
        return self.leader_roles.get(country, DEFAULT_LEADER_ROLES)


#: ``matched_by`` prefix of place names ("South China Sea") that resolve to no actor.
PLACE_PREFIX = "place:"


def load_knowledge(user_files: tuple[Path, ...] | list[Path] = ()) -> Knowledge:
    """Build the knowledge base from package data, then apply user files in order."""
    base = _package_knowledge()
    kb = Knowledge(anchors=dict(base.anchors), roles=dict(base.roles), people=dict(base.people),
                   leader_roles=dict(base.leader_roles), country_names=dict(base.country_names),
                   alternatives=dict(base.alternatives))
    digest = hashlib.sha256(base.version.encode())
    for path in user_files:
        path = Path(path)
        content = read_dictionary_file(path)
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            raise ActorDictionaryError(f"{path}: cannot read actor dictionary ({exc})") from None
        _apply(kb, content)
    kb.version = base.version if not user_files else (
        f"{base.version.split('+')[0]}+{digest.hexdigest()[:10]}")
    return kb


@functools.cache
def _package_knowledge() -> Knowledge:
    """The package's own data, parsed once per process (user files are layered on copies)."""
    kb = Knowledge()
    digest = hashlib.sha256()
    data_dir = resources.files("dyadwatch.actors") / "data"
    versions: list[str] = []
    raw = {}
    for name in DATA_FILES:
        text = (data_dir / name).read_text(encoding="utf-8")
        digest.update(text.encode())
        raw[name] = yaml.load(text, Loader=_FAST)  # noqa: S506 (a safe loader)
        versions.append(str(raw[name].get("version", "0")))
    digest.update(load_places().digest.encode())  # towns version the dictionary too
    _add_countries(kb, raw["countries.yaml"])
    package = Path(str(data_dir))
    for name in ("organisations.yaml", "roles.yaml", *PEOPLE_FILES):
        _apply(kb, read_dictionary_file(package / name), merge_people=name in PEOPLE_FILES)
    for code, roles in (raw["people.yaml"].get("leader_roles") or {}).items():
        kb.leader_roles[str(code)] = tuple(roles)
    kb.version = f"{max(versions)}+{digest.hexdigest()[:10]}"
    return kb


def _apply(kb: Knowledge, content: DictionaryContent, merge_people: bool = False) -> None:
    """Layer ``content`` on ``kb``: later entries win; package people files merge by id."""
    for form, anchor in content.anchors:
        if anchor.kind == "country" and anchor.code in kb.country_names:
            # a national body speaks for its country: name the country, keep the body in how
            anchor = replace(anchor, name=kb.country_names[anchor.code],
                             matched_by=f"body:{anchor.name}")
        for key in (form, "The " + form[4:]) if form.startswith("the ") else (form,):
            _set_anchor(kb, key, anchor)
    for role in content.roles:
        kb.roles[role.form] = role
    for person in content.people:
        known = kb.people.get(person.id) if merge_people else None
        if known is not None:
            person = replace(
                known,
                forms=known.forms + [f for f in person.forms if f not in known.forms],
                tenures=sorted({*known.tenures, *person.tenures}, key=lambda t: t.start),
            )
        kb.people[person.id] = person


def _set_anchor(kb: Knowledge, form: str, anchor: Anchor) -> None:
    """A region-bound reading of a form with an everyday reading becomes its alternative.

    Either may come first; a later entry of the same kind replaces the earlier one.
    """
    known = kb.anchors.get(form)
    if anchor.context is not None and known is not None and known.context is None:
        kb.alternatives[form] = anchor
        return
    if anchor.context is None and known is not None and known.context is not None:
        kb.alternatives[form] = known
    elif anchor.context is None:
        kb.alternatives.pop(form, None)  # a user's plain entry overrides both readings
    kb.anchors[form] = anchor


def _add_countries(kb: Knowledge, data: dict) -> None:
    table: dict = data.get("countries") or {}
    iso = {country.alpha_3 for country in pycountry.countries}
    # states pycountry lacks (Kosovo, XKX): the file must give their name
    listed = [(c.alpha_3, c) for c in pycountry.countries]
    listed += [(code, None) for code in table if code not in iso]
    for code, country in listed:
        extra = table.get(code) or {}
        name = extra.get("name") or (
            getattr(country, "common_name", None) or country.name if country else code)
        kb.country_names[code] = name
        skip = set(extra.get("skip") or ())
        noun = Anchor(code, name, "country", None, f"country:{name}")
        for form in _pycountry_forms(country) if country else [name]:
            if form not in skip:
                kb.anchors.setdefault(form, noun)
        for form in extra.get("aliases") or ():
            kb.anchors[form] = Anchor(code, name, "country", None, f"alias:{form}")
        for form in extra.get("demonyms") or ():
            kb.anchors[form] = Anchor(code, name, "country", None, f"demonym:{form}", demonym=True)
        for form in extra.get("capitals") or ():
            kb.anchors[form] = Anchor(code, name, "country", "GOV", f"capital:{form}")
    # seas, gulfs and straits named after a state are places, not that state's actors
    for form in data.get("places") or ():
        kb.anchors[form] = Anchor(None, form, "unknown", None, f"{PLACE_PREFIX}{form}")
    korea_north = Anchor("PRK", kb.country_names["PRK"], "country", None, "context:the North",
                         context="korea")
    korea_south = Anchor("KOR", kb.country_names["KOR"], "country", None, "context:the South",
                         context="korea")
    for form, anchor in (("the North", korea_north), ("The North", korea_north),
                         ("the South", korea_south), ("The South", korea_south)):
        kb.anchors[form] = anchor


def _pycountry_forms(country: object) -> list[str]:
    forms = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(country, attr, None)
        if not value or "," in value or "(" in value:
            continue
        if value.lower().startswith("the "):
            value = value[4:]
        forms.append(value)
    return forms
