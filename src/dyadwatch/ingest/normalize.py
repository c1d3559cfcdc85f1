"""Document identity: the same article read twice must be one document.

Ids hash the *normalised* text (Unicode NFC, whitespace runs folded to one space,
ends stripped), so a copy saved under another file name, re-wrapped, or with Windows
line endings gets the same id and is stored once.
"""

from __future__ import annotations

import hashlib
import unicodedata

ID_HEX_CHARS = 16  # 64 bits: collisions stay negligible up to billions of documents


def normalise_text(text: str) -> str:
    """The text as hashed: NFC, whitespace runs folded to one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def document_id(text: str) -> str:
    """Stable id of a document's content (first 16 hex digits of SHA-256)."""
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return digest[:ID_HEX_CHARS]


def clean_newlines(text: str) -> str:
    """Windows and old-Mac line ends as ``\\n``, so offsets mean the same on every platform."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
