//! The page's header: the brand, the search box, the main links, the account menu and the
//! theme toggle. The app mounts it; `first_screen` draws it into the page before the app runs
//! (`boot`), so the header the page opens with is this one.
//!
//! On a narrow screen (`site_header.css`) the links, the account and the theme fold into a menu
//! that one button opens, so the rail stays on the first screen.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::{AccountMenu, SearchBox, ThemeToggle};
use crate::routes;

#[component]
pub fn SiteHeader(
    /// The page's shell before the app runs: the same header, its controls disabled and
    /// nothing behind them (no search, no stored theme, no menu).
    #[prop(optional)]
    boot: bool,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // A chosen link or Escape closes the menu; Escape gives the focus back to its button.
    let button = NodeRef::<leptos::html::Button>::new();
    let close_on_link = move |ev: web_sys::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.closest("a").ok().flatten().is_some());
        if on_link {
            open.set(false);
        }
    };
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <header class="site-header" on:keydown=close_on_escape>
            <a class="brand" href=routes::home().href()>
                <span class="brand__mark" aria-hidden="true">"✦"</span>
                " Stargate Explorer"
            </a>
            <SearchBox boot />
            <button
                class="button site-header__menu"
                node_ref=button
                aria-controls="site-nav"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                disabled=boot
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"☰"</span>
                " Menu"
            </button>
            <nav
                id="site-nav"
                class="site-nav"
                class:site-nav--open=move || open.get()
                aria-label="Main"
                on:click=close_on_link
            >
                <a class="header-link" href=routes::contracts().href()>"Contracts"</a>
                <a class="header-link" href=routes::discover(&Default::default()).href()>"Discover"</a>
                <a class="header-link" href=routes::docs().href()>"Documents"</a>
                <a class="button header-wish" href=routes::wish().href()>"Make a wish"</a>
                <AccountMenu />
                <ThemeToggle boot />
            </nav>
        </header>
    }
}
