"""Treaty registry (all-or-nothing adds), comparison, and links to events."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyadwatch.treaties import registry
from dyadwatch.treaties.compare import compare
from dyadwatch.treaties.errors import TreatyError
from dyadwatch.treaties.links import links, treaty_links_for_dyad
from dyadwatch.treaties.registry import add_treaty, list_treaties, load_treaty

DATA = Path(__file__).parent / "data" / "treaties"
DEMO = Path(__file__).parents[1] / "demo" / "treaties"
TEXT_2024 = (DEMO / "prk-rus-2024.txt").read_text()
TEXT_1961 = (DEMO / "prk-ussr-1961.txt").read_text()
TABLES = ("treaties", "treaty_articles", "treaty_provisions")


def new_store(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(resources.files("dyadwatch.store").joinpath("schema.sql").read_text())
    return con


def add_event(con: duckdb.DuckDBPyConnection, event_id: str, **fields: Any) -> None:
    row = {
        "event_id": event_id,
        "doc_id": "doc-" + event_id,
        "negated": False,
        "hypothetical": False,
        **fields,
    }
    cols = ", ".join(row)
    con.execute(
        f"INSERT INTO events ({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out = {}
    for table in TABLES:
        exists = registry.has_table(con, table)
        out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if exists else 0
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The two demo treaties and a handful of events around them."""
    con = new_store(tmp_path_factory.mktemp("treaties") / "store.duckdb")
    add_treaty(
        con,
        name="PRK-RUS 2024",
        text=TEXT_2024,
        parties="PRK,RUS",
        signed="2024-06-19",
        in_force="2024-12-04",
    )
    add_treaty(
        con,
        name="PRK-USSR 1961",
        text=TEXT_1961,
        parties=["PRK", "SUN"],
        signed=dt.date(1961, 7, 6),
        terminated="1996-09-10",
    )
    military = {"type": "AID", "mode": "military", "cameo": "074"}
    add_event(
        con,
        "troops",
        source_code="PRK",
        target_code="RUS",
        date=dt.date(2024, 10, 20),
        evidence_text="North Korea sent troops to fight alongside Russian forces in Kursk.",
        **military,
    )
    add_event(
        con,
        "early",
        source_code="PRK",
        target_code="RUS",
        date=dt.date(2024, 3, 2),
        evidence_text="Pyongyang shipped shells to Moscow.",
        **military,
    )
    add_event(
        con,
        "china",
        source_code="PRK",
        target_code="CHN",
        date=dt.date(2024, 11, 1),
        evidence_text="North Korea sent engineers to China.",
        **military,
    )
    add_event(
        con,
        "usa",
        source_code="USA",
        target_code="RUS",
        date=dt.date(2024, 11, 1),
        evidence_text="An American unit was seen near Russian lines.",
        **military,
    )
    add_event(
        con,
        "denied",
        source_code="RUS",
        target_code="PRK",
        date=dt.date(2024, 11, 2),
        negated=True,
        evidence_text="Moscow denied sending jets to Pyongyang.",
        type="COOPERATE",
        mode="military",
        cameo="062",
    )
    add_event(
        con,
        "maybe",
        source_code="RUS",
        target_code="PRK",
        date=dt.date(2024, 11, 3),
        hypothetical=True,
        evidence_text="Russia may give fighter jets to Pyongyang.",
        **military,
    )
    add_event(
        con,
        "brics",
        source_code="RUS",
        target_code="PRK",
        date=dt.date(2024, 9, 5),
        type="SUPPORT",
        mode=None,
        cameo="051",
        evidence_text="Moscow backed Pyongyang's wish to join BRICS as a partner.",
    )
    add_event(
        con,
        "talks",
        source_code="PRK",
        target_code="RUS",
        date=dt.date(2024, 10, 22),
        type="CONSULT",
        mode="meet",
        cameo="043",
        evidence_text="Choe Son Hui met Sergei Lavrov on the sidelines of the BRICS summit.",
    )
    add_event(
        con,
        "signing-day",
        source_code="RUS",
        target_code="PRK",
        date=dt.date(2024, 6, 19),
        type="CONSULT",
        mode="visit",
        cameo="042",
        evidence_text="Putin flew into Pyongyang for the summit at which the treaty was signed.",
    )
    add_event(
        con,
        "agency",
        source_code="PRK",
        target_code="RUS",
        date=dt.date(2024, 11, 11),
        type="AGREE",
        cameo="057",
        evidence_text="Kim ratified the treaty with Russia, the Korean Central News Agency said.",
    )
    add_event(
        con,
        "security-talks",
        source_code="RUS",
        target_code="PRK",
        date=dt.date(2024, 11, 12),
        type="CONSULT",
        mode="meet",
        cameo="040",
        evidence_text="Shoigu and Kim discussed the military threat posed by joint drills.",
    )
    return con


