"""Analysis stage: how relations between actors evolve, from the events in a store.

One module per noun: ``facts`` (what counts), ``merge`` (many reports, one event),
``series``, ``alignment``, ``changes``, ``partners``, ``network``, ``evidence`` (the
sentences behind a number), ``charts``, ``report``, ``rollup`` (stored aggregates for
large stores) and ``synthetic`` (stores with planted truth, for tests and benchmarks).
Every function takes a DuckDB connection; see docs/analysis.md.
"""
