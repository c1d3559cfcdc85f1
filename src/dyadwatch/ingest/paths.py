"""Walk the files and directories a user names, and hand each file to its reader.

Directories are walked depth-first in sorted name order, lazily: only the names of the
directory being walked are held, never the whole tree, so a folder of 100,000 articles
starts producing documents at once. Hidden entries (names starting with ``.``) inside
directories are skipped; files with an unsupported suffix are reported as an
``InputError`` (nothing is dropped silently) and the walk goes on. ``-`` reads JSON
Lines from standard input.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from dyadwatch.ingest.decoding import DEFAULT_MAX_BYTES
from dyadwatch.ingest.html_file import read_html
from dyadwatch.ingest.jsonl_file import read_jsonl, read_jsonl_stream
from dyadwatch.ingest.limits import MAX_DOCUMENT_CHARS
from dyadwatch.ingest.text_file import read_txt
from dyadwatch.model import Document, InputError

Item = Document | InputError

_SINGLE: dict[str, Callable[..., Item]] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
}
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_SINGLE) + _JSONL_SUFFIXES


def read_file(
    path: str,
    published: dt.date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Iterator[Item]:
    """Documents (or errors) from one file, chosen by its suffix."""
    lower = path.lower()
    if lower.endswith(_JSONL_SUFFIXES):
        yield from read_jsonl(path, published, max_bytes=max_bytes, max_chars=max_chars)
        return
    reader = _SINGLE.get(os.path.splitext(lower)[1])
    if reader is None:
        suffix = os.path.splitext(path)[1] or "(none)"
        yield InputError(
            path=path,
            line=None,
            message=f"unsupported file type {suffix}; expected one of "
            + ", ".join(SUPPORTED_SUFFIXES),
        )
        return
    yield reader(path, published, max_bytes=max_bytes, max_chars=max_chars)


def _walk(root: str, seen: set[tuple[int, int]]) -> Iterator[str | InputError]:
    try:
        st = os.stat(root)
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop
            return
        seen.add(key)
        with os.scandir(root) as it:
            entries = sorted((e.name, e.is_dir()) for e in it if not e.name.startswith("."))
    except OSError as exc:
        yield InputError(path=root, line=None, message=f"cannot list: {exc.strerror or exc}")
        return
    for name, is_dir in entries:
        full = os.path.join(root, name)
        if is_dir:
            yield from _walk(full, seen)
        else:
            yield full


def read_paths(
    paths: Iterable[str | Path],
    published: dt.date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Iterator[Item]:
    """Documents from files and directories (recursive), errors in line, never raising.

    ``published`` is the date for documents that carry none of their own (see each
    reader); ``max_bytes`` caps a single file (or JSONL line), ``max_chars`` the text
    of one document.
    """
    limits = {"max_bytes": max_bytes, "max_chars": max_chars}
    seen: set[tuple[int, int]] = set()
    for given in paths:
        path = str(given)
        if path == "-":
            yield from read_jsonl_stream(sys.stdin.buffer, "<stdin>", published, **limits)
        elif os.path.isdir(path):
            for item in _walk(path, seen):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from read_file(item, published, **limits)
        elif os.path.exists(path):
            yield from read_file(path, published, **limits)
        else:
            yield InputError(path=path, line=None, message="no such file or directory")
