# cmo-course: `make lab` and `make test` are all the set-up there is.
# Both create .venv from the pinned versions in constraints.txt when it is missing (or older than
# pyproject.toml / constraints.txt), install the course into it, then do their job.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pytest workers; `make test JOBS=1` runs everything in one process
JOBS   ?= 2

.PHONY: help lab test lint format release lock clean hub

help:
	@echo "make lab      start JupyterLab on the course (sets up .venv on first run)"
	@echo "make test     run the whole test suite (sets up .venv on first run)"
	@echo "make lint     ruff lint and format check"
	@echo "make format   ruff format the code and the authored notebooks"
	@echo "make release  regenerate course/ from solutions/"
	@echo "make lock     re-pin every dependency into constraints.txt"
	@echo "make hub      (root) build and run the workshop JupyterHub; see grading/WORKSHOP.md"
	@echo "make clean    remove .venv and generated work folders"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cmo-course needs Python 3.11 or newer, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt hatchling
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --no-build-isolation -e ".[dev]"
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/cmo-course lab

test: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest -n $(JOBS) --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .

release: $(STAMP)
	$(BIN)/cmo-course release

# The workshop hub, as root: build (or refresh) it under /opt/cmo-course, then run it in the
# foreground. `sudo make hub PORT=443 SSL_CERT=cert.pem SSL_KEY=key.pem` serves HTTPS.
PORT ?= 8000
hub: $(STAMP)
	$(BIN)/cmo-course hub setup --port $(PORT) $(if $(SSL_CERT),--ssl-cert $(SSL_CERT) --ssl-key $(SSL_KEY))
	$(BIN)/cmo-course hub start

# Resolve the newest versions that pyproject.toml allows in a scratch environment and pin them.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check hatchling -e ".[dev,hub]"
	{ echo "# Exact versions for a reproducible install; pyproject.toml holds the ranges."; \
	  echo "# Regenerate with 'make lock' after changing dependencies."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^cmo-course'; } > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) grading/work .pytest_cache .ruff_cache
