"""Partner shares, concentration, and the network of ties with its blocs."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import duckdb
import networkx as nx
import pytest

from dyadwatch.analysis import synthetic
from dyadwatch.analysis.facts import AnalysisError
from dyadwatch.analysis.network import blocs, tie_network, write_network
from dyadwatch.analysis.partners import concentration, partner_shares


def _rows(spec: list[tuple[str, str, str, str, int]]) -> list[dict]:
    """(day, source, target, type, how many) -> rows with unmergeable evidence."""
    rows, n = [], 0
    for day, src, tgt, etype, count in spec:
        for k in range(count):
            n += 1
            rows.append({
                "event_id": f"p{n:05d}", "doc_id": f"p{n:05d}",
                "date": dt.date.fromisoformat(day) + dt.timedelta(days=3 * k),
                "source_code": src, "target_code": tgt, "type": etype,
                "evidence_text": f"Item {n:05d} {n + 50000:05d}",
            })  # fmt: skip
    return rows


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    con = synthetic.create_store(duckdb.connect())
    synthetic.insert_events(con, _rows([
        # 2023: North Korea's cooperation mostly with China.
        ("2023-01-02", "PRK", "CHN", "CONSULT", 6),
        ("2023-02-02", "RUS", "PRK", "AGREE", 2),
        ("2023-03-02", "PRK", "USA", "CONSULT", 2),
        ("2023-04-02", "PRK", "USA", "THREATEN", 5),
        # 2024: mostly with Russia.
        ("2024-01-02", "PRK", "RUS", "COOPERATE", 6),
        ("2024-02-02", "CHN", "PRK", "CONSULT", 2),
        ("2024-03-02", "PRK", "KOR", "THREATEN", 4),
        # Two camps for the network: RUS/PRK/IRN friendly, USA/KOR/JPN friendly,
        # hostility across.
        ("2024-05-02", "RUS", "IRN", "AID", 5),
        ("2024-05-02", "PRK", "IRN", "CONSULT", 3),
        ("2024-05-02", "USA", "KOR", "COOPERATE", 6),
        ("2024-05-02", "USA", "JPN", "AGREE", 5),
        ("2024-05-02", "JPN", "KOR", "CONSULT", 3),
        ("2024-06-02", "USA", "RUS", "SANCTION", 4),
        ("2024-06-02", "KOR", "PRK", "ACCUSE", 3),
    ]))  # fmt: skip
    return con


def test_shares_sum_to_one_and_show_the_swap(con):
    t = partner_shares(con, "PRK", by="year")
    per_period = defaultdict(float)
    for r in t.to_pylist():
        per_period[r["period"]] += r["share"]
    assert all(total == pytest.approx(1.0) for total in per_period.values())
    rows = {(r["period"].year, r["partner"]): r for r in t.to_pylist()}
    assert rows[(2023, "CHN")]["share"] == pytest.approx(6 / 10)
    assert rows[(2023, "RUS")]["share"] == pytest.approx(2 / 10)
    assert rows[(2024, "RUS")]["share"] == pytest.approx(6 / 11)
    # Hostile events are not partners in cooperation.
    assert (2024, "KOR") not in rows
    hhi_2023 = (0.6**2) + (0.2**2) + (0.2**2)
    assert rows[(2023, "CHN")]["hhi"] == pytest.approx(hhi_2023)
    assert rows[(2023, "CHN")]["effective"] == pytest.approx(1 / hhi_2023)
    top = {c["period"].year: c["top_partner"] for c in concentration(t)}
    assert top == {2023: "CHN", 2024: "RUS"}


def test_pooling_other_partners_keeps_shares_and_hhi(con):
    full = partner_shares(con, "PRK", by="year")
    pooled = partner_shares(con, "PRK", by="year", partners=["RUS", "CHN"])
    assert {r["partner"] for r in pooled.to_pylist()} == {"RUS", "CHN", "OTHER"}
    totals = defaultdict(float)
    for r in pooled.to_pylist():
        totals[r["period"]] += r["share"]
    assert all(v == pytest.approx(1.0) for v in totals.values())
    # DuckDB sums in no fixed order: compare to 9 places, not bit for bit
    assert sorted({round(h, 9) for h in pooled.column("hhi").to_pylist()}) == sorted(
        {round(h, 9) for h in full.column("hhi").to_pylist()}
    )
    hostile = partner_shares(con, "PRK", by="year", kind="hostile").to_pylist()
    assert {r["partner"] for r in hostile} == {"USA", "KOR"}
    with pytest.raises(AnalysisError):
        partner_shares(con, "PRK", kind="friendly")


def test_network_finds_the_two_camps(con):
    graph = tie_network(con, since=dt.date(2024, 5, 1), until=dt.date(2024, 6, 30))
    assert graph["USA"]["RUS"]["hostile"] == 4 and graph["USA"]["RUS"]["sign"] == -1
    assert graph["RUS"]["IRN"]["coop"] == 5 and graph["RUS"]["IRN"]["alignment"] > 0
    camps = blocs(graph)
    assert {"RUS", "PRK", "IRN"} in camps
    assert {"USA", "KOR", "JPN"} in camps
    assert graph.nodes["USA"]["bloc"] != graph.nodes["RUS"]["bloc"]


def test_network_exports(con, tmp_path):
    graph = tie_network(con, since=dt.date(2024, 5, 1))
    png = write_network(graph, tmp_path / "net.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    back = nx.read_graphml(write_network(graph, tmp_path / "net.graphml"))
    assert set(back.nodes) == set(graph.nodes)
    assert int(back["RUS"]["USA"]["hostile"]) == 4
    data = json.loads(write_network(graph, tmp_path / "net.json").read_text())
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert all("bloc" in n for n in data["nodes"])
    with pytest.raises(AnalysisError, match="must end in"):
        write_network(graph, tmp_path / "net.svg")
