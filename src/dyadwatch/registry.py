"""Components registered by name, so configuration (not code) picks the coder.

Like spaCy's registry: the rule coder and any learned or third-party coder sit behind
the same ``Coder`` interface, and a package can add one through the
``dyadwatch.coders`` entry-point group without touching dyadwatch.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

from dyadwatch.events.candidate import Coder

CoderFactory = Callable[[], Coder]

_coders: dict[str, CoderFactory] = {}


def register_coder(name: str) -> Callable[[CoderFactory], CoderFactory]:
    def deco(factory: CoderFactory) -> CoderFactory:
        _coders[name] = factory
        return factory

    return deco


def _builtin_rules() -> Coder:
    from dyadwatch.events.coder import RuleCoder

    return RuleCoder()


_coders["rules"] = _builtin_rules


def coder_names() -> list[str]:
    names = set(_coders)
    names.update(ep.name for ep in entry_points(group="dyadwatch.coders"))
    return sorted(names)


def make_coder(name: str) -> Coder:
    """Build the coder registered as ``name`` (built-in first, then entry points)."""
    if name in _coders:
        return _coders[name]()
    for ep in entry_points(group="dyadwatch.coders"):
        if ep.name == name:
            return ep.load()()
    raise KeyError(f"unknown coder {name!r}; available: {', '.join(coder_names())}")
