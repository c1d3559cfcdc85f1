"""The Typer application object; command modules attach themselves to it."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="dyadwatch",
    help="Political event data from news and documents, and how relations between states evolve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one clear error line and return the Exit to raise (no traceback for user errors)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)
