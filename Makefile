# Two commands matter: `make run` and `make test`. Both go through `make setup`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: setup run test lint typecheck unit bench clean browser

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	$(BIN)/kakehashi init
	$(BIN)/kakehashi demo load --if-empty
	$(BIN)/kakehashi serve --host 127.0.0.1 --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The browser for end-to-end tests comes from Debian (Playwright's own download cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium fonts-noto-cjk"; fi; }

test: setup lint browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup

unit: setup
	$(BIN)/python -m pytest -m unit

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var/*.db var/index
