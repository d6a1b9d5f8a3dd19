//! Component tests in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use stargate_api::{ApiError, BlockInscription, OpenContract};
use stargate_explorer::auth::Session;
use stargate_explorer::chain::viewport::SLOT_PX;
use stargate_explorer::chain::BlockInfo;
use stargate_explorer::components::{
    AccountMenu, BlockCard, ContractCard, ErrorBanner, GapCard, InscriptionCard, Markdown,
    PendingCard, QrCode,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "components/first_screen.rs"]
mod first_screen;
#[path = "components/limits.rs"]
mod limits;

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
    let host = mount(
        || view! { <BlockCard height=840_000u64 info=Some(block(840_000, "00ab")) now=1_700_000_300i64 /> },
    );
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
    let host =
        mount(move || view! { <BlockCard height=0u64 info=Some(info) now=1_700_000_000i64 /> });
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
        || view! { <BlockCard height=7u64 info=Some(block(7, "<script>window.__pwned=1</script>")) now=0i64 /> },
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
    let host = mount(|| view! { <GapCard from=1u64 to=12_345u64 /> });
    let gap = one(&host, "[data-gap-from='1'][data-gap-to='12345']");
    assert_eq!(
        labelled_name(&host, &gap),
        "12,345 blocks not indexed, heights 12,345 – 1"
    );
    assert_eq!(gap.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert!(host.query_selector("button").unwrap().is_none());

    let host = mount(|| view! { <GapCard from=5u64 to=5u64 /> });
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("1 block not indexed"));
}

#[wasm_bindgen_test]
async fn placeholder_becomes_the_block_in_the_same_element() {
    let info = RwSignal::new(None::<BlockInfo>);
    let host = mount(move || view! { <BlockCard height=42u64 info now=0i64 /> });
    let card = one(&host, "[data-height='42']");
    assert_eq!(card.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(card.class_list().contains("placeholder"));
    info.set(Some(block(42, "00cd")));
    tick().await;
    let after = one(&host, "[data-height='42']");
    // Same node: a focused placeholder keeps the focus when its data arrives.
    assert!(card.is_same_node(Some(&after)));
    assert!(!card.has_attribute("aria-busy"));
    assert_eq!(
        labelled_name(&host, &card),
        "Block 42, 3,050 transactions, 12 inscriptions"
    );
}

#[wasm_bindgen_test]
fn card_width_matches_the_rail_slot() {
    // The rail positions cards by arithmetic (SLOT_PX); the stylesheet must agree.
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../style/main.css")));
    document().head().unwrap().append_child(&style).unwrap();
    let host = mount(|| {
        let loading: Option<BlockInfo> = None;
        view! {
            <div class="rail__track">
                <BlockCard height=2u64 info=Some(block(2, "00")) now=0i64 />
                <BlockCard height=1u64 info=loading now=0i64 />
            </div>
        }
    });
    let card = |h: u64| -> web_sys::HtmlElement {
        one(&host, &format!("[data-height='{h}']")).unchecked_into()
    };
    let step = card(1).offset_left() - card(2).offset_left();
    let heights = (card(1).offset_height(), card(2).offset_height());
    style.remove();
    assert_eq!(f64::from(step), SLOT_PX);
    // A placeholder is exactly as tall as a loaded card: loading never moves the page.
    assert_eq!(heights.0, heights.1);
    assert!(heights.0 > 100, "{heights:?}");
}

#[wasm_bindgen_test]
async fn error_banner_announces_and_retries() {
    let error = RwSignal::new(None::<ApiError>);
    let retries = RwSignal::new(0);
    let retrying = RwSignal::new(true);
    let host = mount(move || {
        view! {
            <ErrorBanner
                what="Could not load the blocks"
                error
                retrying
                on_retry=Callback::new(move |()| retries.update(|n| *n += 1))
            />
        }
    });
    assert!(host.query_selector("[role='alert']").unwrap().is_none());

    error.set(Some(ApiError::Http {
        status: 503,
        message: "node unavailable".into(),
    }));
    tick().await;
    let alert = one(&host, "[role='alert']");
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("Could not load the blocks"), "{text}");
    assert!(text.contains("503: node unavailable"), "{text}");
    assert!(text.contains("Retrying automatically"), "{text}");
    let button: web_sys::HtmlElement = one(&host, "[role='alert'] button").unchecked_into();
    assert!(button.text_content().unwrap_or_default().contains("Retry"));
    button.click();
    tick().await;
    assert_eq!(retries.get_untracked(), 1);

    // A banner for a one-shot load does not promise to retry by itself.
    retrying.set(false);
    tick().await;
    let text = one(&host, "[role='alert']")
        .text_content()
        .unwrap_or_default();
    assert!(!text.contains("Retrying automatically"), "{text}");

    error.set(None);
    tick().await;
    assert!(host.query_selector("[role='alert']").unwrap().is_none());
}

