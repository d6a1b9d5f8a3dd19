//! The application shell: context, router and layout.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::api::{BlockCache, RuntimeConfig};
use crate::auth::Session;
use crate::components::{LegacyNotice, SiteFooter, SiteHeader};
use crate::pages::lazy::{self, ContractRoute, ContractsRoute, DiscoverRoute, LazyPage};
use crate::pages::{ExplorerPage, MovedTo, NotFound};
use crate::routes;
use crate::wish::WishStore;

#[component]
pub fn App(config: RuntimeConfig) -> impl IntoView {
    let base = config.base_path.clone();
    // Every link (`routes`) starts with the base path from here on.
    routes::set_base_path(&base);
    provide_context(config);
    // App-wide, so a draft, the sign-in state and the chain read so far survive navigating
    // between pages.
    WishStore::use_or_provide();
    // a reload keeps the tab's session (auth::stored)
    Session::use_or_provide().restore();
    BlockCache::use_or_provide();
    view! {
        <Router base>
            <SiteHeader />
            <main class="site-main">
                <LegacyNotice />
                <Routes fallback=NotFound>
                    // One explorer for `/` and `/block/:height`: selecting a block keeps the
                    // rail (its state, scroll position and focus) instead of mounting it again.
                    <ParentRoute path=path!("") view=ExplorerPage>
                        <Route path=path!("/") view=|| () />
                        <Route path=path!("/block/:height") view=|| () />
                        // the old frontend's URL of the pending block
                        <Route path=path!("/pending") view=|| () />
                    </ParentRoute>
                    <Route path=path!("/inscription/:id") view=|| view! { <LazyPage load=|| Box::pin(lazy::inscription_page()) /> } />
                    <Route path=path!("/wish") view=|| view! { <LazyPage load=|| Box::pin(lazy::wish_page()) /> } />
                    // One contract page for every id form; `/wish/:id` and `/proposal/:id` are
                    // the React frontend's links to it.
                    // A page with data is a LazyRoute: its first requests go out with its chunk.
                    <Route path=path!("/contract/:id") view={Lazy::<ContractRoute>::new()} />
                    <Route path=path!("/wish/:id") view={Lazy::<ContractRoute>::new()} />
                    <Route path=path!("/proposal/:id") view={Lazy::<ContractRoute>::new()} />
                    <Route path=path!("/contracts") view={Lazy::<ContractsRoute>::new()} />
                    <Route path=path!("/discover") view={Lazy::<DiscoverRoute>::new()} />
                    // the guide: `/docs` and `/docs/<name>.md` (the React frontend's addresses too)
                    <Route path=path!("/docs/:name?") view=|| view! { <LazyPage load=|| Box::pin(lazy::docs_page()) /> } />
                    <Route path=path!("/search") view=|| view! { <LazyPage load=|| Box::pin(lazy::search_page()) /> } />
                    <Route path=path!("/sign-in") view=|| view! { <LazyPage load=|| Box::pin(lazy::sign_in_page()) /> } />
                    // the React frontend's sign-in page, and its sitemap's `/sandbox` (the front
                    // page there: its catch-all route)
                    <Route path=path!("/auth") view=|| view! { <MovedTo to=routes::sign_in() /> } />
                    <Route path=path!("/sandbox") view=|| view! { <MovedTo to=routes::home() /> } />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
