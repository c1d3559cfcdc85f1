"""The treaty registry: treaties, their articles and coded provisions in the DuckDB store.

The tables live in the same DuckDB file as the events so that links between clauses and
events are one query away. Adding a treaty is one transaction after all validation has
passed, so a bad file, an unknown party code or a failed insert leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from importlib import resources

import duckdb
import msgspec
import pycountry
import yaml

from dyadwatch.treaties.errors import TreatyError
from dyadwatch.treaties.model import Article, Cue, Paragraph, Provision, Span, Treaty
from dyadwatch.treaties.provisions import code_text, patterns

SCHEMA = """
CREATE TABLE IF NOT EXISTS treaties (
    name VARCHAR PRIMARY KEY,
    parties VARCHAR[] NOT NULL,
    signed DATE,
    ratified DATE,
    in_force DATE,
    terminated DATE,
    source_path VARCHAR,
    source_text VARCHAR NOT NULL,
    preamble_start INTEGER,
    preamble_end INTEGER,
    coder VARCHAR,
    added_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS treaty_articles (
    treaty VARCHAR NOT NULL,
    number INTEGER NOT NULL,
    heading VARCHAR,
    title VARCHAR,
    context VARCHAR,
    start INTEGER,
    body_start INTEGER,
    "end" INTEGER,
    paragraphs VARCHAR,              -- JSON [{number, start, end}]
    PRIMARY KEY (treaty, number)
);
CREATE TABLE IF NOT EXISTS treaty_provisions (
    treaty VARCHAR NOT NULL,
    article INTEGER NOT NULL,
    label VARCHAR NOT NULL,
    paragraph VARCHAR,
    evidence_start INTEGER,          -- first sentence carrying the label
    evidence_end INTEGER,
    evidence_text VARCHAR,
    evidence VARCHAR,                -- JSON [{text, start, end}] all sentences
    cues VARCHAR,                    -- JSON [{kind, text, start, end}] words that fired
    trigger VARCHAR[],               -- kinds, e.g. ['state_of_war', 'armed_aggression']
    obligation VARCHAR[],
    conditions VARCHAR[],
    details VARCHAR,                 -- JSON {triggers, obligations, conditions} with offsets
    automatic BOOLEAN,
    PRIMARY KEY (treaty, article, label)
);
"""

_cues_decoder = msgspec.json.Decoder(list[Cue])
_spans_decoder = msgspec.json.Decoder(list[Span])
_paragraphs_decoder = msgspec.json.Decoder(list[Paragraph])
_details_decoder = msgspec.json.Decoder(dict[str, list[Cue]])


class TreatySummary(msgspec.Struct, kw_only=True):
    name: str
    parties: list[str]
    signed: dt.date | None
    in_force: dt.date | None
    terminated: dt.date | None
    articles: int
    labels: list[str]


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the store has ``table``: readers must not create tables (the store may be
    opened read-only, and a report should not change it)."""
    row = con.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_name = ? "
        "AND table_schema = current_schema()",
        [table],
    ).fetchone()
    return row is not None


def parse_parties(value: str | Sequence[str]) -> list[str]:
    """ISO 3166 alpha-3 codes (current or historic, e.g. SUN for the USSR) or known IGO codes,
    upper-cased, at least two, no repeats."""
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = [c.strip().upper() for c in items if c.strip()]
    unknown = [c for c in codes if not _known_party(c)]
    if unknown:
        raise TreatyError(
            f"--parties: unknown party code(s) {', '.join(unknown)} "
            "(use ISO 3166 alpha-3 codes such as PRK,RUS or an organisation code such as NATO)"
        )
    if len(set(codes)) < 2:
        raise TreatyError("--parties: a treaty needs at least two different parties")
    if len(set(codes)) != len(codes):
        raise TreatyError(f"--parties: a party is listed twice in {','.join(codes)}")
    return codes


def parse_date(value: str | dt.date | None, field: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) from the command line or a caller; None stays None."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise TreatyError(f"--{field}: {value!r} is not a date (expected YYYY-MM-DD)") from None


