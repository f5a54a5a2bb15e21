#!/usr/bin/env bash
# Builds the benchmark's worker (crates/certlint/examples/bench_worker.rs) as the page's engine
# worker is built (profile wasm-engine, wasm-opt -O3), into $1 (default target/bench/worker):
# bench_worker.js (wasm-bindgen, no-modules) and bench_worker_bg.wasm. bench-worker.js loads them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/target/bench/worker}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --profile wasm-engine --target wasm32-unknown-unknown -p certlint --example bench_worker
mkdir -p "$out"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/wasm-engine/examples/bench_worker.wasm"
wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  "$out/bench_worker_bg.wasm" -o "$out/bench_worker_bg.wasm"
