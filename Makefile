# Two entry points for newcomers: `make site` and `make test`. Everything else is optional.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test install validate fmt schema serve fuzz bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/accessgap validate
	$(BIN)/accessgap build

test: $(STAMP)
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -q -n 2

validate: $(STAMP)
	$(BIN)/accessgap validate

fmt: $(STAMP)
	$(BIN)/accessgap fmt

schema: $(STAMP)
	$(BIN)/accessgap schema

serve: $(STAMP)
	$(BIN)/accessgap serve

fuzz: $(STAMP)
	$(BIN)/python -m pytest -q -m slow tests/acceptance/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site generated .cache
