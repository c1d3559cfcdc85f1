"""Who may write, and what the browser may do with our pages.

Writes need ``Authorization: Bearer <token>``. A server started without a token refuses
every write with 403 (there is no token that could work); with one, a missing or wrong
token is 401. The dashboard is served with a strict Content-Security-Policy: scripts,
styles and data only from this server, so article text shown in the page can never run
code or pull anything from elsewhere.
"""

from __future__ import annotations

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyadwatch.web.config import TOKEN_ENV, WebConfig
from dyadwatch.web.errors import ApiError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def require_writer(request: Request) -> None:
    """Raise 403/401 unless the request carries the server's write token."""
    config: WebConfig = request.app.state.config
    if not config.writes_enabled:
        raise ApiError(
            403,
            "writes are disabled on this server (start it with --token or "
            f"${TOKEN_ENV} to accept uploads)",
        )
    scheme, _, offered = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not config.token_matches(offered.strip()):
        raise ApiError(
            401,
            "missing or wrong token (send 'Authorization: Bearer <token>')",
            {"WWW-Authenticate": "Bearer"},
        )


class SecurityHeaders:
    """Adds the headers above to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (k, v) for k, v in _HEADERS if k not in names
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
