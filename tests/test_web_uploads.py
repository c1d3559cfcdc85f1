"""Uploads through the API: token rules, body limits, validation, and real coding."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dyadwatch.model import CodedDocument
from dyadwatch.store import Store
from dyadwatch.web import create_app
from web_store import build_demo_store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class NoEventCoder:
    """Stands in for the NLP pipeline where a test is about the web layer, not coding."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def code_documents(self, documents):
        for d in documents:
            self.seen.append(d.id)
            yield CodedDocument(document=d, sentences=1, events=[], uncoded=[])


@pytest.fixture()
def store_path(tmp_path):
    return build_demo_store(tmp_path / "demo.duckdb").path


def _client(path, token=TOKEN, coder=None, **limits):
    app = create_app(path, token, make_pipeline=lambda: coder or NoEventCoder(), **limits)
    return TestClient(app, raise_server_exceptions=False)


ARTICLE = {
    "text": "Officials from both governments met in the capital on Tuesday.",
    "title": "Officials meet",
    "url": "https://news.example.org/meeting",
    "published": "2024-05-02",
    "publisher": "Example Wire",
    "author": "A. Writer",
}


def test_uploads_are_refused_when_no_token_is_configured(store_path):
    with _client(store_path, token=None) as c:
        response = c.post("/api/documents", json=ARTICLE, headers=AUTH)
    assert response.status_code == 403
    assert "--token" in response.json()["error"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
     {"Authorization": f"Basic {TOKEN}"}],
)
def test_missing_or_wrong_token_is_401(store_path, headers):
    with _client(store_path) as c:
        response = c.post("/api/documents", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert set(response.json()) == {"error"}


def test_upload_is_stored_visible_at_once_and_idempotent(store_path):
    coder = NoEventCoder()
    with _client(store_path, coder=coder) as c:
        before = c.get("/api/status").json()["counts"]["documents"]
        first = c.post("/api/documents", json=[ARTICLE], headers=AUTH)
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["stored"] == 1 and body["received"] == 1
        doc_id = body["documents"][0]["id"]
        shown = c.get(f"/api/documents/{doc_id}").json()
        assert shown["title"] == "Officials meet" and shown["author"] == "A. Writer"
        assert shown["published"] == "2024-05-02"
        assert c.get("/api/status").json()["counts"]["documents"] == before + 1
        again = c.post("/api/documents", json=ARTICLE, headers=AUTH)
        assert again.status_code == 200 and again.json()["stored"] == 0
        assert again.json()["skipped"] == 1
    assert coder.seen == [doc_id]  # the repeat was not coded again
    with Store(store_path, read_only=True) as store:
        assert store.document(doc_id) is not None


def test_bad_records_name_the_field_and_store_nothing(store_path):
    with _client(store_path) as c:
        before = c.get("/api/status").json()["counts"]["documents"]
        response = c.post(
            "/api/documents",
            json=[ARTICLE | {"text": "Another fine article."}, {"text": "  "},
                  {"title": "no text"}, ARTICLE | {"published": "last week"}],
            headers=AUTH,
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert "article 2: field `text` is empty" in error
        assert "article 3" in error and "text" in error
        assert "article 4: field `published`" in error
        assert "nothing was stored" in error
        assert c.get("/api/status").json()["counts"]["documents"] == before


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[]", "application/json", 400),
        (b"42", "application/json", 400),
        (b"text=hello", "application/x-www-form-urlencoded", 415),
    ],
)
def test_malformed_bodies(store_path, body, content_type, status):
    with _client(store_path) as c:
        response = c.post("/api/documents", content=body,
                          headers=AUTH | {"Content-Type": content_type})
    assert response.status_code == status
    assert set(response.json()) == {"error"}


def test_json_lines_body_is_accepted(store_path):
    lines = b'{"text": "First uploaded line."}\n{"text": "Second uploaded line."}\n'
    with _client(store_path) as c:
        response = c.post("/api/documents", content=lines,
                          headers=AUTH | {"Content-Type": "application/x-ndjson"})
    assert response.status_code == 201 and response.json()["stored"] == 2


def test_body_size_limit_with_and_without_content_length(store_path):
    big = {"text": "x" * 5000}
    with _client(store_path, max_body_bytes=2000) as c:
        declared = c.post("/api/documents", json=big, headers=AUTH)
        assert declared.status_code == 413
        assert "2000 bytes" in declared.json()["error"]

        def chunks():
            for _ in range(10):
                yield b" " * 500

        streamed = c.post("/api/documents", content=chunks(),
                          headers=AUTH | {"Content-Type": "application/json"})
        assert streamed.status_code == 413
        assert c.get("/api/status").status_code == 200  # the server is fine afterwards


def test_article_count_limit(store_path):
    with _client(store_path, max_upload_documents=3) as c:
        response = c.post("/api/documents", json=[ARTICLE] * 4, headers=AUTH)
    assert response.status_code == 413
    assert "3 articles" in response.json()["error"]


def test_new_store_is_created_for_a_writer_and_refused_for_a_reader(tmp_path):
    from dyadwatch.store import StoreError

    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "absent.duckdb")
    with _client(tmp_path / "fresh.duckdb") as c:
        assert c.get("/api/status").json()["counts"]["documents"] == 0
        assert c.post("/api/documents", json=ARTICLE, headers=AUTH).status_code == 201
        assert c.get("/api/status").json()["counts"]["documents"] == 1


def test_upload_is_coded_by_the_real_pipeline(store_path):
    """The same pipeline as `dyadwatch ingest` (spaCy model loaded once per session)."""
    from dyadwatch.api import default_pipeline

    article = {
        "text": (
            "Russian President Vladimir Putin arrived in Pyongyang on Wednesday. "
            "Russia sent troops to Belarus in the spring, the ministry said."
        ),
        "published": "2024-06-19",
        "title": "Test article",
    }
    app = create_app(store_path, TOKEN, make_pipeline=default_pipeline)
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.post("/api/documents", json=article, headers=AUTH)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["events"] >= 1
        doc_id = body["documents"][0]["id"]
        events = c.get("/api/events", params={"doc": doc_id}).json()["events"]
        assert {(e["source"]["code"], e["target"]["code"]) for e in events} >= {("RUS", "BLR")}
        doc = c.get(f"/api/documents/{doc_id}").json()
        for e in doc["events"]:
            ev = e["evidence"]
            assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
