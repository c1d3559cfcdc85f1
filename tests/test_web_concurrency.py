"""Serving while another process writes the store (``dyadwatch ingest``): snapshots."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from fastapi.testclient import TestClient

from dyadwatch.model import CodedDocument
from dyadwatch.web import create_app
from web_store import build_demo_store

TOKEN = "tok"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# Stands in for `dyadwatch ingest`: takes the write lock, writes one document, and keeps
# the store open until told to finish (a line on stdin).
WRITER = textwrap.dedent(
    """
    import sys
    from dyadwatch.model import CodedDocument, Document
    from dyadwatch.store import Store

    with Store(sys.argv[1]) as store:
        doc = Document(id="ingested-while-serving", text="A document written by an ingest.")
        store.write([CodedDocument(document=doc, sentences=1, events=[], uncoded=[])])
        print("written", flush=True)
        sys.stdin.readline()
    """
)


class NoEventCoder:
    def code_documents(self, documents):
        for d in documents:
            yield CodedDocument(document=d, sentences=1, events=[], uncoded=[])


def test_server_keeps_answering_during_an_ingest_and_catches_up_after(tmp_path):
    demo = build_demo_store(tmp_path / "demo.duckdb")
    app = create_app(demo.path, TOKEN, make_pipeline=NoEventCoder, refresh_seconds=0)
    with TestClient(app, raise_server_exceptions=False) as c:
        before = c.get("/api/status").json()
        assert before["stale"] is False and before["counts"]["documents"] == demo.documents
        # Between requests the server holds no lock: a writer process can open the store.
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(demo.path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        try:
            assert writer.stdout.readline().strip() == "written"
            during = c.get("/api/status").json()
            assert during["stale"] is True
            assert "in use by another process" in during["problem"]
            assert during["counts"]["documents"] == demo.documents  # the old snapshot
            events = c.get("/api/events", params={"dyad": "PRK-RUS"})
            assert events.status_code == 200 and events.json()["total"] > 0
            upload = c.post("/api/documents", json={"text": "Uploaded during an ingest."},
                            headers=AUTH)
            assert upload.status_code == 503
            assert "in use by another process" in upload.json()["error"]
            assert upload.headers["retry-after"]
        finally:
            writer.communicate("done\n", timeout=30)
        assert writer.returncode == 0
        after = c.get("/api/status").json()
        assert after["stale"] is False and after["snapshot"] > before["snapshot"]
        assert after["counts"]["documents"] == demo.documents + 1
        assert c.get("/api/documents/ingested-while-serving").status_code == 200
        upload = c.post("/api/documents", json={"text": "Uploaded after the ingest."},
                        headers=AUTH)
        assert upload.status_code == 201
        workdir = app.state.snapshots.workdir
        assert len(list(workdir.glob("*.duckdb"))) == 1  # old snapshots are removed
    assert not workdir.exists()  # and the last one when the server stops


def test_store_locked_at_startup_answers_503_until_free(tmp_path):
    demo = build_demo_store(tmp_path / "demo.duckdb")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(demo.path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "written"
        app = create_app(demo.path, refresh_seconds=0)
        with TestClient(app, raise_server_exceptions=False) as c:
            busy = c.get("/api/events")
            assert busy.status_code == 503
            assert "in use by another process" in busy.json()["error"]
            writer.communicate("done\n", timeout=30)
            assert c.get("/api/events").status_code == 200
    finally:
        if writer.poll() is None:
            writer.kill()