def add_treaty(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    text: str,
    parties: str | Sequence[str],
    signed: str | dt.date | None = None,
    ratified: str | dt.date | None = None,
    in_force: str | dt.date | None = None,
    terminated: str | dt.date | None = None,
    source_path: str | None = None,
    replace: bool = False,
) -> Treaty:
    """Validate, split, code and store one treaty; all or nothing.

    Raises TreatyError (one line naming the field or file) for bad input, and when ``name``
    is taken and ``replace`` is False.
    """
    name = name.strip()
    if not name:
        raise TreatyError("--name: a treaty name is required")
    treaty = Treaty(
        name=name,
        parties=parse_parties(parties),
        text=text,
        signed=parse_date(signed, "signed"),
        ratified=parse_date(ratified, "ratified"),
        in_force=parse_date(in_force, "in-force"),
        terminated=parse_date(terminated, "terminated"),
        source_path=source_path,
        coder_version=patterns().version,
    )
    _check_dates(treaty)
    ensure_tables(con)
    exists = con.execute("SELECT 1 FROM treaties WHERE name = ?", [name]).fetchone()
    if exists and not replace:
        raise TreatyError(f"treaty {name!r} is already in the store (use --replace to overwrite)")
    try:
        split, provisions = code_text(text)
    except TreatyError as exc:
        raise TreatyError(f"{source_path or name}: {exc}") from None
    treaty.preamble, treaty.articles, treaty.provisions = split.preamble, split.articles, provisions

    con.begin()
    try:
        if exists:
            _delete(con, name)
        _insert(con, treaty)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return treaty


def remove_treaty(con: duckdb.DuckDBPyConnection, name: str) -> None:
    found = (
        has_table(con, "treaties")
        and con.execute("SELECT 1 FROM treaties WHERE name = ?", [name]).fetchone()
    )
    if not found:
        raise TreatyError(f"no treaty named {name!r} in the store")
    con.begin()
    try:
        _delete(con, name)
        con.commit()
    except BaseException:
        con.rollback()
        raise


def list_treaties(con: duckdb.DuckDBPyConnection) -> list[TreatySummary]:
    if not has_table(con, "treaties"):
        return []
    order = {k: i for i, k in enumerate(patterns().labels)}
    rows = con.execute(
        """
        SELECT t.name, t.parties, t.signed, t.in_force, t.terminated,
               (SELECT count(*) FROM treaty_articles a WHERE a.treaty = t.name),
               (SELECT list(DISTINCT p.label) FROM treaty_provisions p WHERE p.treaty = t.name)
        FROM treaties t ORDER BY t.signed NULLS LAST, t.name
        """
    ).fetchall()
    return [
        TreatySummary(
            name=r[0],
            parties=list(r[1]),
            signed=r[2],
            in_force=r[3],
            terminated=r[4],
            articles=r[5],
            labels=sorted(r[6] or [], key=lambda k: order.get(k, len(order))),
        )
        for r in rows
    ]


def treaty_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    if not has_table(con, "treaties"):
        return []
    return [r[0] for r in con.execute("SELECT name FROM treaties ORDER BY name").fetchall()]


def load_treaty(con: duckdb.DuckDBPyConnection, name: str) -> Treaty:
    """A stored treaty with its articles and provisions; TreatyError if there is none."""
    if not has_table(con, "treaties"):
        raise TreatyError(f"no treaty named {name!r} (the store has no treaties)")
    row = con.execute(
        """SELECT name, parties, signed, ratified, in_force, terminated, source_path,
                  source_text, preamble_start, preamble_end, coder
           FROM treaties WHERE name = ?""",
        [name],
    ).fetchone()
    if row is None:
        known = treaty_names(con)
        hint = f" (known: {', '.join(known)})" if known else " (the store has no treaties)"
        raise TreatyError(f"no treaty named {name!r}{hint}")
    text = row[7]
    preamble = (
        Span(text=text[row[8] : row[9]], start=row[8], end=row[9]) if row[8] is not None else None
    )
    articles = [
        Article(
            number=r[0],
            heading=r[1],
            title=r[2],
            context=r[3],
            start=r[4],
            body_start=r[5],
            end=r[6],
            paragraphs=_paragraphs_decoder.decode(r[7]),
        )
        for r in con.execute(
            """SELECT number, heading, title, context, start, body_start, "end", paragraphs
               FROM treaty_articles WHERE treaty = ? ORDER BY number""",
            [name],
        ).fetchall()
    ]
    order = {k: i for i, k in enumerate(patterns().labels)}
    provisions = []
    for r in con.execute(
        """SELECT article, label, paragraph, evidence, cues, details, automatic
           FROM treaty_provisions WHERE treaty = ?""",
        [name],
    ).fetchall():
        details = _details_decoder.decode(r[5])
        provisions.append(
            Provision(
                article=r[0],
                label=r[1],
                paragraph=r[2],
                evidence=_spans_decoder.decode(r[3]),
                cues=_cues_decoder.decode(r[4]),
                triggers=details.get("triggers", []),
                obligations=details.get("obligations", []),
                conditions=details.get("conditions", []),
                automatic=r[6],
            )
        )
    provisions.sort(key=lambda p: (p.article, order.get(p.label, len(order))))
    return Treaty(
        name=row[0],
        parties=list(row[1]),
        signed=row[2],
        ratified=row[3],
        in_force=row[4],
        terminated=row[5],
        source_path=row[6],
        text=text,
        preamble=preamble,
        articles=articles,
        provisions=provisions,
        coder_version=row[10] or "",
    )