#[wasm_bindgen_test]
fn error_banner_without_retry_has_no_button() {
    let host = mount(|| {
        view! {
            <ErrorBanner
                what="Search failed"
                error=Some(ApiError::Network(String::new()))
            />
        }
    });
    let text = one(&host, "[role='alert']")
        .text_content()
        .unwrap_or_default();
    assert!(text.contains("Search failed"), "{text}");
    assert!(text.contains("Could not reach the server"), "{text}");
    assert!(host
        .query_selector("[role='alert'] button")
        .unwrap()
        .is_none());
}

const TX: &str = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

fn inscription(content_type: &str, content: Option<&str>) -> BlockInscription {
    BlockInscription {
        address: None,
        content: content.map(str::to_owned),
        content_type: content_type.to_owned(),
        file_name: None,
        file_path: None,
        genesis_block_height: Some(300),
        id: format!("{TX}_3"),
        image_url: Some(format!("/content/{TX}?witness=3")),
        input_index: 3,
        metadata: None,
        number: Some(300),
        scan_result: None,
        size_bytes: 42,
        tx_id: TX.to_owned(),
    }
}

fn has_forbidden(text: &str) -> bool {
    text.chars()
        .any(stargate_explorer::text::preview::is_forbidden)
}

#[wasm_bindgen_test]
fn html_inscription_is_only_in_a_sandboxed_frame() {
    let host = mount(|| {
        view! { <InscriptionCard ins=inscription("text/html", Some("<script>window.__pwned=1</script>")) /> }
    });
    let card = one(&host, &format!("[data-inscription-id='{TX}_3']"));
    let frame = one(&host, "iframe");
    assert_eq!(
        frame.get_attribute("sandbox").as_deref(),
        Some("allow-scripts")
    );
    assert_eq!(frame.get_attribute("loading").as_deref(), Some("lazy"));
    assert!(frame
        .get_attribute("src")
        .unwrap_or_default()
        .contains(&format!("/content/{TX}?witness=3")));
    assert!(card.query_selector("script").unwrap().is_none());
    // The payload itself never enters the app document.
    assert!(!host.inner_html().contains("__pwned"));
}

#[wasm_bindgen_test]
fn svg_inscription_is_framed_too() {
    let host = mount(|| view! { <InscriptionCard ins=inscription("image/svg+xml", None) /> });
    assert_eq!(
        one(&host, "iframe").get_attribute("sandbox").as_deref(),
        Some("allow-scripts")
    );
    assert!(host.query_selector("svg").unwrap().is_none());
}

#[wasm_bindgen_test]
fn text_inscription_is_a_clean_text_node() {
    let hostile =
        "<script>window.__pwned=1</script> invoice\u{202E}fdp.exe \u{2066}x\u{2069}\u{0}\u{1b}[31m";
    let host =
        mount(move || view! { <InscriptionCard ins=inscription("text/plain", Some(hostile)) /> });
    assert!(host.query_selector("script").unwrap().is_none());
    assert!(host.query_selector("iframe").unwrap().is_none());
    let text = one(&host, "pre").text_content().unwrap_or_default();
    assert!(text.contains("<script>window.__pwned=1</script>"), "{text}");
    assert!(text.contains("invoicefdp.exe"), "{text}");
    assert!(!has_forbidden(&host.text_content().unwrap_or_default()));
}

