"""The FastAPI application: JSON API under ``/api``, the dashboard at ``/``.

``create_app`` only assembles parts that live in their own modules: routes per noun
(events, dyads, actors, network, documents, treaties, status), error mapping
(``errors``), limits (``limits``), token and browser headers (``security``), and how the
store file is shared with ``dyadwatch ingest`` (``snapshot``: read-only snapshots, the
server as the only writer for uploads). Swagger UI is switched off because it loads from
a CDN; the spec itself is at ``/openapi.json``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from dyadwatch import __version__
from dyadwatch.store import Store, StoreError
from dyadwatch.web import (
    errors,
    routes_actors,
    routes_documents,
    routes_dyads,
    routes_events,
    routes_network,
    routes_status,
    routes_treaties,
)
from dyadwatch.web.config import WebConfig
from dyadwatch.web.formats import MsgspecJSON
from dyadwatch.web.limits import BodySizeLimit
from dyadwatch.web.security import SecurityHeaders
from dyadwatch.web.snapshot import SnapshotStore
from dyadwatch.web.uploads import Uploader

DESCRIPTION = """Political event data from the dyadwatch store: events with evidence,
dyad series with an alignment index, change points, partner shares, the tie network,
documents with highlighted evidence, treaties. Every error is `{"error": "..."}`.
Uploads (`POST /api/documents`) need `Authorization: Bearer <token>`."""


def default_pipeline() -> Any:
    """The CLI's pipeline, configured by ``dyadwatch.toml`` in the working directory."""
    from dyadwatch.config import load_settings
    from dyadwatch.pipeline import Pipeline

    return Pipeline(load_settings())


def prepare_store(config: WebConfig) -> None:
    """Fail early (one line) for a store that cannot be served; create it for writers.

    A store locked by a running ingest is not an error: the server starts and answers
    503 until the first snapshot can be taken.
    """
    path = config.db_path
    if not path.exists():
        if not config.writes_enabled:
            raise StoreError(
                f"{path}: no such store (run `dyadwatch ingest PATH --db {path}` first, "
                "or start with --token to accept uploads into a new store)"
            )
        Store(path).close()
        return
    try:
        Store(path, read_only=True).close()
    except StoreError as exc:
        if "in use by another process" not in str(exc):
            raise


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    make_pipeline: Callable[[], Any] | None = None,
    **limits: Any,
) -> FastAPI:
    """The app for one store. ``limits`` override ``WebConfig`` fields (``max_page_size``,
    ``max_body_bytes``, ``refresh_seconds`` ...); ``make_pipeline`` builds the coder used for
    uploads (default: the same pipeline as ``dyadwatch ingest``)."""
    config = replace(WebConfig(db_path=Path(db_path), token=token or None), **limits)
    prepare_store(config)
    snapshots = SnapshotStore(
        config.db_path, refresh_seconds=config.refresh_seconds, workdir=config.snapshot_dir
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        snapshots.close()

    app = FastAPI(
        title="dyadwatch",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        default_response_class=MsgspecJSON,
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.snapshots = snapshots
    app.state.uploader = Uploader(snapshots, make_pipeline or default_pipeline)
    errors.install(app)
    for module in (
        routes_status,
        routes_events,
        routes_dyads,
        routes_actors,
        routes_network,
        routes_documents,
        routes_treaties,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=routes_status.STATIC), name="static")
    app.add_middleware(BodySizeLimit, max_bytes=config.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
