"""``dyadwatch serve``: binds to localhost, reads the token from the environment, and
refuses a store that does not exist with one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
from typer.testing import CliRunner

from dyadwatch.cli import app
from web_store import build_demo_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_missing_store_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2
    assert "no such store" in result.output and "Traceback" not in result.output


def test_serve_on_localhost_with_token_from_environment(tmp_path):
    demo = build_demo_store(tmp_path / "demo.duckdb")
    port = _free_port()
    env = os.environ | {"DYADWATCH_TOKEN": "from-env"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from dyadwatch.cli import main; main()", "serve",
         "--db", str(demo.path), "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status = httpx.get(f"{base}/api/status", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert status.json()["writes_enabled"] is True
        refused = httpx.post(f"{base}/api/documents", json={"text": "A short note."}, timeout=5)
        assert refused.status_code == 401
        # Bound to the loopback address only, not to every interface.
        listening = {conn.laddr.ip for conn in _listening(proc.pid, port)}
        assert listening <= {"127.0.0.1"}
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _listening(pid: int, port: int):
    try:
        import psutil
    except ImportError:  # psutil comes with dask distributed; without it, skip this part
        return []
    return [c for c in psutil.Process(pid).net_connections() if c.laddr.port == port]
