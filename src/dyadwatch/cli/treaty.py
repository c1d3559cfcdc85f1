"""`dyadwatch treaty …`: register, show, compare treaties and list candidate invocations."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import typer
from rich.table import Column, Table

from dyadwatch.cli.app import app, console, fail
from dyadwatch.cli.options import DbOption, open_store
from dyadwatch.treaties.compare import compare as compare_treaties
from dyadwatch.treaties.errors import TreatyError
from dyadwatch.treaties.export import comparison_dict, links_list, treaty_dict
from dyadwatch.treaties.links import links as treaty_links
from dyadwatch.treaties.provisions import label_names
from dyadwatch.treaties.registry import add_treaty, list_treaties, load_treaty
from dyadwatch.treaties.source import read_treaty_file

treaty_app = typer.Typer(
    help="Treaties: split into articles, code provisions, compare, link to events.",
    no_args_is_help=True,
)
app.add_typer(treaty_app, name="treaty")

FORMATS = ("table", "json")


@contextlib.contextmanager
def _store(db: Path, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the dyadwatch store (created by `add` if missing, so that a later
    ingest finds a proper store); treaty and store errors become one line."""
    with open_store(db, read_only=read_only) as store:
        con = store.cursor()
        try:
            yield con
        except TreatyError as exc:
            raise fail(str(exc)) from None
        except duckdb.Error as exc:
            raise fail(f"{db}: {str(exc).strip().splitlines()[0]}") from None
        finally:
            con.close()


def _format(value: str) -> str:
    if value not in FORMATS:
        raise fail(f"--format: {value!r} is not one of {', '.join(FORMATS)}")
    return value


def _json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _kinds(kinds: list[str]) -> str:
    return ", ".join(kinds) or "—"


@treaty_app.command("add")
def add(
    file: Path = typer.Argument(..., help="Treaty text: .txt (also PDF-extracted text) or .html."),
    name: str = typer.Option(..., "--name", help="Name to store the treaty under."),
    parties: str = typer.Option(..., "--parties", help="ISO3 party codes, e.g. PRK,RUS."),
    signed: str = typer.Option(None, "--signed", help="Signature date YYYY-MM-DD."),
    ratified: str = typer.Option(None, "--ratified", help="Ratification date YYYY-MM-DD."),
    in_force: str = typer.Option(None, "--in-force", help="Entry into force YYYY-MM-DD."),
    terminated: str = typer.Option(None, "--terminated", help="Termination date YYYY-MM-DD."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite a treaty of this name."),
    db: Path = DbOption,
) -> None:
    """Split, code and store a treaty (all or nothing)."""
    try:
        text = read_treaty_file(file)
    except TreatyError as exc:
        raise fail(str(exc)) from None
    with _store(db, read_only=False) as con:
        treaty = add_treaty(
            con,
            name=name,
            text=text,
            parties=parties,
            signed=signed,
            ratified=ratified,
            in_force=in_force,
            terminated=terminated,
            source_path=str(file),
            replace=replace,
        )
    labels = list(dict.fromkeys(p.label for p in treaty.provisions))
    console.print(
        f"added [bold]{treaty.name}[/] ({', '.join(treaty.parties)}): "
        f"{len(treaty.articles)} articles, {len(treaty.provisions)} provisions"
        + (f" — {', '.join(labels)}" if labels else ""),
        highlight=False,
    )


@treaty_app.command("list")
def list_(db: Path = DbOption) -> None:
    """The treaties in the store."""
    with _store(db) as con:
        rows = list_treaties(con)
    if not rows:
        console.print("no treaties in the store (add one with `dyadwatch treaty add`)")
        return
    table = Table(
        Column("Name", no_wrap=True),
        "Parties",
        Column("Dates", no_wrap=True),
        "Arts.",
        "Provisions",
    )
    for r in rows:
        dates = [
            f"{what} {d}"
            for what, d in (("signed", r.signed), ("in force", r.in_force), ("ended", r.terminated))
            if d
        ]
        table.add_row(
            r.name,
            ",".join(r.parties),
            "\n".join(dates) or "—",
            str(r.articles),
            ", ".join(r.labels) or "—",
        )
    console.print(table)


@treaty_app.command("show")
def show(
    name: str = typer.Argument(..., help="Treaty name."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    db: Path = DbOption,
) -> None:
    """Articles with their provision labels, triggers, obligations and conditions."""
    fmt = _format(fmt)
    with _store(db) as con:
        treaty = load_treaty(con, name)
    if fmt == "json":
        _json(treaty_dict(treaty))
        return
    names = label_names()
    title = f"{treaty.name} ({', '.join(treaty.parties)}; signed {treaty.signed or '?'})"
    table = Table(
        "Art.", "Title / context", "Provision", "Trigger", "Obligation", "Conditions", title=title
    )
    for article in treaty.articles:
        provs = [p for p in treaty.provisions if p.article == article.number]
        heading = " / ".join(x for x in (article.title, article.context) if x)
        for i, p in enumerate(provs or [None]):
            first = i == 0
            if p is None:
                table.add_row(str(article.number), heading, "—", "", "", "")
                continue
            auto = {True: " (automatic)", False: " (not automatic)"}.get(p.automatic, "")
            table.add_row(
                str(article.number) if first else "",
                heading if first else "",
                names.get(p.label, p.label),
                _kinds(p.trigger_kinds) if p.triggers or p.obligations else "",
                (_kinds(p.obligation_kinds) + auto) if p.obligations else "",
                ", ".join(p.condition_kinds),
            )
    console.print(table)


@treaty_app.command("compare")
def compare(
    a: str = typer.Argument(..., help="First treaty name."),
    b: str = typer.Argument(..., help="Second treaty name."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    db: Path = DbOption,
) -> None:
    """Two treaties side by side: provisions one lacks, differing triggers and obligations."""
    fmt = _format(fmt)
    with _store(db) as con:
        result = compare_treaties(load_treaty(con, a), load_treaty(con, b))
    if fmt == "json":
        _json(comparison_dict(result))
        return
    table = Table("Provision", f"A: {a}", f"B: {b}", "Differences")
    for row in result.rows:
        table.add_row(
            row.name,
            ", ".join(f"Art. {n}" for n in row.articles_a) or "—",
            ", ".join(f"Art. {n}" for n in row.articles_b) or "—",
            "\n".join(row.differences) or "same",
        )
    console.print(table)


@treaty_app.command("links")
def links(
    name: str = typer.Argument(..., help="Treaty name."),
    since: str = typer.Option(None, "--since", help="Only events on or after YYYY-MM-DD."),
    label: str = typer.Option(None, "--label", help="Only one provision label."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    db: Path = DbOption,
) -> None:
    """Events between the parties that may act on a provision (candidate invocations)."""
    fmt = _format(fmt)
    with _store(db) as con:
        found = treaty_links(con, name, since, label=label)
    if fmt == "json":
        _json(links_list(found))
        return
    if not found:
        console.print(f"no candidate invocations of {name} in the store's events")
        return
    title = f"{name}: {len(found)} candidate invocations"
    table = Table("Date", "Art.", "Provision", "Event", "Evidence", title=title)
    for link in found:
        event = f"{link.source_code}→{link.target_code} {link.type}"
        event += f"/{link.mode}" if link.mode else ""
        event += f" ({link.cameo})" if link.cameo else ""
        evidence = link.evidence_text or ""
        table.add_row(str(link.date), str(link.article), link.label, event, evidence)
    console.print(table)
