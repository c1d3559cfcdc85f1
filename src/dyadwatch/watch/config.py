"""The watch file (``SOURCES.yaml``): what to poll, which dyads to watch, where alerts go.

Everything is checked when the file is read, before any network traffic, so a typo in
a dyad code or an interval is one line naming the file and the field, not a failure an
hour into a run. Relative paths (``alerts.log``, ``url_list``) are taken relative to
the watch file, so the file and its log can move together.

The whole shape (only ``sources`` is required)::

    sources:
      - name: wire                      # unique; shown by `dyadwatch sources`
        feed: https://example.org/rss   # RSS 2.0 / Atom; or urls: [..]; or url_list: FILE|URL
        max_items: 200                  # new pages fetched per poll (the rest next poll)
    watch:
      - dyad: PRK-RUS                   # ISO 3166 alpha-3 or organisation codes
        types: [AID]                    # alert on each new article with such an event...
        modes: [military]               # ...of these modes
        index_shift: 0.3                # alignment index change between the latest window
        window: 90d                     #   and the one before it
        min_events: 3                   # events the latest window needs for a shift alert
        change_points: true             # a break in the latest window
        treaty_links: true              # an event matching a clause of a shared treaty
    alerts:
      log: alerts.jsonl
      webhook: https://example.org/hook
    fetch:                              # defaults shown
      user_agent: "dyadwatch/<version> (...)"
      timeout: 20s
      retries: 2
      backoff: 1s                       # exponential: 1s, 2s, 4s ...
      rate_limit: 1s                    # pause between requests to one host
      max_bytes: 5000000
      robots: true
      max_attempts: 3                   # polls a failing page is tried on
    every: 15m                          # poll interval (`--every` overrides)
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pycountry
import yaml

from dyadwatch import __version__
from dyadwatch.model import PLOVER_TYPES

SourceKind = Literal["feed", "urls", "url_list"]

DEFAULT_EVERY = 15 * 60.0
DEFAULT_WINDOW = dt.timedelta(days=90)
USER_AGENT = f"dyadwatch/{__version__} (event-data research crawler; polite, honours robots.txt)"

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_INTERVAL_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_INTERVAL = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[smhdw]\s*)+$")
_DYAD = re.compile(r"^\s*([A-Za-z0-9]{2,6})\s*[-–/]\s*([A-Za-z0-9]{2,6})\s*$")

_SOURCE_KEYS = {"name", "feed", "urls", "url_list", "max_items"}
_WATCH_KEYS = {
    "dyad", "types", "modes", "index_shift", "window", "min_events", "change_points",
    "treaty_links",
}
_ALERT_KEYS = {"log", "webhook"}
_FETCH_KEYS = {
    "user_agent", "timeout", "retries", "backoff", "rate_limit", "max_bytes", "robots",
    "max_attempts",
}
_TOP_KEYS = {"sources", "watch", "alerts", "fetch", "every"}


class ConfigError(ValueError):
    """A watch file that cannot be used; the message is one line naming file and field."""


def parse_interval(text: str | int | float) -> float:
    """``"15m"`` -> 900.0 seconds; ``"1h30m"``, ``"90d"``, ``"2w"``, bare seconds too.

    Raises ``ValueError`` with a message that shows the accepted forms.
    """
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not an interval (use e.g. 30s, 15m, 1h, 90d)")
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        value = str(text).strip().lower()
        if not _INTERVAL.match(value):
            raise ValueError(f"{text!r} is not an interval (use e.g. 30s, 15m, 1h, 90d)")
        seconds = sum(float(n) * _UNITS[u] for n, u in _INTERVAL_PART.findall(value))
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive interval")
    return seconds


@functools.cache
def organisation_codes() -> frozenset[str]:
    """Actor codes of the organisations the package's dictionary knows (UNO, NATO, BRICS…)."""
    raw = yaml.safe_load(
        resources.files("dyadwatch.actors").joinpath("data/organisations.yaml").read_bytes()
    )
    return frozenset(str(o["code"]).upper() for o in raw.get("organisations", []) if "code" in o)


def check_actor_code(code: str) -> str:
    """An ISO 3166 alpha-3 country or a known organisation code, upper-cased."""
    upper = code.strip().upper()
    if len(upper) == 3 and (
        pycountry.countries.get(alpha_3=upper) is not None
        or pycountry.historic_countries.get(alpha_3=upper) is not None
    ):
        return upper
    if upper in organisation_codes():
        return upper
    raise ValueError(
        f"{code!r} is not an ISO 3166 alpha-3 country code or a known organisation code"
    )


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how patiently pages are fetched (``fetch:`` in the watch file)."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    rate_limit: float = 1.0
    max_bytes: int = 5_000_000
    robots: bool = True
    max_attempts: int = 3


