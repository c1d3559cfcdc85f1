"""dyadwatch: political event data, and how relations between states evolve.

>>> import dyadwatch
>>> events = dyadwatch.code("Russia sent troops to Belarus.", published="2024-10-01")
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "code", "Pipeline"]


def __getattr__(name: str):
    # Lazy: importing dyadwatch (e.g. for the CLI's --help) must not load spaCy.
    if name == "code":
        from dyadwatch.api import code

        return code
    if name == "Pipeline":
        from dyadwatch.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
