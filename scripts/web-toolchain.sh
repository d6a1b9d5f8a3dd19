# The toolchain that compiles the release build's wasm (sourced by scripts/build-web.sh, which
# uses it, and scripts/setup.sh, which installs it): a dated nightly, for the size options stable
# Rust does not have (docs/adr/0035-release-wasm-from-a-pinned-nightly.md). The last nightly
# with wasm32 before 1.95 branched for beta: the compiler, standard library and cargo of the
# stable 1.95 the rest of the project builds with.
WEB_TOOLCHAIN="nightly-2026-02-27"
