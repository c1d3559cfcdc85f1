"""Scoring a coder against a gold set: how often it is right, measured the same way each time.

Input is the common record format, one JSON object per line::

    {"id": "...", "text": "...", "date": "2024-06-19" | null,
     "expected": [{"source": "PRK", "target": "RUSGOV", "code": "057", "root": "05"}]}

``expected: []`` means the text holds no codable event. ``code``/``root`` may be CAMEO
codes or PLOVER type names; actors are CAMEO-style strings (``USAGOV``: country ``USA``,
sector ``GOV``), lists of such strings or of ``{code, sector}`` objects (any one may
match), or null (the event still counts for type scores, not for triples).

Scoring rules (stated so results are comparable):

- Only events asserted as facts are scored: negated and hypothetical events (which the
  pipeline keeps, flagged) count neither as hits nor as false events. They are shown
  in the misses so a reader sees what was coded instead.
- Type scores are per record: a type is a hit if the record expects it and the coder
  produced it anywhere in the record; repeated events of one type count once.
- Triples (type + source + target) match one-to-one per record on the actor code
  (country or organisation); sectors are reported as agreement on matched triples, not
  required. Events the coder emits as one undirected pair (CONSULT other than
  visit/host, AGREE, COOPERATE) match a gold event in either direction.
- False-event rate: share of no-event records where the coder asserted any event.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import msgspec

from dyadwatch.events import ontology
from dyadwatch.model import PLOVER_TYPES, Event, InputError

NONE_LABEL = "NONE"
UNDIRECTED_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
DIRECTED_MODES = frozenset({"visit", "host"})
Ontology = str  # "plover" | "cameo"


class GoldActor(msgspec.Struct, frozen=True):
    code: str
    sector: str | None = None


class GoldEvent(msgspec.Struct, frozen=True, kw_only=True):
    label: str | None
    cameo: str | None = None
    source: tuple[GoldActor, ...] | None = None
    target: tuple[GoldActor, ...] | None = None


class GoldRecord(msgspec.Struct, kw_only=True):
    id: str
    text: str
    date: dt.date | None
    expected: list[GoldEvent]


class TypeScore(msgspec.Struct, kw_only=True):
    label: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    support: int


class Miss(msgspec.Struct, kw_only=True):
    id: str
    text: str
    expected: list[str]
    coded: list[str]
    missing: list[str]
    extra: list[str]


class EvalReport(msgspec.Struct, kw_only=True):
    gold_file: str
    ontology: str
    coder_version: str
    dictionary_version: str
    ontology_version: str
    records: int
    no_event_records: int
    gold_events: int
    coded_events: int
    flagged_events: int
    per_type: list[TypeScore]
    micro: dict[str, float]
    macro: dict[str, float]
    triples: dict[str, float]
    sector_agreement: float | None
    false_event_rate: float | None
    confusion: dict[str, dict[str, int]]
    misses: list[Miss]
    skipped: list[str] = msgspec.field(default_factory=list)


# --------------------------------------------------------------------------- reading gold
def parse_actor_code(value: str) -> GoldActor:
    """``USAGOV`` -> (USA, GOV); ``NATO`` -> (NATO, None); ``IGOUNO`` -> (UNO, None)."""
    v = value.strip().upper()
    if len(v) > 3 and v[:3] in ("IGO", "NGO", "MNC") and len(v) >= 6:
        v = v[3:]
    if len(v) <= 3 or not v[:3].isalpha():
        return GoldActor(v)
    if len(v) in (4, 5) and v.isalpha():
        # organisation codes such as NATO, BRICS, OPEC are whole words
        return GoldActor(v)
    return GoldActor(v[:3], v[3:6] or None)


def _actors(value: object, where: str) -> tuple[GoldActor, ...] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    out: list[GoldActor] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append(parse_actor_code(item))
        elif isinstance(item, dict) and isinstance(item.get("code"), str):
            sector = item.get("sector")
            out.append(GoldActor(item["code"].upper(), sector.upper() if sector else None))
        else:
            raise ValueError(f"{where}: actor must be a code string, list, or {{code, sector}}")
    return tuple(out) or None


def gold_label(code: object, root: object, onto: Ontology) -> tuple[str | None, str | None]:
    """(label, cameo) of a gold event: PLOVER type or CAMEO root, per the chosen ontology."""
    cameo = None
    ptype = None
    for value in (code, root):
        if not isinstance(value, str) or not value.strip():
            continue
        v = value.strip()
        if v.upper() in PLOVER_TYPES:
            ptype = ptype or v.upper()
        elif ontology.is_code(v):
            cameo = cameo or v
            ptype = ptype or ontology.lookup(v).plover_type
    if onto == "cameo":
        return (cameo[:2] if cameo else None), cameo
    return ptype, cameo


def read_gold(path: Path, onto: Ontology = "plover") -> tuple[list[GoldRecord], list[InputError]]:
    """Records of a gold file, and one error per bad line (naming the line and field)."""
    records: list[GoldRecord] = []
    errors: list[InputError] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                records.append(_record(json.loads(line), onto, lineno))
            except json.JSONDecodeError as exc:
                errors.append(InputError(path=str(path), line=lineno,
                                         message=f"not valid JSON ({exc.msg})"))
            except ValueError as exc:
                errors.append(InputError(path=str(path), line=lineno, message=str(exc)))
    return records, errors


def _record(raw: object, onto: Ontology, lineno: int) -> GoldRecord:
    if not isinstance(raw, dict):
        raise ValueError("record must be a JSON object")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("field 'text' must be a non-empty string")
    expected = raw.get("expected")
    if not isinstance(expected, list):
        raise ValueError("field 'expected' must be a list ([] for no event)")
    date = raw.get("date")
    when = None
    if date is not None:
        try:
            when = dt.date.fromisoformat(str(date)[:10])
        except ValueError:
            raise ValueError(f"field 'date': {date!r} is not YYYY-MM-DD") from None
    events = []
    for i, item in enumerate(expected):
        if not isinstance(item, dict):
            raise ValueError(f"expected[{i}] must be an object")
        label, cameo = gold_label(item.get("code"), item.get("root"), onto)
        events.append(GoldEvent(
            label=label, cameo=cameo,
            source=_actors(item.get("source"), f"expected[{i}].source"),
            target=_actors(item.get("target"), f"expected[{i}].target"),
        ))
    return GoldRecord(id=str(raw.get("id", f"line-{lineno}")), text=text, date=when,
                      expected=events)


# --------------------------------------------------------------------------- scoring
def _pred_label(event: Event, onto: Ontology) -> str:
    return event.cameo[:2] if onto == "cameo" else event.type


def _actor_match(gold: tuple[GoldActor, ...] | None, code: str | None) -> bool:
    return gold is not None and code is not None and any(g.code == code.upper() for g in gold)


def _triple_match(g: GoldEvent, e: Event, onto: Ontology) -> bool:
    if g.label != _pred_label(e, onto):
        return False
    if _actor_match(g.source, e.source.code) and _actor_match(g.target, e.target.code):
        return True
    undirected = e.type in UNDIRECTED_TYPES and (e.mode or "") not in DIRECTED_MODES
    return undirected and _actor_match(g.source, e.target.code) and _actor_match(
        g.target, e.source.code)


def _sector_agrees(g: GoldEvent, e: Event) -> bool | None:
    sectors = [(a.sector, e.source.sector) for a in (g.source or ()) if a.code == e.source.code]
    sectors += [(a.sector, e.target.sector) for a in (g.target or ()) if a.code == e.target.code]
    known = [(a, b) for a, b in sectors if a is not None]
    if not known:
        return None
    return all(a == b for a, b in known)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def _describe_event(e: Event) -> str:
    flags = "".join(f" [{f}]" for f, on in (("negated", e.negated),
                                            ("hypothetical", e.hypothetical)) if on)
    return (f"{e.type} {e.cameo} {e.source.code or '?'}{e.source.sector or ''} -> "
            f"{e.target.code or '?'}{e.target.sector or ''}{flags}")


def _describe_gold(g: GoldEvent) -> str:
    def side(actors: tuple[GoldActor, ...] | None) -> str:
        if not actors:
            return "?"
        return "|".join(a.code + (a.sector or "") for a in actors)

    return f"{g.label or '?'} {g.cameo or ''} {side(g.source)} -> {side(g.target)}".replace(
        "  ", " ")


def evaluate(
    records: Sequence[GoldRecord],
    code_fn: Callable[[str, dt.date | None], list[Event]],
    *,
    onto: Ontology = "plover",
    gold_file: str = "",
    coder_version: str = "",
    dictionary_version: str = "",
    progress: Callable[[int], None] | None = None,
) -> EvalReport:
    """Code every record with ``code_fn`` and score the result against its gold events."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    support: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = {}
    t_tp = t_fp = t_fn = 0
    sector_hits = sector_total = 0
    no_event = false_events = 0
    gold_events = coded_events = flagged = 0
    misses: list[Miss] = []
    skipped: list[str] = []

    for n, rec in enumerate(records, start=1):
        events = code_fn(rec.text, rec.date)
        asserted = [e for e in events if not (e.negated or e.hypothetical)]
        flagged += len(events) - len(asserted)
        coded_events += len(asserted)
        labelled = [g for g in rec.expected if g.label is not None]
        if len(labelled) < len(rec.expected):
            skipped.append(f"{rec.id}: {len(rec.expected) - len(labelled)} expected event(s) "
                           f"without a {onto} label")
            if not labelled:
                continue
        gold_events += len(labelled)
        gold_set = {g.label for g in labelled}
        pred_set = {_pred_label(e, onto) for e in asserted}
        for label in gold_set:
            support[label] += 1
        for label in gold_set & pred_set:
            tp[label] += 1
        for label in pred_set - gold_set:
            fp[label] += 1
        for label in gold_set - pred_set:
            fn[label] += 1
        _confuse(confusion, gold_set, pred_set)
        if not rec.expected:
            no_event += 1
            false_events += bool(asserted)

        # triples: one-to-one, duplicates of one predicted triple collapse
        unique: dict[tuple, Event] = {}
        for e in asserted:
            unique.setdefault((_pred_label(e, onto), e.source.code, e.target.code), e)
        preds = list(unique.values())
        used: set[int] = set()
        missing: list[GoldEvent] = []
        for g in labelled:
            if g.source is None or g.target is None:
                continue
            hit = next((i for i, e in enumerate(preds) if i not in used
                        and _triple_match(g, e, onto)), None)
            if hit is None:
                t_fn += 1
                missing.append(g)
                continue
            used.add(hit)
            t_tp += 1
            agrees = _sector_agrees(g, preds[hit])
            if agrees is not None:
                sector_total += 1
                sector_hits += agrees
        has_actors = any(g.source is not None and g.target is not None for g in labelled)
        extra = [e for i, e in enumerate(preds) if i not in used]
        if has_actors or not rec.expected:
            t_fp += len(extra)
        type_wrong = gold_set != pred_set
        if missing or (extra and (has_actors or not rec.expected)) or type_wrong:
            misses.append(Miss(
                id=rec.id, text=rec.text,
                expected=[_describe_gold(g) for g in labelled],
                coded=[_describe_event(e) for e in events],
                missing=[_describe_gold(g) for g in missing]
                + [f"{lab} (type)" for lab in sorted(gold_set - pred_set)],
                extra=[_describe_event(e) for e in extra if (has_actors or not rec.expected)]
                + [f"{lab} (type)" for lab in sorted(pred_set - gold_set)],
            ))
        if progress is not None:
            progress(n)

    labels = sorted(set(support) | set(fp))
    per_type = []
    for label in labels:
        p, r, f = _prf(tp[label], fp[label], fn[label])
        per_type.append(TypeScore(label=label, tp=tp[label], fp=fp[label], fn=fn[label],
                                  precision=p, recall=r, f1=f, support=support[label]))
    mp, mr, mf = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    scored = [s for s in per_type if s.support]
    macro = {
        "precision": _mean(s.precision for s in scored),
        "recall": _mean(s.recall for s in scored),
        "f1": _mean(s.f1 for s in scored),
    }
    tp_, tr, tf = _prf(t_tp, t_fp, t_fn)
    return EvalReport(
        gold_file=gold_file,
        ontology=onto,
        coder_version=coder_version,
        dictionary_version=dictionary_version,
        ontology_version=f"{ontology.TABLE_VERSION}; {ontology.INTENSITY_VERSION}",
        records=len(records),
        no_event_records=no_event,
        gold_events=gold_events,
        coded_events=coded_events,
        flagged_events=flagged,
        per_type=per_type,
        micro={"precision": mp, "recall": mr, "f1": mf},
        macro=macro,
        triples={"precision": tp_, "recall": tr, "f1": tf, "tp": t_tp, "fp": t_fp, "fn": t_fn},
        sector_agreement=round(sector_hits / sector_total, 4) if sector_total else None,
        false_event_rate=round(false_events / no_event, 4) if no_event else None,
        confusion={g: dict(row) for g, row in sorted(confusion.items())},
        misses=misses,
        skipped=skipped,
    )


def _mean(values: Iterable[float]) -> float:
    vals = list(values)
    return round(sum(vals) / len(vals), 4) if vals else 0.0


def _confuse(confusion: dict[str, Counter[str]], gold: set[str], pred: set[str]) -> None:
    """Gold label -> predicted label counts, with NONE for nothing expected / nothing coded."""
    for g in gold:
        row = confusion.setdefault(g, Counter())
        if g in pred:
            row[g] += 1
        else:
            wrong = pred - gold
            for p in wrong or {NONE_LABEL}:
                row[p] += 1
    if not gold:
        row = confusion.setdefault(NONE_LABEL, Counter())
        for p in pred or {NONE_LABEL}:
            row[p] += 1


def write_misses(report: EvalReport, path: Path) -> None:
    """One JSON object per miss: the sentence, what was expected and what was coded."""
    enc = msgspec.json.Encoder()
    with path.open("wb") as fh:
        for miss in report.misses:
            fh.write(enc.encode(miss) + b"\n")


def report_json(report: EvalReport, with_misses: bool = False) -> bytes:
    data = msgspec.to_builtins(report)
    if not with_misses:
        data["misses"] = len(report.misses)
    return msgspec.json.encode(data)
