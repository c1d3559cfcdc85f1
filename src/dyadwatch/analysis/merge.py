"""Merged events: many reports of one real event become one event with a report count.

A summit covered by twenty outlets is one summit; counting it twenty times makes
coverage look like rapprochement. Reports are merged when they share

* the actors -- as an unordered pair for the types whose direction reporters flip
  freely (:data:`SYMMETRIC_TYPES`: meetings, agreements, joint activity), as a directed
  pair for the rest (who accused whom matters);
* the PLOVER type and mode;
* a compatible date: day-precision dates at most ``window_days`` apart, counted from
  the first report of the cluster (so a daily stream of strikes does not chain into one
  event); a month- or year-precision report joins the biggest cluster inside its month
  or year, or else groups with reports of the same precision and period;
* similar evidence: after dropping function words and the actors' own words, the
  report shares at least ``similarity`` of its content words (4-letter stems) with the
  cluster's leading report. Two different strikes on one day stay two events.

Everything runs as set-based DuckDB SQL (one pass per evidence split, usually one or
two), so a store of millions of reports merges in seconds. The merged id is
``m`` + 16 hex digits of an MD5 of the merge key and the leading report's id: the same
reports give the same ids on every run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from dyadwatch.analysis.facts import FACT_FILTER, PREC_RANK_SQL, new_name, one, scope_sql

SYMMETRIC_TYPES: tuple[str, ...] = ("CONSULT", "AGREE", "COOPERATE")

MERGED_TABLE = "analysis_merged_events"
STATE_TABLE = "analysis_merged_state"

# Function words that say nothing about which event a sentence reports.
STOPWORDS: tuple[str, ...] = tuple(
    """
    the and for with that this from have has had was were are been being will would
    could should may might must shall its their they them his her him she our your
    who whom which what when where while also after before during over under into
    onto about than then there these those such said says say told according other
    one two three both each more most some any all not but nor yet very just only
    ago last next week month year today yesterday earlier later new per via upon
    """.split()
)

_TOKENS_SQL = """
list_distinct(list_transform(list_filter(
    regexp_split_to_array(lower(coalesce(evidence_text, '')), '[^a-z0-9]+'),
    lambda t: length(t) >= 3 AND NOT list_contains($stop, t)
         AND NOT list_contains(
             regexp_split_to_array(
                 lower(coalesce(source_text, '') || ' ' || coalesce(target_text, '')),
                 '[^a-z0-9]+'),
             t)
), lambda t: left(t, 4)))
"""


def _key_sql() -> str:
    sym = ", ".join(f"'{t}'" for t in SYMMETRIC_TYPES)
    return (
        f"CASE WHEN type IN ({sym}) "
        "THEN least(source_code, target_code) || '~' || greatest(source_code, target_code) "
        "ELSE source_code || '>' || target_code END "
        "|| '|' || coalesce(type, '') || '|' || coalesce(mode, '')"
    )


def merge_into(
    con: duckdb.DuckDBPyConnection,
    *,
    actors: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    window_days: int = 2,
    similarity: float = 0.34,
    max_passes: int = 30,
    target: str | None = None,
    temporary: bool = True,
) -> str:
    """Merge the fact reports in scope into a new table; returns its name.

    ``similarity`` is the share of the smaller token set that must be shared with the
    cluster's leader (0 merges on actors, type, mode and date alone). After
    ``max_passes`` evidence splits, any report still unplaced stands alone: counts
    then err towards more events, never fewer.
    """
    if window_days < 0 or not 0.0 <= similarity <= 1.0:
        raise ValueError("window_days must be >= 0 and similarity in [0, 1]")
    tmp = "TEMP " if temporary else ""
    out = target or new_name("merged")
    where, params = scope_sql(actors, since, until)
    t_in, t_all, t_rem, t_asg, t_new = (new_name(s) for s in ("min", "mall", "mrem", "masg", "mnew"))

    con.execute(
        f"""
        CREATE TEMP TABLE {t_in} AS
        SELECT event_id, doc_id, date, coalesce(date_precision, 'day') AS date_precision,
               {PREC_RANK_SQL} AS prec_rank, source_code, target_code, type, mode,
               quad_class, intensity, confidence, evidence_text,
               {_key_sql()} AS mkey, {_TOKENS_SQL} AS toks
        FROM events WHERE {FACT_FILTER} AND {where}
        """,
        {"stop": list(STOPWORDS), **params},
    )
    # Structural clusters: day reports by islands of close dates cut into windows
    # anchored at the island start; coarse reports attach to the biggest cluster in
    # their period.
    con.execute(
        f"""
        CREATE TEMP TABLE {t_all} AS
        WITH d0 AS (
            SELECT *, CASE WHEN date - lag(date) OVER w > $win THEN 1 ELSE 0 END AS brk
            FROM {t_in} WHERE prec_rank = 0
            WINDOW w AS (PARTITION BY mkey ORDER BY date, event_id)
        ), d1 AS (
            SELECT *, sum(brk) OVER (PARTITION BY mkey ORDER BY date, event_id
                                     ROWS UNBOUNDED PRECEDING) AS isl
            FROM d0
        ), d2 AS (
            SELECT * EXCLUDE (brk, isl),
                   mkey || '|d|' || isl || '|'
                   || ((date - min(date) OVER (PARTITION BY mkey, isl)) // ($win + 1)) AS cl
            FROM d1
        ), dcl AS (
            SELECT mkey, cl, min(date) AS start, count(*) AS n FROM d2 GROUP BY mkey, cl
        ), mpick AS (
            SELECT mkey, date_trunc('month', start)::DATE AS per, cl FROM (
                SELECT *, row_number() OVER (PARTITION BY mkey, date_trunc('month', start)
                                             ORDER BY n DESC, start, cl) AS r FROM dcl)
            WHERE r = 1
        ), m AS (
            SELECT i.*, coalesce(mp.cl, i.mkey || '|m|' || strftime(i.date, '%Y-%m')) AS cl
            FROM {t_in} i LEFT JOIN mpick mp
              ON mp.mkey = i.mkey AND mp.per = date_trunc('month', i.date)::DATE
            WHERE i.prec_rank = 1
        ), dm AS (
            SELECT * FROM d2 UNION ALL SELECT * FROM m
        ), ypick AS (
            SELECT mkey, yr, cl FROM (
                SELECT mkey, year(min(date)) AS yr, cl, min(date) AS start, count(*) AS n,
                       row_number() OVER (PARTITION BY mkey, year(min(date))
                                          ORDER BY count(*) DESC, min(date), cl) AS r
                FROM dm GROUP BY mkey, cl)
            WHERE r = 1
        ), y AS (
            SELECT i.*, coalesce(yp.cl, i.mkey || '|y|' || year(i.date)) AS cl
            FROM {t_in} i LEFT JOIN ypick yp ON yp.mkey = i.mkey AND yp.yr = year(i.date)
            WHERE i.prec_rank = 2
        )
        SELECT * FROM dm UNION ALL SELECT * FROM y
        """,
        {"win": window_days},
    )
    con.execute(f"CREATE TEMP TABLE {t_rem} AS SELECT event_id, cl, prec_rank, date, toks "
                f"FROM {t_all}")
    con.execute(f"CREATE TEMP TABLE {t_asg} (event_id VARCHAR, sub VARCHAR)")
    # Evidence splits: each pass every cluster's leader (finest date, earliest, lowest
    # id) takes the reports that look like it; the rest wait for the next pass.
    for _ in range(max_passes):
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {t_new} AS
            WITH lead AS (
                SELECT cl, arg_min(event_id, (prec_rank, date, event_id)) AS lid,
                       arg_min(toks, (prec_rank, date, event_id)) AS ltoks
                FROM {t_rem} GROUP BY cl
            )
            SELECT r.event_id, l.lid AS sub
            FROM {t_rem} r JOIN lead l USING (cl)
            WHERE r.event_id = l.lid OR len(r.toks) = 0 OR len(l.ltoks) = 0
               OR len(list_intersect(r.toks, l.ltoks))
                  >= greatest(1, ceil($sim * least(len(r.toks), len(l.ltoks))))
            """,
            {"sim": similarity},
        )
        con.execute(f"INSERT INTO {t_asg} SELECT * FROM {t_new}")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {t_rem} AS "
            f"SELECT * FROM {t_rem} ANTI JOIN {t_new} USING (event_id)"
        )
        left = one(con, f"SELECT count(*) FROM {t_rem}")
        if not left or left[0] == 0:
            break
    con.execute(f"INSERT INTO {t_asg} SELECT event_id, event_id FROM {t_rem}")

    con.execute(
        f"""
        CREATE OR REPLACE {tmp}TABLE {out} AS
        WITH j AS (
            SELECT a.*, s.sub,
                   count(*) OVER (PARTITION BY s.sub, a.source_code, a.target_code) AS dn
            FROM {t_all} a JOIN {t_asg} s USING (event_id)
        ), g AS (
        SELECT 'm' || left(md5(any_value(mkey) || '|' || sub), 16) AS fact_id,
               arg_max(source_code, (dn, source_code, target_code)) AS source_code,
               arg_max(target_code, (dn, source_code, target_code)) AS target_code,
               arg_min(date, (prec_rank, date)) AS date,
               arg_min(date_precision, (prec_rank, date)) AS date_precision,
               min(prec_rank) AS prec_rank,
               any_value(type) AS type, any_value(mode) AS mode,
               first(quad_class ORDER BY confidence DESC NULLS LAST, prec_rank, date, event_id)
                   AS quad_class,
               avg(intensity) AS intensity,
               max(confidence) AS confidence,
               count(*) AS n_reports,
               count(DISTINCT doc_id) AS n_documents,
               first(doc_id ORDER BY confidence DESC NULLS LAST, prec_rank, date, event_id)
                   AS doc_id,
               list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
               first(evidence_text ORDER BY confidence DESC NULLS LAST, prec_rank, date,
                     event_id) AS evidence_text,
               list(event_id ORDER BY event_id) AS event_ids
        FROM j GROUP BY sub
        )
        SELECT * FROM g
        ORDER BY least(source_code, target_code), greatest(source_code, target_code), date, fact_id
        """
    )
    for t in (t_in, t_all, t_rem, t_asg, t_new):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    return out


