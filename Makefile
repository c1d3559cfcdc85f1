# Two entry points: `make demo` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

DEMO_DB := demo.duckdb
DW := $(BIN)/dyadwatch

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(DW) ingest demo/corpus --db $(DEMO_DB)
	$(DW) treaty add demo/treaties/prk-rus-2024.txt --db $(DEMO_DB) --name "PRK-RUS 2024" \
		--parties PRK,RUS --signed 2024-06-19 --ratified 2024-11-11 --in-force 2024-12-04
	$(DW) treaty add demo/treaties/prk-ussr-1961.txt --db $(DEMO_DB) --name "PRK-USSR 1961" \
		--parties PRK,SUN --signed 1961-07-06 --in-force 1961-09-10 --terminated 1996-09-10
	$(DW) events --db $(DEMO_DB) --dyad PRK-RUS --format table
	$(DW) treaty links "PRK-RUS 2024" --db $(DEMO_DB)
	$(DW) report --db $(DEMO_DB) --dyad PRK-RUS --vs PRK-CHN --out report
	@echo "Report written to report/index.html; store in $(DEMO_DB)."

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) demo.duckdb demo.duckdb.wal
