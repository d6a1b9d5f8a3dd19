//! Stargate-compatible API server for development, demos and tests.
//!
//! `generate` writes a deterministic chain of real Bitcoin blocks into one SQLite file; `serve`
//! answers the Stargate backend's explorer-facing API from it (and serves a built SPA).

pub mod chain;
pub mod envelope;
pub mod payloads;
pub mod png;
pub mod store;

pub use store::{GenerateOptions, GenerateReport};

/// Generates a chain into a new database file (see [`store::generate`]).
pub fn generate(opts: &GenerateOptions) -> anyhow::Result<GenerateReport> {
    store::generate(opts)
}
