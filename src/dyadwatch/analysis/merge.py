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
  report shares at least ``min_shared`` content-word stems (first four letters) with
  the cluster's leading report -- or all of them, when one side has fewer. Reports of
  one visit keep naming the place and the visit however they phrase it; a strike on
  Kharkiv and a strike on Odesa the same day share nothing and stay two events. (Two
  strikes described in the same words but for the town are merged: the rule is a
  heuristic, and ``unit="reports"`` is always there to check it.)

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

# Function words that say nothing about which event a sentence reports.
STOPWORDS: tuple[str, ...] = tuple(
    """
    the and for with that this from have has had was were are been being will would could
    should may might must shall its their they them his her him she our your who whom which
    what when where while also after before during over under into onto about than then
    there these those such said says say told according other one two three both each more
    most some any all not but nor yet very just only ago last next week month year today
    yesterday earlier later new per via upon
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

_STOP_RE = r"\b(?:" + "|".join(STOPWORDS) + r")\b"

# Content-word stems of a report's evidence, minus the words naming its own actors.
_TOKENS_SQL = """
list_distinct(list_transform(list_filter(
    regexp_extract_all(regexp_replace(lower(coalesce(i.evidence_text, '')), $stop, ' ', 'g'),
                       '[a-z0-9]{3,}'),
    lambda t: NOT list_contains(
        regexp_extract_all(lower(coalesce(i.source_text, '') || ' ' || coalesce(i.target_text, '')),
                           '[a-z0-9]{3,}'),
        t)
), lambda t: left(t, 4)))
"""


def merge_into(
    con: duckdb.DuckDBPyConnection,
    *,
    actors: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    window_days: int = 2,
    min_shared: int = 2,
    max_passes: int = 30,
    target: str | None = None,
    temporary: bool = True,
) -> str:
    """Merge the fact reports in scope into a new table; returns its name.

    ``min_shared`` is the number of content stems a report must share with the
    cluster's leader (0 merges on actors, type, mode and date alone). After
    ``max_passes`` evidence splits, any report still unplaced stands alone: counts
    then err towards more events, never fewer. The table has the fact columns plus
    ``event_ids`` (the merged reports) and ``dyad_lo``/``dyad_hi`` (the unordered pair),
    and is sorted by pair and date so that dyad queries read few row groups.
    """
    if window_days < 0 or min_shared < 0:
        raise ValueError("window_days and min_shared must be >= 0")
    out = target or new_name("merged")
    where, params = scope_sql(actors, since, until)
    t_in, t_cl, t_rem, t_asg, t_new = (new_name(x) for x in ("min", "mcl", "mrem", "masg", "mnew"))
    sym = ", ".join(f"'{t}'" for t in SYMMETRIC_TYPES)
    try:
        con.execute(
            f"""
            CREATE TEMP TABLE {t_in} AS
            SELECT event_id, doc_id, date, coalesce(date_precision, 'day') AS date_precision,
                   {PREC_RANK_SQL} AS prec_rank, source_code, target_code, type, mode,
                   coalesce(mode, '') AS kmode, quad_class, intensity, confidence,
                   evidence_text, source_text, target_text,
                   CASE WHEN type IN ({sym}) THEN least(source_code, target_code)
                        ELSE source_code END AS k1,
                   CASE WHEN type IN ({sym}) THEN greatest(source_code, target_code)
                        ELSE target_code END AS k2
            FROM events WHERE {FACT_FILTER} AND {where}
            """,
            params,
        )
        # One integer per merge key: sorting and grouping on it is far cheaper than on
        # four strings (a 64-bit collision between two keys is not a practical risk).
        con.execute(f"ALTER TABLE {t_in} ADD COLUMN kh UBIGINT")
        con.execute(f"UPDATE {t_in} SET kh = hash(k1, k2, type, kmode)")
        _structural_clusters(con, t_in, t_cl, window_days)
        # Only clusters of two or more reports need their evidence compared.
        con.execute(
            f"""
            CREATE TEMP TABLE {t_rem} AS
            WITH multi AS (SELECT cl FROM {t_cl} GROUP BY cl HAVING count(*) > 1)
            SELECT c.rid, c.cl, i.prec_rank, i.date, i.event_id, {_TOKENS_SQL} AS toks
            FROM {t_cl} c JOIN {t_in} i ON i.rowid = c.rid
            WHERE c.cl IN (SELECT cl FROM multi)
            """,
            {"stop": _STOP_RE},
        )
        con.execute(f"CREATE TEMP TABLE {t_asg} (rid BIGINT, sub BIGINT)")
        for _ in range(max_passes):
            left = one(con, f"SELECT count(*) FROM {t_rem}")
            if not left or left[0] == 0:
                break
            # Each pass, every cluster's leader (finest date, earliest, lowest id) takes
            # the reports that look like it; the rest wait for the next pass.
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE {t_new} AS
                WITH lead AS (
                    SELECT cl, arg_min(rid, (prec_rank, date, event_id)) AS lid,
                           arg_min(toks, (prec_rank, date, event_id)) AS ltoks
                    FROM {t_rem} GROUP BY cl
                )
                SELECT r.rid, l.lid AS sub
                FROM {t_rem} r JOIN lead l USING (cl)
                WHERE r.rid = l.lid OR len(r.toks) = 0 OR len(l.ltoks) = 0
                   OR len(list_intersect(r.toks, l.ltoks))
                      >= least($shared, len(r.toks), len(l.ltoks))
                """,
                {"shared": min_shared},
            )
            con.execute(f"INSERT INTO {t_asg} SELECT * FROM {t_new}")
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {t_rem} AS "
                f"SELECT * FROM {t_rem} ANTI JOIN {t_new} USING (rid)"
            )
        con.execute(f"INSERT INTO {t_asg} SELECT rid, rid FROM {t_rem}")
        _write_merged(con, t_in, t_cl, t_asg, out, temporary)
    finally:
        for t in (t_in, t_cl, t_rem, t_asg, t_new):
            con.execute(f"DROP TABLE IF EXISTS {t}")
    return out


