"""How the server shares one DuckDB file with ``dyadwatch ingest``: read-only snapshots.

DuckDB lets one process write a file, and while it does no other process may even open
the file to read. ``dyadwatch ingest`` holds the file for its whole run, so a server that
read the store directly would answer nothing during an ingest, and a server that kept the
file open would stop every ingest from starting. Instead:

* The server reads from a **snapshot**: a private copy of the store file (and its WAL),
  taken while holding DuckDB's shared read lock for the few moments of the copy, then
  opened read-only. Every request reads one snapshot from start to end, so a page of
  events and its total never disagree.
* At most every ``refresh_seconds`` a request checks the store file's size and mtime.
  When it changed, the server tries to take a new snapshot. If an ingest holds the write
  lock the attempt fails at once and the server keeps answering from the old snapshot,
  saying so in ``GET /api/status`` (``stale`` with the reason) and in the
  ``X-Dyadwatch-Snapshot`` header. When the ingest ends, the next check refreshes.
* Writes (``POST /api/documents``, only with a token) are made by the server itself in a
  short read-write connection, then a new snapshot is taken at once, so an upload is
  visible to the next request. If an ingest holds the file the upload is refused with
  503 and a message saying why; nothing is half-written (``Store.write`` is one
  transaction).

The cost: disk space for one copy of the store, and one file copy after each change.
An ingest started during the second or so of a copy fails at once with "store in use"
and can simply be run again. Old snapshots are deleted when their last reader finishes.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import itertools
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.store import Store, StoreError

Signature = tuple[tuple[int, int] | None, tuple[int, int] | None]
_CACHE_ENTRIES = 256


class StoreBusy(Exception):
    """The store cannot be read or written right now; the message says why (HTTP 503)."""


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def signature(path: Path) -> Signature:
    """What changes whenever DuckDB writes the store: size and mtime of file and WAL."""
    return _stat(path), _stat(_wal(path))


@dataclass(eq=False)
class Snapshot:
    """One read-only copy of the store; ``serial`` grows with every new copy."""

    store: Store
    files: list[Path]
    signature: Signature
    taken_at: dt.datetime
    serial: int
    users: int = 0
    retired: bool = False
    _cache: collections.OrderedDict[Any, Any] = field(default_factory=collections.OrderedDict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Memoise an analysis result for this snapshot (its data can never change)."""
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > _CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    def dispose(self) -> None:
        self.store.close()
        for f in self.files:
            f.unlink(missing_ok=True)


