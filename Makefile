# specs -> codegen -> generated -> conformance. `make help` lists the targets.
# Needs only python3 and make: the first run builds .venv from uv.lock by itself.

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
# The stamp's name changes when the sync changes, so that an existing .venv is synced again once.
STAMP := $(VENV)/.synced-workspace
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

PROVIDERS := $(notdir $(patsubst %/,%,$(wildcard generated/*/)))
PYTEST_REPLAY := --record-mode=none --block-network
# PYTEST_WORKERS=auto (or a number) runs the suites below with pytest-xdist. Off by default: on this
# 2-core machine every suite measured slower with 2 workers (docs/feedback-loop.md).
PYTEST_WORKERS ?=
XDIST = $(if $(PYTEST_WORKERS),-n $(PYTEST_WORKERS))
DIST ?= dist
SANDBOX_PORT ?= 8765
SANDBOX_RECORDINGS ?= reports/recordings-sandbox

.DEFAULT_GOAL := help
.PHONY: help check generate diff dist dist-test release-dist check-generated lint typecheck unit corpus conformance recording-test mutations sandbox sandbox-test bench bench-smoke record record-vendor nightly test clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# UV_COMPILE_BYTECODE: site-packages ship .pyc files (uv compiles the whole environment), so that no
# process compiles what it imports, even where PYTHONDONTWRITEBYTECODE is set.
# --all-packages: the generated packages are uv workspace members (pyproject.toml), installed editable,
# so `.venv/bin/python -c 'import vobiz_client'` imports generated/vobiz/ as it is now.
$(STAMP): $(UV) pyproject.toml uv.lock $(wildcard generated/*/pyproject.toml)
	UV_COMPILE_BYTECODE=1 $(UV) sync --frozen --all-packages --quiet
	@touch $@

# What a downstream install of the generated wheels needs, installed once here into probe venvs
# (network allowed: this is set-up) so that the wheel tests install from uv's cache with the network
# off, twice: at the versions in uv.lock, and at the lowest versions the packages declare. Once per
# CPython the packages declare that this machine has (`python -m codegen.pythons`; test_dist.py
# runs on each): a dependency with compiled wheels needs one per Python. The stamp is DIST_DEPS; its
# name changes when the set-up does, so that an existing .tools/ prepares again once.
DIST_DEPS := $(TOOLS)/.dist-deps-per-python
DIST_CONSTRAINTS := $(TOOLS)/dist-constraints.txt
DIST_LOWEST := $(TOOLS)/dist-constraints-lowest.txt
DIST_REQUIREMENTS = $(foreach p,$(PROVIDERS),-r generated/$(p)/pyproject.toml)
DIST_PROBE := $(TOOLS)/dist-probe
# carrier-sandbox's own requirements, and pytest for the downstream test that uses its fixture
# (locked set, the development Python only: test_dist_sandbox.py runs there)
SANDBOX_DIST := sandbox/distribution/pyproject.toml
$(DIST_DEPS): $(STAMP) uv.lock codegen/pythons.py $(wildcard generated/*/pyproject.toml) $(SANDBOX_DIST)
	$(UV) export --frozen --no-hashes --no-emit-project --no-emit-workspace --quiet > $(DIST_CONSTRAINTS)
	rm -rf $(DIST_PROBE) && $(UV) venv --quiet --python $(PY) $(DIST_PROBE)
	$(UV) pip install --quiet --python $(DIST_PROBE)/bin/python -c $(DIST_CONSTRAINTS) $(DIST_REQUIREMENTS) -r $(SANDBOX_DIST) pytest
	rm -rf $(DIST_PROBE) && $(UV) venv --quiet --python $(PY) $(DIST_PROBE)
	$(UV) pip install --quiet --python $(DIST_PROBE)/bin/python --resolution lowest-direct $(DIST_REQUIREMENTS)
	$(UV) pip freeze --quiet --python $(DIST_PROBE)/bin/python > $(DIST_LOWEST)
	@set -e; $(PY) -m codegen.pythons | while read -r version python; do \
		for constraints in $(DIST_CONSTRAINTS) $(DIST_LOWEST); do \
			echo "dist deps: CPython $$version ($$python), $$constraints"; \
			rm -rf $(DIST_PROBE) && $(UV) venv --quiet --python "$$python" $(DIST_PROBE); \
			$(UV) pip install --quiet --python $(DIST_PROBE)/bin/python -c $$constraints $(DIST_REQUIREMENTS); \
		done; \
	done
	rm -rf $(DIST_PROBE)
	@touch $@

# A version bump changes a workspace member's pyproject.toml: uv.lock follows it (offline, milliseconds).
generate: $(STAMP) ## Normalize specs and regenerate the packages whose inputs changed
	@$(PY) -m codegen generate
	@if [ -n "$$(find generated -maxdepth 2 -name pyproject.toml -newer uv.lock)" ]; then $(UV) lock --offline --quiet; fi

diff: $(STAMP) ## Classify each provider's spec changes vs the committed openapi.yaml, and the version bump; writes nothing
	@$(PY) -m codegen diff

dist: $(STAMP) ## Build an sdist and a wheel of every generated package, and of carrier-sandbox, into $(DIST)/
	@set -e; for p in $(PROVIDERS); do $(UV) build --quiet generated/$$p --out-dir $(DIST); done
	@$(PY) -m sandbox.distribution $(DIST)
	@ls $(DIST)

dist-test: $(DIST_DEPS) ## Install each wheel from make dist in a fresh venv and call it on loopback; the sandbox's fixture too
	$(PY) -m pytest codegen/tests/test_dist.py codegen/tests/test_dist_sandbox.py -q

release-dist: $(STAMP) ## Check TAG (e.g. vobiz-client-v0.2.0) against providers.yaml and the changelog, build that package into $(DIST)/
	$(PY) -m codegen.release_tag $(TAG) --build $(DIST) --uv $(UV)

check-generated: $(STAMP) ## Staleness check: regenerate into a temp dir and diff against generated/
	@$(PY) -m codegen check

lint: $(STAMP) ## ruff on the hand-written code
	$(PY) -m ruff check codegen conformance sandbox stubs
	$(PY) -m ruff format --check codegen conformance sandbox stubs

# The hand-written code imports the generated packages (bench/, sandbox/tests, conformance/), found through MYPYPATH.
MYPY_PATH := $(subst $(eval) ,:,$(addprefix generated/,$(PROVIDERS)))
typecheck: $(STAMP) ## mypy --strict on every generated package, and on all hand-written code: codegen/, conformance/, sandbox/, bench/ (their tests too)
	@set -e; for p in $(PROVIDERS); do \
		pkg=$$(ls -d generated/$$p/*_client); \
		echo "mypy --strict $$pkg"; \
		(cd generated/$$p && ../../$(PY) -m mypy --strict --no-incremental $$(basename $$pkg)); \
	done
	MYPYPATH=$(MYPY_PATH) $(PY) -m mypy --strict codegen conformance sandbox bench --exclude codegen/tests/typed_usage/flagged

unit: $(DIST_DEPS) ## codegen unit tests, the generated runtime's (codegen/tests/runtime) and the wheels' (the vendor corpus is `make corpus`)
	$(PY) -m pytest codegen/tests -q --ignore=codegen/tests/test_corpus.py $(XDIST)

corpus: $(STAMP) ## Regression corpus: Bolna's and Twilio's whole documents generated, mypy --strict, on the wire (a minute or two)
	$(PY) -m pytest codegen/tests/test_corpus.py -q

conformance: $(STAMP) ## Conformance replay, network blocked; writes reports/conformance.{xml,md,html}
	$(PY) -m pytest conformance $(PYTEST_REPLAY) -q $(XDIST) -p conformance.report \
		--junitxml=reports/conformance.xml --conformance-report=reports/conformance.md

recording-test: $(STAMP) ## Record against loopback servers (fake Vobiz, local sandbox): scrubbed, scanned, replayed
	$(PY) -m pytest conformance/recording --block-network -q $(XDIST) --junitxml=reports/recording.xml

mutations: $(STAMP) ## Break wire details in a copy of generated/ and check the conformance suite goes red
	$(PY) -m pytest conformance/mutations -q $(XDIST)

sandbox: $(STAMP) ## Serve every provider's local sandbox on 127.0.0.1:8765, foreground (SANDBOX_PORT=0: a free port)
	$(PY) -m sandbox --port $(SANDBOX_PORT)

sandbox-test: $(STAMP) ## The sandboxes' tests: generated clients against them on a free loopback port
	$(PY) -m pytest sandbox/tests -q $(XDIST)

bench: $(STAMP) ## Benchmarks (minutes; not part of test): prints a table, writes bench/RESULTS.md
	$(PY) -m bench

bench-smoke: $(STAMP) ## The benchmark code still runs (tiny sizes, seconds); numbers not checked
	$(PY) -m ruff check bench
	$(PY) -m ruff format --check bench
	$(PY) -m pytest bench/tests -q

# Without <PROVIDER>_BASE_URL, the local sandbox is the target (the embedded default); with it, the vendor,
# and every credential variable must be set too or nothing is recorded.
record: $(STAMP) ## Re-record PROVIDER's cassettes against <PROVIDER>_BASE_URL (credentials from the environment), or the local sandbox when it is unset
	@test -n "$(PROVIDER)" || { echo "usage: make record PROVIDER=$$($(PY) -m codegen providers | paste -sd'|') (see README, Conformance)"; exit 2; }
	@up=$$(echo "$(PROVIDER)" | tr a-z A-Z); if [ -z "$$(printenv $${up}_BASE_URL)" ]; then \
		echo "record: $${up}_BASE_URL is not set: recording $(PROVIDER) against the local sandbox (its fake credentials) into $(SANDBOX_RECORDINGS)/$(PROVIDER)/; these never replace committed cassettes. Set $${up}_BASE_URL and the credentials (README, Recording) to record against the vendor."; \
		$(PY) -m conformance.sandbox_run $(PROVIDER) --out $(SANDBOX_RECORDINGS); \
	else $(MAKE) --no-print-directory record-vendor PROVIDER=$(PROVIDER); fi

record-vendor: $(STAMP)
	rm -rf reports/recordings/$(PROVIDER)
	$(PY) -m pytest conformance/$(PROVIDER) --record-mode=all -q -p conformance.report \
		--junitxml=reports/record-$(PROVIDER).xml --conformance-report=reports/record-$(PROVIDER).md || status=$$?; \
	$(PY) -m conformance.promote $(PROVIDER) && \
	$(PY) -m pytest conformance/test_cassette_hygiene.py -q; exit $${status:-0}

nightly: $(STAMP) ## What the nightly job runs: record each provider whose credentials are set, check, report
	@set -e; for p in $$($(PY) -m codegen providers); do \
		up=$$(echo $$p | tr a-z A-Z); \
		if [ -n "$$(printenv $${up}_BASE_URL)" ]; then $(MAKE) --no-print-directory record PROVIDER=$$p || failed="$$failed $$p"; \
		else echo "nightly: $$p skipped ($${up}_BASE_URL not set)"; fi; \
	done; \
	$(MAKE) --no-print-directory conformance; \
	test -z "$$failed" || { echo "nightly: drift or failures in:$$failed (see reports/)"; exit 1; }

check: lint typecheck unit conformance ## The edit-test loop (about a minute, docs/feedback-loop.md): lint, typecheck, unit tests, conformance replay

test: lint typecheck unit corpus check-generated conformance recording-test mutations sandbox-test bench-smoke ## Every check (what CI runs)

clean: ## Remove the environments and caches (not generated/)
	rm -rf $(TOOLS) $(VENV) .mypy_cache .ruff_cache .pytest_cache
