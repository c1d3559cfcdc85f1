"""Web: the JSON API and the dashboard, served by one process (``dyadwatch serve``).

See ``dyadwatch.web.app.create_app`` and docs/web.md.
"""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    # Lazy, so that importing dyadwatch.web.config (for the CLI) does not load FastAPI.
    if name == "create_app":
        from dyadwatch.web.app import create_app

        return create_app
    raise AttributeError(name)
