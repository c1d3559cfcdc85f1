"""The Typer application object; command modules attach themselves to it."""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console

app = typer.Typer(
    name="dyadwatch",
    help="Political event data from news and documents, and how relations between states evolve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Piped output (make demo, CI logs) gets room for evidence sentences instead of Rich's 80.
_WIDTH = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 150
console = Console(width=_WIDTH)
err_console = Console(stderr=True, width=_WIDTH)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one clear error line and return the Exit to raise (no traceback for user errors)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)
