"""Property-based run of the OpenAPI spec (schemathesis): no request makes the server fail.

Every GET operation is called with generated parameters (valid and invalid), and uploads
with generated bodies under a token (coded by a stand-in coder here; docs/web.md has the
command that fuzzes uploads through the real pipeline). Checks: no 5xx, every status code
and content type is one the spec documents, and responses match their declared schemas.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from dyadwatch.model import CodedDocument
from dyadwatch.web import create_app
from web_store import build_demo_store

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

TOKEN = "schema-token"


class NoEventCoder:
    def code_documents(self, documents):
        for d in documents:
            yield CodedDocument(document=d, sentences=1, events=[], uncoded=[])


@pytest.fixture(scope="module")
def web_schema(tmp_path_factory):
    demo = build_demo_store(tmp_path_factory.mktemp("schema") / "demo.duckdb")
    app = create_app(demo.path, TOKEN, make_pipeline=NoEventCoder)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_api_follows_its_spec_and_never_fails(web_schema, mode):
    """Each operation gets its own generated cases (valid or deliberately invalid)."""
    generation = schemathesis.GenerationMode(mode)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    if mode == "positive":
        checks.append(response_schema_conformance)
    tested, calls = [], []
    for result in web_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=generation))
        @settings(
            max_examples=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            calls.append(case)
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=checks)

        try:
            call()
        except Unsatisfiable:
            # Nothing to get wrong: an operation without parameters has no invalid input.
            assert mode == "negative", operation.path
            continue
        tested.append(f"{operation.method.upper()} {operation.path}")
    assert "POST /api/documents" in tested and len(tested) >= (12 if mode == "positive" else 9)
    assert len(calls) >= 100
    print(f"{mode}: {len(calls)} generated requests over {len(tested)} operations")
