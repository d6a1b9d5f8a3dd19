//! Stargate Explorer: a Leptos (client-side rendered) Bitcoin block explorer for the
//! Stargate backend.
//!
//! - `api/`: runtime configuration and the generated typed client (`stargate-api`).
//! - `chain/`, `text/`: pure logic, tested on the host.
//! - `submit/`: wish draft and sign-in state (context) and the calls that send them.
//! - `components/`, `pages/`: thin views.

pub mod api;
pub mod app;
pub mod chain;
pub mod components;
pub mod pages;
pub mod submit;
pub mod text;

pub use app::App;
