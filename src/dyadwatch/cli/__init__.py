"""Command line: one module per command group, commands only (logic lives in the library)."""

from __future__ import annotations

from dyadwatch.cli import actors  # noqa: F401  (registers commands)
from dyadwatch.cli import analysis  # noqa: F401  (registers commands)
from dyadwatch.cli import coding  # noqa: F401  (registers commands)
from dyadwatch.cli import evaluate  # noqa: F401  (registers commands)
from dyadwatch.cli import maintenance  # noqa: F401  (registers commands)
from dyadwatch.cli import serve  # noqa: F401  (registers commands)
from dyadwatch.cli import treaty  # noqa: F401  (registers commands)
from dyadwatch.cli import watch  # noqa: F401  (registers commands)
from dyadwatch.cli.app import app


def main() -> None:
    app()