def _structural_clusters(
    con: duckdb.DuckDBPyConnection, t_in: str, t_cl: str, window_days: int
) -> None:
    """Table ``t_cl(rid, cl)``: the date-compatible cluster of every input report.

    Day reports: islands of dates no more than ``window_days`` apart, cut into windows
    of ``window_days + 1`` days from the island's start. Month (year) reports join the
    biggest finer cluster starting in their month (year), else group by period.
    """
    con.execute(
        f"""
        CREATE TEMP TABLE {t_cl} AS
        WITH d0 AS (
            SELECT rowid AS rid, kh, date,
                   coalesce(date - lag(date) OVER w > $win, true) AS brk
            FROM {t_in} WHERE prec_rank = 0
            WINDOW w AS (PARTITION BY kh ORDER BY date)
        ), d1 AS (
            SELECT *, max(CASE WHEN brk THEN date END) OVER (
                PARTITION BY kh ORDER BY date ROWS UNBOUNDED PRECEDING) AS istart
            FROM d0
        ), d AS (
            SELECT rid, kh, date, hash(kh, 'd', istart, (date - istart) // ($win + 1)) AS cl
            FROM d1
        ), mpick AS (
            SELECT * FROM (
                SELECT kh, cl, date_trunc('month', min(date))::DATE AS per,
                       row_number() OVER (PARTITION BY kh, date_trunc('month', min(date))
                                          ORDER BY count(*) DESC, min(date), cl) AS r
                FROM d GROUP BY kh, cl)
            WHERE r = 1
        ), m AS (
            SELECT i.rowid AS rid, i.kh, i.date,
                   coalesce(p.cl, hash(i.kh, 'm', date_trunc('month', i.date)::DATE)) AS cl
            FROM {t_in} i LEFT JOIN mpick p
              ON p.kh = i.kh AND p.per = date_trunc('month', i.date)::DATE
            WHERE i.prec_rank = 1
        ), dm AS (
            SELECT * FROM d UNION ALL SELECT * FROM m
        ), ypick AS (
            SELECT * FROM (
                SELECT kh, cl, year(min(date)) AS yr,
                       row_number() OVER (PARTITION BY kh, year(min(date))
                                          ORDER BY count(*) DESC, min(date), cl) AS r
                FROM dm GROUP BY kh, cl)
            WHERE r = 1
        ), y AS (
            SELECT i.rowid AS rid, coalesce(p.cl, hash(i.kh, 'y', year(i.date))) AS cl
            FROM {t_in} i LEFT JOIN ypick p ON p.kh = i.kh AND p.yr = year(i.date)
            WHERE i.prec_rank = 2
        )
        SELECT rid, cl FROM dm UNION ALL SELECT rid, cl FROM y
        """,
        {"win": window_days},
    )


