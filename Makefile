# The two commands of the README:
#   make run   — set up .venv/ and start the app (prints the local URL)
#   make test  — set up .venv/ with the test tools, lint, and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

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
	@echo "Älvläget startar på http://localhost:$(PORT)  (avsluta med Ctrl+C)"
	$(BIN)/streamlit run dashboard.py --server.port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest
