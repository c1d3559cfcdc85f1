"""Settings for a run: defaults, overridden by ``dyadwatch.toml`` and then by CLI flags.

Config over code: which coder, which extra actor dictionaries and the confidence floor
are choices a user makes per project, so they live in a file next to the data.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import msgspec

CONFIG_FILE = "dyadwatch.toml"


class Settings(msgspec.Struct, kw_only=True):
    coder: str = "rules"
    actors: list[str] = msgspec.field(default_factory=list)
    min_confidence: float = 0.3
    batch_size: int = 64


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and field."""


def load_settings(path: Path | None = None, **overrides: object) -> Settings:
    """Read ``[pipeline]`` from ``dyadwatch.toml`` (if present) and apply non-None overrides."""
    data: dict = {}
    path = path or Path(CONFIG_FILE)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("pipeline", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return msgspec.convert(data, Settings)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{path} [pipeline]: {exc}") from None
