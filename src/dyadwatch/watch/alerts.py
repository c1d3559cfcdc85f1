"""Alert delivery: claim the dedup key, append to the JSONL log, POST to the webhook.

The key is claimed in the store *before* delivery, so an alert is never sent twice even
if the watcher is restarted, runs again over the same events or two conditions agree. A
webhook that is down does not lose the alert: its POST is marked failed and retried on
the next poll (the log line is written once either way).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx

from dyadwatch.watch.conditions import Alert
from dyadwatch.watch.config import AlertSettings, FetchSettings
from dyadwatch.watch.state import WatchState


class AlertLogError(Exception):
    """The alert log cannot be written (one line)."""


class Dispatcher:
    """Sends alerts where the watch file says; one per poll loop, reused across polls."""

    def __init__(self, settings: AlertSettings, fetch: FetchSettings | None = None) -> None:
        self.settings = settings
        fetch = fetch or FetchSettings()
        self._client: httpx.Client | None = None
        if settings.webhook:
            self._client = httpx.Client(
                timeout=fetch.timeout, headers={"User-Agent": fetch.user_agent}
            )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def send(self, state: WatchState, alerts: list[Alert]) -> tuple[list[Alert], list[str]]:
        """Deliver the alerts not sent before; returns (sent, problems), a line per problem."""
        sent: list[Alert] = []
        problems: list[str] = []
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        for alert in alerts:
            alert.fired_at = alert.fired_at or now
            payload = alert.to_dict()
            if not state.claim_alert(alert.key, alert.kind, alert.dyad, payload):
                continue
            sent.append(alert)
            logged = self._log(payload, problems)
            webhook = self._post(payload, problems)
            state.mark_delivery(alert.key, logged=logged, webhook=webhook)
        fresh = {a.key for a in sent}
        for payload in state.undelivered():
            if payload["key"] in fresh:  # failed a moment ago: wait for the next poll
                continue
            webhook = self._post(payload, problems)
            state.mark_delivery(payload["key"], logged=False, webhook=webhook)
        return sent, problems

    def _log(self, payload: dict[str, Any], problems: list[str]) -> bool:
        path: Path | None = self.settings.log
        if path is None:
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
            return True
        except OSError as exc:
            problems.append(f"alert log {path}: cannot write ({exc.strerror or exc})")
            return False

    def _post(self, payload: dict[str, Any], problems: list[str]) -> str:
        if self._client is None or not self.settings.webhook:
            return "none"
        url = self.settings.webhook
        try:
            response = self._client.post(
                url,
                content=json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"),
                headers={"Content-Type": "application/json"},
            )
        except httpx.HTTPError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            problems.append(f"webhook {url}: {reason} (will retry next poll)")
            return f"failed: {reason}"
        if response.status_code >= 300:
            problems.append(f"webhook {url}: HTTP {response.status_code} (will retry next poll)")
            return f"failed: HTTP {response.status_code}"
        return "sent"
