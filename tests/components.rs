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

/// The accessible name computed from content: the text of every node not hidden from
/// assistive technology.
fn labelled_name(_host: &web_sys::HtmlElement, el: &web_sys::Element) -> String {
    fn collect(node: &web_sys::Node, out: &mut String) {
        if let Some(el) = node.dyn_ref::<web_sys::Element>() {
            if el.get_attribute("aria-hidden").as_deref() == Some("true") {
                return;
            }
        }
        if node.node_type() == web_sys::Node::TEXT_NODE {
            out.push_str(&node.text_content().unwrap_or_default());
        }
        let children = node.child_nodes();
        for i in 0..children.length() {
            if let Some(child) = children.item(i) {
                collect(&child, out);
            }
        }
    }
    let mut out = String::new();
    collect(el, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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
        labelled_name(&host, &card),
        "Block 840,000, 3,050 transactions, 12 inscriptions"
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
        labelled_name(&host, &card),
        "Block 0 · Genesis, 1 transaction, 0 inscriptions"
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
    assert_eq!(
        labelled_name(&host, &card),
        "Block 901, Pending, mined next"
    );
}

#[wasm_bindgen_test]
fn gap_card_says_how_many_blocks_and_why() {
    let host = mount(|| view! { <GapCard from=1u64 to=12_345u64 unindexed=true /> });
    let gap = one(&host, "[data-gap-from='1'][data-gap-to='12345']");
    assert_eq!(
        labelled_name(&host, &gap),
        "12,345 blocks not indexed, heights 12,345 – 1"
    );
    assert!(host.query_selector("button").unwrap().is_none());

    let host = mount(|| view! { <GapCard from=5u64 to=5u64 unindexed=false /> });
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("1 block not loaded yet"));
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
