#!/usr/bin/env bash
# Bounded fuzzing of the certificate engine: fuzz/run.sh [SECONDS] (default 60).
# Seeds the corpus from the certificate fixtures. cargo-fuzz needs nightly flags; on a stable
# toolchain RUSTC_BOOTSTRAP=1 allows them. Installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_TO_RUN=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p corpus/analyze
cp ../crates/certlint/tests/fixtures/* corpus/analyze/
rm -f corpus/analyze/generate.sh
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run analyze corpus/analyze -- -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048
