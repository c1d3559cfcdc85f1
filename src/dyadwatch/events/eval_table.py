"""Rich tables for an evaluation report (what ``dyadwatch eval --format table`` prints)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from dyadwatch.events.evaluate import EvalReport


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def report_renderable(report: EvalReport, max_misses: int = 10) -> Group:
    """Summary, per-type scores, confusion matrix and the first misses, as one renderable."""
    head = Table(title=f"dyadwatch eval: {report.gold_file}", show_header=False)
    head.add_column("what")
    head.add_column("value")
    for name, value in (
        ("coder", report.coder_version),
        ("dictionary", report.dictionary_version),
        ("ontology", report.ontology_version),
        ("scored as", report.ontology),
        ("records (no-event)", f"{report.records} ({report.no_event_records})"),
        ("gold events / coded / flagged", f"{report.gold_events} / {report.coded_events} / "
                                          f"{report.flagged_events}"),
        ("micro P / R / F1", " / ".join(_pct(report.micro[k]) for k in
                                         ("precision", "recall", "f1"))),
        ("macro P / R / F1", " / ".join(_pct(report.macro[k]) for k in
                                         ("precision", "recall", "f1"))),
        ("type+actors P / R / F1", " / ".join(_pct(report.triples[k]) for k in
                                               ("precision", "recall", "f1"))),
        ("sector agreement (matched)", _pct(report.sector_agreement)),
        ("false events on no-event records", _pct(report.false_event_rate)),
    ):
        head.add_row(name, str(value))

    types = Table(title="per type")
    for col in ("type", "support", "tp", "fp", "fn", "precision", "recall", "f1"):
        types.add_column(col, justify="left" if col == "type" else "right")
    for s in report.per_type:
        types.add_row(s.label, str(s.support), str(s.tp), str(s.fp), str(s.fn),
                      _pct(s.precision), _pct(s.recall), _pct(s.f1))

    labels = sorted({g for g in report.confusion} | {p for row in report.confusion.values()
                                                     for p in row})
    conf = Table(title="confusion (rows: expected, columns: coded)")
    conf.add_column("")
    for lab in labels:
        conf.add_column(lab[:5], justify="right")
    for g in labels:
        row = report.confusion.get(g, {})
        conf.add_row(g, *[str(row.get(p, "")) for p in labels])

    parts: list = [head, types, conf]
    if report.misses:
        misses = Table(title=f"misses ({len(report.misses)}; first {max_misses})")
        misses.add_column("id")
        misses.add_column("text")
        misses.add_column("missing")
        misses.add_column("coded instead")
        for m in report.misses[:max_misses]:
            misses.add_row(m.id, Text(m.text[:160]), "\n".join(m.missing),
                           "\n".join(m.extra) or "\n".join(m.coded) or "-")
        parts.append(misses)
    if report.skipped:
        parts.append(Text(f"{len(report.skipped)} record(s) had expected events without a "
                          f"{report.ontology} label (not scored)", style="yellow"))
    return Group(*parts)
