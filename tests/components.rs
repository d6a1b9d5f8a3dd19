//! Component tests in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown`. One file per component under
//! `tests/components/`; the helpers they share are here.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use stargate_api::{ApiError, BlockInscription, OpenContract};
use stargate_explorer::auth::{AuthState, Session};
use stargate_explorer::chain::viewport::SLOT_PX;
use stargate_explorer::chain::BlockInfo;
use stargate_explorer::components::{
    AccountMenu, BlockCard, ContractCard, ErrorBanner, GapCard, InscriptionCard, Markdown,
    PendingCard, QrCode, SignInPanel, WishForm,
};
use stargate_explorer::wish::{Phase, WishStore};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "components/account_menu.rs"]
mod account_menu;
#[path = "components/block_card.rs"]
mod block_card;
#[path = "components/error_banner.rs"]
mod error_banner;
#[path = "components/first_screen.rs"]
mod first_screen;
#[path = "components/hidden_message.rs"]
mod hidden_message;
#[path = "components/inscription_card.rs"]
mod inscription_card;
#[path = "components/limits.rs"]
mod limits;
#[path = "components/markdown.rs"]
mod markdown;
#[path = "components/open_contracts.rs"]
mod open_contracts;
#[path = "components/qr_code.rs"]
mod qr_code;
#[path = "components/search_page.rs"]
mod search_page;
#[path = "components/sign_in.rs"]
mod sign_in;
#[path = "components/wish_form.rs"]
mod wish_form;

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
        marks: Default::default(),
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

/// Types `text` into the field `selector` as a user would (value + `input` event).
fn type_into(host: &web_sys::HtmlElement, selector: &str, text: &str) {
    let field = one(host, selector);
    js_sys::Reflect::set(&field, &"value".into(), &text.into()).unwrap();
    // A bubbling `input` (Leptos delegates it to the document); EventInit is not a web-sys
    // feature the app needs, so the event is made in JS.
    let fire = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new Event('input', { bubbles: true }))",
    );
    fire.call1(&wasm_bindgen::JsValue::NULL, &field).unwrap();
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    one(host, selector)
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> String {
    one(host, selector).text_content().unwrap_or_default()
}

fn has_forbidden(text: &str) -> bool {
    text.chars()
        .any(stargate_explorer::text::preview::is_forbidden)
}
