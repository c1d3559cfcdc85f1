"""Upgrading a store written by an older dyadwatch, in place, in one transaction.

Each step takes a store from version N to N+1 and only adds (columns, tables), so the
data already stored is never rewritten; if a step fails the transaction rolls back and
the file is as it was. A store newer than this code is refused, never downgraded.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

SCHEMA_VERSION = 2

_REPORTER_COLUMNS = (
    ("reporter_sector", "VARCHAR"),
    ("reporter_name", "VARCHAR"),
    ("reporter_text", "VARCHAR"),
    ("reporter_start", "INTEGER"),
    ("reporter_end", "INTEGER"),
    ("reporter_person", "VARCHAR"),
    ("reporter_role", "VARCHAR"),
    ("reporter_kind", "VARCHAR"),
)


def _whole_reporter(con: duckdb.DuckDBPyConnection) -> None:
    """1 -> 2: version 1 as first released kept only ``reporter_code``; events now keep
    the whole reporter actor so they read back exactly as coded.

    Old rows keep their reporter code with kind ``unknown`` (the kind was not stored),
    so the reporter still shows when they are read back.
    """
    for name, sql_type in _REPORTER_COLUMNS:
        con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {name} {sql_type}")
    con.execute(
        "UPDATE events SET reporter_kind = 'unknown' "
        "WHERE reporter_code IS NOT NULL AND reporter_kind IS NULL"
    )


# version -> the step that upgrades a store from that version to the next
STEPS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: _whole_reporter}


def migrate(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Upgrade the store on ``con`` from ``version`` to ``SCHEMA_VERSION``, all or nothing.

    Raises ``KeyError`` naming the version when no path from it exists.
    """
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in STEPS]
    if missing:
        raise KeyError(f"no upgrade from schema version {missing[0]}")
    con.execute("BEGIN TRANSACTION")
    try:
        for step in range(version, SCHEMA_VERSION):
            STEPS[step](con)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        con.execute(
            "INSERT INTO meta VALUES ('migrated_from', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [str(version)],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
