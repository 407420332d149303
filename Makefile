# sanctions-tracker: setup, build, demo and tests in one command each.
#
#   make demo    build the release wasm package and serve www/ on http://127.0.0.1:8080 (PORT=n)
#   make test    lint, native tests, wasm tests in headless Chromium, end-to-end tests
#   make build   build what ships into www/dist (release wasm, wasm-opt -Oz, minified JS and CSS)
#   make lint    cargo fmt --check and clippy -D warnings (native and wasm32)
#   make setup   only install what is missing
#   make bench   build, then measure payload, first render, interactions, scale, memory, size (bench/)
#   make bench-smoke  a quick run that checks the benchmark itself still works
#
# Every target installs what it needs and is missing, on a fresh Debian machine
# that has rustup, cargo, node and npm: the wasm32 target, wasm-pack,
# wasm-bindgen-cli at exactly the version in Cargo.lock, Debian's chromium and
# chromium-driver, and the npm dev dependencies (binaryen 132 for wasm-opt,
# playwright-core). Everything comes from crates.io, Debian or npm: wasm-pack
# always runs with --mode no-install so it downloads nothing itself.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PORT ?= 8080
CARGO_HOME ?= $(HOME)/.cargo

# binaryen 132 from node_modules comes first, so it is the wasm-opt anyone
# (wasm-pack included) finds; Debian's binaryen 108 breaks this toolchain's
# output (the module then fails to instantiate with a WebAssembly.Table.set() error).
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_HOME)/bin:$(PATH)

BINARYEN_VERSION := 132
WASM_PACK_VERSION := 0.15.1
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

PKG := www/pkg
WASM := $(PKG)/sanctions_tracker_bg.wasm
NODE_STAMP := node_modules/.installed

.PHONY: help setup build demo test lint test-fixture test-native test-wasm test-e2e \
        rust-target wasm-pack wasm-bindgen chromium node-deps check-wasm-opt \
        bench bench-smoke twiggy

help:
	@sed -n '3,10p' Makefile | sed 's/^# *//'

# ---------------------------------------------------------------- setup ----

setup: rust-target wasm-pack wasm-bindgen chromium node-deps check-wasm-opt

rust-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

wasm-pack:
	@command -v wasm-pack >/dev/null \
	  || cargo install wasm-pack --version $(WASM_PACK_VERSION)

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (no --locked:
# its lock file names versions this registry does not serve).
wasm-bindgen:
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "error: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (Cargo.lock)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "Installing Debian's chromium and chromium-driver"; \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi
	@# The pictures' faces: Liberation Sans (Latin) and Noto Sans CJK KR
	@# (Hangul), whose metrics src/chart/text.rs has; the browser tests
	@# compare their widths and the screenshots show Korean in them.
	@if ! fc-list 2>/dev/null | grep -q 'Liberation Sans:style=Regular' \
	    || ! fc-list 2>/dev/null | grep -q 'Noto Sans CJK KR'; then \
	  echo "Installing fonts-liberation and fonts-noto-cjk"; \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-liberation fonts-noto-cjk fontconfig; \
	fi

# npm ci when node_modules is missing, incomplete or older than the lock file.
node-deps:
	@if [ ! -f $(NODE_STAMP) ] || [ package.json -nt $(NODE_STAMP) ] \
	    || [ package-lock.json -nt $(NODE_STAMP) ] || [ ! -x node_modules/.bin/wasm-opt ] \
	    || [ ! -f node_modules/playwright-core/package.json ]; then \
	  npm ci --no-audit --no-fund; \
	  touch $(NODE_STAMP); \
	fi

check-wasm-opt: node-deps
	@found="$$(command -v wasm-opt || true)"; \
	if [ "$$found" != "$(CURDIR)/node_modules/.bin/wasm-opt" ]; then \
	  echo "error: the first wasm-opt on PATH is '$$found', not binaryen $(BINARYEN_VERSION) from node_modules (run npm ci)" >&2; exit 1; \
	fi; \
	version="$$(wasm-opt --version)"; \
	case "$$version" in \
	  "wasm-opt version $(BINARYEN_VERSION) "*|"wasm-opt version $(BINARYEN_VERSION)") ;; \
	  *) echo "error: wasm-opt is '$$version', need binaryen $(BINARYEN_VERSION) (npm package binaryen, see package.json); Debian's binaryen 108 breaks the release build" >&2; exit 1;; \
	esac

# ---------------------------------------------------------------- build ----
# wasm-opt: -Oz to a fixed point (--converge), with similar functions merged
# first, and --low-memory-unused: rustc's wasm32 layout puts the stack below
# the data at 1 MiB, so the first KiB is only reached by a stack that has
# already overflowed; binaryen may then fold constant offsets into loads and
# stores. Together about 3.9 KB gzip less than -Oz alone. bench/run.mjs reads
# these flags from here for its names-kept build.
WASM_OPT_FLAGS := --low-memory-unused --merge-similar-functions -Oz --converge


build: rust-target wasm-pack wasm-bindgen check-wasm-opt
	wasm-pack build --release --target web --mode no-install --no-pack --out-dir $(PKG)
	wasm-opt $(WASM_OPT_FLAGS) --strip-debug --strip-producers --strip-target-features $(WASM) -o $(WASM).opt
	@mv $(WASM).opt $(WASM)
	@printf 'wasm size: %s bytes raw, %s bytes gzip -9 (%s)\n' \
	  "$$(wc -c < $(WASM))" "$$(gzip -9 -c $(WASM) | wc -c)" "$(WASM)"
	node tools/bundle.mjs

demo: build node-deps
	@echo "Demo: http://127.0.0.1:$(PORT)/"
	node tools/serve.mjs www $(PORT)

# ----------------------------------------------------------------- test ----

test: lint test-fixture test-native test-wasm test-e2e bench-smoke

lint: rust-target
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

# The synthetic 35-country tracker (tests/fixtures/) is what bench/gen-tracker.mjs writes,
# and src/geo/names_ko.rs what tools/gen-country-names.mjs writes from the CLDR.
test-fixture: node-deps
	node bench/gen-tracker.mjs --check
	node tools/gen-country-names.mjs --check

test-native:
	cargo test

test-wasm: rust-target wasm-pack wasm-bindgen chromium
	wasm-pack test --headless --chrome --mode no-install

# tests/js/: unit tests of pure widget modules, in Node (no browser).
test-e2e: build chromium node-deps
	node --test tests/js/*.test.mjs tests/e2e/*.test.mjs

# ---------------------------------------------------------------- bench ----
# Issue 5's benchmark in headless Chromium against the built demo, on
# 127.0.0.1 only: prints a table, writes bench/out/results.json (and copies it
# to bench/results.json). Not part of `make test`: timings on a shared
# machine are not a test. bench-smoke only checks that every figure is produced.

TWIGGY_VERSION := 0.8.0

twiggy:
	@command -v twiggy >/dev/null \
	  || cargo install twiggy --version $(TWIGGY_VERSION) --locked

bench: build chromium node-deps twiggy
	node bench/run.mjs --save

bench-smoke: build chromium node-deps
	node bench/run.mjs --smoke
