"""``dyadwatch serve``: the JSON API and dashboard for one store (see docs/web.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app, console, fail
from dyadwatch.cli.options import DbOption
from dyadwatch.web.config import TOKEN_ENV, token_from_env

_LOCAL = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    db: Path = DbOption,
    host: str = typer.Option("127.0.0.1", help="Address to bind (default: this machine only)."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    token: str = typer.Option(
        None,
        "--token",
        help=f"Accept uploads (POST /api/documents) with this bearer token; also ${TOKEN_ENV}.",
        show_default=False,
    ),
) -> None:
    """Serve the API and dashboard; read-only unless a token enables uploads."""
    import uvicorn

    from dyadwatch.store import StoreError
    from dyadwatch.web import create_app

    secret = token_from_env(token)
    try:
        web = create_app(db, secret)
    except StoreError as exc:
        raise fail(str(exc)) from None
    mode = "uploads enabled (token required)" if secret else "read-only"
    console.print(f"serving {db} at http://{host}:{port}/ ({mode}); Ctrl+C to stop")
    if host not in _LOCAL:
        console.print(
            f"[yellow]warning:[/] listening on {host}: anyone who can reach it can read the store"
            + ("; the token travels in clear text unless a TLS proxy is in front" if secret else "")
        )
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
