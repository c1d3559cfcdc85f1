"""The one error type of the treaties stage, so the CLI can print it as a single line."""

from __future__ import annotations


class TreatyError(ValueError):
    """Bad treaty input or request: the message names the file, field or treaty at fault."""
