"""The trigger lexicon: which words, in which grammatical frame, make which event.

Loaded once per process from ``events/data/triggers.yaml`` (plus any user files, whose
frames take precedence) into frozen lookup tables, so coding a sentence never reads a
file or compiles anything. Every frame is checked against the ontology at load time:
a typo in a code or a key is one clear error naming the file and the entry.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import msgspec
import yaml

from dyadwatch.events import ontology
from dyadwatch.events.wordforms import noun_forms, verb_forms


class LexiconError(ValueError):
    """A trigger file that cannot be used; the message names the file and the entry."""


class Frame(msgspec.Struct, frozen=True, kw_only=True):
    """One way a trigger word makes an event (see the key list atop triggers.yaml)."""

    lemma: str
    pos: str
    code: str
    type: str
    mode: str | None
    context: str | None
    obj: frozenset[str] | None = None
    obj_actor: bool = False
    prt: str | None = None
    prep: str | None = None
    has_prep: frozenset[str] | None = None
    via: frozenset[str] | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ("dobj",)
    symmetric: bool = False
    complement: tuple[tuple[str, str], ...] = ()
    role: str | None = None
    civil_code: str | None = None
    civil_only: bool = False
    military_only: bool = False
    reverse: bool = False
    only_announced: bool = False
    clause_words: frozenset[str] | None = None
    conf: float = 0.85


_FRAME_KEYS = {
    "code", "type", "mode", "context", "obj", "obj_actor", "prt", "prep", "has_prep", "via",
    "source", "target", "symmetric", "complement", "role", "civil_code", "civil_only",
    "military_only", "reverse", "only_announced", "clause_words", "conf",
}
_ROLES = {"intent", "request", "refuse"}
_NOUN_SOURCES = ("poss", "amod", "compound", "nmod", "by")


class Lexicon(msgspec.Struct, frozen=True, kw_only=True):
    """Frozen lookup tables built from one or more trigger files."""

    version: str
    verbs: dict[str, tuple[Frame, ...]]
    nouns: dict[str, tuple[Frame, ...]]
    light_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    verb_lemma_of: dict[str, str]
    noun_lemma_of: dict[str, str]
    #: word classes by name ("aid_goods"), for rules that test a phrase outside a frame
    classes: dict[str, frozenset[str]] = msgspec.field(default_factory=dict)


def _entry_type(code: str, override: str | None, where: str) -> tuple[str, str | None, str | None]:
    if not ontology.is_code(code):
        raise LexiconError(f"{where}: unknown CAMEO code {code!r}")
    entry = ontology.lookup(code)
    ptype = override or entry.plover_type
    if not ptype:
        raise LexiconError(f"{where}: CAMEO {code} has no PLOVER type; give 'type'")
    return ptype, entry.plover_mode, entry.plover_context


def _word(value: object) -> str:
    """YAML 1.1 reads bare on/off/yes/no as booleans; in a trigger file they are words."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value).lower()


def _words(value: object, classes: dict[str, list[str]], where: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list of words or classes")
    out: set[str] = set()
    for item in value:
        item = _word(item)
        out.update(w.lower() for w in classes.get(item, [item]))
    return frozenset(out)


def _frame(lemma: str, pos: str, raw: dict, classes: dict, where: str) -> Frame:
    if not isinstance(raw, dict) or "code" not in raw:
        raise LexiconError(f"{where}: each frame needs a 'code'")
    unknown = set(raw) - _FRAME_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    code = str(raw["code"])
    ptype, mode, context = _entry_type(code, raw.get("type"), where)
    if ptype not in ontology_types():
        raise LexiconError(f"{where}: unknown PLOVER type {ptype!r}")
    for extra in ("civil_code",):
        if raw.get(extra) and not ontology.is_code(str(raw[extra])):
            raise LexiconError(f"{where}: unknown CAMEO code {raw[extra]!r} in {extra}")
    complement = raw.get("complement") or {}
    for key, value in complement.items():
        if not ontology.is_code(str(value)):
            raise LexiconError(f"{where}: complement {key}: unknown CAMEO code {value!r}")
    role = raw.get("role")
    if role is not None and role not in _ROLES:
        raise LexiconError(f"{where}: role must be one of {', '.join(sorted(_ROLES))}")
    for key in ("target", "source", "obj", "has_prep", "via", "clause_words"):
        if key in raw and not isinstance(raw[key], list):
            raise LexiconError(f"{where}: {key} must be a list")
    default_source = _NOUN_SOURCES if pos == "noun" else ("nsubj",)
    return Frame(
        lemma=lemma,
        pos=pos,
        code=code,
        type=ptype,
        mode=raw.get("mode", mode),
        context=raw.get("context", context),
        obj=_words(raw["obj"], classes, where) if "obj" in raw else None,
        obj_actor=bool(raw.get("obj_actor", False)),
        prt=_word(raw["prt"]) if "prt" in raw else None,
        prep=_word(raw["prep"]) if "prep" in raw else None,
        has_prep=_words(raw["has_prep"], {}, where) if "has_prep" in raw else None,
        via=_words(raw["via"], {}, where) if "via" in raw else None,
        source=tuple(_word(w) for w in raw.get("source", default_source)),
        target=tuple(_word(w) for w in raw.get("target", ("dobj",))),
        symmetric=bool(raw.get("symmetric", False)),
        complement=tuple((str(k), str(v)) for k, v in complement.items()),
        role=role,
        civil_code=str(raw["civil_code"]) if raw.get("civil_code") else None,
        civil_only=bool(raw.get("civil_only", False)),
        military_only=bool(raw.get("military_only", False)),
        reverse=bool(raw.get("reverse", False)),
        only_announced=bool(raw.get("only_announced", False)),
        clause_words=(_words(raw["clause_words"], classes, where) if "clause_words" in raw
                      else None),
        conf=float(raw.get("conf", 0.85)),
    )


@functools.cache
def ontology_types() -> frozenset[str]:
    from dyadwatch.model import PLOVER_TYPES

    return frozenset(PLOVER_TYPES)


class _DuplicateKey(ValueError):
    pass


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the pure-Python
# parser took half of a worker's start-up on the trigger file alone


class _StrictLoader(_BaseLoader):
    """SafeLoader that refuses duplicate keys (YAML would silently keep the last one)."""


def _strict_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _strict_mapping)


