"""JSON API on a demo-like store: filters, paging, formats, analysis, documents, errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyadwatch.store import EVENT_COLUMNS, EventFilter, Store
from dyadwatch.web import create_app
from web_store import MARKED_SENTENCE, build_demo_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build_demo_store(tmp_path_factory.mktemp("web") / "demo.duckdb")


@pytest.fixture(scope="module")
def client(demo):
    with TestClient(create_app(demo.path), raise_server_exceptions=False) as c:
        yield c


def _all_pages(client: TestClient, url: str) -> list[dict]:
    events, page = [], client.get(url).json()
    events += page["events"]
    while page["next"]:
        page = client.get(page["next"]).json()
        events += page["events"]
    return events


# -- events ------------------------------------------------------------------------------


def test_events_dyad_total_matches_store_and_pages_cover_it_once(client, demo):
    with Store(demo.path, read_only=True) as store:
        expected = store.count_events(EventFilter(dyad="PRK-RUS", negated=False,
                                                  hypothetical=False))
    first = client.get("/api/events", params={"dyad": "PRK-RUS", "limit": 30})
    assert first.status_code == 200
    body = first.json()
    assert body["total"] == expected > 30
    assert first.headers["X-Total-Count"] == str(expected)
    events = _all_pages(client, "/api/events?dyad=PRK-RUS&limit=30")
    ids = [e["event_id"] for e in events]
    assert len(ids) == expected == len(set(ids))
    assert all({e["source"]["code"], e["target"]["code"]} == {"PRK", "RUS"} for e in events)
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)


def test_directed_dyad_keeps_one_direction(client):
    events = _all_pages(client, "/api/events?dyad=RUS-PRK&directed=true&limit=100")
    assert events and all(
        e["source"]["code"] == "RUS" and e["target"]["code"] == "PRK" for e in events
    )


def test_type_mode_and_date_filters(client):
    aid = _all_pages(client, "/api/events?type=aid&mode=Military&limit=100")
    assert aid and all(e["type"] == "AID" and e["mode"] == "military" for e in aid)
    window = _all_pages(client, "/api/events?since=2024-03-01&until=2024-03-31&limit=100")
    assert window and all("2024-03-01" <= e["date"] <= "2024-03-31" for e in window)
    actor = _all_pages(client, "/api/events?actor=kor&limit=100")
    assert actor and all("KOR" in (e["source"]["code"], e["target"]["code"]) for e in actor)


def test_text_search_is_a_literal_substring(client, demo):
    hits = client.get("/api/events", params={"q": "kursk REGION"}).json()
    assert [e["event_id"] for e in hits["events"]] == [demo.marked_event_id]
    # % and _ are not wildcards: no evidence sentence contains them.
    assert client.get("/api/events", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/events", params={"q": "North_Korea"}).json()["total"] == 0


def test_document_filter(client, demo):
    body = client.get("/api/events", params={"doc": demo.marked_doc_id}).json()
    assert [e["event_id"] for e in body["events"]] == [demo.marked_event_id]


def test_page_size_is_bounded(client):
    too_big = client.get("/api/events", params={"limit": 1001})
    assert too_big.status_code == 400
    assert "1000" in too_big.json()["error"]
    assert client.get("/api/events", params={"limit": 0}).status_code == 422
    default = client.get("/api/events").json()
    assert default["limit"] == 100 and len(default["events"]) == 100


def test_csv_has_the_flat_columns_and_the_same_events(client):
    params = {"dyad": "PRK-USA", "limit": 25}
    as_json = client.get("/api/events", params=params).json()["events"]
    response = client.get("/api/events", params=params | {"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in as_json]
    assert rows[0]["evidence_text"] == as_json[0]["evidence"]["text"]


def test_jsonl_streams_the_same_events_with_a_next_link(client):
    params = {"dyad": "PRK-RUS", "limit": 10, "offset": 5}
    as_json = client.get("/api/events", params=params).json()
    response = client.get("/api/events", params=params | {"format": "jsonl"})
    lines = [json.loads(x) for x in response.text.splitlines()]
    assert lines == as_json["events"]
    assert 'rel="next"' in response.headers["Link"] and "offset=15" in response.headers["Link"]
    big = client.get("/api/events", params={"limit": 5000, "format": "jsonl"})
    assert big.status_code == 200  # streamed formats allow bigger pages


# -- safety ------------------------------------------------------------------------------

INJECTIONS = [
    "'; DROP TABLE events; --",
    "PRK' OR '1'='1",
    "1) OR 1=1 --",
    "x' UNION SELECT text FROM documents --",
    "RUS\"; DELETE FROM events; --",
]
FILTERS = ["dyad", "actor", "type", "mode", "since", "until", "q", "doc"]


@pytest.mark.parametrize("field", FILTERS)
def test_sql_in_any_filter_is_only_ever_a_value(client, demo, field):
    for payload in INJECTIONS:
        response = client.get("/api/events", params={field: payload})
        assert response.status_code in (200, 400, 422), (field, payload, response.text)
        body = response.json()
        if response.status_code == 200:
            # Taken literally, such a value matches nothing.
            assert body["total"] == 0, (field, payload)
        else:
            assert set(body) == {"error"}
    with Store(demo.path, read_only=True) as store:
        assert store.counts()["events"] == demo.events


@pytest.mark.parametrize(
    "template",
    [
        "/api/dyads/{}/series",
        "/api/dyads/{}/changes",
        "/api/actors/{}/partners",
        "/api/documents/{}",
        "/api/treaties/{}",
    ],
)
def test_sql_in_path_parameters_is_refused_or_not_found(client, template):
    for payload in INJECTIONS:
        response = client.get(template.format(payload.replace("/", " ")))
        assert response.status_code in (400, 404, 422), (template, payload)
        assert set(response.json()) == {"error"}


def test_errors_are_one_line_json_without_tracebacks(client):
    cases = {
        "/api/nowhere": 404,
        "/api/events?type=PARTY": 422,
        "/api/events?since=someday": 422,
        "/api/events?until=0": 422,
        "/api/events?since=2024-02-30": 400,
        "/api/events?dyad=PRK": 422,
        "/api/events?dyad=PRK-RUS&since=2024-05-01&until=2024-01-01": 200,
        "/api/dyads/PRK-ZZZ/series": 404,
        "/api/dyads/PRK-PRK/series": 400,
        "/api/dyads/PRK-RUS/series?by=decade": 422,
        "/api/dyads/PRK-RUS/series?since=2024-05-01&until=2024-01-01": 400,
        "/api/documents/0000000000000000": 404,
    }
    for url, status in cases.items():
        response = client.get(url)
        assert response.status_code == status, (url, response.text)
        if status == 200:
            assert response.json()["total"] == 0
            continue
        body = response.json()
        assert set(body) == {"error"} and body["error"] and "\n" not in body["error"]
        assert "Traceback" not in response.text
    assert "PLOVER type" in client.get("/api/events?type=PARTY").json()["error"]
    assert "PRK-RUS" in client.get("/api/events?dyad=PRK").json()["error"]


def test_unexpected_failure_is_a_generic_500(demo, monkeypatch):
    from dyadwatch.web import routes_network

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(routes_network, "network_payload", broken)
    with TestClient(create_app(demo.path), raise_server_exceptions=False) as c:
        response = c.get("/api/network")
    assert response.status_code == 500
    assert "secret" not in response.text
    assert set(response.json()) == {"error"}


def test_security_headers_and_no_swagger_cdn(client):
    response = client.get("/api/status")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


# -- analysis ----------------------------------------------------------------------------


def test_series_covers_every_month_with_index_inside_its_band(client):
    body = client.get("/api/dyads/PRK-RUS/series?by=month").json()
    labels = [p["label"] for p in body["periods"]]
    assert labels[0] == "2023-01" and labels[-1] == "2024-12" and len(labels) == 24
    for p in body["periods"]:
        assert p["lower"] - 1e-9 <= p["index"] <= p["upper"] + 1e-9
    early = [p["index"] for p in body["periods"] if p["label"] < "2023-09"]
    late = [p["index"] for p in body["periods"] if p["label"] >= "2023-09"]
    assert min(late) > max(early)  # the planted warming
    assert body["totals"]["types"]["AID"] >= 1
    assert sum(body["totals"]["quad_classes"].values()) == body["totals"]["n_events"]


def test_series_by_name_order_is_the_same_dyad(client):
    ab = client.get("/api/dyads/PRK-RUS/series").json()
    ba = client.get("/api/dyads/rus-prk/series").json()
    assert [p["n_events"] for p in ab["periods"]] == [p["n_events"] for p in ba["periods"]]


def test_changes_find_the_planted_warming(client):
    body = client.get("/api/dyads/PRK-RUS/changes").json()
    warm = [c for c in body["changes"] if c["direction"] == "warmer"]
    assert any("2023-08" <= c["label"] <= "2023-10" for c in warm), body["changes"]
    assert all(c["events"] for c in warm)


def test_partner_shares_sum_to_one_and_show_the_shift(client):
    body = client.get("/api/actors/PRK/partners?by=year&top=2").json()
    assert body["partners"][:2] == ["RUS", "CHN"]
    by_year: dict[str, dict[str, float]] = {}
    for s in body["shares"]:
        by_year.setdefault(s["period"][:4], {})[s["partner"]] = s["share"]
    for shares in by_year.values():
        assert sum(shares.values()) == pytest.approx(1.0)
    assert by_year["2024"]["RUS"] > by_year["2023"]["RUS"]


def test_network_edges_carry_alignment_signs(client):
    body = client.get("/api/network?since=2023-01-01&until=2024-12-31").json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges[("PRK", "USA")]["alignment"] < 0 < edges[("CHN", "PRK")]["alignment"]
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["PRK"]["bloc"] == nodes["RUS"]["bloc"] != nodes["USA"]["bloc"]


def test_actor_typeahead_matches_codes_then_names(client):
    by_code = client.get("/api/actors?q=ru").json()["actors"]
    assert by_code[0]["code"] == "RUS"
    by_name = [a["code"] for a in client.get("/api/actors?q=korea").json()["actors"]]
    assert set(by_name) == {"PRK", "KOR"}
    everyone = client.get("/api/actors").json()["actors"]
    assert [a["events"] for a in everyone] == sorted((a["events"] for a in everyone), reverse=True)


# -- documents ---------------------------------------------------------------------------


def test_document_has_text_metadata_and_event_offsets(client, demo):
    body = client.get(f"/api/documents/{demo.marked_doc_id}").json()
    assert body["publisher"] and body["author"] and body["published"] == "2024-10-18"
    assert body["url"].startswith("https://")
    (event,) = body["events"]
    ev = event["evidence"]
    assert body["text"][ev["start"]:ev["end"]] == MARKED_SENTENCE
    tr = event["trigger"]
    assert body["text"][tr["start"]:tr["end"]] == "sent"


def test_document_list_pages(client, demo):
    body = client.get("/api/documents?limit=7").json()
    assert body["total"] == demo.documents and len(body["documents"]) == 7
    assert "text" not in body["documents"][0]


# -- treaties ----------------------------------------------------------------------------


def test_treaties_are_empty_without_treaty_tables(client):
    assert client.get("/api/treaties").json() == {"treaties": []}
    assert client.get("/api/treaties/anything").status_code == 404


def test_treaty_with_candidate_invocations(demo, tmp_path):
    import duckdb

    from dyadwatch.treaties.registry import add_treaty

    path = tmp_path / "with-treaty.duckdb"
    shutil.copyfile(demo.path, path)
    text = (ROOT / "demo" / "treaties" / "prk-rus-2024.txt").read_text(encoding="utf-8")
    con = duckdb.connect(str(path))
    add_treaty(con, name="PRK-RUS 2024", text=text, parties="PRK,RUS", signed="2024-06-19")
    con.close()
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        listed = c.get("/api/treaties").json()["treaties"]
        assert [t["name"] for t in listed] == ["PRK-RUS 2024"]
        body = c.get("/api/treaties/PRK-RUS 2024").json()
        assert body["parties"] == ["PRK", "RUS"] and body["articles"]
        assert body["links"], "military aid after signature should be a candidate invocation"
        assert all(link["date"] >= "2024-06-19" for link in body["links"])
        dyad = c.get("/api/dyads/PRK-RUS/treaty-links").json()["links"]
        assert {x["event_id"] for x in dyad} == {x["event_id"] for x in body["links"]}


# -- the service itself ------------------------------------------------------------------


def test_openapi_lists_every_endpoint(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/events",
        "/api/dyads/{dyad}/series",
        "/api/dyads/{dyad}/changes",
        "/api/actors",
        "/api/actors/{actor}/partners",
        "/api/network",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/treaties",
        "/api/treaties/{name}",
        "/api/status",
    } <= paths


def test_dashboard_is_served_and_loads_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    static = ROOT / "src" / "dyadwatch" / "web" / "static"
    for f in static.iterdir():
        assert client.get(f"/static/{f.name}").status_code == 200
        content = f.read_text(encoding="utf-8")
        # No external scripts, styles, fonts or fetches: only the SVG namespace URI.
        for line in content.splitlines():
            if "http" in line:
                assert "www.w3.org/2000/svg" in line or "http:" in line and "protocol" in line, (
                    f.name, line)


def test_status_reports_counts_and_snapshot(client, demo):
    body = client.get("/api/status").json()
    assert body["counts"]["events"] == demo.events
    assert body["writes_enabled"] is False and body["stale"] is False
    assert body["snapshot_taken_at"]
    assert [t["name"] for t in body["event_types"]][:2] == ["AGREE", "CONSULT"]
