# The two commands of the README: `make site` and `make test`. Everything else is a helper.
# A fresh machine needs only Python 3.11 and make: the first call creates .venv from requirements.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## site: check everything and build the site into site/ (the old site/ stays if anything fails)
site: $(VENV)/.installed
	$(BIN)/python tools/build.py

## test: run every test (each builds the real site into a temporary folder)
test: $(VENV)/.installed
	$(BIN)/python -m pytest

## serve: live preview at http://127.0.0.1:8000 while you edit
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --strict

clean:
	rm -rf site .site-new-* .site-old-* .pytest_cache
