"""The actors present in a store, for the dashboard's typeahead.

Only codes that occur in some event are offered (picking an actor the store has never
seen would only give an empty chart). Each code is shown with the name the coder most
often gave it, or the ISO country name when events carry none, and ranked by how many
events it appears in.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pycountry

_SQL = """
WITH sides AS (
    SELECT source_code AS code, source_name AS name FROM events WHERE source_code IS NOT NULL
    UNION ALL
    SELECT target_code, target_name FROM events WHERE target_code IS NOT NULL
)
SELECT code, count(*) AS n, mode(name) AS name FROM sides GROUP BY code
"""


def _iso_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def all_actors(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every actor code in the store, most frequent first."""
    rows = con.execute(_SQL).fetchall()
    actors = [
        {"code": code, "name": name or _iso_name(code), "events": n} for code, n, name in rows
    ]
    actors.sort(key=lambda r: (-r["events"], r["code"]))
    return actors


def matching(actors: list[dict[str, Any]], query: str, limit: int) -> list[dict[str, Any]]:
    """Codes starting with the query first, then names containing it."""
    q = query.strip().casefold()
    if not q:
        return actors[:limit]
    by_code = [a for a in actors if a["code"].casefold().startswith(q)]
    seen = {a["code"] for a in by_code}
    by_name = [a for a in actors if a["code"] not in seen and q in (a["name"] or "").casefold()]
    return (by_code + by_name)[:limit]
