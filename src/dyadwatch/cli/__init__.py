"""Command line: one module per command group, commands only (logic lives in the library)."""

from __future__ import annotations

from dyadwatch.cli import (
    actors,  # noqa: F401  (registers commands)
    analysis,  # noqa: F401  (registers commands)
    coding,  # noqa: F401  (registers commands)
    evaluate,  # noqa: F401  (registers commands)
    maintenance,  # noqa: F401  (registers commands)
    serve,  # noqa: F401  (registers commands)
    treaty,  # noqa: F401  (registers commands)
    watch,  # noqa: F401  (registers commands)
)
from dyadwatch.cli.app import app


def main() -> None:
    app()
