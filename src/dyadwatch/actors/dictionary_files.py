"""Reading actor dictionary files (package data and user files) into entries.

One reader for both, so a user's file follows exactly the rules the package's own
files follow, and a bad entry in either is reported as ``file:line: what is wrong``
instead of a traceback three modules later.

User file shapes (YAML)::

    actors:                      # named things: countries' bodies, organisations, outlets
      - {form: Rodong Sinmun, code: PRK, sector: MED, name: Rodong Sinmun}
      - {forms: [Kangwon Army, KA], code: PRK, sector: MIL}
      - {forms: [SDF], code: SYR, sector: REB, context: syria}  # only in a Syria story
      - {forms: [MI5], code: GBR, sector: SPY, chief: intelligence-chief-domestic}
    people:                      # persons with dated roles (end omitted = in office)
      - id: doe-john
        name: John Doe
        forms: [John Doe, Doe]
        roles:
          - {country: USA, role: defence-minister, start: 2031-01-20}
          - [USA, foreign-minister, 2033-01-01, 2034-06-30]    # short form
    roles:                       # role nouns that set a sector
      - {form: top envoy, sector: GOV, role: foreign-minister}

or CSV with a header: ``form,code,sector,name,kind`` rows add actors;
rows with ``person_id`` (and ``name,forms,country,role,start,end``; forms separated
by ``|``) add a person's tenure.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dyadwatch.actors.entries import (
    KINDS,
    SECTORS,
    Anchor,
    Person,
    RoleNoun,
    Tenure,
    role_sector,
)

_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
_LINE = "__line__"


class ActorDictionaryError(ValueError):
    """A dictionary file entry is malformed; the message names the file and line."""


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~5x faster


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that remembers on which line each mapping starts.

    Dates stay strings here so that an impossible date ("2020-13-01") is reported by our
    own check with its line, not raised from inside PyYAML.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> str:
        return self.construct_scalar(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)


@dataclass(slots=True)
class DictionaryContent:
    """What one file contributes; later files override earlier ones form by form."""

    anchors: list[tuple[str, Anchor]]
    people: list[Person]
    roles: list[RoleNoun]
    version: str | None = None


def read_dictionary_file(path: Path) -> DictionaryContent:
    """Read a YAML or CSV actor file; raise ActorDictionaryError naming file and line."""
    path = Path(path)
    if not path.is_file():
        raise ActorDictionaryError(f"{path}: no such actor dictionary file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorDictionaryError(f"{path}: cannot read actor dictionary ({exc})") from None
    if path.suffix.lower() == ".csv":
        return _read_csv(path, text)
    if path.suffix.lower() in {".yaml", ".yml"}:
        return _read_yaml(path, text)
    raise ActorDictionaryError(f"{path}: actor dictionary must be .yaml, .yml or .csv")


def _read_yaml(path: Path, text: str) -> DictionaryContent:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise ActorDictionaryError(f"{path}{line}: not valid YAML ({problem})") from None
    if data is None:
        return DictionaryContent([], [], [])
    if not isinstance(data, dict):
        raise ActorDictionaryError(f"{path}:1: expected a mapping with actors/people/roles")
    content = DictionaryContent([], [], [], version=_opt_str(data.get("version")))
    for key, items in data.items():
        if key in (_LINE, "version", "leader_roles"):
            continue
        if not isinstance(items, list):
            raise ActorDictionaryError(f"{path}:{data[_LINE]}: '{key}' must be a list")
        for item in items:
            where = _where(path, item, data[_LINE])
            if key in ("actors", "organisations"):
                content.anchors.extend(parse_actor(item, where))
            elif key == "people":
                content.people.append(parse_person(item, where))
            elif key == "roles":
                content.roles.extend(parse_role(item, where))
            else:
                raise ActorDictionaryError(
                    f"{where}: unknown section '{key}' (expected actors, people or roles)"
                )
    return content


def _read_csv(path: Path, text: str) -> DictionaryContent:
    reader = csv.DictReader(text.splitlines())
    fields = set(reader.fieldnames or ())
    if not ({"form", "code"} <= fields or {"person_id", "country", "role"} <= fields):
        raise ActorDictionaryError(
            f"{path}:1: CSV header needs form,code[,sector,name,kind] or "
            "person_id,name,forms,country,role,start,end"
        )
    content = DictionaryContent([], [], [])
    people: dict[str, Person] = {}
    for row in reader:
        where = f"{path}:{reader.line_num}"
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if row.get("person_id"):
            tenure = _tenure(
                [row.get("country"), row.get("role"), row.get("start"), row.get("end") or None],
                where,
            )
            person = people.get(row["person_id"])
            if person is None:
                forms = [f for f in row.get("forms", "").split("|") if f] or [row.get("name", "")]
                person = parse_person(
                    {"id": row["person_id"], "name": row.get("name") or forms[0], "forms": forms},
                    where,
                )
                people[person.id] = person
                content.people.append(person)
            person.tenures.append(tenure)
        elif any(row.values()):
            item = {k: v for k, v in row.items() if v}
            content.anchors.extend(parse_actor(item, where))
    return content


def parse_actor(item: Any, where: str) -> Iterator[tuple[str, Anchor]]:
    """Validate one named-actor entry; yield (form, anchor) for each of its forms."""
    if not isinstance(item, dict):
        raise ActorDictionaryError(f"{where}: an actor entry must be a mapping")
    forms = _forms(item, where)
    code = _opt_str(item.get("code"))
    kind = _opt_str(item.get("kind")) or "country"
    if kind not in KINDS:
        raise ActorDictionaryError(f"{where}: kind '{kind}' is not one of {sorted(KINDS)}")
    if kind != "group" and (code is None or not _CODE.match(code)):
        raise ActorDictionaryError(
            f"{where}: code '{code}' must be 2-6 upper-case letters/digits (e.g. RUS, NATO)"
        )
    sector = _sector(item.get("sector"), where)
    name = _opt_str(item.get("name")) or forms[0]
    context, chief = _opt_str(item.get("context")), _opt_str(item.get("chief"))
    anchor = Anchor(code=code, name=name, kind=kind, sector=sector, matched_by=f"{kind}:{name}",
                    context=context, chief=chief)
    for form in forms:
        yield form, anchor


def parse_person(item: Any, where: str) -> Person:
    """Validate one person entry (id, name, forms, roles with dates)."""
    if not isinstance(item, dict):
        raise ActorDictionaryError(f"{where}: a person entry must be a mapping")
    pid = _opt_str(item.get("id"))
    name = _opt_str(item.get("name"))
    if not pid or not name:
        raise ActorDictionaryError(f"{where}: a person needs 'id' and 'name'")
    extra = _forms(item, where) if item.get("forms") or item.get("form") else []
    forms = name_variants([name, *extra])
    roles = item.get("roles") or []
    if not isinstance(roles, list):
        raise ActorDictionaryError(f"{where}: 'roles' of {pid} must be a list")
    tenures = [_tenure(r, _where_path(where, r)) for r in roles]
    return Person(id=pid, name=name, forms=forms, tenures=tenures)


def parse_role(item: Any, where: str) -> Iterator[RoleNoun]:
    if not isinstance(item, dict):
        raise ActorDictionaryError(f"{where}: a role entry must be a mapping")
    sector = _sector(item.get("sector"), where)
    if sector is None:
        raise ActorDictionaryError(f"{where}: a role noun needs a sector")
    role = _opt_str(item.get("role"))
    for form in _forms(item, where):
        yield RoleNoun(sector=sector, role=role, form=form.lower())


def _tenure(raw: Any, where: str) -> Tenure:
    if isinstance(raw, dict):
        fields = [raw.get("country"), raw.get("role"), raw.get("start"), raw.get("end")]
    elif isinstance(raw, list) and len(raw) in (3, 4):
        fields = list(raw) + [None] * (4 - len(raw))
    else:
        raise ActorDictionaryError(
            f"{where}: a role must be {{country, role, start, end}} or [country, role, start, end]"
        )
    country, role, start, end = fields
    country = _opt_str(country)
    if country is None or not _CODE.match(country):
        raise ActorDictionaryError(f"{where}: role country '{country}' is not a code like RUS")
    role = _opt_str(role)
    if not role:
        raise ActorDictionaryError(f"{where}: role name missing")
    start_d = _date(start, where, "start")
    if start_d is None:
        raise ActorDictionaryError(f"{where}: role '{role}' needs a start date")
    end_d = _date(end, where, "end")
    if end_d is not None and end_d < start_d:
        raise ActorDictionaryError(f"{where}: role '{role}' ends ({end_d}) before it starts")
    return Tenure(country, role, start_d, end_d, role_sector(role))


def name_variants(forms: list[str]) -> list[str]:
    """Each form plus its spelling variants: "Kim Jong-un" -> "Kim Jong Un", "Kim Jong-Un";
    "Erdoğan" -> "Erdogan". News outlets romanise and hyphenate names differently."""
    out: list[str] = []
    for form in forms:
        candidates = [form]
        if "-" in form:
            candidates.append(re.sub(r"-(\w)", lambda m: " " + m.group(1).upper(), form))
            candidates.append(re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), form))
        for c in list(candidates):
            folded = "".join(ch for ch in unicodedata.normalize("NFKD", c)
                             if not unicodedata.combining(ch))
            candidates.append(folded)
        for c in candidates:
            if c not in out:
                out.append(c)
    return out


def _date(value: Any, where: str, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ActorDictionaryError(f"{where}: {what} date '{value}' is not YYYY-MM-DD") from None


def _forms(item: dict, where: str) -> list[str]:
    raw = item.get("forms", item.get("form"))
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(f, str) and f.strip()
                                                        for f in raw):
        raise ActorDictionaryError(f"{where}: entry needs 'form' or a non-empty 'forms' list")
    return [f.strip() for f in raw]


def _sector(value: Any, where: str) -> str | None:
    sector = _opt_str(value)
    if sector is not None and sector not in SECTORS:
        raise ActorDictionaryError(f"{where}: sector '{sector}' is not one of {sorted(SECTORS)}")
    return sector


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _where(path: Path, item: Any, fallback: int) -> str:
    line = item.get(_LINE, fallback) if isinstance(item, dict) else fallback
    return f"{path}:{line}"


def _where_path(where: str, item: Any) -> str:
    if isinstance(item, dict) and _LINE in item:
        return f"{where.rsplit(':', 1)[0]}:{item[_LINE]}"
    return where
