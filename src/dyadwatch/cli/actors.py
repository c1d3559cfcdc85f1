"""`dyadwatch actors …`: resolve text to actors, list dictionary people, show unknown actors."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import msgspec
import typer
from rich.table import Table

from dyadwatch.cli.app import app, console, fail
from dyadwatch.cli.options import DbOption, parse_date

actors_app = typer.Typer(help="Actor dictionary: resolve, list, unknown.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")


class ResolveFormat(StrEnum):
    table = "table"
    json = "json"


def _resolver(actor_files: list[Path] | None):
    from dyadwatch.actors import ActorDictionaryError, ActorResolver

    try:
        return ActorResolver(user_files=actor_files or ())
    except ActorDictionaryError as exc:
        raise fail(str(exc)) from None


@actors_app.command("resolve")
def resolve(
    text: str = typer.Argument(..., help="Text to find actors in."),
    date: str | None = typer.Option(None, "--date", help="Date the roles are read at."),
    fmt: ResolveFormat = typer.Option(ResolveFormat.table, "--format"),
    actor_files: list[Path] | None = typer.Option(None, "--actors", help="User dictionary."),
) -> None:
    """Print the actors found in TEXT: code, sector, name, person, role and why."""
    from dyadwatch.actors.records import mention_record
    from dyadwatch.nlp.sentences import segment

    day = parse_date(date, "--date")
    resolver = _resolver(actor_files)
    doc, _ = segment(text)
    records = [mention_record(m) for m in resolver.find(doc, day)]
    unknown = resolver.unknown(doc)
    if fmt is ResolveFormat.json:
        payload = {"actors": records, "unknown": unknown, "version": resolver.version}
        console.print_json(msgspec.json.encode(payload).decode())
        return
    table = Table("text", "code", "sector", "name", "person", "role", "why")
    for r in records:
        code = r["code"] or "+".join(m["code"] or "?" for m in r.get("members", []))
        table.add_row(r["text"], code, r["sector"] or "", r["name"] or "",
                      r["person_id"] or "", r["role"] or "", r["why"])
    console.print(table)
    if unknown:
        console.print(f"unknown: {', '.join(unknown)}", highlight=False)


@actors_app.command("list")
def list_people(
    country: str | None = typer.Option(None, "--country", help="ISO alpha-3 code, e.g. RUS."),
    role: str | None = typer.Option(None, "--role", help="Role id, e.g. defence-minister."),
    on: str | None = typer.Option(None, "--on", help="Only roles held on this date."),
    fmt: ResolveFormat = typer.Option(ResolveFormat.table, "--format"),
    actor_files: list[Path] | None = typer.Option(None, "--actors", help="User dictionary."),
) -> None:
    """List dictionary people and their dated roles."""
    from dyadwatch.actors.records import person_records

    day = parse_date(on, "--on")
    resolver = _resolver(actor_files)
    rows = person_records(list(resolver.kb.people.values()),
                          country.upper() if country else None, role, day)
    if fmt is ResolveFormat.json:
        console.print_json(msgspec.json.encode({"people": rows}).decode())
        return
    table = Table("person", "name", "country", "role", "sector", "start", "end")
    table.columns[0].no_wrap = True
    for r in rows:
        table.add_row(r["person_id"], r["name"], r["country"], r["role"], r["sector"],
                      r["start"], r["end"] or "")
    console.print(table)
    console.print(f"{len(rows)} role(s); dictionary {resolver.version}", highlight=False)


@actors_app.command("unknown")
def unknown(
    db: Path = DbOption,
    limit: int = typer.Option(50, "--limit", help="Show at most this many phrases."),
) -> None:
    """Actor phrases the dictionary could not resolve, most frequent first."""
    from dyadwatch.actors.unknown_counts import UnknownActorsError, unknown_counts

    try:
        rows = unknown_counts(db, limit)
    except UnknownActorsError as exc:
        raise fail(str(exc)) from None
    table = Table("text", "mentions", "documents")
    for text, n, docs in rows:
        table.add_row(text, str(n), str(docs))
    console.print(table)
