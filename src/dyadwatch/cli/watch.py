"""Commands that follow sources over time: watch, sources."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from dyadwatch.cli.app import app, console, err_console, fail
from dyadwatch.cli.options import DbOption, open_store


def _print_poll(report) -> None:
    stamp = report.started.strftime("%Y-%m-%d %H:%M:%SZ")
    for s in report.sources:
        if s.status == "error":
            message = s.errors[0][1] if s.errors else "failed"
            err_console.print(f"[dim]{stamp}[/] [bold]{s.name}[/]: [red]failed[/] {message}",
                              highlight=False, soft_wrap=True)
            continue
        if s.status == "not_modified":
            line = "unchanged"
        else:
            line = (f"{s.new} new ({s.events} events), {s.duplicates} duplicate, "
                    f"{s.listed} listed")
            if s.errors:
                line += f", [yellow]{len(s.errors)} failed[/]"
        console.print(f"[dim]{stamp}[/] [bold]{s.name}[/]: {line}", highlight=False)
        if s.warning:
            err_console.print(f"  [yellow]warning[/] {s.name}: {s.warning}", highlight=False)
        for _, message in s.errors:
            err_console.print(f"  [red]error[/] {s.name}: {message}", highlight=False,
                              soft_wrap=True)
    for alert in report.alerts:
        console.print(f"[bold magenta]ALERT[/] {alert.message}", highlight=False, soft_wrap=True)
        for ev in alert.evidence:
            console.print(
                f"   [dim]{ev['date'] or '?'} {ev['event_id']}[/] {ev['sentence']}",
                highlight=False, soft_wrap=True,
            )
    for problem in report.problems:
        err_console.print(f"[yellow]warning[/] {problem}", highlight=False, soft_wrap=True)


@app.command()
def watch(
    config: Path = typer.Argument(..., help="Watch file (SOURCES.yaml): sources, dyads, alerts."),
    db: Path = DbOption,
    every: str = typer.Option(
        None, "--every", help="Poll interval, e.g. 30s, 15m, 1h (default: the file's, or 15m)."
    ),
    once: bool = typer.Option(False, "--once", help="Poll once and exit."),
) -> None:
    """Poll feeds and URL lists, code new articles into the store, alert on watched dyads.

    Already-seen URLs and identical texts are skipped; state lives in the store, so a
    restart resumes. With --once the exit code is 1 when a source failed.
    """
    from dyadwatch.config import ConfigError as SettingsError
    from dyadwatch.config import load_settings
    from dyadwatch.store import StoreError
    from dyadwatch.watch import ConfigError, Watcher, load_config, parse_interval
    from dyadwatch.watch.config import DEFAULT_EVERY

    try:
        cfg = load_config(config)
        settings = load_settings()
    except (ConfigError, SettingsError) as exc:
        raise fail(str(exc)) from None
    try:
        interval = parse_interval(every) if every is not None else (cfg.every or DEFAULT_EVERY)
    except ValueError as exc:
        raise fail(f"--every: {exc}") from None
    with Watcher(cfg, db, settings=settings) as watcher:
        if once:
            try:
                report = watcher.poll()
            except StoreError as exc:
                raise fail(str(exc)) from None
            _print_poll(report)
            if report.failed:
                raise typer.Exit(1)
            return
        err_console.print(
            f"watching {len(cfg.sources)} source(s), {len(cfg.rules)} dyad(s) every "
            f"{interval:g}s into {db} (Ctrl-C to stop)", highlight=False,
        )
        try:
            watcher.run(
                interval,
                on_poll=_print_poll,
                on_error=lambda m: err_console.print(f"[red]error:[/] {m}", highlight=False),
            )
        except KeyboardInterrupt:
            err_console.print("stopped")


_STATUS = {"not_modified": "unchanged"}


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "never"


@app.command()
def sources(db: Path = DbOption) -> None:
    """Each watched source: last poll, status, new articles (last poll), stored, errors."""
    from dyadwatch.watch.state import WatchState

    with open_store(db, read_only=True) as store:
        state = WatchState(store)
        try:
            rows = state.sources()
            recent = {r["name"]: state.recent_errors(r["name"], 1) for r in rows}
        finally:
            state.close()
    if not rows:
        raise fail(f"{db}: no watched sources yet (run `dyadwatch watch SOURCES.yaml --db {db}`)")
    table = Table(title=f"watched sources in {db} (times UTC)")
    table.add_column("source", no_wrap=True)
    table.add_column("last poll", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("new", justify="right")
    table.add_column("stored", justify="right")
    table.add_column("errors", justify="right")
    table.add_column("polls", justify="right")
    colours = {"ok": "green", "partial": "yellow", "error": "red", "not_modified": "green"}
    for r in rows:
        status = r["status"] or "?"
        table.add_row(
            r["name"],
            _when(r["last_poll"]),
            f"[{colours.get(status, 'white')}]{_STATUS.get(status, status)}[/]",
            str(r["last_new"]),
            str(r["articles"]),
            str(r["errors"]),
            str(r["polls"]),
        )
    console.print(table)
    for r in rows:
        last = recent.get(r["name"]) or []
        if last:
            console.print(
                f"[bold]{r['name']}[/] last error ({_when(last[0]['at'])}): {last[0]['message']}",
                highlight=False, soft_wrap=True,
            )
