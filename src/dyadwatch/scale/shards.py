"""Cutting inputs into tasks, and reading one task's share on the worker.

A large JSONL shard is cut into byte ranges so that workers read it in parallel and
the client never opens it. A range owns every line that *starts* inside it, so ranges
can be cut anywhere and no line is read twice or lost. Line numbers (for error messages
and for the ``path:line`` id of records without an id) need the number of newlines
before the range; workers count them in a cheap first pass (``count_newlines``), so the
documents and errors are exactly those a single-process run reports.
Small files (and ``.gz`` shards, which cannot be cut) are grouped into tasks whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Sequence

import msgspec

from dyadwatch.ingest import read_file, read_jsonl_stream
from dyadwatch.model import Document, InputError

_SPLITTABLE = (".jsonl", ".ndjson")
_COUNT_CHUNK = 4 * 1024 * 1024


class Part(msgspec.Struct, frozen=True, kw_only=True):
    """One task's input: a byte range of one JSONL file, or a group of whole files.

    ``newlines_before`` (ranges only) is the number of newlines before ``start``; it is
    filled in after the counting pass and is ``0`` for a range starting at byte 0.
    """

    files: tuple[str, ...]
    start: int = 0
    end: int = -1
    size: int = 0
    newlines_before: int = 0

    @property
    def is_range(self) -> bool:
        return self.end >= 0

    @property
    def key(self) -> str:
        """Stable name of the part: the same input cut the same way gets the same key."""
        raw = "\n".join(os.path.abspath(f) for f in self.files) + f"\n{self.start}:{self.end}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def splittable(path: str) -> bool:
    return path.lower().endswith(_SPLITTABLE)


def plan_parts(files: Sequence[str], part_bytes: int) -> list[Part]:
    """Tasks of about ``part_bytes`` each, in input order.

    JSONL files larger than ``part_bytes`` become several byte ranges; other files are
    grouped whole until a group reaches ``part_bytes``.
    """
    parts: list[Part] = []
    group: list[str] = []
    group_size = 0

    def flush() -> None:
        nonlocal group, group_size
        if group:
            parts.append(Part(files=tuple(group), size=group_size))
            group, group_size = [], 0

    for path in files:
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0  # the reader reports it on the worker
        if splittable(path) and size > part_bytes:
            flush()
            n = -(-size // part_bytes)
            step = -(-size // n)
            for start in range(0, size, step):
                end = min(size, start + step)
                parts.append(Part(files=(path,), start=start, end=end, size=end - start))
            continue
        group.append(path)
        group_size += size
        if group_size >= part_bytes:
            flush()
    flush()
    return parts


def count_newlines(path: str, start: int, end: int) -> int:
    """Newlines in bytes ``[start, end)`` of ``path`` (0 if it cannot be read: the coding
    pass reports the error)."""
    count = 0
    try:
        with open(path, "rb") as f:
            f.seek(start)
            left = end - start
            while left > 0:
                chunk = f.read(min(_COUNT_CHUNK, left))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                left -= len(chunk)
    except OSError:
        return 0
    return count


def with_line_offsets(parts: Sequence[Part], counts: dict[int, int]) -> list[Part]:
    """Fill ``newlines_before`` of range parts from per-part newline counts
    (``counts[i]`` for ``parts[i]``; ranges of one file are consecutive)."""
    out: list[Part] = []
    running: dict[str, int] = {}
    for i, part in enumerate(parts):
        if not part.is_range:
            out.append(part)
            continue
        path = part.files[0]
        before = running.get(path, 0) if part.start > 0 else 0
        out.append(msgspec.structs.replace(part, newlines_before=before))
        running[path] = before + counts.get(i, 0)
    return out


class _RangeStream:
    """A binary stream over the lines that start in ``[start, end)``, counting lines."""

    def __init__(self, f, end: int):
        self._f = f
        self._end = end
        self._at_line_start = True
        self.lines = 0

    def readline(self, limit: int = -1) -> bytes:
        if self._at_line_start and self._f.tell() >= self._end:
            return b""
        data = self._f.readline(limit)
        if data and self._at_line_start:
            self.lines += 1
        self._at_line_start = data.endswith(b"\n")
        return data


def read_jsonl_range(
    path: str, start: int, end: int, newlines_before: int, published: dt.date | None = None
) -> Iterator[Document | InputError]:
    """The documents (and errors) of the lines starting in ``[start, end)`` of a JSONL
    file, with the line numbers and ids a whole-file read gives."""
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below; the generator owns it)
    except OSError as exc:
        yield InputError(path=path, line=None, message=f"cannot read: {exc.strerror or exc}")
        return
    with f:
        first_line = 1
        if start > 0:
            f.seek(start - 1)
            if f.read(1) == b"\n":
                first_line = newlines_before + 1
            else:  # the line in progress belongs to the range before
                f.readline()
                first_line = newlines_before + 2
        stream = _RangeStream(f, end)
        shift = first_line - 1
        for item in read_jsonl_stream(stream, path, published):
            if isinstance(item, InputError):
                if item.line is None:
                    if start > 0:  # "empty file": this range holds no line start
                        continue
                else:
                    item.line += shift
            elif shift and item.external_id == f"{path}:{stream.lines}":
                item.external_id = f"{path}:{stream.lines + shift}"
            yield item


def read_part(part: Part, published: dt.date | None = None) -> Iterator[Document | InputError]:
    """Everything a part holds, in file order."""
    if part.is_range:
        yield from read_jsonl_range(
            part.files[0], part.start, part.end, part.newlines_before, published
        )
        return
    for path in part.files:
        yield from read_file(path, published)
