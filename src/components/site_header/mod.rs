//! The page's header: the brand, the search box, the main links, the account menu and the
//! theme toggle. The app mounts it; `first_screen` draws it into the page before the app runs
//! (`boot`), so the header the page opens with is this one.

use leptos::prelude::*;

use crate::components::{AccountMenu, SearchBox, ThemeToggle};
use crate::routes;

#[component]
pub fn SiteHeader(
    /// The page's shell before the app runs: the same header, its controls disabled and
    /// nothing behind them (no search, no stored theme).
    #[prop(optional)]
    boot: bool,
) -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href=routes::home().href()>
                <span class="brand__mark" aria-hidden="true">"✦"</span>
                " Stargate Explorer"
            </a>
            <SearchBox boot />
            <a class="header-link" href=routes::contracts().href()>"Contracts"</a>
            <a class="header-link" href=routes::discover(&Default::default()).href()>"Discover"</a>
            <a class="button header-wish" href=routes::wish().href()>"Make a wish"</a>
            <AccountMenu />
            <ThemeToggle boot />
        </header>
    }
}
