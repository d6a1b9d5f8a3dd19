#!/usr/bin/env bash
# build-web.sh: the release build of the web app into dist/ - `trunk build --release --offline`:
# cargo, then Trunk's post_build hook, `cargo xtask web` (xtask/src/web: split, bindgen,
# optimise, bundle, render, compress), with wasm-bindgen, wasm-opt, esbuild and terser on PATH
# (tools/node_modules/.bin) and Debian's brotli and gzip.
# The ONE build script: `make build` and the Dockerfile's build stage both run it.
# Cargo must already have the crates (`cargo fetch --locked` in the Dockerfile; setup/earlier
# builds here), since Trunk passes --offline on to cargo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The wasm is compiled by the pinned nightly of scripts/web-toolchain.sh (installed by
# scripts/setup.sh), with the standard library rebuilt with the app, for size
# (docs/adr/0035-release-wasm-from-a-pinned-nightly.md): a panic aborts at once, without
# formatting a message, panics carry no source locations, and `{:?}` formats nothing
# (-Zfmt-debug=none: no code of the app shows or keys anything by a Debug output). The flags add
# to .cargo/config.toml's. Trunk's hooks are host programs built by the default toolchain, as
# the host tests build them: Trunk.toml runs them with RUSTUP_TOOLCHAIN unset. Only this release
# build uses the nightly: tests and clippy build as before, and keep their panic messages and
# Debug output.
source "$ROOT/scripts/web-toolchain.sh"
export RUSTUP_TOOLCHAIN="$WEB_TOOLCHAIN"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
trunk build --release --offline
