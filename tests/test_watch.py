"""Watching end to end: a local news site, the real coder, a store, alerts and a webhook.

Articles are short pieces written for these tests about North Korea and Russia; the
server counts every request so the tests can tell a restart that resumes from one
that fetches everything again.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.store import Store
from dyadwatch.watch import Watcher, load_config
from dyadwatch.watch.state import WatchState
from watch_site import Site

FETCH = """
fetch:
  timeout: 0.4
  retries: 1
  backoff: 0.01
  rate_limit: 0
  max_bytes: 60000
"""

TROOPS = (
    "North Korea sent thousands of troops to Russia to fight in the Kursk region.",
    "The soldiers crossed the border by train, officials in Seoul said.",
)
SUMMIT = (
    "Kim Jong Un met Vladimir Putin in Pyongyang and the two leaders signed a "
    "partnership treaty.",
    "The meeting lasted several hours.",
)
GRAIN = ("Russia shipped fuel and wheat to North Korea as aid.",)


@pytest.fixture(scope="module")
def pipeline():
    from dyadwatch.pipeline import Pipeline

    return Pipeline()


@pytest.fixture()
def site():
    with Site() as s:
        yield s


def config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "SOURCES.yaml"
    path.write_text(body + FETCH)
    return path


def documents(db: Path) -> list[dict]:
    with Store(db, read_only=True) as store:
        return store.documents(limit=None)


def test_new_items_are_coded_once_and_a_changed_feed_adds_only_new_ones(
    tmp_path: Path, site: Site, pipeline
) -> None:
    site.article("/a1.html", "Troops sent", "2024-10-18", *TROOPS)
    site.article("/a2.html", "Leaders meet", "2024-06-19", *SUMMIT)
    site.rss("/rss.xml", [("/a1.html", "Troops sent", "2024-10-18"),
                          ("/a2.html", "Leaders meet", "2024-06-19")])
    feed = f"sources:\n  - name: wire\n    feed: {site.url('/rss.xml')}\n"
    cfg = load_config(config(tmp_path, feed))
    db = tmp_path / "store.duckdb"
    with Watcher(cfg, db, pipeline=pipeline) as w:
        first = w.poll().sources[0]
        assert (first.status, first.new, first.listed) == ("ok", 2, 2)
        assert first.events >= 2
        docs = {d["url"]: d for d in documents(db)}
        assert set(docs) == {site.url("/a1.html"), site.url("/a2.html")}
        assert docs[site.url("/a1.html")]["publisher"] == "Test Wire"
        assert docs[site.url("/a1.html")]["published"] == "2024-10-18"

        # unchanged feed: a 304, no page fetched again
        second = w.poll().sources[0]
        assert (second.status, second.new) == ("not_modified", 0)
        assert site.hits["/a1.html"] == 1 and site.hits["/a2.html"] == 1

        # the feed gains one item, and another URL carrying a copy of a known text
        site.article("/a3.html", "Aid shipped", "2024-11-02", *GRAIN)
        site.article("/copy-of-a1.html", "Troops sent", "2024-10-18", *TROOPS)
        site.rss("/rss.xml", [("/a3.html", "Aid shipped", "2024-11-02"),
                              ("/copy-of-a1.html", "Troops sent", "2024-10-18"),
                              ("/a1.html", "Troops sent", "2024-10-18"),
                              ("/a2.html", "Leaders meet", "2024-06-19")])
        third = w.poll().sources[0]
        assert (third.status, third.new, third.duplicates) == ("ok", 1, 1)
    assert site.hits["/a1.html"] == 1 and site.hits["/a2.html"] == 1
    assert site.hits["/a3.html"] == 1
    assert len(documents(db)) == 3
    with Store(db, read_only=True) as store:
        events = store.events()
        assert len({e["event_id"] for e in events}) == len(events)  # nothing coded twice


def test_a_restart_resumes_without_fetching_again(tmp_path: Path, site: Site, pipeline) -> None:
    site.article("/a1.html", "Troops sent", "2024-10-18", *TROOPS)
    site.article("/a2.html", "Aid shipped", "2024-11-02", *GRAIN)
    path = config(tmp_path, "sources:\n"
                  f"  - name: wire\n    feed: {site.url('/rss.xml')}\n"
                  f"  - name: picks\n    urls: [{site.url('/a2.html')}]\n")
    site.rss("/rss.xml", [("/a1.html", "Troops sent", "2024-10-18")])
    db = tmp_path / "store.duckdb"
    with Watcher(load_config(path), db, pipeline=pipeline) as w:
        assert [s.new for s in w.poll().sources] == [1, 1]
    # a new process: new Watcher, same store
    with Watcher(load_config(path), db, pipeline=pipeline) as w:
        results = w.poll().sources
    assert [(s.status, s.new) for s in results] == [("not_modified", 0), ("ok", 0)]
    assert site.hits["/a1.html"] == 1 and site.hits["/a2.html"] == 1
    # the feed was asked with the validator stored by the first process
    assert site.headers["/rss.xml"][-1].get("If-None-Match")
    with Store(db, read_only=True) as store:
        state = WatchState(store)
        rows = {r["name"]: r for r in state.sources()}
        state.close()
    assert rows["wire"]["polls"] == 2 and rows["wire"]["total_new"] == 1
    assert rows["picks"]["articles"] == 1


def test_failing_sources_are_reported_and_the_others_go_on(
    tmp_path: Path, site: Site, pipeline
) -> None:
    site.set("/slow.xml", "<rss/>", delay=1.5)
    site.set("/down.xml", "server trouble", status=500)
    site.set("/broken.xml", "<rss><channel><item><title>half", ctype="application/rss+xml")
    site.set("/huge.html", "<p>" + "very long page " * 10_000 + "</p>")
    site.article("/ok.html", "Aid shipped", "2024-11-02", *GRAIN)
    site.set("/flaky.html", "try later", status=503)
    site.rss("/mixed.xml", [("/huge.html", "Huge", "2024-11-01"),
                            ("/flaky.html", "Flaky", "2024-11-01"),
                            ("/ok.html", "Aid shipped", "2024-11-02")])
    site.article("/good.html", "Troops sent", "2024-10-18", *TROOPS)
    site.rss("/good.xml", [("/good.html", "Troops sent", "2024-10-18")])
    names = ("slow", "down", "broken", "unreachable", "mixed", "good")
    feeds = ("/slow.xml", "/down.xml", "/broken.xml", None, "/mixed.xml", "/good.xml")
    lines = "".join(
        f"  - name: {n}\n    feed: {site.url(f) if f else 'http://127.0.0.1:9/rss.xml'}\n"
        for n, f in zip(names, feeds, strict=True)
    )
    db = tmp_path / "store.duckdb"
    with Watcher(load_config(config(tmp_path, "sources:\n" + lines)), db,
                 pipeline=pipeline) as w:
        report = w.poll()
    got = {s.name: s for s in report.sources}
    assert report.failed
    assert got["good"].new == 1 and got["good"].status == "ok"
    assert got["mixed"].new == 1 and got["mixed"].status == "partial"
    assert "limit" in got["mixed"].errors[0][1] and "HTTP 503" in got["mixed"].errors[1][1]
    assert "timed out" in got["slow"].errors[0][1]
    assert "HTTP 500" in got["down"].errors[0][1]
    assert "well-formed" in got["broken"].errors[0][1] or "not an RSS" in got["broken"].errors[0][1]
    assert "cannot connect" in got["unreachable"].errors[0][1]
    for name in ("slow", "down", "broken", "unreachable"):
        assert got[name].status == "error"

    result = CliRunner().invoke(app, ["sources", "--db", str(db)], terminal_width=200)
    assert result.exit_code == 0, result.output
    for name in names:
        assert name in result.output
    assert "HTTP 500" in result.output and "timed out" in result.output

    # next poll: the huge page is not tried again, the page that answered 503 is (the
    # feed is fetched whole again rather than answered 304), the broken feed too
    hits = site.hits["/flaky.html"]
    with Watcher(load_config(config(tmp_path, "sources:\n" + lines)), db,
                 pipeline=pipeline) as w:
        again = {s.name: s for s in w.poll().sources}
    assert site.hits["/huge.html"] == 1
    assert site.hits["/flaky.html"] == 2 * hits
    assert again["mixed"].status == "partial" and again["mixed"].new == 0
    assert again["broken"].status == "error" and again["good"].status == "not_modified"


def test_event_alert_fires_once_with_evidence_and_reaches_the_webhook_once(
    tmp_path: Path, site: Site, pipeline
) -> None:
    site.article("/a1.html", "Troops sent", "2024-10-18", *TROOPS)
    site.article("/a2.html", "Leaders meet", "2024-06-19", *SUMMIT)
    site.rss("/rss.xml", [("/a1.html", "Troops sent", "2024-10-18"),
                          ("/a2.html", "Leaders meet", "2024-06-19")])
    path = config(
        tmp_path,
        f"sources:\n  - name: wire\n    feed: {site.url('/rss.xml')}\n"
        "watch:\n  - dyad: PRK-RUS\n    types: [AID]\n    modes: [military]\n"
        f"alerts:\n  log: alerts.jsonl\n  webhook: {site.url('/hook')}\n",
    )
    db = tmp_path / "store.duckdb"
    with Watcher(load_config(path), db, pipeline=pipeline) as w:
        alerts = w.poll().alerts
        assert [a.kind for a in alerts] == ["event"]
        assert w.poll().alerts == []
    with Watcher(load_config(path), db, pipeline=pipeline) as w:  # restart
        assert w.poll().alerts == []

    logged = [json.loads(x) for x in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert len(logged) == 1 and site.posts["/hook"] == logged
    alert = logged[0]
    assert alert["dyad"] == "PRK-RUS" and alert["kind"] == "event"
    (ev,) = alert["evidence"]
    assert ev["type"] == "AID" and ev["mode"] == "military"
    assert ev["sentence"] == TROOPS[0] and ev["url"] == site.url("/a1.html")
    assert ev["date"] == "2024-10-18"
    with Store(db, read_only=True) as store:
        assert store.events(doc_id=ev["doc_id"])[0]["event_id"] == ev["event_id"]


def test_index_shift_alert_fires_once_for_a_planted_shift(
    tmp_path: Path, site: Site, pipeline
) -> None:
    hostile = [
        ("2024-01-05", "North Korea accused Russia of breaking its promises on grain."),
        ("2024-01-20", "Russia condemned North Korea for its missile test near Vladivostok."),
        ("2024-02-10", "Pyongyang threatened Moscow with retaliation over a seized ship."),
        ("2024-02-25", "North Korean officials criticised Russia over unpaid debts."),
    ]
    friendly = [
        ("2024-03-10", "Russia shipped fuel and wheat to North Korea as aid."),
        ("2024-03-18", "North Korea sent thousands of troops to Russia."),
        ("2024-03-24", "Russia delivered air defence systems to North Korea."),
    ]
    items = []

    def publish(day: str, sentence: str) -> None:
        p = f"/{day}.html"
        site.article(p, f"Report of {day}", day, sentence)
        items.insert(0, (p, f"Report of {day}", day))
        site.rss("/rss.xml", items)

    for day, sentence in hostile:
        publish(day, sentence)
    path = config(
        tmp_path,
        f"sources:\n  - name: wire\n    feed: {site.url('/rss.xml')}\n"
        "watch:\n  - dyad: RUS-PRK\n    index_shift: 0.5\n    window: 30d\n    min_events: 2\n"
        f"alerts:\n  log: alerts.jsonl\n  webhook: {site.url('/hook')}\n",
    )
    db = tmp_path / "store.duckdb"
    today = lambda: dt.date(2024, 12, 31)  # noqa: E731
    with Watcher(load_config(path), db, pipeline=pipeline, today=today) as w:
        assert w.poll().alerts == []  # hostile throughout: no shift
        for day, sentence in friendly:
            publish(day, sentence)
        (alert,) = w.poll().alerts
        assert alert.kind == "index_shift" and alert.details["direction"] == "warmer"
        assert alert.details["change"] >= 0.5
        assert alert.details["index_before"] < 0 < alert.details["index_after"]
        dates = {e["date"] for e in alert.evidence}
        assert dates and dates <= {d for d, _ in friendly}
        assert all(e["quad_class"] in (1, 2) and e["event_id"] for e in alert.evidence)

        publish("2024-03-28", "Russia sent food aid to North Korea.")
        assert w.poll().alerts == []  # the shift goes on: no second alert
    assert len(site.posts["/hook"]) == 1
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1


def test_cli_once_prints_new_articles_and_alerts(
    tmp_path: Path, site: Site, pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dyadwatch.pipeline

    monkeypatch.setattr(dyadwatch.pipeline, "Pipeline", lambda *a, **k: pipeline)
    site.article("/a1.html", "Troops sent", "2024-10-18", *TROOPS)
    site.rss("/rss.xml", [("/a1.html", "Troops sent", "2024-10-18")])
    path = config(
        tmp_path,
        f"sources:\n  - name: wire\n    feed: {site.url('/rss.xml')}\n"
        f"  - name: gone\n    feed: http://127.0.0.1:9/rss.xml\n"
        "watch:\n  - dyad: PRK-RUS\n    types: [AID]\n",
    )
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(app, ["watch", str(path), "--once", "--db", str(db)],
                                terminal_width=200)
    assert result.exit_code == 1  # one source failed; the other was still polled
    assert "wire: 1 new" in result.output
    assert "ALERT" in result.output and TROOPS[0] in result.output
    gone = [ln for ln in result.output.splitlines() if "gone:" in ln]
    assert len(gone) == 1 and "failed" in gone[0] and "cannot connect" in gone[0]
    assert "Traceback" not in result.output


def test_a_webhook_that_is_down_gets_the_alert_later_and_only_once(
    tmp_path: Path, site: Site, pipeline
) -> None:
    site.article("/a1.html", "Troops sent", "2024-10-18", *TROOPS)
    site.rss("/rss.xml", [("/a1.html", "Troops sent", "2024-10-18")])
    path = config(
        tmp_path,
        f"sources:\n  - name: wire\n    feed: {site.url('/rss.xml')}\n"
        "watch:\n  - dyad: PRK-RUS\n    types: [AID]\n"
        f"alerts:\n  log: alerts.jsonl\n  webhook: {site.url('/hook')}\n",
    )
    db = tmp_path / "store.duckdb"
    site.post_status = 500
    with Watcher(load_config(path), db, pipeline=pipeline) as w:
        report = w.poll()
        assert len(report.alerts) == 1
        assert any("webhook" in p and "HTTP 500" in p for p in report.problems)
        site.post_status = 200
        assert w.poll().alerts == []  # not a new alert, only a late delivery
        assert w.poll().problems == []
    assert len(site.posts["/hook"]) == 2  # the refused POST, then the delivered one
    assert site.posts["/hook"][0]["key"] == site.posts["/hook"][1]["key"]
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1


def test_a_url_list_file_is_read_again_each_poll(tmp_path: Path, site: Site, pipeline) -> None:
    site.article("/a1.html", "Troops sent", "2024-10-18", *TROOPS)
    site.set("/note.txt", GRAIN[0], ctype="text/plain; charset=utf-8")
    links = tmp_path / "links.txt"
    links.write_text(f"# hand-picked\n{site.url('/a1.html')}\n")
    path = config(tmp_path, "sources:\n  - name: picked\n    url_list: links.txt\n")
    db = tmp_path / "store.duckdb"
    with Watcher(load_config(path), db, pipeline=pipeline) as w:
        assert w.poll().sources[0].new == 1
        links.write_text(links.read_text() + f"{site.url('/note.txt')}\n")
        result = w.poll().sources[0]
    assert (result.new, result.listed) == (1, 2)
    assert site.hits["/a1.html"] == 1 and site.hits["/note.txt"] == 1
    texts = {d["url"]: d for d in documents(db)}
    assert texts[site.url("/note.txt")]["n_events"] >= 1  # plain text is coded as it is


def test_items_over_max_items_wait_for_the_next_poll(tmp_path: Path, site: Site, pipeline) -> None:
    site.article("/a1.html", "Troops sent", "2024-10-18", *TROOPS)
    site.article("/a2.html", "Leaders meet", "2024-06-19", *SUMMIT)
    site.article("/a3.html", "Aid shipped", "2024-11-02", *GRAIN)
    site.rss("/rss.xml", [("/a3.html", "Aid shipped", "2024-11-02"),
                          ("/a1.html", "Troops sent", "2024-10-18"),
                          ("/a2.html", "Leaders meet", "2024-06-19")])
    path = config(tmp_path, f"sources:\n  - name: wire\n    feed: {site.url('/rss.xml')}\n"
                            "    max_items: 2\n")
    with Watcher(load_config(path), tmp_path / "store.duckdb", pipeline=pipeline) as w:
        assert [w.poll().sources[0].new for _ in range(3)] == [2, 1, 0]
    assert [site.hits[f"/a{i}.html"] for i in (1, 2, 3)] == [1, 1, 1]
