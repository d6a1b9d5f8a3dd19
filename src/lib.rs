//! Stargate Explorer: a Leptos (client-side rendered) Bitcoin block explorer for the
//! Stargate backend.
//!
//! - `routes`: every in-app link.
//! - `api/`: runtime configuration, the generated typed client (`stargate-api`), the one way
//!   to load data and the one poll helper, the block cache service.
//! - `chain/`, `text/`: pure logic (the chain and the rail's arithmetic; text shown to people),
//!   tested on the host.
//! - `address`: Bitcoin address syntax (checksums included), for the wish and the sign-in.
//! - `auth/`: the session (the API key in memory for the tab, the wallet, sign-in/out), the
//!   wallet sign-in (challenge, signature) and its pure clock and texts.
//! - `contract/`: following a wish: contracts, proposals, approval, rework (data and rules).
//! - `discover/`: the task marketplace: which tasks, from the proposals listing (pure).
//! - `search/`: where a search hit leads, and the search page's groups and sentences (pure).
//! - `wish/`: making a wish: state, actions, and its pure rules beside them.
//! - `components/`, `pages/`: thin views, one folder per component.
//! - `first_screen`: the page's first screen, rendered from the app's components (by the build);
//!   `shell`: when it gives way to the app.
//! - `prefs`: the reader's preferences in localStorage (theme, hide text).
//!
//! `docs/architecture.md` is the map.

#![warn(clippy::too_many_lines)]
// the page types of the router are deep: rendering them to HTML on the host needs the room
#![recursion_limit = "256"]

pub mod address;
pub mod api;
pub mod app;
pub mod auth;
pub mod chain;
pub mod components;
pub mod contract;
pub mod discover;
pub mod first_screen;
pub mod guide;
pub mod pages;
pub mod prefs;
pub mod routes;
pub mod search;
pub mod shell;
pub mod text;
pub mod wish;

pub use app::App;
