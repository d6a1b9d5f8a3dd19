#!/usr/bin/env bash
# build-web.sh: the release build of the web app into dist/ - `trunk build --release --offline`
# (wasm-bindgen and wasm-opt found on PATH, wasm-opt from tools/node_modules) followed by
# scripts/postbuild.sh (inline loader -> boot-<hash>.js for the CSP, .br/.gz files for brotli_static/gzip_static).
# The ONE build script: `make build` and the Dockerfile's build stage both run it.
# Cargo must already have the crates (`cargo fetch --locked` in the Dockerfile; setup/earlier
# builds here), since Trunk passes --offline on to cargo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline
"$ROOT/scripts/postbuild.sh" "$ROOT/dist"
