"""Resource limits at full size (issue 9): a 50 MB document, 100,000 small files.

    .venv/bin/python bench/limits.py huge            # 50 MB .txt, .jsonl line and .html
    .venv/bin/python bench/limits.py many            # 100,000 files: reader, then ingest
    .venv/bin/python bench/limits.py many --files 20000 --ingest-seconds 30

``huge`` runs ``dyadwatch ingest`` on each 50 MB file and reports the peak memory of the
process, its time and the one line it printed. ``many`` walks a flat directory of small
articles with ``read_paths`` (time to the first document, total time, memory), then
runs ``dyadwatch ingest`` on it for a while, sampling its memory (flat = streaming)
and the documents stored, and finally kills it and checks the store is consistent.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-c", "from dyadwatch.cli import main; main()"]
SENTENCE = "North Korea sent troops to Russia, and Moscow praised Pyongyang. "


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux), in MB."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_measured(cmd: list[str]) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS MB, stderr) of a command run to the end."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, rss_mb(proc.pid))
        except OSError:
            break
        time.sleep(0.05)
    err = proc.stderr.read()
    return proc.wait(), time.monotonic() - started, peak, err


def huge(work: Path) -> None:
    size = 50 * 1000 * 1000
    body = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
    files = {
        "huge.txt": body,
        "huge.jsonl": json.dumps({"id": "big", "text": body[: size - 40]}) + "\n",
        "huge.html": "<html><body><article><p>"
        + body[: size - 60]
        + "</p></article></body></html>",
    }
    for name, text in files.items():
        path = work / name
        path.write_text(text)
        db = work / f"{name}.duckdb"
        code, seconds, peak, err = run_measured([*CLI, "ingest", str(path), "--db", str(db)])
        lines = [line for line in err.splitlines() if name in line]
        print(
            f"{name}: {path.stat().st_size / 1e6:.1f} MB -> exit {code} in {seconds:.1f} s, "
            f"peak RSS {peak:.0f} MB; {'TRACEBACK' if 'Traceback' in err else 'no traceback'}"
        )
        for line in lines:
            print(f"    {line.strip()}")
        path.unlink()


def many(work: Path, n: int, ingest_seconds: float) -> None:
    folder = work / "articles"
    folder.mkdir()
    started = time.monotonic()
    for i in range(n):
        (folder / f"{i:06d}.txt").write_text(f"Dispatch {i}. {SENTENCE}")
    print(f"wrote {n} files in {time.monotonic() - started:.0f} s")

    from dyadwatch.ingest import read_paths

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    items = read_paths([folder])
    next(items)
    first = time.monotonic() - started
    count = 1 + sum(1 for _ in items)
    total = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"read_paths: first document after {first:.2f} s, {count} documents in {total:.1f} s, "
        f"peak RSS grew {after - before:.0f} MB"
    )

    db = work / "many.duckdb"
    wal = db.with_name(db.name + ".wal")
    proc = subprocess.Popen(
        [*CLI, "ingest", str(folder), "--db", str(db), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.monotonic()
    first_commit = None
    samples = []
    while proc.poll() is None and time.monotonic() - started < ingest_seconds:
        if first_commit is None and wal.exists() and wal.stat().st_size > 8192:
            first_commit = time.monotonic() - started
        samples.append(rss_mb(proc.pid))
        time.sleep(1)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    import duckdb

    con = duckdb.connect(str(db))
    docs, events = con.execute(
        "SELECT count(*), (SELECT count(*) FROM events) FROM documents"
    ).fetchone()
    orphans = con.execute(
        "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    con.close()
    elapsed = time.monotonic() - started
    quarter = max(1, len(samples) // 4)
    print(
        f"ingest: first batch stored after {first_commit or float('nan'):.1f} s; "
        f"{'finished' if finished else 'killed'} after {elapsed:.0f} s with {docs} documents, "
        f"{events} events, {orphans} orphan events; RSS first/last quarter "
        f"{max(samples[:quarter]):.0f}/{max(samples[-quarter:]):.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["huge", "many"])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--ingest-seconds", type=float, default=90)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dyadwatch-limits-") as tmp:
        if args.what == "huge":
            huge(Path(tmp))
        else:
            many(Path(tmp), args.files, args.ingest_seconds)


if __name__ == "__main__":
    main()
