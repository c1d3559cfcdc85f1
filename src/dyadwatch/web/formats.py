"""Response bodies: JSON through msgspec, and events streamed as CSV or JSON Lines.

msgspec writes dates as ISO strings and NaN as ``null`` (analysis tables carry NaN for
"no data in this period"), which the standard JSON encoder would turn into invalid JSON.
CSV uses the flat event columns of the store and exports (``source_code`` …), so a
spreadsheet from the API matches one from ``dyadwatch events --format csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec
from starlette.responses import JSONResponse

from dyadwatch.store import EVENT_COLUMNS, flat_event
from dyadwatch.store.rows import spreadsheet_safe

_encoder = msgspec.json.Encoder()
_FLUSH_ROWS = 500


class MsgspecJSON(JSONResponse):
    """JSON rendered by msgspec (a JSONResponse, so the OpenAPI spec says "JSON")."""

    def render(self, content: Any) -> bytes:
        return _encoder.encode(content)


def encode(obj: Any) -> bytes:
    return _encoder.encode(obj)


def jsonl_chunks(events: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buf: list[bytes] = []
    for event in events:
        buf.append(_encoder.encode(event) + b"\n")
        if len(buf) >= _FLUSH_ROWS:
            yield b"".join(buf)
            buf.clear()
    if buf:
        yield b"".join(buf)


def csv_chunks(events: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for n, event in enumerate(events, 1):
        writer.writerow(spreadsheet_safe(flat_event(event)))
        if n % _FLUSH_ROWS == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")
