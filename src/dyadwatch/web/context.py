"""What a route needs from the running app: its config, the snapshot it reads, a cursor.

Each request gets its own DuckDB cursor on the snapshot: analysis code creates temporary
views and tables, which live in the cursor's connection and vanish when it closes, so
concurrent requests never see each other's scratch tables.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb
from fastapi import Request

from dyadwatch.web.config import WebConfig
from dyadwatch.web.snapshot import Snapshot, SnapshotStore

SNAPSHOT_HEADER = "X-Dyadwatch-Snapshot"


def config(request: Request) -> WebConfig:
    return request.app.state.config


def snapshots(request: Request) -> SnapshotStore:
    return request.app.state.snapshots


@contextlib.contextmanager
def reading(request: Request) -> Iterator[Snapshot]:
    """The snapshot this request reads from start to end."""
    with snapshots(request).read() as snap:
        yield snap


@contextlib.contextmanager
def cursor(snap: Snapshot) -> Iterator[duckdb.DuckDBPyConnection]:
    cur = snap.store.cursor()
    try:
        yield cur
    finally:
        cur.close()


def snapshot_header(snap: Snapshot) -> dict[str, str]:
    return {SNAPSHOT_HEADER: f"{snap.serial}; taken={snap.taken_at.isoformat(timespec='seconds')}"}
