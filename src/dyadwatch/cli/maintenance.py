"""Store upkeep: upgrading a store written by an older dyadwatch."""

from __future__ import annotations

from pathlib import Path

from dyadwatch.cli.app import app, console, fail
from dyadwatch.cli.options import DbOption, open_store


@app.command()
def migrate(db: Path = DbOption) -> None:
    """Upgrade a store written by an older dyadwatch to this version's schema, in place."""
    from dyadwatch.store import SCHEMA_VERSION

    if not db.exists():
        raise fail(f"{db}: no such store")
    with open_store(db) as store:
        before = store.migrated_from
    if before is None:
        console.print(f"{db}: already at schema version {SCHEMA_VERSION}")
    else:
        console.print(f"{db}: upgraded from schema version {before} to {SCHEMA_VERSION}")
