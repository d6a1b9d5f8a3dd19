//! Pages whose code is not in the explorer's first load: each is a split point (`wasm_split`),
//! so the build (`cargo xtask web`, run by Trunk) moves the page and everything only it
//! uses into a wasm chunk of its own, fetched on the first visit.
//!
//! The split points are `fallible`: a chunk that does not arrive (offline, a deploy replaced
//! it, a proxy error) is an error shown with the one banner and a Retry, never a panic, and a
//! retry fetches it again (a failed load is not remembered). On the host (tests) a split point
//! is a plain call.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::api::{Answer, ApiError};
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
/// a Retry when it failed.
#[component]
pub fn LazyPage(load: fn() -> PageLoad) -> impl IntoView {
    let chunk: LocalResource<Answer<PageView>> = LocalResource::new(move || {
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

#[wasm_split(search_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn search_page() -> Result<PageView, ChunkError> {
    Ok(|| view! { <super::SearchPage /> }.into_any())
}
