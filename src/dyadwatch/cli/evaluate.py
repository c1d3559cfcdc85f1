"""``dyadwatch eval``: score the coder against a gold file (logic in dyadwatch.events.evaluate)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from dyadwatch.cli.app import app, console, err_console, fail


class EvalOntology(StrEnum):
    plover = "plover"
    cameo = "cameo"


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval")
def eval_command(
    gold: Path = typer.Argument(..., help="Gold JSONL: id, text, date, expected[]."),
    ontology: EvalOntology = typer.Option(EvalOntology.plover, "--ontology",
                                          help="Score PLOVER types or CAMEO roots."),
    fmt: EvalFormat = typer.Option(EvalFormat.table, "--format", help="table or json."),
    misses: Path | None = typer.Option(None, "--misses",
                                       help="Write every miss (sentence, expected, coded) here."),
    coder: str | None = typer.Option(None, "--coder", help="Coder name (default from config)."),
) -> None:
    """Code each gold text through the full pipeline and report P/R/F1, triples, false events."""
    from rich.progress import Progress

    from dyadwatch.cli.coding import _pipeline
    from dyadwatch.events.eval_table import report_renderable
    from dyadwatch.events.evaluate import evaluate, read_gold, report_json, write_misses

    if not gold.is_file():
        raise fail(f"{gold}: no such file")
    records, errors = read_gold(gold, ontology.value)
    for error in errors:
        err_console.print(f"[yellow]skipped[/] {error}", highlight=False)
    if not records:
        raise fail(f"{gold}: no usable records")
    pipeline = _pipeline(coder, None)
    from dyadwatch.api import code

    def code_fn(text, date):
        return code(text, published=date, pipeline=pipeline)

    with Progress(console=err_console, transient=True,
                  disable=fmt is EvalFormat.json) as bar:
        task = bar.add_task("coding", total=len(records))
        report = evaluate(
            records, code_fn, onto=ontology.value, gold_file=str(gold),
            coder_version=f"{pipeline.coder.name} {pipeline.coder.version}",
            dictionary_version=str(getattr(pipeline.coder, "dictionary_version", "")),
            progress=lambda n: bar.update(task, completed=n),
        )
    if misses is not None:
        try:
            write_misses(report, misses)
        except OSError as exc:
            raise fail(f"{misses}: cannot write ({exc.strerror})") from None
    if fmt is EvalFormat.json:
        console.print_json(report_json(report).decode())
    else:
        console.print(report_renderable(report))