#[wasm_bindgen_test]
fn json_inscription_is_pretty_printed_text() {
    let host = mount(|| {
        view! { <InscriptionCard ins=inscription("application/json", Some(r#"{"tick":"<img src=x onerror=alert(6)>"}"#)) /> }
    });
    assert!(host.query_selector("img").unwrap().is_none());
    let text = one(&host, "pre").text_content().unwrap_or_default();
    assert!(text.starts_with("{\n  \"tick\": "), "{text}");
}

#[wasm_bindgen_test]
fn image_inscription_is_lazy() {
    let host = mount(|| view! { <InscriptionCard ins=inscription("image/png", None) /> });
    let img = one(&host, "img");
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert!(host.query_selector("iframe").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn broken_image_falls_back_to_a_tile() {
    let mut ins = inscription("image/png", None);
    ins.image_url = Some("/no-such-image.png".into());
    let host = mount(move || view! { <InscriptionCard ins /> });
    let img = one(&host, "img");
    img.dispatch_event(&web_sys::Event::new("error").unwrap())
        .unwrap();
    tick().await;
    assert!(host.query_selector("img").unwrap().is_none());
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("Image unavailable"));
}

#[wasm_bindgen_test]
fn unknown_type_is_a_neutral_tile() {
    let mut ins = inscription("application/octet-stream\u{202E}", None);
    ins.image_url = Some("javascript:alert(1)".into());
    let host = mount(move || view! { <InscriptionCard ins /> });
    assert!(host
        .query_selector("iframe, img, object, embed")
        .unwrap()
        .is_none());
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("application/octet-stream"), "{text}");
    assert!(!has_forbidden(&text));
    assert!(!host.inner_html().contains("javascript:"));
}

#[wasm_bindgen_test]
fn contract_card_shows_budget_in_btc_and_sats() {
    let contract: OpenContract = serde_json::from_value(serde_json::json!({
        "imageData": "/uploads/abc",
        "text": "make a \u{202e} wish <b>bold</b>",
        "price": 0.0001,
        "timestamp": 1_750_000_000,
        "id": "wish-abc",
        "status": "pending",
        "totalBudgetSats": 10_000
    }))
    .unwrap();
    let host = mount(move || view! { <ContractCard contract /> });
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("0.0001 BTC"), "{text}");
    assert!(text.contains("10,000 sats"), "{text}");
    assert!(text.contains("<b>bold</b>"), "{text}");
    assert!(host.query_selector("b").unwrap().is_none());
    assert!(!has_forbidden(&text));
    assert_eq!(
        one(&host, "img").get_attribute("loading").as_deref(),
        Some("lazy")
    );
}

#[wasm_bindgen_test]
fn contract_card_opens_its_contract() {
    let contract: OpenContract = serde_json::from_value(serde_json::json!({
        "imageData": "/uploads/abc", "text": "x", "price": 0.0001, "timestamp": 1,
        "id": "wish-a/b?c", "status": "pending"
    }))
    .unwrap();
    let host = mount(move || view! { <ContractCard contract /> });
    let link = one(&host, "a[data-contract-id]");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/contract/wish-a%2Fb%3Fc")
    );
}

// ---- contracts (issue 11): a hostile markdown plan renders as inert elements ----

#[wasm_bindgen_test]
fn markdown_plans_render_inert() {
    let plan = "## Plan <script>window.__pwned=1</script>\n\
        [brief](javascript:alert(1)) [ok](https://example.com/x)\n\
        <img src=x onerror=\"window.__pwned=2\">\n\
        ![t](https://evil.example/t.png)\n\
        <div onmouseover=\"x\" style=\"position:fixed\">raw</div>\n\n\
        *em* and **strong**\n";
    let host = mount(move || view! { <Markdown source=plan /> });
    for selector in [
        "script",
        "img",
        "iframe",
        "[style]",
        "[onerror]",
        "[onmouseover]",
    ] {
        assert!(
            host.query_selector(selector).unwrap().is_none(),
            "{selector}"
        );
    }
    let links = host.query_selector_all("a[href]").unwrap();
    assert_eq!(links.length(), 1);
    let link: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://example.com/x")
    );
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer nofollow")
    );
    assert!(one(&host, "h4")
        .text_content()
        .unwrap_or_default()
        .contains("Plan"));
    assert!(host.query_selector("em").unwrap().is_some());
    assert!(!host.inner_html().contains("javascript:"));
    assert!(!host.inner_html().contains("evil.example"));
}

