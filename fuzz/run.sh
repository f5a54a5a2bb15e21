#!/usr/bin/env bash
# Bounded fuzzing of the certificate engine: fuzz/run.sh [SECONDS] (default 60 for each run).
# Two runs of the same target on one corpus, seeded from the certificate fixtures and seeds/:
#  1. natively (x86_64) with AddressSanitizer;
#  2. for i686-unknown-linux-gnu, where usize is 32 bits as in the wasm worker: length arithmetic
#     that cannot overflow on 64 bits can there (an RSA-PSS salt length near u32::MAX did), and the
#     ECDSA verifier runs on its 32-bit-limb field. Rust ships no AddressSanitizer runtime for
#     i686, so this run is built without a sanitizer (-s none); panics, arithmetic overflow
#     (cargo fuzz builds with debug assertions) and libFuzzer's own limits still stop it.
# cargo-fuzz needs nightly flags; on a stable toolchain RUSTC_BOOTSTRAP=1 allows them. Installs
# cargo-fuzz if missing; the i686 target and g++-multilib come from scripts/setup.sh test.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_TO_RUN=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if ! rustup target list --installed 2>/dev/null | grep -qx i686-unknown-linux-gnu ||
    ! printf '#include <cassert>\nint main() { return 0; }\n' | c++ -m32 -x c++ - -o /dev/null 2>/dev/null; then
    echo "fuzz/run.sh: the i686 target or g++-multilib is missing: run scripts/setup.sh test" >&2
    exit 1
fi
mkdir -p corpus/analyze
cp ../crates/certlint/tests/fixtures/* corpus/analyze/
# DER seeds of past crashes (seeds/README names them).
cp seeds/*.der corpus/analyze/
rm -f corpus/analyze/generate.sh
export RUSTC_BOOTSTRAP=1
libfuzzer_args=(-max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048)
echo "fuzz/run.sh: x86_64 with AddressSanitizer, ${SECONDS_TO_RUN} s"
cargo fuzz run analyze corpus/analyze -- "${libfuzzer_args[@]}"
echo "fuzz/run.sh: i686 (32-bit usize), no sanitizer, ${SECONDS_TO_RUN} s"
cargo fuzz run -s none --target i686-unknown-linux-gnu analyze corpus/analyze -- "${libfuzzer_args[@]}"
