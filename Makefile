# The two commands that matter: `make demo` and `make test`. Each installs what is missing first
# (scripts/setup.sh, idempotent).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
# wasm-opt from the npm package `binaryen` must come before any other wasm-opt on PATH.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(CARGO_BIN):$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

ADDR ?= 127.0.0.1:8080
SERVER := target/release/portal-server
FREE_PORT = $(shell python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

.PHONY: help setup setup-build build demo dev test lint test-native test-native-32 test-browser test-e2e bench fuzz clean

help:
	@echo "make demo   build the portal and serve it with emulated backends at http://$(ADDR)"
	@echo "make test   every test layer: fmt, clippy, native, browser (wasm), end-to-end (Playwright)"
	@echo "make dev    trunk serve with live reload on :8080, demo backends on :8081"
	@echo "make bench  benchmarks;  make fuzz  bounded fuzzing of the certificate engine"

setup:
	scripts/setup.sh test

setup-build:
	scripts/setup.sh build

build: setup-build
	trunk build --release
	cargo build --release -p portal-server

demo: build
	$(SERVER) --demo --addr $(ADDR) --dist dist

dev: setup-build
	cargo build -p portal-server
	target/debug/portal-server --demo --addr 127.0.0.1:8081 --dist dist \
	  --public-host 127.0.0.1:8080 --public-host localhost:8080 & \
	  server=$$!; trap 'kill $$server' EXIT; trunk serve

test: setup lint test-native test-browser test-e2e test-native-32

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p mtls-portal --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy -p certlint --target wasm32-unknown-unknown -- -D warnings

test-native:
	cargo test --workspace

# The engine's tests for a 32-bit target: usize is 32 bits as in the wasm worker, and the ECDSA
# verifier runs on its 32-bit-limb field arithmetic.
test-native-32:
	cargo test -p certlint --target i686-unknown-linux-gnu

# Component tests in headless Chromium (tests/*.rs, wasm-bindgen-test).
test-browser:
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=$$(command -v chromedriver) \
	  cargo test -p mtls-portal --target wasm32-unknown-unknown

# Whole flows against a `portal-server --demo` that Playwright starts on a free port and stops.
test-e2e: build
	cd tests/e2e && E2E_PORT=$(FREE_PORT) npx playwright test

# Speed and size: the engine natively (criterion), then in Chromium against @peculiar/x509
# (bench/browser) with the release build's first-load size and first paint, the page's longest
# tasks (a 900-certificate report, 500 virtual hosts) and keystroke cost (page.mjs), then the static
# files of portal-server against nginx's (bench/static, wrk).
bench: build
	scripts/setup.sh bench
	cargo bench -p certlint --bench chain
	cargo run --release -p certlint --example bench_inputs -- target/bench
	bench/browser/build-worker.sh target/bench/worker
	cd bench/browser && { test node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund; } && node run.mjs && node page.mjs
	bench/static/run.sh

# Bounded fuzzing of the certificate engine, natively and for i686 (32-bit usize as in wasm32):
# FUZZ_SECONDS each (default 60); installs cargo-fuzz.
fuzz: setup
	fuzz/run.sh $(or $(FUZZ_SECONDS),60)

clean:
	cargo clean
	rm -rf dist tests/e2e/test-results tests/e2e/playwright-report
