"""Commands that analyse a store: trend, changes, partners, network, report."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import typer
from rich import box
from rich.table import Table

from dyadwatch.cli.app import app, console, fail
from dyadwatch.cli.options import DbOption, open_store, parse_date


class Period(StrEnum):
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class TrendFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ChangesFormat(StrEnum):
    table = "table"
    json = "json"


class Unit(StrEnum):
    events = "events"
    reports = "reports"


UnitOption = typer.Option(
    Unit.events, "--unit", help="Count merged events (default) or raw reports."
)
SinceOption = typer.Option(None, "--since", help="First day, YYYY-MM-DD.")
UntilOption = typer.Option(None, "--until", help="Last day, YYYY-MM-DD.")


@contextlib.contextmanager
def _analysis(db: Path) -> Iterator:
    """A read-only connection; analysis errors become one line, not a traceback."""
    from dyadwatch.analysis.facts import AnalysisError

    with open_store(db, read_only=True) as store:
        con = store.cursor()
        try:
            yield con
        except AnalysisError as exc:
            raise fail(str(exc)) from None
        finally:
            con.close()


def _json_default(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=_json_default) + "\n")


def _print_csv(rows: list[dict]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: _json_default(v) if isinstance(v, dt.date) else v for k, v in row.items()}
        )


def _num(x: float | None, fmt: str = "+.2f") -> str:
    return "" if x is None else format(x, fmt)


@app.command()
def trend(
    a: str = typer.Argument(..., help="First actor code, e.g. PRK."),
    b: str = typer.Argument(..., help="Second actor code, e.g. RUS."),
    by: Period = typer.Option(Period.month, "--by", help="Period length."),
    since: str = SinceOption,
    until: str = UntilOption,
    format: TrendFormat = typer.Option(TrendFormat.table, "--format", help="table, json or csv."),
    plot: Path = typer.Option(None, "--plot", help="Also draw the index with its band (PNG)."),
    directed: bool = typer.Option(False, "--directed", help="Only events from A to B."),
    unit: Unit = UnitOption,
    db: Path = DbOption,
) -> None:
    """Counts, intensity, shares and alignment index of a dyad per period."""
    from dyadwatch.analysis.alignment import alignment_from_series
    from dyadwatch.analysis.facts import check_actors
    from dyadwatch.analysis.series import dyad_series, period_label

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    if plot is not None and plot.suffix.lower() != ".png":
        raise fail(f"--plot: {plot} must end in .png")
    with _analysis(db) as con:
        a, b = check_actors(con, [a, b])
        series = dyad_series(
            con, a, b, by=by.value, directed=directed, since=first, until=last, unit=unit.value
        )
        if series.num_rows == 0:
            raise fail(
                f"no events between {a} and {b}" + (" in that period" if first or last else "")
            )
        index = alignment_from_series(series)
        rows = series.to_pylist()
        for row, ix in zip(rows, index.to_pylist(), strict=True):
            row.update(index=ix["index"], lower=ix["lower"], upper=ix["upper"])
        if plot is not None:
            from dyadwatch.analysis.charts import trajectory_chart

            arrow = "->" if directed else "-"
            trajectory_chart(
                {f"{a}{arrow}{b}": index}, plot, title=f"Alignment of {a}{arrow}{b}, per {by.value}"
            )
    if format is TrendFormat.json:
        _print_json(rows)
    elif format is TrendFormat.csv:
        _print_csv(rows)
    else:
        table = Table(
            title=f"{a}{' -> ' if directed else ' - '}{b} per {by.value} ({unit.value})",
            box=box.SIMPLE_HEAD,
        )
        for col in ("period", "events", "coop", "hostile", "index", "90% band", f"{a} %", f"{b} %"):
            table.add_column(col, justify="left" if col == "period" else "right", no_wrap=True)
        for r in rows:
            table.add_row(
                period_label(r["period"], by.value),
                str(r["n_events"]),
                str(r["coop"]),
                str(r["hostile"]),
                f"{r['index']:+.2f}",
                f"{r['lower']:+.2f}..{r['upper']:+.2f}",
                _num(r["share_a"], ".0%"),
                _num(r["share_b"], ".0%"),
            )
        table.caption = (
            "index = (coop - hostile) / (coop + hostile + 2); X % = share of X's events "
            "(with anyone) that involve the other; --format csv or json for all columns"
        )
        console.print(table)
    if plot is not None:
        console.print(f"plot written to {plot}", highlight=False)


@app.command()
def changes(
    a: str = typer.Argument(..., help="First actor code."),
    b: str = typer.Argument(..., help="Second actor code."),
    by: Period = typer.Option(Period.month, "--by", help="Period length."),
    since: str = SinceOption,
    until: str = UntilOption,
    format: ChangesFormat = typer.Option(ChangesFormat.table, "--format", help="table or json."),
    sensitivity: float = typer.Option(
        1.0, "--sensitivity", help="Penalty factor: higher finds fewer, surer breaks."
    ),
    unit: Unit = UnitOption,
    db: Path = DbOption,
) -> None:
    """Periods where the dyad's relationship changed level, with the events around them."""
    from dyadwatch.analysis.changes import change_points
    from dyadwatch.analysis.facts import check_actors

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with _analysis(db) as con:
        a, b = check_actors(con, [a, b])
        found = change_points(
            con,
            a,
            b,
            by=by.value,
            since=first,
            until=last,
            unit=unit.value,
            sensitivity=sensitivity,
        )
    if format is ChangesFormat.json:
        _print_json([c.to_dict() for c in found])
        return
    if not found:
        console.print(f"No change point in {a}-{b}: no break stands out from the noise.")
        return
    for c in found:
        table = Table(
            title=f"{c.label}: {c.direction} (index {c.index_before:+.2f} -> "
            f"{c.index_after:+.2f}; {c.events_per_period_before:.1f} -> "
            f"{c.events_per_period_after:.1f} events per {by.value})",
            show_lines=True,
            expand=True,
        )
        for col in ("date", "who", "what", "evidence", "source"):
            table.add_column(col, no_wrap=col in ("date", "who"))
        for e in c.events:
            src = e.sources[0] if e.sources else None
            table.add_row(
                e.date.isoformat(),
                f"{e.source_code}->{e.target_code}",
                e.type + (f"/{e.mode}" if e.mode else ""),
                e.evidence_text or "",
                f"{src.publisher or ''} {src.url or ''}".strip() if src else "",
            )
        console.print(table)