def _write_merged(
    con: duckdb.DuckDBPyConnection, t_in: str, t_cl: str, t_asg: str, out: str, temporary: bool
) -> None:
    """One row per merged event; single reports pass straight through."""
    tmp = "TEMP " if temporary else ""
    fact_id = "'m' || left(md5(k1 || '|' || k2 || '|' || type || '|' || kmode || '|' || {e}), 16)"
    con.execute(
        f"""
        CREATE OR REPLACE {tmp}TABLE {out} AS
        WITH j AS (
            SELECT i.*, i.rowid AS rid, a.sub FROM {t_in} i JOIN {t_asg} a ON i.rowid = a.rid
        ), dirs AS (
            SELECT sub, source_code, target_code, count(*) AS c FROM j GROUP BY ALL
        ), dir AS (
            SELECT sub, arg_max([source_code, target_code], (c, source_code, target_code)) AS st
            FROM dirs GROUP BY sub
        ), g AS (
            SELECT sub,
                   {fact_id.format(e="any_value(event_id) FILTER (WHERE rid = sub)")} AS fact_id,
                   arg_min(date, (prec_rank, date)) AS date,
                   arg_min(date_precision, (prec_rank, date)) AS date_precision,
                   min(prec_rank) AS prec_rank,
                   type, any_value(mode) AS mode,
                   arg_min([quad_class::VARCHAR, doc_id, evidence_text],
                           (-coalesce(confidence, 0), prec_rank, date, event_id)) AS rep,
                   avg(intensity) AS intensity, max(confidence) AS confidence,
                   count(*) AS n_reports, count(DISTINCT doc_id) AS n_documents,
                   list_sort(list_distinct(list(doc_id))) AS doc_ids,
                   list_sort(list(event_id)) AS event_ids
            FROM j GROUP BY sub, k1, k2, type, kmode
        ), merged AS (
            SELECT g.fact_id, d.st[1] AS source_code, d.st[2] AS target_code, g.date,
                   g.date_precision, g.prec_rank, g.type, g.mode, g.rep[1]::INTEGER AS quad_class,
                   g.intensity, g.confidence, g.n_reports, g.n_documents, g.rep[2] AS doc_id,
                   g.doc_ids, g.rep[3] AS evidence_text, g.event_ids
            FROM g JOIN dir d USING (sub)
        ), single AS (
            SELECT {fact_id.format(e="event_id")} AS fact_id, source_code, target_code, date,
                   date_precision, prec_rank, type, mode, quad_class, intensity, confidence,
                   1 AS n_reports, 1 AS n_documents, doc_id, [doc_id] AS doc_ids, evidence_text,
                   [event_id] AS event_ids
            FROM {t_in} WHERE rowid NOT IN (SELECT rid FROM {t_asg})
        ), u AS (
            SELECT * FROM merged UNION ALL SELECT * FROM single
        )
        SELECT *, least(source_code, target_code) AS dyad_lo,
               greatest(source_code, target_code) AS dyad_hi
        FROM u ORDER BY dyad_lo, dyad_hi, date, fact_id
        """
    )
