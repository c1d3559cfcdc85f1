"""Fuzz every reader and the coder with thousands of generated inputs (issue 9).

Runs the hypothesis properties of ``tests/test_fuzz.py`` (text files, HTML pages, JSONL
feeds, the coder) with the case budget split evenly between them; the test suite runs
the same properties with a few dozen cases each. A failing property is reported with
the minimal input hypothesis shrank it to; the other properties still run.

    .venv/bin/python bench/fuzz.py                 # 10,000 cases in all (about 10 min)
    .venv/bin/python bench/fuzz.py --cases 2000
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_properties(per_property: int):
    os.environ["DYADWATCH_FUZZ_EXAMPLES"] = str(per_property)  # read when the module loads
    sys.path.insert(0, str(ROOT / "tests"))
    spec = importlib.util.spec_from_file_location("test_fuzz", ROOT / "tests" / "test_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tests = {
        name: fn
        for name, fn in vars(module).items()
        if name.startswith("test_") and hasattr(fn, "hypothesis")
    }
    return module, tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="total cases (default 10,000)")
    args = parser.parse_args()
    properties = (ROOT / "tests" / "test_fuzz.py").read_text().count("\ndef test_")
    module, tests = load_properties(-(-args.cases // properties))
    assert len(tests) == properties, sorted(tests)
    failures: dict[str, str] = {}
    for name, test in tests.items():
        started = time.monotonic()
        try:
            test()
            status = "ok"
        except Exception as exc:  # a property failed: keep its shrunk example, go on
            failures[name] = "".join(traceback.format_exception(exc)[-12:])
            status = f"FAILED ({type(exc).__name__})"
        print(f"{name}: {status} in {time.monotonic() - started:.0f} s", flush=True)
    total = sum(module.CASES.values())
    print(f"cases run: {total} ({dict(module.CASES)})")
    for name, detail in failures.items():
        print(f"\n--- {name}\n{detail}")
    print(f"failures: {len(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
