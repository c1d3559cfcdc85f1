"""Watch: follow feeds and URL lists, code new articles as they arrive, alert on shifts.

``load_config(path)`` reads a watch file (``SOURCES.yaml``); ``Watcher(config, db)``
polls it into a store (``poll()`` once, ``run(every, ...)`` forever). State (seen URLs,
feed validators, source health, sent alerts) lives in the store's ``watch_*`` tables.
"""

from dyadwatch.watch.config import ConfigError, WatchConfig, load_config, parse_interval
from dyadwatch.watch.loop import PollReport, SourceResult, Watcher

__all__ = [
    "ConfigError",
    "PollReport",
    "SourceResult",
    "WatchConfig",
    "Watcher",
    "load_config",
    "parse_interval",
]
