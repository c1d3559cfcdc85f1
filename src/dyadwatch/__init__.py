"""dyadwatch: political event data, and how relations between states evolve."""

from __future__ import annotations

__version__ = "0.1.0"
