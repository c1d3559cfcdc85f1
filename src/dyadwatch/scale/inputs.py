"""What the user named, as a list of files: globs expanded, directories walked.

A quoted glob (``"shards/*.jsonl"``) reaches us unexpanded, and a cluster run must
know its files up front to split them into tasks, so both are resolved here. The
walk mirrors the readers' (sorted names, hidden entries skipped) so a parallel run
sees the same documents, in the same order, as a single-process one.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from dyadwatch.model import InputError

_GLOB_CHARS = frozenset("*?[")


def _is_glob(path: str) -> bool:
    return any(c in _GLOB_CHARS for c in path)


def expand_globs(paths: Sequence[str | Path]) -> Iterator[str | InputError]:
    """Each path as given, except globs that name no existing file, which are expanded
    (sorted); a glob that matches nothing is an ``InputError``."""
    for given in paths:
        path = str(given)
        if path == "-" or os.path.exists(path) or not _is_glob(path):
            yield path
            continue
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield InputError(path=path, line=None, message="no files match this pattern")
        yield from matches


def _walk(root: str, seen: set[tuple[int, int]]) -> Iterator[str | InputError]:
    try:
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(root) as it:
            entries = sorted((e.name, e.is_dir()) for e in it if not e.name.startswith("."))
    except OSError as exc:
        yield InputError(path=root, line=None, message=f"cannot list: {exc.strerror or exc}")
        return
    for name, is_dir in entries:
        full = os.path.join(root, name)
        yield from _walk(full, seen) if is_dir else (full,)


def list_files(paths: Sequence[str | Path]) -> Iterator[str | InputError]:
    """Every file the paths name (globs expanded, directories walked), errors in line."""
    seen: set[tuple[int, int]] = set()
    for item in expand_globs(paths):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield InputError(
                path="-", line=None, message="standard input cannot be split across workers"
            )
        elif os.path.isdir(item):
            yield from _walk(item, seen)
        elif os.path.exists(item):
            yield item
        else:
            yield InputError(path=item, line=None, message="no such file or directory")
