"""Bytes to text, refusing what is not text rather than feeding garbage to the coder.

UTF-8 (with or without BOM) and BOM-marked UTF-16 are taken as they are. Anything else
gets one chance as Windows-1252 (then Latin-1), accepted only if the result reads like
prose: few control characters and mostly letters. Binary files (NUL bytes) are refused
before any decoding.
"""

from __future__ import annotations

import codecs
import unicodedata

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_MAX_CONTROL_SHARE = 0.01
_MIN_LETTER_SHARE = 0.5


class NotText(ValueError):
    """Raised with a one-line reason when bytes cannot be read as text."""


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data


def _plausible(text: str) -> bool:
    if not text:
        return True
    controls = 0
    letters = 0
    visible = 0
    for ch in text:
        if ch.isspace():
            continue
        visible += 1
        if ch.isalpha():
            letters += 1
        elif unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in _ALLOWED_CONTROLS:
            controls += 1
    if visible == 0:
        return True
    return controls <= _MAX_CONTROL_SHARE * visible and letters >= _MIN_LETTER_SHARE * visible


def decode_text(data: bytes) -> str:
    """Decode file contents; raises ``NotText`` with a short reason when it is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotText("invalid UTF-16 despite a byte-order mark") from None
    if looks_binary(data):
        raise NotText("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    raise NotText("not valid UTF-8 and does not read as Windows-1252/Latin-1 text")


def _size_label(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def read_text_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Whole file as text, refusing files over ``max_bytes`` before reading them.

    Raises ``NotText`` (with the reason) or ``OSError``.
    """
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise NotText(f"file is larger than the {_size_label(max_bytes)} limit; skipped")
    return decode_text(data)