class SnapshotStore:
    """Hands out snapshots to readers and the write connection to uploads."""

    def __init__(
        self,
        source: str | Path,
        *,
        refresh_seconds: float = 2.0,
        workdir: str | Path | None = None,
    ) -> None:
        self.source = Path(source)
        self.refresh_seconds = refresh_seconds
        self._dir = Path(tempfile.mkdtemp(prefix="dyadwatch-serve-", dir=workdir))
        self._source_lock = threading.Lock()  # one in-process opener of the source file
        self._state = threading.Lock()  # guards the fields below
        self._current: Snapshot | None = None
        self._checked = 0.0
        self._problem: str | None = None
        self._seen: Signature | None = None
        self._serial = itertools.count(1)
        self._finalizer = weakref.finalize(self, shutil.rmtree, self._dir, True)

    @property
    def workdir(self) -> Path:
        """Where the snapshot copies live (removed by ``close``)."""
        return self._dir

    # -- reading ---------------------------------------------------------------------

    def acquire(self) -> Snapshot:
        """The current snapshot, refreshed first when the store changed; pair with release."""
        self._maybe_refresh()
        with self._state:
            snap = self._current
            if snap is None:
                raise StoreBusy(self._problem or f"store {self.source} is not available")
            snap.users += 1
            return snap

    def release(self, snap: Snapshot) -> None:
        with self._state:
            snap.users -= 1
            dispose = snap.retired and snap.users == 0
        if dispose:
            snap.dispose()

    @contextlib.contextmanager
    def read(self) -> Iterator[Snapshot]:
        snap = self.acquire()
        try:
            yield snap
        finally:
            self.release(snap)

    # -- writing ---------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self, wait_seconds: float = 30.0) -> Iterator[Store]:
        """A read-write store for one upload; a fresh snapshot is taken after it."""
        if not self._source_lock.acquire(timeout=wait_seconds):
            raise StoreBusy("the server is busy with another write; try again shortly")
        try:
            try:
                store = Store(self.source)
            except StoreError as exc:
                raise StoreBusy(str(exc)) from None
            try:
                yield store
            finally:
                store.close()
            self._take_snapshot()
        finally:
            self._source_lock.release()

    # -- state -----------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """When the data being served was copied, and whether the store has moved on."""
        with self._state:
            snap, problem, seen = self._current, self._problem, self._seen
        stale = snap is not None and seen is not None and seen != snap.signature
        return {
            "snapshot": snap.serial if snap else None,
            "snapshot_taken_at": snap.taken_at.isoformat(timespec="seconds") if snap else None,
            "stale": bool(stale or snap is None),
            "problem": problem if (stale or snap is None) else None,
        }

    def close(self) -> None:
        """Drop the snapshot and its files. The object stays usable: an app whose lifespan
        starts again (test clients do that) takes a new snapshot on the next request."""
        with self._state:
            snap, self._current = self._current, None
            self._seen = None
        if snap is not None:
            snap.retired = True
            if snap.users == 0:
                snap.dispose()
        with contextlib.suppress(OSError):
            self._dir.rmdir()  # only when empty: a reader may still hold an old snapshot

    # -- refreshing ------------------------------------------------------------------

    def _maybe_refresh(self) -> None:
        now = time.monotonic()
        with self._state:
            first = self._current is None
            if not first and now - self._checked < self.refresh_seconds:
                return
            self._checked = now
            current = self._current
        seen = signature(self.source)
        with self._state:
            self._seen = seen
        if current is not None and seen == current.signature:
            return
        # The first snapshot is worth waiting for; later ones are taken by whichever
        # request gets there first while the others go on reading the old one.
        if not self._source_lock.acquire(blocking=first, timeout=30.0 if first else -1):
            return
        try:
            with self._state:
                if self._current is not current:  # another thread refreshed meanwhile
                    return
            self._take_snapshot()
        finally:
            self._source_lock.release()

    def _take_snapshot(self) -> None:
        """Copy the store while holding its read lock; the caller holds ``_source_lock``."""
        try:
            source = Store(self.source, read_only=True)
        except StoreError as exc:
            with self._state:
                self._problem = str(exc)
            return
        serial = next(self._serial)
        self._dir.mkdir(parents=True, exist_ok=True)
        dest = self._dir / f"snapshot-{serial}.duckdb"
        files = [dest]
        try:
            sig = signature(self.source)
            shutil.copyfile(self.source, dest)
            if sig[1] is not None:
                files.append(_wal(dest))
                shutil.copyfile(_wal(self.source), files[-1])
        except OSError as exc:
            for f in files:
                f.unlink(missing_ok=True)
            with self._state:
                self._problem = f"cannot copy store {self.source}: {exc.strerror or exc}"
            return
        finally:
            source.close()
        try:
            store = Store(dest, read_only=True)
        except StoreError as exc:
            for f in files:
                f.unlink(missing_ok=True)
            with self._state:
                self._problem = str(exc)
            return
        fresh = Snapshot(
            store=store,
            files=files,
            signature=sig,
            taken_at=dt.datetime.now(dt.UTC),
            serial=serial,
        )
        with self._state:
            old, self._current = self._current, fresh
            self._problem = None
            self._seen = sig
            dispose = old is not None and old.users == 0
            if old is not None:
                old.retired = True
        if dispose and old is not None:
            old.dispose()
