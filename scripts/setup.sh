#!/usr/bin/env bash
# Installs what building and testing the portal needs, skipping whatever is already there.
# Everything comes from a package registry by name (crates.io, npm, Debian); nothing downloads a
# prebuilt binary. Usage: scripts/setup.sh [build|test|bench]
# (test = build + browsers, the i686 target and e2e packages; bench = build + wrk and nginx)
set -euo pipefail

cd "$(dirname "$0")/.."
what=${1:-test}

TRUNK_VERSION=0.21.14
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$CARGO_BIN:$PATH"

step() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
fail() {
    printf '\033[1;31msetup failed:\033[0m %s\n' "$*" >&2
    exit 1
}

# The wasm-bindgen version the app is built with: wasm-bindgen-cli must match it exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        return
    fi
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || fail "could not add the Rust target wasm32-unknown-unknown (rustup target add)"
}

ensure_trunk() {
    if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
        return
    fi
    step "installing trunk $TRUNK_VERSION from crates.io (about 10 minutes on 2 cores)"
    cargo install --locked trunk --version "$TRUNK_VERSION" || fail "could not install trunk $TRUNK_VERSION (cargo install --locked trunk)"
}

ensure_wasm_bindgen() {
    [ -f Cargo.lock ] || cargo generate-lockfile || fail "could not resolve the workspace's dependencies (cargo generate-lockfile)"
    local version
    version=$(wasm_bindgen_version)
    [ -n "$version" ] || fail "Cargo.lock names no wasm-bindgen version"
    grep -q "^wasm_bindgen = \"$version\"" Trunk.toml ||
        fail "Trunk.toml [tools] wasm_bindgen must be \"$version\", the version in Cargo.lock"
    if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ] &&
        [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $version" ]; then
        return
    fi
    step "installing wasm-bindgen-cli $version from crates.io (about 3 minutes)"
    # Without --locked: with it, dependency selection fails for this crate.
    cargo install wasm-bindgen-cli --version "$version" --force ||
        fail "could not install wasm-bindgen-cli $version (cargo install wasm-bindgen-cli)"
}

# npm packages of one folder, reinstalled only when its package-lock.json changed.
ensure_npm() {
    local dir=$1
    local stamp="$dir/node_modules/.package-lock.json"
    if [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package-lock.json" ]; then
        return
    fi
    command -v npm >/dev/null || fail "npm is not installed (needed for $dir)"
    step "installing npm packages in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
        fail "could not install the npm packages of $dir (npm ci)"
}

# Debian packages: apt_install WHY PACKAGE...
apt_install() {
    local why=$1
    shift
    step "installing $* from Debian ($why)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"; } ||
        fail "could not install $* (apt-get install $*)"
}

ensure_chromium() {
    if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
        return
    fi
    apt_install "browser tests" chromium chromium-driver
}

# The engine's tests and a fuzz run also run for a 32-bit target (make test-native-32, make fuzz),
# where usize arithmetic wraps as in wasm32. Linking for i686 needs the 32-bit C runtime, and
# libFuzzer (C++) the 32-bit C++ library: g++-multilib brings both.
ensure_i686() {
    if ! rustup target list --installed 2>/dev/null | grep -qx i686-unknown-linux-gnu; then
        step "adding the i686-unknown-linux-gnu target"
        rustup target add i686-unknown-linux-gnu || fail "could not add the Rust target i686-unknown-linux-gnu (rustup target add)"
    fi
    if printf '#include <cassert>\nint main() { return 0; }\n' | c++ -m32 -x c++ - -o /dev/null 2>/dev/null; then
        return
    fi
    apt_install "32-bit C and C++ runtime for the i686 tests and fuzzing" g++-multilib
}

# `make bench` compares portal-server's static files with nginx's, loaded by wrk.
ensure_bench_tools() {
    if command -v wrk >/dev/null && command -v nginx >/dev/null; then
        return
    fi
    apt_install "static-file benchmark" wrk nginx-light
}

ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_npm tools
if [ "$what" = test ]; then
    ensure_chromium
    ensure_i686
    ensure_npm tests/e2e
fi
if [ "$what" = bench ]; then
    ensure_bench_tools
fi
step "ready ($what)"