@app.command()
def partners(
    actor: str = typer.Argument(..., help="Actor code, e.g. PRK."),
    by: Period = typer.Option(Period.year, "--by", help="Period length."),
    kind: str = typer.Option("coop", "--kind", help="coop, hostile or all events."),
    since: str = SinceOption,
    until: str = UntilOption,
    format: TrendFormat = typer.Option(TrendFormat.table, "--format", help="table, json or csv."),
    unit: Unit = UnitOption,
    db: Path = DbOption,
) -> None:
    """How an actor's events spread across partners per period (shares and HHI)."""
    from dyadwatch.analysis.facts import check_actors
    from dyadwatch.analysis.partners import concentration, partner_shares
    from dyadwatch.analysis.series import period_label

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with _analysis(db) as con:
        (actor,) = check_actors(con, [actor])
        shares = partner_shares(
            con, actor, by=by.value, kind=kind, since=first, until=last, unit=unit.value
        )
    rows = shares.to_pylist()
    if format is TrendFormat.json:
        _print_json(rows)
        return
    if format is TrendFormat.csv:
        _print_csv(rows)
        return
    if not rows:
        console.print(f"No {kind} events of {actor} in that period.")
        return
    table = Table(title=f"{actor}: {kind} events by partner, per {by.value} ({unit.value})")
    for col in ("period", "events", "HHI", "effective partners", "partners (share)"):
        table.add_column(col, justify="left" if col in ("period", "partners (share)") else "right")
    per_period: dict = {}
    for r in rows:
        per_period.setdefault(r["period"], []).append(f"{r['partner']} {r['share']:.0%}")
    for c in concentration(shares):
        top = per_period[c["period"]]
        table.add_row(
            period_label(c["period"], by.value),
            str(c["n"]),
            f"{c['hhi']:.2f}",
            f"{c['effective']:.1f}",
            ", ".join(top[:6]) + (" ..." if len(top) > 6 else ""),
        )
    console.print(table)


@app.command()
def network(
    since: str = SinceOption,
    until: str = UntilOption,
    out: Path = typer.Option(None, "--out", help="Write FILE.png, FILE.graphml or FILE.json."),
    min_events: int = typer.Option(1, "--min-events", help="Leave out pairs with fewer events."),
    unit: Unit = UnitOption,
    db: Path = DbOption,
) -> None:
    """Cooperative and hostile ties between actors in a period, grouped into blocs."""
    from dyadwatch.analysis.facts import require_events
    from dyadwatch.analysis.network import blocs, tie_network, write_network

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with _analysis(db) as con:
        require_events(con)
        graph = tie_network(con, since=first, until=last, unit=unit.value, min_events=min_events)
        if out is not None:
            write_network(graph, out)
    if graph.number_of_nodes() == 0:
        raise fail("no events between two actors in that period")
    table = Table(title=f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} ties")
    for col in ("bloc", "members"):
        table.add_column(col)
    for i, bloc in enumerate(blocs(graph)):
        table.add_row(str(i), ", ".join(sorted(bloc)))
    console.print(table)
    if out is not None:
        console.print(f"network written to {out}", highlight=False)


@app.command()
def report(
    dyad: str = typer.Option(..., "--dyad", help="Dyad to report on, e.g. PRK-RUS."),
    vs: list[str] = typer.Option(None, "--vs", help="Dyad to compare with (repeatable)."),
    out: Path = typer.Option(..., "--out", help="Folder for index.html, PNGs and CSVs."),
    by: Period = typer.Option(Period.month, "--by", help="Period length."),
    since: str = SinceOption,
    until: str = UntilOption,
    unit: Unit = UnitOption,
    db: Path = DbOption,
) -> None:
    """Write a self-contained HTML report (charts, change points, evidence, partners)."""
    from dyadwatch.analysis.facts import check_actors, parse_dyad
    from dyadwatch.analysis.report import write_report
    from dyadwatch.treaties.report_section import treaty_links_section

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with _analysis(db) as con:
        dyads = [parse_dyad(d) for d in [dyad, *(vs or [])]]
        check_actors(con, sorted({x for d in dyads for x in d}))
        index = write_report(
            con, dyads[0], dyads[1:], out, by=by.value, since=first, until=last, unit=unit.value,
            extra_sections=[treaty_links_section],
        )
    console.print(f"report written to {index}", highlight=False)