def _fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    n, h = one(con, "SELECT count(*), coalesce(bit_xor(hash(event_id)), 0) FROM events") or (0, 0)
    return int(n), int(h)


def build_merged(con: duckdb.DuckDBPyConnection, **options) -> int:
    """Materialise merged events for the whole store (needs a writable connection).

    Analyses then read the table instead of merging on every query; it is used only
    while the store's events are unchanged (checked by a fingerprint of the event ids),
    so a later ingest can never make analysis read stale merges. Returns the number of
    merged events.
    """
    merge_into(con, target=MERGED_TABLE, temporary=False, **options)
    n, h = _fingerprint(con)
    con.execute(
        f"CREATE OR REPLACE TABLE {STATE_TABLE} (n_events BIGINT, fingerprint UBIGINT)"
    )
    con.execute(f"INSERT INTO {STATE_TABLE} VALUES (?, ?)", [n, h])
    row = one(con, f"SELECT count(*) FROM {MERGED_TABLE}")
    return int(row[0]) if row else 0


def stored_merged(con: duckdb.DuckDBPyConnection) -> str | None:
    """Name of the materialised merged table when it exists and matches the events."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if MERGED_TABLE not in tables or STATE_TABLE not in tables:
        return None
    row = one(con, f"SELECT n_events, fingerprint FROM {STATE_TABLE}")
    if row is None or (int(row[0]), int(row[1])) != _fingerprint(con):
        return None
    return MERGED_TABLE
