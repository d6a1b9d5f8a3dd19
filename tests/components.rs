//! Component tests in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use stargate_explorer::chain::BlockInfo;
use stargate_explorer::components::{BlockCard, ErrorBanner, GapCard, PendingCard};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` into a fresh element and returns it (the mount is leaked on purpose: each
/// test has its own element).
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

fn block(height: u64, hash: &str) -> BlockInfo {
    BlockInfo {
        height,
        hash: hash.to_owned(),
        timestamp: Some(1_700_000_000),
        tx_count: 3050,
        inscription_count: 12,
        thumbnail_url: String::new(),
    }
}

fn one(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", host.inner_html()))
}

#[wasm_bindgen_test]
fn block_card_carries_its_hooks_and_spoken_name() {
    let host = mount(|| view! { <BlockCard info=block(840_000, "00ab") now=1_700_000_300i64 /> });
    let card = one(&host, "[data-height='840000']");
    assert_eq!(card.get_attribute("role").as_deref(), Some("option"));
    assert_eq!(
        card.get_attribute("aria-label").as_deref(),
        Some("Block 840,000, 3,050 transactions, 12 inscriptions")
    );
    assert!(!card.has_attribute("data-genesis"));
    assert!(!card.has_attribute("data-pending"));
    let text = card.text_content().unwrap_or_default();
    assert!(text.contains("Block 840,000"), "{text}");
    assert!(text.contains("5 min ago"), "{text}");
}

#[wasm_bindgen_test]
fn genesis_card_is_marked() {
    let mut info = block(
        0,
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
    );
    info.tx_count = 1;
    info.inscription_count = 0;
    let host = mount(move || view! { <BlockCard info now=1_700_000_000i64 /> });
    let card = one(&host, "[data-genesis]");
    assert_eq!(card.get_attribute("data-height").as_deref(), Some("0"));
    assert_eq!(
        card.get_attribute("aria-label").as_deref(),
        Some("Genesis block 0, 1 transaction, 0 inscriptions")
    );
}

#[wasm_bindgen_test]
fn text_from_the_network_stays_text() {
    let host = mount(
        || view! { <BlockCard info=block(7, "<script>window.__pwned=1</script>") now=0i64 /> },
    );
    assert!(host.query_selector("script").unwrap().is_none());
    assert!(host.text_content().unwrap_or_default().contains("<script>"));
}

#[wasm_bindgen_test]
fn pending_card_is_marked() {
    let host = mount(|| view! { <PendingCard height=901u64 /> });
    let card = one(&host, "[data-pending]");
    assert_eq!(card.get_attribute("data-height").as_deref(), Some("901"));
}

#[wasm_bindgen_test]
async fn gap_card_offers_loading_only_when_it_can() {
    let host = mount(|| view! { <GapCard from=1u64 to=12_345u64 unindexed=true on_load=None /> });
    let gap = one(&host, "[data-gap-from='1'][data-gap-to='12345']");
    assert!(gap
        .text_content()
        .unwrap_or_default()
        .contains("12,345 blocks not indexed"));
    assert!(host.query_selector("button").unwrap().is_none());

    let loads = RwSignal::new(0);
    let host = mount(move || {
        view! { <GapCard from=1u64 to=80u64 unindexed=false on_load=Some(Callback::new(move |()| loads.update(|n| *n += 1))) /> }
    });
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("80 blocks not loaded yet"));
    let button: web_sys::HtmlElement = one(&host, "button").unchecked_into();
    assert!(button
        .text_content()
        .unwrap_or_default()
        .contains("Load older blocks"));
    button.click();
    tick().await;
    assert_eq!(loads.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn error_banner_announces_and_retries() {
    let message = RwSignal::new(None::<String>);
    let retries = RwSignal::new(0);
    let host = mount(move || {
        view! { <ErrorBanner message on_retry=Callback::new(move |()| retries.update(|n| *n += 1)) /> }
    });
    assert!(host.query_selector("[role='alert']").unwrap().is_none());

    message.set(Some("The server answered 503: node unavailable".into()));
    tick().await;
    let alert = one(&host, "[role='alert']");
    assert!(alert
        .text_content()
        .unwrap_or_default()
        .contains("node unavailable"));
    let button: web_sys::HtmlElement = one(&host, "[role='alert'] button").unchecked_into();
    assert!(button.text_content().unwrap_or_default().contains("Retry"));
    button.click();
    tick().await;
    assert_eq!(retries.get_untracked(), 1);

    message.set(None);
    tick().await;
    assert!(host.query_selector("[role='alert']").unwrap().is_none());
}
