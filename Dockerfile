# syntax=docker/dockerfile:1
# Stargate Explorer image: static Leptos/WASM app served by nginx (non-root), runtime-configured.
#
#   docker build -t stargate-explorer:$(git rev-parse --short HEAD) \
#     --build-arg VERSION=0.1.0 --build-arg GIT_SHA=$(git rev-parse HEAD) \
#     --build-arg BUILD_TIME=$(date -u +%Y-%m-%dT%H:%M:%SZ) .
#   docker run -p 8080:8080 -e BACKEND_URL=http://stargate-backend:3001 -e BASE_PATH=/explorer/ …
#
# Every step is a script that `make test` also runs: scripts/setup.sh --build-only (tools),
# scripts/build-web.sh (trunk + postbuild), deploy/entrypoint.sh (renders the values of nginx.conf's
# small includes, then runs nginx on the top-level nginx.conf as it is; CI runs the same entrypoint
# with `nginx -t` and the Playwright suite through it). Variables: README.md, "Operators".

ARG RUST_VERSION=1.95
ARG NODE_VERSION=22
ARG NGINX_VERSION=1.27

# ---- node (npm ci in tools/ for binaryen's wasm-opt) ----------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS node

# ---- build: pinned toolchain and tools, the same build script as `make build` ---------------
FROM rust:${RUST_VERSION}-bookworm AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
# tools first (own layer): wasm32 target, trunk 0.21.14, wasm-bindgen-cli = Cargo.lock's
# wasm-bindgen, binaryen 132 from npm
COPY Cargo.lock ./
COPY tools/package.json tools/package-lock.json tools/
COPY scripts/setup.sh scripts/
RUN scripts/setup.sh --build-only
# crates (own layer), then the build
COPY . .
RUN cargo fetch --locked
RUN scripts/build-web.sh && test -f dist/index.html && ls -l dist

# ---- runtime: nginx as an unprivileged user --------------------------------------------------
FROM nginx:${NGINX_VERSION}-alpine AS runtime
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
 && chmod -R a+rX /usr/share/stargate-explorer \
 && rm -f /etc/nginx/conf.d/default.conf
# uid/gid 101 = the image's "nginx" user; only /tmp is written (an emptyDir under k8s)
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${LISTEN_PORT}/health" || exit 1
# SIGQUIT = nginx graceful shutdown (finish in-flight requests)
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/opt/stargate-explorer/deploy/entrypoint.sh"]
