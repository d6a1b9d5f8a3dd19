//! The application shell: context, router and layout.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api::RuntimeConfig;
use crate::components::{SearchBox, ThemeToggle};
use crate::pages::{ExplorerPage, InscriptionPage, NotFound};

#[component]
pub fn App(config: RuntimeConfig) -> impl IntoView {
    let base = config.base_path.clone();
    let home = format!("{base}/");
    provide_context(config);
    view! {
        <Router base>
            <header class="site-header">
                <a class="brand" href=home>
                    <span class="brand__mark" aria-hidden="true">"✦"</span>
                    " Stargate Explorer"
                </a>
                <SearchBox />
                <ThemeToggle />
            </header>
            <main class="site-main">
                <Routes fallback=NotFound>
                    // One explorer for `/` and `/block/:height`: selecting a block keeps the
                    // rail (its state, scroll position and focus) instead of mounting it again.
                    <ParentRoute path=path!("") view=ExplorerPage>
                        <Route path=path!("/") view=|| () />
                        <Route path=path!("/block/:height") view=|| () />
                    </ParentRoute>
                    <Route path=path!("/inscription/:id") view=InscriptionPage />
                </Routes>
            </main>
        </Router>
    }
}
