"""Options and argument checks shared by several command modules."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import typer

from dyadwatch.cli.app import fail

DEFAULT_DB = Path("dyadwatch.duckdb")
DbOption = typer.Option(DEFAULT_DB, "--db", help="DuckDB store file.")

_DYAD = re.compile(r"^([A-Za-z]{2,6})-([A-Za-z]{2,6})$")


def parse_date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"{flag}: {value!r} is not a date (YYYY-MM-DD)") from None


def check_dyad(value: str) -> str:
    """``prk-rus`` -> ``PRK-RUS``; anything else is a one-line error."""
    if not _DYAD.match(value):
        raise fail(f"--dyad: {value!r} is not two actor codes joined by '-', e.g. PRK-RUS")
    return value.upper()


@contextlib.contextmanager
def open_store(path: Path, read_only: bool = False) -> Iterator:
    """Open the store, turning store errors (missing file, lock, version) into one line."""
    from dyadwatch.store import Store, StoreError

    if read_only and not path.exists():
        raise fail(f"{path}: no such store (run `dyadwatch ingest PATH --db {path}` first)")
    try:
        store = Store(path, read_only=read_only)
    except StoreError as exc:
        raise fail(str(exc)) from None
    with store:
        yield store
