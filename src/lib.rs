//! Stargate Explorer: a Leptos (client-side rendered) Bitcoin block explorer for the
//! Stargate backend.
//!
//! - `api/`: runtime configuration and the generated typed client (`stargate-api`).
//! - `chain/`, `text/`: pure logic, tested on the host.
//! - `components/`, `pages/`: thin views.

pub mod api;
pub mod app;
pub mod chain;
pub mod components;
pub mod pages;
pub mod text;

pub use app::App;
