#!/usr/bin/env bash
# postbuild.sh [DIST]: check that Trunk's output is servable under a strict Content-Security-Policy,
# take the comments out of index.html and precompress it. Run by scripts/build-web.sh (so by
# `make build` and by the Dockerfile).
#
# 1. Takes the comments out of index.html.
# 2. Writes DIST/<file>.gz (gzip -9, no name/mtime) and DIST/<file>.br (brotli -q 11, Debian's
#    `brotli` command, installed by scripts/setup.sh) beside every .wasm/.js/.css/.svg for nginx's
#    `brotli_static on` (browsers that accept br) and `gzip_static on` (the others).
#    index.html and config.json are NOT precompressed: the container rewrites them at start
#    (<base href>, runtime config).
# Trunk's inline loader, which a CSP without 'unsafe-inline' blocks, is already gone: Trunk's
# hook (`cargo xtask split-web`) bundles it with the rest of the page's JS into boot-<hash>.js.
# This checks that no inline script is left.
# Idempotent: a second run refreshes the .gz and .br files.
set -euo pipefail
DIST="${1:-dist}"
INDEX="$DIST/index.html"
die() { printf 'postbuild: %s\n' "$*" >&2; exit 1; }
[ -f "$INDEX" ] || die "$INDEX not found (run trunk build first)"

# 1. The comments of index.html explain the source, not the page (about 1 kB): out, each with
#    its indent and line end, so every tag keeps a line of its own (deploy/entrypoint.sh edits
#    index.html by lines).
perl -0pi -e 's/[ \t]*<!--.*?-->[ \t]*\n?//gs' "$INDEX"

# no inline <script> may remain (a <script ... src=...> is fine)
if grep -Eq '<script( [^>]*)?>' "$INDEX" && grep -E '<script( [^>]*)?>' "$INDEX" | grep -vq ' src='; then
    die "$INDEX has an inline <script> (Trunk's hook, cargo xtask split-web, did not run?)"
fi

command -v brotli >/dev/null 2>&1 || die "brotli not found (Debian package brotli: run scripts/setup.sh)"
count=0
while IFS= read -r -d '' f; do
    gzip -9 -n -c "$f" >"$f.gz.tmp" && mv "$f.gz.tmp" "$f.gz"
    brotli -q 11 -c "$f" >"$f.br.tmp" && mv "$f.br.tmp" "$f.br"
    count=$((count + 1))
done < <(find "$DIST" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' \) -print0)
printf 'postbuild: %d files precompressed (.gz and .br) in %s\n' "$count" "$DIST"
