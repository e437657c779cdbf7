# The two commands of the README:
#   make run   — set up .venv/ and start the app (prints the local URL)
#   make test  — set up .venv/ with the test tools, lint, and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Test processes (pytest-xdist): two suit CI's two cores; most tests wait on a browser or a server.
TEST_WORKERS ?= 2
# Only this computer by default; a group server with sign-in configured runs `make run ADDRESS=0.0.0.0`.
ADDRESS ?= 127.0.0.1

.PHONY: run test lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@# Refuses (exit 2, a Swedish message) to serve another address without sign-in configured.
	@$(BIN)/python -m access.serve_check --address "$(ADDRESS)"
	@echo "Älvläget startar på http://$(ADDRESS):$(PORT)  (avsluta med Ctrl+C)"
	@# Beside the starting server: run the app once in it, so the first viewer finds the data prepared.
	@($(BIN)/python -m serving.warm_up --port $(PORT) --address "$(ADDRESS)" &)
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.address $(ADDRESS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS)