#[wasm_bindgen_test]
fn selected_card_says_so() {
    let host = mount(|| {
        view! { <BlockCard height=5u64 info=Some(block(5, "00")) now=0i64 selected=true /> }
    });
    let card = one(&host, "[data-height='5']");
    assert_eq!(card.get_attribute("aria-selected").as_deref(), Some("true"));
}

// ---- wish form and sign-in (issue 5) ----

use stargate_explorer::auth::AuthState;
use stargate_explorer::components::{SignInPanel, WishForm};
use stargate_explorer::wish::{Phase, WishStore};

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

#[wasm_bindgen_test]
async fn wish_form_says_what_is_wrong_next_to_each_field() {
    let host = mount(|| view! { <WishForm /> });
    // nothing shown before the user did anything
    assert!(host.query_selector(".field__error").unwrap().is_none());
    click(&host, "button[type='submit']");
    tick().await;
    for (field, error, text) in [
        (
            "#wish-message",
            "#wish-message-error",
            "message is required",
        ),
        ("#wish-price", "#wish-price-error", "Enter a price"),
        (
            "#wish-address",
            "#wish-address-error",
            "Enter the Bitcoin address",
        ),
    ] {
        let el = one(&host, field);
        assert_eq!(
            el.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{field}"
        );
        let described = el.get_attribute("aria-describedby").unwrap_or_default();
        assert!(described.contains(&error[1..]), "{field}: {described}");
        assert!(text_of(&host, error).contains(text), "{error}");
    }
    // fixing a field clears its message
    type_into(&host, "#wish-price", "1");
    type_into(&host, "#wish-message", "Build me a bridge");
    tick().await;
    assert!(host.query_selector("#wish-price-error").unwrap().is_none());
    assert_eq!(
        one(&host, "#wish-price")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    assert!(text_of(&host, "#wish-price-hint").contains("100,000,000 sats"));
    assert!(text_of(&host, "#wish-message-hint").contains("17 / 2,000"));
    type_into(&host, "#wish-address", "bc1qOOPS");
    tick().await;
    assert!(text_of(&host, "#wish-address-error").contains("lower case"));
}

#[wasm_bindgen_test]
async fn wish_form_is_disabled_and_shows_progress_while_sending() {
    let store = RwSignal::new(None::<WishStore>);
    let host = mount(move || {
        let wish = WishStore::use_or_provide();
        store.set(Some(wish));
        view! { <WishForm /> }
    });
    let wish = store.get_untracked().unwrap();
    wish.phase.set(Phase::Sending {
        sent: 512.0,
        total: 1024.0,
    });
    tick().await;
    let button = one(&host, "button[type='submit']");
    assert!(button.has_attribute("disabled"));
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    let bar = one(&host, "[role='progressbar']");
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("50"));
    // the guard: a second submit while one is under way does nothing
    wish.message.set("m".into());
    wish.price.set("1".into());
    wish.address
        .set("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into());
    assert!(wish.is_sending());
    click(&host, "button[type='submit']");
    tick().await;
    assert_eq!(
        wish.phase.get_untracked(),
        Phase::Sending {
            sent: 512.0,
            total: 1024.0
        }
    );

    wish.phase.set(Phase::Sent { id: "ab12".into() });
    tick().await;
    assert_eq!(
        one(&host, "[data-wish-id]")
            .get_attribute("data-wish-id")
            .as_deref(),
        Some("ab12")
    );
    assert!(text_of(&host, "[data-wish-id] a").contains("pending block"));
    assert_eq!(
        one(&host, "[data-wish-id] a")
            .get_attribute("href")
            .as_deref(),
        Some("/block/pending")
    );
    click(&host, "[data-wish-id] button");
    tick().await;
    assert_eq!(wish.phase.get_untracked(), Phase::Editing);
    assert_eq!(wish.message.get_untracked(), "");
    assert!(
        !wish.address.get_untracked().is_empty(),
        "the address stays"
    );
}

fn storage_text() -> String {
    let window = web_sys::window().unwrap();
    let mut out = String::new();
    for store in [
        window.local_storage().unwrap().unwrap(),
        window.session_storage().unwrap().unwrap(),
    ] {
        for i in 0..store.length().unwrap() {
            let key = store.key(i).unwrap().unwrap_or_default();
            let value = store.get_item(&key).unwrap().unwrap_or_default();
            out.push_str(&format!("{key}={value}\n"));
        }
    }
    out
}

#[wasm_bindgen_test]
async fn sign_in_keeps_the_key_out_of_storage_and_the_field() {
    let auth = RwSignal::new(None::<Session>);
    let host = mount(move || {
        auth.set(Some(Session::use_or_provide()));
        view! { <SignInPanel /> }
    });
    let key_field = one(&host, "#api-key");
    assert_eq!(key_field.get_attribute("type").as_deref(), Some("password"));
    assert_eq!(
        key_field.get_attribute("autocomplete").as_deref(),
        Some("off")
    );
    type_into(&host, "#api-key", "component-test-secret");
    tick().await;
    click(&host, ".sign-in__form button[type='submit']");
    tick().await;
    // sent (to the test server, which refuses it): the field is emptied at once
    let value = js_sys::Reflect::get(&one(&host, "#api-key"), &"value".into()).unwrap();
    assert_eq!(value.as_string().as_deref(), Some(""));
    let auth = auth.get_untracked().unwrap();
    for _ in 0..100 {
        if !auth.busy.get_untracked() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    tick().await;
    assert!(!storage_text().contains("component-test-secret"));
    assert!(!host.inner_html().contains("component-test-secret"));
    assert_ne!(
        auth.state.get_untracked(),
        AuthState::SignedIn { wallet: None }
    );
    // the failure is announced as text
    assert!(!text_of(&host, "[role='alert']").is_empty());
}

#[wasm_bindgen_test]
fn qr_code_is_svg_elements_with_the_right_module_count() {
    let host = mount(|| view! { <QrCode text="HELLO WORLD".to_owned() label="QR code" /> });
    let svg = one(&host, "svg.qr");
    // version 1 at level M: 21 modules, plus 4 of quiet zone on each side
    assert_eq!(svg.get_attribute("data-qr-modules").as_deref(), Some("21"));
    assert_eq!(svg.get_attribute("viewBox").as_deref(), Some("0 0 29 29"));
    assert_eq!(
        svg.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(svg.get_attribute("aria-label").as_deref(), Some("QR code"));
    let path = one(&host, "svg.qr path");
    assert_eq!(
        path.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    // the top-left finder pattern's first row: 7 dark modules from (4, 4)
    assert!(path.get_attribute("d").unwrap().starts_with("M4 4h7v1h-7z"));
    assert!(host
        .query_selector("canvas, script, foreignObject")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn account_menu_follows_the_session() {
    let session = std::rc::Rc::new(std::cell::Cell::new(None::<Session>));
    let keep = session.clone();
    let host = mount(move || {
        keep.set(Some(Session::use_or_provide()));
        view! { <AccountMenu /> }
    });
    let session = session.get().unwrap();
    assert_eq!(
        one(&host, "[data-account]").text_content().unwrap().trim(),
        "Sign in"
    );
    session.signed_in(
        "k".repeat(64),
        Some("tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v".into()),
    );
    tick().await;
    let summary = one(&host, "details[data-account] summary");
    assert_eq!(
        summary.get_attribute("title").as_deref(),
        Some("Signed in with wallet tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v")
    );
    assert!(summary.text_content().unwrap().contains("tb1q9vza…d45v"));
    assert!(
        !host.inner_html().contains(&"k".repeat(64)),
        "the key is never shown"
    );
    session.signed_in("k".repeat(64), None);
    tick().await;
    assert!(one(&host, "details[data-account] summary")
        .text_content()
        .unwrap()
        .contains("API key"));
}
