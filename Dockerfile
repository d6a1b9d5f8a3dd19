# syntax=docker/dockerfile:1
# Stargate Explorer image: static Leptos/WASM app served by nginx (non-root), runtime-configured.
#
#   docker build -t stargate-explorer:$(git rev-parse --short HEAD) \
#     --build-arg VERSION=0.1.0 --build-arg GIT_SHA=$(git rev-parse HEAD) \
#     --build-arg BUILD_TIME=$(date -u +%Y-%m-%dT%H:%M:%SZ) .
#   docker run -p 8080:8080 -e BACKEND_URL=http://stargate-backend:3001 -e BASE_PATH=/explorer/ …
#
# Every step is a script that `make test` also runs: scripts/setup.sh --build-only (tools),
# scripts/build-web.sh (trunk and its hook, cargo xtask web), deploy/entrypoint.sh (renders the values of nginx.conf's
# small includes, then runs nginx on the top-level nginx.conf as it is; CI runs the same entrypoint
# with `nginx -t` and the Playwright suite through it). Variables: README.md, "Operators".
#
# The runtime is Debian's nginx, not the nginx.org image: nginx.conf loads Debian's brotli modules
# (libnginx-mod-http-brotli-static and -filter), which are built for Debian's nginx ABI only. CI and the
# e2e suite run the same Debian packages (scripts/setup.sh).

ARG RUST_VERSION=1.95
ARG NODE_VERSION=22
ARG DEBIAN_RELEASE=bookworm

# ---- node (npm ci in tools/: binaryen's wasm-opt, esbuild, terser) ----------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS node

# ---- build: pinned toolchain and tools, the same build script as `make build` ---------------
FROM rust:${RUST_VERSION}-bookworm AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
# tools first (own layer): wasm32 target, the pinned nightly that compiles the release wasm
# (scripts/web-toolchain.sh: profile minimal, rust-src, wasm32, its library's crates), trunk
# 0.21.14, wasm-bindgen-cli = Cargo.lock's wasm-bindgen, binaryen 132, esbuild and terser from npm.
# RUST_VERSION: the stable of the hooks and `cargo fetch`, the release that nightly became
# (docs/adr/0035-release-wasm-from-a-pinned-nightly.md): move them together.
COPY Cargo.lock ./
COPY tools/package.json tools/package-lock.json tools/.npmrc tools/
COPY scripts/setup.sh scripts/web-toolchain.sh scripts/
RUN scripts/setup.sh --build-only
# crates (own layer), then the build
COPY . .
RUN cargo fetch --locked
RUN scripts/build-web.sh && test -f dist/index.html && ls -l dist

# ---- runtime: Debian's nginx + its brotli modules, as an unprivileged user -------------------
FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# gettext-base: envsubst (deploy/entrypoint.sh fills the page's runtime slots); wget: the
# HEALTHCHECK; ca-certificates: the CAs an https BACKEND_URL is verified against
# (nginx.conf's proxy_ssl_trusted_certificate); uid/gid 101 "nginx": the user the Helm chart
# (charts/stargate-explorer) runs as
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      nginx libnginx-mod-http-brotli-static libnginx-mod-http-brotli-filter gettext-base wget ca-certificates \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
 && groupadd --system --gid 101 nginx \
 && useradd --system --uid 101 --gid 101 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin nginx \
 && test -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so \
 && test -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
ARG VERSION=0.0.0-dev
ARG GIT_SHA=unknown
ARG BUILD_TIME=unknown
ARG SOURCE=https://github.com/stargate/stargate-explorer
LABEL org.opencontainers.image.title="stargate-explorer" \
      org.opencontainers.image.description="Stargate Explorer: Bitcoin blocks and inscriptions (Leptos/WASM, nginx)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${GIT_SHA}" \
      org.opencontainers.image.created="${BUILD_TIME}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"
# build values served at /version; runtime defaults (override with -e / the Deployment's env)
ENV VERSION="${VERSION}" GIT_SHA="${GIT_SHA}" BUILD_TIME="${BUILD_TIME}" \
    BACKEND_URL="http://stargate-backend:3001" BASE_PATH="/" API_BASE="" LISTEN_PORT="8080" \
    DIST_DIR="/usr/share/stargate-explorer" RUNTIME_DIR="/tmp/stargate-explorer"
# the app (read-only; the entrypoint copies it into RUNTIME_DIR with the rendered files)
COPY --from=build /src/dist/ /usr/share/stargate-explorer/
# the repository's layout: the entrypoint finds ../nginx.conf as it does in a checkout
COPY nginx.conf /opt/stargate-explorer/
COPY deploy/entrypoint.sh /opt/stargate-explorer/deploy/
RUN chmod 0755 /opt/stargate-explorer/deploy/entrypoint.sh \
 && chmod -R a+rX /usr/share/stargate-explorer
# uid/gid 101 = the "nginx" user made above; only /tmp is written (an emptyDir in the chart)
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${LISTEN_PORT}/health" || exit 1
# SIGQUIT = nginx graceful shutdown (finish in-flight requests)
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/opt/stargate-explorer/deploy/entrypoint.sh"]
