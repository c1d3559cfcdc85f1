"""The knobs of one server: which store, who may write, and how much a request may ask for.

Limits are part of serving safely: a request body larger than ``max_body_bytes`` is
refused before it is read, and no page of events is larger than ``max_page_size`` (JSON)
or ``max_export_rows`` (CSV/JSONL, which stream and so may be longer).
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass
from pathlib import Path

TOKEN_ENV = "DYADWATCH_TOKEN"
# Longest CSV/JSONL page; also the bound the OpenAPI spec declares for ``limit``.
MAX_EXPORT_ROWS = 50_000


@dataclass(frozen=True, kw_only=True)
class WebConfig:
    db_path: Path
    token: str | None = None
    max_body_bytes: int = 5 * 1024 * 1024
    max_page_size: int = 1000
    default_page_size: int = 100
    max_export_rows: int = MAX_EXPORT_ROWS
    max_upload_documents: int = 200
    refresh_seconds: float = 2.0
    snapshot_dir: Path | None = None

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)

    def token_matches(self, offered: str) -> bool:
        """Constant-time comparison, so response timing does not leak the token."""
        return bool(self.token) and hmac.compare_digest(
            offered.encode("utf-8"), (self.token or "").encode("utf-8")
        )


def token_from_env(explicit: str | None) -> str | None:
    """The write token: ``--token`` wins, then ``$DYADWATCH_TOKEN``; blank means none."""
    value = explicit if explicit is not None else os.environ.get(TOKEN_ENV)
    value = (value or "").strip()
    return value or None