def test_add_and_load_round_trip(store: duckdb.DuckDBPyConnection) -> None:
    treaty = load_treaty(store, "PRK-RUS 2024")
    assert treaty.parties == ["PRK", "RUS"]
    assert treaty.signed == dt.date(2024, 6, 19)
    assert treaty.in_force == dt.date(2024, 12, 4)
    assert len(treaty.articles) == 23
    art4 = treaty.provisions_of("mutual_defence")[0]
    assert art4.article == 4
    assert art4.automatic is True
    assert {"state_of_war", "armed_aggression"} <= set(art4.trigger_kinds)
    ev = art4.evidence[0]
    assert treaty.text[ev.start : ev.end] == ev.text
    row = store.execute(
        "SELECT trigger, conditions FROM treaty_provisions WHERE treaty = ? AND label = ?",
        ["PRK-RUS 2024", "mutual_defence"],
    ).fetchone()
    assert "armed_aggression" in row[0] and "un_charter_51" in row[1]


def test_list_shows_both_treaties(store: duckdb.DuckDBPyConnection) -> None:
    rows = {r.name: r for r in list_treaties(store)}
    assert set(rows) == {"PRK-RUS 2024", "PRK-USSR 1961"}
    assert rows["PRK-USSR 1961"].articles == 6
    assert "membership_support" in rows["PRK-RUS 2024"].labels
    assert "membership_support" not in rows["PRK-USSR 1961"].labels


def test_compare_demo_treaties(store: duckdb.DuckDBPyConnection) -> None:
    result = compare(load_treaty(store, "PRK-USSR 1961"), load_treaty(store, "PRK-RUS 2024"))
    assert "membership_support" in result.only_b
    assert "sanctions_coordination" in result.only_b
    assert result.only_a == []
    assert {"mutual_defence", "consultation", "non_participation"} <= set(result.shared)
    defence = result.row("mutual_defence")
    assert defence is not None
    assert (defence.articles_a, defence.articles_b) == ([1], [4])
    assert "armed_attack" in defence.triggers_a and "armed_attack" not in defence.triggers_b
    assert "armed_aggression" in defence.triggers_b
    assert {"un_charter_51", "national_law"} <= set(defence.conditions_b)
    assert defence.conditions_a == []
    assert any(d.startswith("trigger:") for d in defence.differences)
    assert any(d.startswith("conditions:") and "national_law" in d for d in defence.differences)
    assert not any(d.startswith("automatic") for d in defence.differences)  # both automatic
    assert result.row("non_participation").differences == []


def test_compare_automatic_and_discretionary_defence() -> None:
    from dyadwatch.treaties.model import Treaty
    from dyadwatch.treaties.provisions import code_text

    def build(name: str, text: str) -> Treaty:
        split, provisions = code_text(text)
        return Treaty(
            name=name,
            parties=["KOR", "USA"],
            text=text,
            articles=split.articles,
            provisions=provisions,
        )

    us_rok = build("US-ROK", (DATA / "mutual-defence.txt").read_text())
    dprk = build("PRK-RUS", TEXT_2024)
    row = compare(us_rok, dprk).row("mutual_defence")
    assert row is not None and row.presence == "both"
    assert "automatic: US-ROK no, PRK-RUS yes" in row.differences
    assert "constitutional_process" in row.conditions_a
    only_a = compare(us_rok, dprk).only_a
    assert "non_aggression" in only_a  # Art. I renounces force; the 2024 text does not


def test_links_for_troop_deployment_between_parties(store: duckdb.DuckDBPyConnection) -> None:
    found = links(store, "PRK-RUS 2024")
    ids = {link.event_id for link in found}
    assert "troops" in ids
    for excluded in ("early", "signing-day", "china", "usa", "denied", "maybe", "agency"):
        assert excluded not in ids, excluded
    troops = [link for link in found if link.event_id == "troops"]
    assert {(link.article, link.label) for link in troops} == {
        (4, "mutual_defence"),
        (8, "defence_cooperation"),
    }
    art4 = next(link for link in troops if link.article == 4)
    assert "state of war" in art4.clause_text
    assert art4.evidence_text.startswith("North Korea sent troops")
    treaty = load_treaty(store, "PRK-RUS 2024")
    assert treaty.text[art4.clause_start : art4.clause_end] == art4.clause_text


def test_links_for_membership_support_and_consultation(store: duckdb.DuckDBPyConnection) -> None:
    found = links(store, "PRK-RUS 2024")
    by_event: dict[str, set[tuple[int, str]]] = {}
    for link in found:
        by_event.setdefault(link.event_id, set()).add((link.article, link.label))
    assert by_event["brics"] == {(7, "membership_support")}
    # met at a BRICS summit: general consultation (Art. 2), not the threat clause (Art. 3)
    assert by_event["talks"] == {(7, "membership_support"), (2, "consultation")}
    assert by_event["security-talks"] == {(2, "consultation"), (3, "consultation")}
    assert [link.date for link in found] == sorted(link.date for link in found)


def test_links_since_and_label_filters(store: duckdb.DuckDBPyConnection) -> None:
    late = links(store, "PRK-RUS 2024", since="2024-10-21")
    assert {link.event_id for link in late} == {"talks", "security-talks"}
    only = links(store, "PRK-RUS 2024", label="mutual_defence")
    assert {(link.event_id, link.label) for link in only} == {("troops", "mutual_defence")}
    with pytest.raises(TreatyError, match="--since"):
        links(store, "PRK-RUS 2024", since="last year")


