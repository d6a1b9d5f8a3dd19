//! Pages whose code is not in the explorer's first load: each is a split point (`wasm_split`),
//! so the build (`cargo xtask web`, run by Trunk) moves the page and everything only it
//! uses into a wasm chunk of its own, fetched on the first visit.
//!
//! The split points are `fallible`: a chunk that does not arrive (offline, a deploy replaced
//! it, a proxy error) is an error shown with the one banner and a Retry, never a panic, and a
//! retry fetches it again (a failed load is not remembered). On the host (tests) a split point
//! is a plain call.
//!
//! A page that loads data is a [`LazyRoute`] (leptos_router's: `data()`, then `view()`): when
//! its route is entered, `data()`, in the main module, sends the page's first requests
//! (`api::Prefetch`, the URLs from the feature's pure `first_requests`) while the chunk
//! downloads; the page, once its chunk has come, sends its requests as always and takes those
//! answers instead of asking again. A Retry of the chunk asks again only for the answers that
//! failed.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use leptos_router::LazyRoute;

use crate::api::{client, Answer, ApiError, Prefetch};
use crate::components::Loaded;

/// A page's view, from its chunk: a plain function pointer, so the loaded answer can be cloned
/// out of the resource while its code stays in the chunk.
pub type PageView = fn() -> AnyView;

/// A chunk that did not load, in the words of the error banner.
#[derive(Debug, Clone)]
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> Self {
        ChunkError
    }
}

impl From<ChunkError> for ApiError {
    fn from(_: ChunkError) -> Self {
        ApiError::Network(
            "This page's code did not arrive (offline, or the explorer was updated meanwhile)"
                .to_string(),
        )
    }
}

/// A page's chunk on its way. One type for every page, so [`LazyPage`] (and the resource and
/// views inside it) is built once in the wasm, not once per page.
pub type PageLoad = Pin<Box<dyn Future<Output = Result<PageView, ChunkError>>>>;

/// Shows the page `load` brings: "Loading page…" while its chunk is on its way, the banner with
/// a Retry when it failed. `data`, the page's first requests when it has some: a Retry asks
/// again for those that failed, with the chunk.
#[component]
pub fn LazyPage(load: fn() -> PageLoad, #[prop(optional)] data: Option<Prefetch>) -> impl IntoView {
    let chunk: LocalResource<Answer<PageView>> = LocalResource::new(move || {
        if let Some(data) = data {
            data.retry_failed();
        }
        let page = load();
        async move { Ok(page.await?) }
    });
    view! {
        <Loaded
            resource=chunk
            what="Could not load this page"
            loading="Loading page…"
            children=|page: PageView| page()
        />
    }
}

/// Sends the first requests of the route just entered (`urls` of the API base): for this URL
/// only, so a move to another one on the same route (another contract) drops what the page has
/// not taken.
fn entered(urls: impl FnOnce(&str) -> Vec<String>) -> Prefetch {
    let prefetch = Prefetch::start(urls(client().base_url()));
    let location = use_location();
    Effect::watch(
        move || (location.pathname.get(), location.search.get()),
        move |_, _, _| prefetch.forget(),
        false,
    );
    prefetch
}

/// The view of a route whose first requests `data` holds.
fn with_data(load: fn() -> PageLoad, data: Prefetch) -> impl Future<Output = AnyView> {
    std::future::ready(view! { <LazyPage load data /> }.into_any())
}

/// `/contract/:id` (and the React frontend's `/wish/:id`, `/proposal/:id`).
pub struct ContractRoute(Prefetch);

impl LazyRoute for ContractRoute {
    fn data() -> Self {
        let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
        Self(entered(|base| crate::contract::first_requests(base, &id)))
    }

    fn view(this: Self) -> impl Future<Output = AnyView> {
        with_data(|| Box::pin(contract_page()), this.0)
    }
}

/// `/contracts`.
pub struct ContractsRoute(Prefetch);

impl LazyRoute for ContractsRoute {
    fn data() -> Self {
        Self(entered(crate::contract::paging::first_requests))
    }

    fn view(this: Self) -> impl Future<Output = AnyView> {
        with_data(|| Box::pin(contracts_page()), this.0)
    }
}

/// `/discover`.
pub struct DiscoverRoute(Prefetch);

impl LazyRoute for DiscoverRoute {
    fn data() -> Self {
        let skills = use_query_map().with_untracked(|q| q.get("skills"));
        Self(entered(|base| {
            crate::discover::first_requests(base, skills.as_deref())
        }))
    }

    fn view(this: Self) -> impl Future<Output = AnyView> {
        with_data(|| Box::pin(discover_page()), this.0)
    }
}

// One split point per chunk: the module name (first argument) names the chunk.

#[wasm_split(contract_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn contract_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::ContractPage /> }.into_any())
}

#[wasm_split(contracts_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn contracts_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::ContractsPage /> }.into_any())
}

#[wasm_split(sign_in_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn sign_in_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::SignInPage /> }.into_any())
}

#[wasm_split(wish_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn wish_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::WishPage /> }.into_any())
}

#[wasm_split(discover_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn discover_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::DiscoverPage /> }.into_any())
}

#[wasm_split(inscription_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn inscription_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::InscriptionPage /> }.into_any())
}

#[wasm_split(docs_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn docs_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::DocsPage /> }.into_any())
}

#[wasm_split(search_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn search_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::SearchPage /> }.into_any())
}