@dataclass(frozen=True)
class Source:
    """One place to poll: a feed, a fixed list of URLs, or a URL list (file or URL)."""

    name: str
    kind: SourceKind
    location: str
    urls: tuple[str, ...] = ()
    max_items: int = 200


@dataclass(frozen=True)
class WatchRule:
    """A dyad to watch and the conditions that raise an alert about it."""

    a: str
    b: str
    types: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    index_shift: float | None = None
    window: dt.timedelta = DEFAULT_WINDOW
    min_events: int = 3
    change_points: bool = False
    treaty_links: bool = False

    @property
    def dyad(self) -> str:
        return f"{self.a}-{self.b}"

    @property
    def watches_events(self) -> bool:
        return bool(self.types or self.modes)


@dataclass(frozen=True)
class AlertSettings:
    log: Path | None = None
    webhook: str | None = None


@dataclass(frozen=True)
class WatchConfig:
    path: Path
    sources: tuple[Source, ...]
    rules: tuple[WatchRule, ...] = ()
    alerts: AlertSettings = field(default_factory=AlertSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    every: float | None = None


def check_url(value: Any) -> str:
    """An absolute http(s) URL, or ``ValueError``."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a URL")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value.strip()


class _Reader:
    """Reads one file, naming the field in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = path.parent

    def error(self, where: str, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: {where}: {message}")

    def mapping(self, value: Any, where: str, keys: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, "expected a mapping of keys to values")
        unknown = sorted(str(k) for k in value if k not in keys)
        if unknown:
            raise self.error(
                where, f"unknown key {unknown[0]!r} (expected one of {', '.join(sorted(keys))})"
            )
        return value

    def items(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(where, "expected a list")
        return value

    def number(self, value: Any, where: str, *, minimum: float = 0.0) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.error(where, f"{value!r} is not a number >= {minimum:g}")
        return float(value)

    def integer(self, value: Any, where: str, *, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(where, f"{value!r} is not a whole number >= {minimum}")
        return value

    def interval(self, value: Any, where: str) -> float:
        try:
            return parse_interval(value)
        except ValueError as exc:
            raise self.error(where, str(exc)) from None

    def url(self, value: Any, where: str) -> str:
        try:
            return check_url(value)
        except ValueError as exc:
            raise self.error(where, str(exc)) from None

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(where, f"{value!r} is not true or false")
        return value

    def words(self, value: Any, where: str) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(where, "expected a list of names")
        return value

    # -- sections ------------------------------------------------------------------

    def source(self, raw: Any, where: str) -> Source:
        raw = self.mapping(raw, where, _SOURCE_KEYS)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.error(f"{where}.name", "every source needs a name")
        given = [k for k in ("feed", "urls", "url_list") if raw.get(k) is not None]
        if len(given) != 1:
            raise self.error(where, "give exactly one of feed, urls or url_list")
        kind = given[0]
        max_items = self.integer(raw.get("max_items", 200), f"{where}.max_items", minimum=1)
        if kind == "feed":
            location = self.url(raw["feed"], f"{where}.feed")
            return Source(name.strip(), "feed", location, max_items=max_items)
        if kind == "urls":
            urls = tuple(
                self.url(u, f"{where}.urls[{i}]")
                for i, u in enumerate(self.items(raw["urls"], f"{where}.urls"))
            )
            if not urls:
                raise self.error(f"{where}.urls", "the list is empty")
            return Source(name.strip(), "urls", "", urls=urls, max_items=max_items)
        value = raw["url_list"]
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{where}.url_list", "expected a file path or an http(s) URL")
        if urlsplit(value).scheme in ("http", "https"):
            location = self.url(value, f"{where}.url_list")
        else:
            path = (self.base / value).resolve()
            if not path.is_file():
                raise self.error(f"{where}.url_list", f"no such file: {path}")
            location = str(path)
        return Source(name.strip(), "url_list", location, max_items=max_items)

    def rule(self, raw: Any, where: str) -> WatchRule:
        raw = self.mapping(raw, where, _WATCH_KEYS)
        dyad = raw.get("dyad")
        match = _DYAD.match(dyad) if isinstance(dyad, str) else None
        if match is None:
            raise self.error(f"{where}.dyad", f"{dyad!r} is not two actor codes like PRK-RUS")
        try:
            a, b = (check_actor_code(c) for c in match.groups())
        except ValueError as exc:
            raise self.error(f"{where}.dyad", str(exc)) from None
        if a == b:
            raise self.error(f"{where}.dyad", f"{dyad!r} names the same actor twice")
        types = {t.upper() for t in self.words(raw.get("types", []), f"{where}.types")}
        bad = sorted(types - set(PLOVER_TYPES))
        if bad:
            raise self.error(f"{where}.types", f"{bad[0]!r} is not a PLOVER event type")
        modes = {m.lower() for m in self.words(raw.get("modes", []), f"{where}.modes")}
        known = _known_modes()
        bad = sorted(modes - known)
        if bad:
            raise self.error(f"{where}.modes", f"{bad[0]!r} is not a PLOVER mode")
        shift = raw.get("index_shift")
        if shift is not None:
            shift = self.number(shift, f"{where}.index_shift")
            if not 0 < shift <= 2:
                raise self.error(f"{where}.index_shift", "must be above 0 and at most 2")
        window = self.interval(raw.get("window", "90d"), f"{where}.window")
        if window < 86400:
            raise self.error(f"{where}.window", "must be at least one day (e.g. 30d, 90d)")
        rule = WatchRule(
            a=a,
            b=b,
            types=frozenset(types),
            modes=frozenset(modes),
            index_shift=shift,
            window=dt.timedelta(days=round(window / 86400)),
            min_events=self.integer(raw.get("min_events", 3), f"{where}.min_events", minimum=1),
            change_points=self.flag(raw.get("change_points", False), f"{where}.change_points"),
            treaty_links=self.flag(raw.get("treaty_links", False), f"{where}.treaty_links"),
        )
        if not (rule.watches_events or rule.index_shift or rule.change_points
                or rule.treaty_links):
            raise self.error(
                where,
                "no condition: give types/modes, index_shift, change_points or treaty_links",
            )
        return rule

    def alerts(self, raw: Any) -> AlertSettings:
        if raw is None:
            return AlertSettings()
        raw = self.mapping(raw, "alerts", _ALERT_KEYS)
        log = raw.get("log")
        if log is not None and (not isinstance(log, str) or not log.strip()):
            raise self.error("alerts.log", "expected a file path")
        webhook = raw.get("webhook")
        return AlertSettings(
            log=(self.base / log).resolve() if log else None,
            webhook=self.url(webhook, "alerts.webhook") if webhook is not None else None,
        )

    def fetch(self, raw: Any) -> FetchSettings:
        if raw is None:
            return FetchSettings()
        raw = self.mapping(raw, "fetch", _FETCH_KEYS)
        d = FetchSettings()
        ua = raw.get("user_agent", d.user_agent)
        if not isinstance(ua, str) or not ua.strip():
            raise self.error("fetch.user_agent", "expected a non-empty string")

        def seconds(key: str, default: float) -> float:
            value = raw.get(key, default)
            if isinstance(value, str):
                return self.interval(value, f"fetch.{key}")
            return self.number(value, f"fetch.{key}")

        timeout = seconds("timeout", d.timeout)
        if timeout <= 0:
            raise self.error("fetch.timeout", "must be above 0")
        return FetchSettings(
            user_agent=ua.strip(),
            timeout=timeout,
            retries=self.integer(raw.get("retries", d.retries), "fetch.retries"),
            backoff=seconds("backoff", d.backoff),
            rate_limit=seconds("rate_limit", d.rate_limit),
            max_bytes=self.integer(raw.get("max_bytes", d.max_bytes), "fetch.max_bytes",
                                   minimum=1024),
            robots=self.flag(raw.get("robots", d.robots), "fetch.robots"),
            max_attempts=self.integer(raw.get("max_attempts", d.max_attempts),
                                      "fetch.max_attempts", minimum=1),
        )


@functools.cache
def _known_modes() -> frozenset[str]:
    from dyadwatch.events.ontology import plover_modes

    return frozenset(m for modes in plover_modes().values() for m in modes)


def load_config(path: str | Path) -> WatchConfig:
    """Read and check a watch file; every problem is a ``ConfigError`` of one line."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: {where}: not valid YAML ({problem})") from None
    reader = _Reader(path)
    raw = reader.mapping(raw, "top level", _TOP_KEYS)
    sources = tuple(
        reader.source(s, f"sources[{i}]")
        for i, s in enumerate(reader.items(raw.get("sources"), "sources"))
    )
    if not sources:
        raise reader.error("sources", "list at least one source to poll")
    names = [s.name for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise reader.error("sources", f"two sources are named {dupes[0]!r}")
    rules = tuple(
        reader.rule(r, f"watch[{i}]")
        for i, r in enumerate(reader.items(raw.get("watch"), "watch"))
    )
    every = raw.get("every")
    return WatchConfig(
        path=path,
        sources=sources,
        rules=rules,
        alerts=reader.alerts(raw.get("alerts")),
        fetch=reader.fetch(raw.get("fetch")),
        every=reader.interval(every, "every") if every is not None else None,
    )
