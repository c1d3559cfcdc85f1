"""``GET /api/status`` and the dashboard page itself."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import FileResponse

from dyadwatch import __version__
from dyadwatch.events import ontology
from dyadwatch.model import PLOVER_TYPES
from dyadwatch.web.context import config, reading, snapshot_header, snapshots
from dyadwatch.web.errors import ERROR_RESPONSES
from dyadwatch.web.formats import MsgspecJSON

STATIC = Path(__file__).parent / "static"
router = APIRouter(responses=ERROR_RESPONSES)


def event_types() -> list[dict]:
    """PLOVER types with the QuadClass of their general CAMEO code and their modes,
    from the package's one ontology table (the dashboard's filters and colours)."""
    modes = ontology.plover_modes()
    return [
        {
            "name": t,
            "quad_class": ontology.lookup(ontology.default_code(t)).quad_class,
            "modes": modes.get(t, []),
        }
        for t in PLOVER_TYPES
    ]


@router.get("/api/status", tags=["status"])
def status(request: Request):
    """What is being served: totals, the snapshot's time, whether the store has changed
    since (``stale``, e.g. while an ingest writes it), whether uploads are accepted."""
    cfg = config(request)
    with reading(request) as snap:
        counts = snap.cached(("counts",), snap.store.counts)
    body = {
        "version": __version__,
        "store": str(cfg.db_path),
        "writes_enabled": cfg.writes_enabled,
        "counts": counts,
        "limits": {
            "max_page_size": cfg.max_page_size,
            "max_export_rows": cfg.max_export_rows,
            "max_body_bytes": cfg.max_body_bytes,
            "max_upload_documents": cfg.max_upload_documents,
        },
        **snapshots(request).status(),
        "event_types": event_types(),
    }
    return MsgspecJSON(body, headers=snapshot_header(snap))


@router.get("/", include_in_schema=False)
def dashboard() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})
