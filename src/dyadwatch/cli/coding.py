"""Commands that code text and read events back: code, ingest, events, export."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path

import msgspec
import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyadwatch.cli.app import app, console, err_console, fail
from dyadwatch.cli.options import DbOption, open_store, parse_date

_json = msgspec.json.Encoder()


class CodeFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class EventsFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    parquet = "parquet"
    jsonl = "jsonl"
    tsv = "tsv"


def _settings(coder: str | None, actors: list[Path] | None):
    from dyadwatch.config import ConfigError, load_settings

    try:
        return load_settings(coder=coder, actors=[str(p) for p in actors] if actors else None)
    except ConfigError as exc:
        raise fail(str(exc).strip("'\"")) from None


def _pipeline(coder: str | None, actors: list[Path] | None):
    from dyadwatch.config import ConfigError
    from dyadwatch.nlp.language import ModelMissingError
    from dyadwatch.pipeline import Pipeline

    settings = _settings(coder, actors)
    try:
        return Pipeline(settings)
    except (ConfigError, ModelMissingError, KeyError) as exc:
        raise fail(str(exc).strip("'\"")) from None
    except Exception as exc:  # a user dictionary that does not load names itself
        if type(exc).__name__ == "ActorDictionaryError":
            raise fail(str(exc)) from None
        raise


def _event_table(events: list[dict], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("source → target", max_width=34)
    table.add_column("cameo / int.", no_wrap=True)
    table.add_column("evidence", ratio=3)
    for e in events:
        flags = " ".join(f for f in ("negated", "hypothetical") if e.get(f))
        kind = e["type"] + (f"/{e['mode']}" if e.get("mode") else "")
        if flags:
            kind += f"\n[yellow]({flags})[/]"
        src, tgt = e["source"], e["target"]
        who = f"{src['code']}{src.get('sector') or ''} → {tgt['code']}{tgt.get('sector') or ''}"
        prec = e.get("date_precision") or ""
        date = f"{e['date'] or '?'}\n[dim]{prec}, {e.get('date_source')}[/]"
        table.add_row(
            date,
            kind,
            f"{who}\n[dim]{src.get('text')} → {tgt.get('text')}[/]",
            f"{e['cameo']}  {e['intensity']:+.1f}",
            e["evidence"]["text"],
        )
    return table


@app.command()
def code(
    paths: list[Path] = typer.Argument(None, help="Files or directories (.txt .html .jsonl)."),
    jsonl: Path = typer.Option(None, "--jsonl", help="A JSONL file of {id, text, date} records."),
    text: str = typer.Option(None, "--text", help="Code this text instead of files."),
    published: str = typer.Option(None, help="Publication date YYYY-MM-DD for undated input."),
    format: CodeFormat = typer.Option(CodeFormat.jsonl, "--format", help="jsonl or table."),
    coder: str = typer.Option(None, help="Coder to use (default from dyadwatch.toml: rules)."),
    actors: list[Path] = typer.Option(None, "--actors", help="Extra actor dictionary file."),
) -> None:
    """Code documents and print their events, without storing anything."""
    from dyadwatch.ingest import read_paths
    from dyadwatch.ingest.normalize import document_id
    from dyadwatch.model import Document, InputError, event_to_dict

    day = parse_date(published, "--published")
    inputs = list(paths or []) + ([jsonl] if jsonl else [])
    if not inputs and text is None:
        raise fail("give PATH..., --jsonl FILE or --text TEXT")
    pipeline = _pipeline(coder, actors)
    failures = 0

    def documents():
        nonlocal failures
        if text is not None:
            yield Document(id=document_id(text), text=text, published=day)
        for item in read_paths(inputs, published=day):
            if isinstance(item, InputError):
                failures += 1
                err_console.print(f"[red]skipped[/] {item}", highlight=False, soft_wrap=True)
            else:
                yield item

    rows: list[dict] = []
    for coded in pipeline.code_documents(documents()):
        doc = coded.document
        from_jsonl = (doc.source_path or "").endswith(".jsonl") and doc.external_id
        for event in coded.events:
            if from_jsonl:
                event.doc_id = doc.external_id
            if format is CodeFormat.jsonl:
                sys.stdout.buffer.write(_json.encode(event) + b"\n")
            else:
                rows.append(event_to_dict(event))
    if format is CodeFormat.table:
        console.print(_event_table(rows))
    sys.stdout.flush()
    if failures:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="Files, directories or quoted globs (\"shards/*.jsonl\")."
    ),
    db: Path = DbOption,
    published: str = typer.Option(None, help="Publication date YYYY-MM-DD for undated input."),
    coder: str = typer.Option(None, help="Coder to use (default from dyadwatch.toml: rules)."),
    actors: list[Path] = typer.Option(None, "--actors", help="Extra actor dictionary file."),
    batch_size: int = typer.Option(64, min=1, help="Documents per transaction."),
    workers: int = typer.Option(
        None, min=1, help="Coding processes (default: the cores; 1 for inputs under 1 MB)."
    ),
    scheduler: str = typer.Option(
        None, help="Run on Dask: 'local' (a LocalCluster of --workers) or tcp://HOST:8786."
    ),
    out_parquet: Path = typer.Option(
        None, "--out-parquet", help="Write a Parquet dataset to this directory, not the store."
    ),
    rollups: bool = typer.Option(
        True, "--rollups/--no-rollups", help="Refresh the analysis summary tables afterwards."
    ),
) -> None:
    """Code documents and store them (idempotent: stored documents are skipped)."""
    import contextlib

    from dyadwatch.batch import refresh_rollups
    from dyadwatch.scale.runner import ScaleError, run_ingest, total_bytes

    day = parse_date(published, "--published")
    settings = _settings(coder, actors)
    total = total_bytes(paths)
    store_cm = contextlib.nullcontext() if out_parquet else open_store(db)
    with store_cm as store, Progress(
        TextColumn("[bold]coding"),
        BarColumn(),
        TextColumn("{task.fields[docs]} docs · {task.fields[sents]} sentences · "
                   "{task.fields[events]} events"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=total or None, docs=0, sents=0, events=0)

        def on_batch(chars: int, s) -> None:
            progress.update(
                task, advance=chars, docs=s.documents + s.skipped, sents=s.sentences,
                events=s.events,
            )

        def on_error(message: str) -> None:
            progress.console.print(f"[red]failed[/] {message}", highlight=False, soft_wrap=True)

        try:
            summary = run_ingest(
                paths, store, settings=settings, workers=workers, scheduler=scheduler,
                out_parquet=out_parquet, published=day, batch_size=batch_size,
                on_batch=on_batch, on_error=on_error,
            )
        except ScaleError as exc:
            raise fail(str(exc)) from None
        progress.update(task, completed=total or None)
        if rollups and store is not None and summary.documents:
            with err_console.status("summarising events for analysis"):
                refresh_rollups(store)
    table = Table(title=f"ingest into {out_parquet or db}", show_header=False)
    for name, value in (
        ("documents coded", summary.documents),
        ("already stored (skipped)", summary.skipped),
        ("sentences", summary.sentences),
        ("events", summary.events),
        ("flagged events (negated / hypothetical)", summary.flagged),
        ("uncoded sentences", summary.uncoded),
        ("failed inputs", summary.failures),
    ):
        table.add_row(name, str(value))
    if summary.uncoded_reasons:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary.uncoded_reasons.items()))
        table.add_row("uncoded by reason", reasons)
    console.print(table)
    if summary.failures:
        err_console.print(
            f"[yellow]{summary.failures} input(s) failed; everything else was stored.[/]"
        )
        raise typer.Exit(1)


@app.command()
def events(
    db: Path = DbOption,
    dyad: str = typer.Option(None, help="Two actor codes, e.g. PRK-RUS (undirected)."),
    actor: str = typer.Option(None, help="Events involving this actor code."),
    since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    type: str = typer.Option(None, "--type", help="PLOVER type, e.g. AID."),
    mode: str = typer.Option(None, help="PLOVER mode, e.g. military."),
    include_flagged: bool = typer.Option(
        False, "--include-flagged", help="Also list negated and hypothetical events."
    ),
    limit: int = typer.Option(None, min=1, help="At most this many events."),
    format: EventsFormat = typer.Option(EventsFormat.table, "--format"),
) -> None:
    """List stored events, oldest first."""
    from dyadwatch.cli.options import check_dyad

    pair = check_dyad(dyad) if dyad else None
    start = parse_date(since, "--since")
    end = parse_date(until, "--until")
    with open_store(db, read_only=True) as store:
        try:
            rows = store.events(
                dyad=pair, actor=actor.upper() if actor else None, since=start, until=end,
                type=type.upper() if type else None, mode=mode, limit=limit,
                include_flagged=include_flagged,
            )
        except ValueError as exc:
            raise fail(str(exc)) from None
    if format is EventsFormat.jsonl:
        for row in rows:
            sys.stdout.buffer.write(_json.encode(row) + b"\n")
    elif format is EventsFormat.csv:
        from dyadwatch.store import flat_event
        from dyadwatch.store.rows import spreadsheet_safe

        writer = None
        for row in rows:
            flat = flat_event(row)
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(spreadsheet_safe(flat))
    else:
        title = f"{len(rows)} events" + (f" · {pair}" if pair else "")
        console.print(_event_table(rows, title=title))


@app.command()
def export(
    out: Path = typer.Argument(..., help="Output path (a directory for parquet)."),
    format: ExportFormat = typer.Option(..., "--format", help="parquet, jsonl or tsv."),
    db: Path = DbOption,
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output."),
) -> None:
    """Export stored events: Parquet partitioned by month, JSONL, or GDELT-like TSV."""
    from dyadwatch.store import ExportError
    from dyadwatch.store import export as run_export

    with open_store(db, read_only=True) as store:
        try:
            summary = run_export(store, format.value, out, overwrite=overwrite)
        except ExportError as exc:
            raise fail(str(exc)) from None
    console.print(
        f"wrote {summary.rows} events to {summary.path} ({format.value}, {summary.files} files)"
    )