def test_no_links_for_a_terminated_treaty_or_other_parties(store: duckdb.DuckDBPyConnection):
    assert links(store, "PRK-USSR 1961") == []  # the USSR (SUN) is not Russia, and it ended


def test_dyad_links_for_the_report(store: duckdb.DuckDBPyConnection) -> None:
    found = treaty_links_for_dyad(store, "rus", "PRK")
    assert {link.treaty for link in found} == {"PRK-RUS 2024"}
    assert "troops" in {link.event_id for link in found}
    assert treaty_links_for_dyad(store, "PRK", "CHN") == []


def test_no_events_table_means_no_links(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "bare.duckdb"))
    add_treaty(con, name="T", text=TEXT_1961, parties="PRK,SUN", signed="1961-07-06")
    assert links(con, "T") == []
    assert treaty_links_for_dyad(duckdb.connect(), "PRK", "RUS") == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "A memorandum without any numbered articles.\n"}, "no article headings"),
        (
            {"text": "Article 1\nOne.\nArticle 2\nTwo.\nArticle 2\nAgain.\n"},
            "article 2 appears twice",
        ),
        ({"parties": "PRK,XYZ"}, "unknown party code"),
        ({"parties": "PRK"}, "at least two"),
        ({"signed": "19/06/2024"}, "--signed"),
        ({"in_force": "1960-01-01"}, "before the signature date"),
        ({"name": "  "}, "--name"),
    ],
)
def test_bad_input_is_one_clear_error_and_stores_nothing(
    tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    con = new_store(tmp_path / "bad.duckdb")
    args = {
        "name": "Bad",
        "text": TEXT_1961,
        "parties": "PRK,SUN",
        "signed": "1961-07-06",
        "source_path": "bad.txt",
        **kwargs,
    }
    with pytest.raises(TreatyError, match=message) as info:
        add_treaty(con, **args)
    assert "\n" not in str(info.value)
    assert counts(con) == dict.fromkeys(TABLES, 0)


def test_error_in_the_text_names_the_file(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    with pytest.raises(TreatyError, match=r"^letter\.txt: no article headings"):
        add_treaty(
            con, name="x", text="No articles here.", parties="PRK,RUS", source_path="letter.txt"
        )


def test_failure_while_writing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = new_store(tmp_path / "crash.duckdb")
    real_insert = registry._insert

    def insert_then_fail(c: duckdb.DuckDBPyConnection, t: Any) -> None:
        real_insert(c, t)
        raise RuntimeError("disk full")

    monkeypatch.setattr(registry, "_insert", insert_then_fail)
    with pytest.raises(RuntimeError):
        add_treaty(con, name="T", text=TEXT_1961, parties="PRK,SUN")
    assert counts(con) == dict.fromkeys(TABLES, 0)


def test_same_name_twice_needs_replace(tmp_path: Path) -> None:
    con = new_store(tmp_path / "twice.duckdb")
    add_treaty(con, name="T", text=TEXT_1961, parties="PRK,SUN", signed="1961-07-06")
    with pytest.raises(TreatyError, match="already in the store.*--replace"):
        add_treaty(con, name="T", text=TEXT_2024, parties="PRK,RUS")
    assert len(load_treaty(con, "T").articles) == 6
    # a failed replacement keeps the old version
    with pytest.raises(TreatyError):
        add_treaty(con, name="T", text="nothing", parties="PRK,RUS", replace=True)
    assert len(load_treaty(con, "T").articles) == 6
    add_treaty(con, name="T", text=TEXT_2024, parties="PRK,RUS", replace=True)
    assert len(load_treaty(con, "T").articles) == 23
    assert counts(con)["treaties"] == 1
    assert counts(con)["treaty_articles"] == 23


def test_unknown_treaty_names_the_known_ones(store: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(TreatyError, match="no treaty named 'Nope'.*PRK-RUS 2024"):
        load_treaty(store, "Nope")


def test_report_section_lists_links_in_the_report_period(
    store: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from dyadwatch.analysis.report import ReportContext
    from dyadwatch.treaties.report_section import treaty_links_section

    def section(a: str, b: str, since: dt.date, until: dt.date):
        ctx = ReportContext(store, None, (a, b), [], "month", since, until, tmp_path)
        return treaty_links_section(ctx)

    sec = section("RUS", "PRK", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert sec is not None and sec.id == "treaty-links"
    assert "North Korea sent troops" in sec.body and "Art. 4" in sec.body
    assert "shipped shells" not in sec.body  # before signature
    csv_text = (tmp_path / "treaty_links.csv").read_text()
    assert "troops" in csv_text
    early = section("PRK", "RUS", dt.date(2024, 1, 1), dt.date(2024, 8, 31))
    assert early is not None and "No candidate invocations" in early.body
    assert section("PRK", "CHN", dt.date(2024, 1, 1), dt.date(2024, 12, 31)) is None
