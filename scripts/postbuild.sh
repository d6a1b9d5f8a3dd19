#!/usr/bin/env bash
# postbuild.sh [DIST]: make Trunk's output servable under a strict Content-Security-Policy and
# precompress it. Run by scripts/build-web.sh (so by `make build` and by the Dockerfile).
#
# 1. Trunk injects an INLINE <script type="module">import init ... </script> into index.html;
#    a CSP without 'unsafe-inline' blocks it. This moves the script verbatim into
#    DIST/boot-<sha256:16>.js and references it as <script type="module" src="./boot-….js"
#    integrity="sha384-…">. Its imports are relative ("./stargate-explorer-….js"), and a module
#    resolves them against its own URL, which sits next to index.html, so nothing else changes.
# 2. Takes the comments out of index.html.
# 3. Writes DIST/<file>.gz (gzip -9, no name/mtime) and DIST/<file>.br (brotli -q 11, Debian's
#    `brotli` command, installed by scripts/setup.sh) beside every .wasm/.js/.css/.svg for nginx's
#    `brotli_static on` (browsers that accept br) and `gzip_static on` (the others).
#    index.html and config.json are NOT precompressed: the container rewrites them at start
#    (<base href>, runtime config).
# Idempotent: a second run finds no inline script and refreshes the .gz and .br files.
set -euo pipefail
DIST="${1:-dist}"
INDEX="$DIST/index.html"
die() { printf 'postbuild: %s\n' "$*" >&2; exit 1; }
[ -f "$INDEX" ] || die "$INDEX not found (run trunk build first)"

inline_count=$(grep -c '^<script type="module">$' "$INDEX" || true)
if [ "$inline_count" -gt 1 ]; then
    die "$INDEX has $inline_count inline module scripts; expected one (Trunk's loader)"
elif [ "$inline_count" -eq 1 ]; then
    body="$(mktemp)"; trap 'rm -f "$body"' EXIT
    # the lines strictly between Trunk's <script type="module"> and the next </script>
    awk '/^<script type="module">$/ { on = 1; next } on && /^<\/script>$/ { exit } on { print }' \
        "$INDEX" >"$body"
    grep -q "import init" "$body" || die "the inline script is not Trunk's loader:\n$(cat "$body")"
    hash=$(sha256sum "$body" | cut -c1-16)
    boot="boot-$hash.js"
    # remove boot files of earlier builds (trunk normally starts from an empty dist)
    find "$DIST" -maxdepth 1 -name 'boot-*.js*' ! -name "$boot" ! -name "$boot.gz" ! -name "$boot.br" -delete
    cp "$body" "$DIST/$boot" && chmod 644 "$DIST/$boot"   # mktemp made it 0600
    sri="sha384-$(sha384sum "$DIST/$boot" | cut -d' ' -f1 | tr -d '\n' | sed 's/../\\x&/g' | xargs -0 printf '%b' | base64 -w0)"
    tag="<script type=\"module\" src=\"./$boot\" integrity=\"$sri\" crossorigin=\"anonymous\"></script>"
    awk -v tag="$tag" '
        /^<script type="module">$/ && !done { skipping = 1; next }
        skipping && /^<\/script>$/ { skipping = 0; done = 1; print tag; next }
        skipping { next }
        { print }' "$INDEX" >"$INDEX.tmp"
    mv "$INDEX.tmp" "$INDEX"
    printf 'postbuild: moved the inline loader to %s\n' "$boot"
fi

# 2. The comments of index.html explain the source, not the page (about 1 kB): out, each with
#    its indent and line end, so every tag keeps a line of its own (deploy/entrypoint.sh edits
#    index.html by lines).
perl -0pi -e 's/[ \t]*<!--.*?-->[ \t]*\n?//gs' "$INDEX"

# no inline <script> may remain (a <script ... src=...> is fine)
if grep -Eq '<script( [^>]*)?>' "$INDEX" && grep -E '<script( [^>]*)?>' "$INDEX" | grep -vq ' src='; then
    die "$INDEX still has an inline <script>"
fi

command -v brotli >/dev/null 2>&1 || die "brotli not found (Debian package brotli: run scripts/setup.sh)"
count=0
while IFS= read -r -d '' f; do
    gzip -9 -n -c "$f" >"$f.gz.tmp" && mv "$f.gz.tmp" "$f.gz"
    brotli -q 11 -c "$f" >"$f.br.tmp" && mv "$f.br.tmp" "$f.br"
    count=$((count + 1))
done < <(find "$DIST" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' \) -print0)
printf 'postbuild: %d files precompressed (.gz and .br) in %s\n' "$count" "$DIST"
