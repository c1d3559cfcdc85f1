"""Plain-text articles: the whole file is the document text."""

from __future__ import annotations

import datetime as dt
import os

from dyadwatch.ingest.dates import date_from_filename
from dyadwatch.ingest.decoding import DEFAULT_MAX_BYTES, NotText, read_text_file
from dyadwatch.ingest.limits import MAX_DOCUMENT_CHARS, length_problem
from dyadwatch.ingest.normalize import clean_newlines, document_id
from dyadwatch.model import Document, InputError


def read_txt(
    path: str,
    published: dt.date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Document | InputError:
    """One ``.txt`` file. Date: ``published`` if given, else a date the file name starts with."""
    try:
        text = clean_newlines(read_text_file(path, max_bytes))
    except NotText as exc:
        return InputError(path=path, line=None, message=str(exc))
    except OSError as exc:
        return InputError(path=path, line=None, message=f"cannot read: {exc.strerror or exc}")
    if not text.strip():
        return InputError(path=path, line=None, message="empty file")
    if too_long := length_problem(text, max_chars):
        return InputError(path=path, line=None, message=too_long)
    return Document(
        id=document_id(text),
        text=text,
        external_id=path,
        published=published or date_from_filename(os.path.basename(path)),
        source_path=path,
    )
