"""How fast a dyad-month series answers over a large store.

    python bench/query.py [--events 10000000] [--db PATH] [--threads 2] [--keep]

Generates N synthetic events (60 actors with skewed activity, ten years, all 16 PLOVER
types, a few negated/hypothetical/coarse-dated rows, templated evidence so that some
reports merge) straight into a DuckDB store with SQL ``range()``, then times, each the
best of three runs after one warm-up:

1. the PRK-RUS monthly series (merged events, the default unit, and raw reports) on the
   bare store, where merging happens on the fly for the two actors;
2. building the stored rollups once (``rollup.build_rollups``: merged events, per-day
   dyad and actor aggregates sorted for zone-map pruning);
3. the same two series reading the rollups -- the figure the < 1 s target is about.

DuckDB is limited to ``--threads`` (default 2, the target machine). Ends with one JSON
line of figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from dyadwatch.analysis import rollup, synthetic
from dyadwatch.analysis.series import dyad_series

ACTORS: tuple[str, ...] = tuple(
    """
    USA RUS CHN UKR GBR FRA DEU ISR IRN JPN KOR IND TUR PRK SYR SAU PAK EGY BRA CAN ITA POL
    AUS IRQ AFG NATO UNO EU QAT VNM PHL IDN MEX ZAF NGA ETH KEN ESP NLD BEL SWE NOR FIN GRC
    SRB HUN BLR KAZ UZB MNG MMR THA MYS SGP LBY SDN YEM LBN JOR CUB
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
PLACES: tuple[str, ...] = tuple(
    """
    Pyongyang Moscow Beijing Vladivostok Seoul Kyiv Kharkiv Odesa Washington Geneva Vienna
    Tehran Ankara Delhi Tokyo Hanoi Minsk Astana Doha Riyadh Cairo Brussels London Paris
    Berlin Warsaw Havana Ulaanbaatar Bangkok Jakarta
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
VERBS = {
    "AGREE": "signed an accord with",
    "CONSULT": "held talks with",
    "SUPPORT": "voiced support for",
    "CONCEDE": "eased curbs on",
    "COOPERATE": "ran joint drills with",
    "AID": "shipped supplies to",
    "RETREAT": "pulled troops back from",
    "REQUEST": "asked for help from",
    "ACCUSE": "blamed",
    "REJECT": "turned down a plan from",
    "THREATEN": "warned",
    "PROTEST": "staged protests against",
    "SANCTION": "imposed sanctions on",
    "MOBILIZE": "massed troops near",
    "COERCE": "seized ships of",
    "ASSAULT": "shelled",
}


def generate(con: duckdb.DuckDBPyConnection, n: int) -> None:
    """Fill ``events`` with n rows; every value is a pure function of the row number."""
    synthetic.create_store(con)
    types = list(synthetic.TYPE_QUAD)
    quads = [synthetic.TYPE_QUAD[t][0] for t in types]
    intens = [synthetic.TYPE_QUAD[t][1] for t in types]
    verbs = [VERBS[t] for t in types]
    # u(k) = a uniform number in [0, 1) drawn from hash(i, k): reproducible, parallel.
    u = "((hash(i * 16 + {k}) % 1000003) / 1000003.0)"
    # Activity is skewed: actor rank r is picked with probability ~ 1/(r+1)^1.1.
    pick = f"least(floor(pow({u}, 2.2) * {len(ACTORS)})::INT, {len(ACTORS) - 1}) + 1"
    con.execute(
        f"""
        INSERT INTO events (event_id, doc_id, sentence_index, date, date_precision,
            date_source, source_code, source_text, target_code, target_text, type, mode,
            cameo, quad_class, intensity, negated, hypothetical, confidence,
            evidence_text, coder)
        WITH r AS (
            SELECT i,
                   $actors[{pick.format(k=1)}] AS s0,
                   $actors[{pick.format(k=2)}] AS t0,
                   floor({u.format(k=3)} * 16)::INT + 1 AS ty,
                   DATE '2015-01-01' + floor({u.format(k=4)} * 3652)::INT AS d,
                   {u.format(k=5)} AS pr,
                   {u.format(k=6)} AS fl,
                   floor({u.format(k=7)} * {len(PLACES)})::INT + 1 AS pl
            FROM range($n) t(i)
        ), s AS (
            SELECT *, CASE WHEN s0 = t0
                           THEN $actors[(list_position($actors, s0) % {len(ACTORS)}) + 1]
                           ELSE t0 END AS t1
            FROM r
        )
        SELECT printf('e%010d', i), printf('d%09d', i // 4), (i % 4)::INT,
               CASE WHEN pr < 0.95 THEN d WHEN pr < 0.99 THEN date_trunc('month', d)::DATE
                    ELSE date_trunc('year', d)::DATE END,
               CASE WHEN pr < 0.95 THEN 'day' WHEN pr < 0.99 THEN 'month' ELSE 'year' END,
               'sentence', s0, s0, t1, t1, $types[ty], NULL, '', $quads[ty], $intens[ty],
               fl < 0.03, fl >= 0.03 AND fl < 0.05, 0.8,
               'Officials of ' || s0 || ' ' || $verbs[ty] || ' ' || t1 || ' in '
                   || $places[pl] || '.',
               'bench'
        FROM s
        """,
        {
            "n": n,
            "actors": list(ACTORS),
            "types": types,
            "quads": quads,
            "intens": intens,
            "verbs": verbs,
            "places": list(PLACES),
        },
    )
    con.execute("CHECKPOINT")


def best_of(fn, runs: int = 3) -> float:
    fn()  # warm-up: file pages and DuckDB caches as a real session would have them
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--db", type=Path, default=None, help="store file (default: a temp file)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dyad", default="PRK-RUS")
    ap.add_argument("--keep", action="store_true", help="keep the generated store")
    args = ap.parse_args(argv)
    a, b = args.dyad.split("-")
    tmp = Path(tempfile.mkdtemp(prefix="dyadwatch-bench-"))
    db = args.db or tmp / "bench.duckdb"
    if db.exists():
        db.unlink()
    con = duckdb.connect(str(db))
    con.execute(f"SET threads = {args.threads}")
    t0 = time.perf_counter()
    generate(con, args.events)
    gen_s = time.perf_counter() - t0
    n_dyad = con.execute(
        "SELECT count(*) FROM events WHERE (source_code = $a AND target_code = $b) "
        "OR (source_code = $b AND target_code = $a)",
        {"a": a, "b": b},
    ).fetchall()[0][0]

    table = None

    def series(unit: str) -> None:
        # A fresh cursor per call, as a CLI invocation or API request would have.
        nonlocal table
        cur = con.cursor()
        table = dyad_series(cur, a, b, by="month", unit=unit)
        cur.close()

    bare_events_s = best_of(lambda: series("events"), runs=1)
    bare_reports_s = best_of(lambda: series("reports"), runs=1)
    t0 = time.perf_counter()
    counts = rollup.build_rollups(con)
    build_s = time.perf_counter() - t0
    events_s = best_of(lambda: series("events"))
    reports_s = best_of(lambda: series("reports"))
    figures = {
        "events": args.events,
        "threads": args.threads,
        "dyad": args.dyad,
        "dyad_reports": int(n_dyad),
        "months": table.num_rows if table is not None else 0,
        "merged_events_total": counts[rollup.MERGED],
        "generate_s": round(gen_s, 2),
        "build_rollups_s": round(build_s, 2),
        "series_events_s": round(events_s, 3),
        "series_reports_s": round(reports_s, 3),
        "bare_series_events_s": round(bare_events_s, 3),
        "bare_series_reports_s": round(bare_reports_s, 3),
    }
    print(
        f"{args.events:,} events; {args.dyad}: {n_dyad:,} reports over {figures['months']} "
        f"months, {args.threads} threads\n"
        f"  with rollups (built once in {build_s:.1f} s):\n"
        f"    series, merged events: {events_s:.3f} s\n"
        f"    series, reports:       {reports_s:.3f} s\n"
        f"  bare store:\n"
        f"    series, merged events: {bare_events_s:.3f} s (merging on the fly)\n"
        f"    series, reports:       {bare_reports_s:.3f} s",
        file=sys.stderr,
    )
    print(json.dumps(figures))
    con.close()
    if args.keep or args.db is not None:
        print(f"store kept at {db}", file=sys.stderr)
    if not (args.keep and args.db is None):
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