def treaties_between(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[str]:
    """Names of stored treaties that both ``a`` and ``b`` are parties to."""
    if not has_table(con, "treaties"):
        return []
    rows = con.execute(
        """SELECT name FROM treaties
           WHERE list_contains(parties, ?) AND list_contains(parties, ?)
           ORDER BY signed NULLS LAST, name""",
        [a.upper(), b.upper()],
    ).fetchall()
    return [r[0] for r in rows]


@functools.cache
def igo_codes() -> frozenset[str]:
    """Codes of intergovernmental organisations, from the actor dictionary (one copy of the
    organisation table in the package)."""
    raw = yaml.safe_load(
        resources.files("dyadwatch.actors").joinpath("data/organisations.yaml").read_bytes()
    )
    return frozenset(str(o["code"]) for o in raw.get("organisations", []) if o.get("kind") == "igo")


def _known_party(code: str) -> bool:
    if code in igo_codes():
        return True
    if len(code) != 3 or not code.isalpha():
        return False
    return (
        pycountry.countries.get(alpha_3=code) is not None
        or pycountry.historic_countries.get(alpha_3=code) is not None
    )


def _check_dates(t: Treaty) -> None:
    for field, value in (("ratified", t.ratified), ("in-force", t.in_force)):
        if t.signed and value and value < t.signed:
            raise TreatyError(f"--{field}: {value} is before the signature date {t.signed}")
    start = t.in_force or t.signed
    if start and t.terminated and t.terminated < start:
        raise TreatyError(f"--terminated: {t.terminated} is before {start}")


def _delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
    for table in ("treaty_provisions", "treaty_articles"):
        con.execute(f"DELETE FROM {table} WHERE treaty = ?", [name])
    con.execute("DELETE FROM treaties WHERE name = ?", [name])


def _insert(con: duckdb.DuckDBPyConnection, t: Treaty) -> None:
    enc = msgspec.json.encode
    con.execute(
        "INSERT INTO treaties VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            t.name,
            t.parties,
            t.signed,
            t.ratified,
            t.in_force,
            t.terminated,
            t.source_path,
            t.text,
            t.preamble.start if t.preamble else None,
            t.preamble.end if t.preamble else None,
            t.coder_version,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
        ],
    )
    con.executemany(
        "INSERT INTO treaty_articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                t.name,
                a.number,
                a.heading,
                a.title,
                a.context,
                a.start,
                a.body_start,
                a.end,
                enc(a.paragraphs).decode(),
            ]
            for a in t.articles
        ],
    )
    if t.provisions:
        con.executemany(
            "INSERT INTO treaty_provisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_provision_row(t.name, p) for p in t.provisions],
        )


def _provision_row(name: str, p: Provision) -> list[object]:
    enc = msgspec.json.encode
    first = p.evidence[0]
    details = {"triggers": p.triggers, "obligations": p.obligations, "conditions": p.conditions}
    return [
        name,
        p.article,
        p.label,
        p.paragraph,
        first.start,
        first.end,
        first.text,
        enc(p.evidence).decode(),
        enc(p.cues).decode(),
        p.trigger_kinds,
        p.obligation_kinds,
        p.condition_kinds,
        enc(details).decode(),
        p.automatic,
    ]
