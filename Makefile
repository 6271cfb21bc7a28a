# The two commands of the README: `make site` and `make test`. Everything else is a helper.
# A fresh machine needs only Python 3.11 and make: the first call creates .venv from requirements.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve bundle verify bench translations clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## site: check everything and build the site into site/ (the old site/ stays if anything fails)
site: $(VENV)/.installed
	$(BIN)/python tools/build.py

## test: lint (ruff, settings in ruff.toml), then every test (each builds the real site into a temporary folder)
test: $(VENV)/.installed
	$(BIN)/ruff check hooks tools tests
	$(BIN)/python -m pytest -n 2 --dist loadfile

## serve: live preview at http://127.0.0.1:8000 while you edit
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --strict

## bundle: build, then write dist/trafficking-help-<version>.zip with SHA256SUMS and MIRRORING.md;
##         SIGNING_KEY=path/to/private/key also signs SHA256SUMS (ssh-keygen -Y sign, SHA256SUMS.sig)
bundle: site
	$(BIN)/python tools/bundle.py

## verify DIR=copy: check the bundle's zip, the folder it unzips to or a mirror against its SHA256SUMS and,
##         when signed, against tools/allowed_signers (ALLOWED_SIGNERS=file to use another)
verify: $(VENV)/.installed
	@test -n "$(DIR)" || { echo "usage: make verify DIR=path/to/bundle.zip-or-unzipped-folder"; exit 2; }
	$(BIN)/python tools/verify.py "$(DIR)" $(if $(ALLOWED_SIGNERS),--allowed-signers "$(ALLOWED_SIGNERS)")

## translations: is every Urdu page and registry text in step with English? (MARK=docs/ur/x.md records that it is)
translations: $(VENV)/.installed
	$(BIN)/python tools/translations.py $(if $(MARK),--mark $(MARK))

## bench: every page on a throttled phone against the floor page and Material's default build, Urdu
##        also with Naskh only, plus Lighthouse; writes BENCHMARK.json, BENCHMARK.md, docs/*/performance.md
##        (needs chromium and npm; about 10 minutes). QUICK=1: a few pages, ~2 minutes, writes only
##        build/bench-quick.json. ROUNDS=9: more loads per page (default 3) for a steadier run.
bench: $(VENV)/.installed
	$(BIN)/python tools/bench.py $(if $(QUICK),--quick) $(if $(ROUNDS),--rounds $(ROUNDS))

clean:
	rm -rf site dist .site-new-* .site-old-* .pytest_cache