def _read(path: Path | None) -> tuple[str, dict]:
    if path is None:
        name = "dyadwatch/events/data/triggers.yaml"
        text = resources.files("dyadwatch.events").joinpath("data/triggers.yaml").read_text("utf-8")
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"{name}: cannot read ({exc})") from None
    try:
        data = yaml.load(text, Loader=_StrictLoader) or {}  # noqa: S506 (safe loader subclass)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{name}: not valid YAML ({exc})".replace("\n", " ")) from None
    except _DuplicateKey as exc:
        raise LexiconError(f"{name}: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level")
    return name, data


def load_lexicon(user_files: Sequence[str | Path] = ()) -> Lexicon:
    """Build the lexicon from the packaged file, then user files (their frames come first)."""
    verbs: dict[str, list[Frame]] = {}
    nouns: dict[str, list[Frame]] = {}
    sets: dict[str, set[str]] = {
        k: set() for k in ("light_verbs", "intent_verbs", "negating_verbs", "speech_verbs")
    }
    irregular: dict[str, tuple[str, ...]] = {}
    versions: list[str] = []
    classes: dict[str, list[str]] = {}
    for path in [None, *user_files]:
        name, data = _read(None if path is None else Path(path))
        versions.append(str(data.get("version", Path(name).stem)))
        for cname, words in (data.get("classes") or {}).items():
            if not isinstance(words, list):
                raise LexiconError(f"{name}: classes.{cname}: expected a list")
            classes[str(cname)] = [_word(w) for w in words]
        for key, bucket in sets.items():
            bucket.update(_word(w) for w in data.get(key) or [])
        for lemma, forms in (data.get("irregular") or {}).items():
            irregular[str(lemma)] = tuple(str(f).lower() for f in forms)
        for pos, table in (("verb", verbs), ("noun", nouns)):
            section = "verbs" if pos == "verb" else "nouns"
            entries = data.get(section) or {}
            if not isinstance(entries, dict):
                raise LexiconError(f"{name}: {section}: expected a mapping of lemma -> frames")
            for lemma, frames in entries.items():
                lemma = str(lemma).lower()
                if not isinstance(frames, list):
                    raise LexiconError(f"{name}: {section}.{lemma}: expected a list of frames")
                built = [
                    _frame(lemma, pos, raw, classes, f"{name}: {section}.{lemma}[{i}]")
                    for i, raw in enumerate(frames)
                ]
                if path is None:
                    table.setdefault(lemma, []).extend(built)
                else:
                    table[lemma] = built + table.get(lemma, [])
    verb_lemma_of: dict[str, str] = {}
    noun_lemma_of: dict[str, str] = {}
    for lemma in verbs:
        for form in verb_forms(lemma, irregular.get(lemma, ())):
            verb_lemma_of.setdefault(form, lemma)
    for lemma in nouns:
        for form in noun_forms(lemma, irregular.get(lemma, ())):
            noun_lemma_of.setdefault(form, lemma)
    for lemma in verbs:  # an exact lemma always maps to itself
        verb_lemma_of[lemma] = lemma
    return Lexicon(
        version="+".join(versions),
        verbs={k: tuple(v) for k, v in verbs.items() if v},
        nouns={k: tuple(v) for k, v in nouns.items() if v},
        light_verbs=frozenset(sets["light_verbs"]),
        intent_verbs=frozenset(sets["intent_verbs"]),
        negating_verbs=frozenset(sets["negating_verbs"]),
        speech_verbs=frozenset(sets["speech_verbs"]),
        verb_lemma_of=verb_lemma_of,
        noun_lemma_of=noun_lemma_of,
        classes={k: frozenset(v) for k, v in classes.items()},
    )


@functools.cache
def default_lexicon() -> Lexicon:
    return load_lexicon()
