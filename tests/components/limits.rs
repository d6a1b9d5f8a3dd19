//! The app's limits in the browser: the client's time and size limits and its reading of a 429
//! (with `window.fetch` replaced for the test), thumbnails that name another host, and plans
//! parsed only when opened.

use leptos::prelude::*;
use leptos::task::tick;
use stargate_api::{ApiError, Client};
use stargate_explorer::chain::BlockInfo;
use stargate_explorer::components::{BlockCard, FoldedMarkdown};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{mount, one};

/// Runs `script` (test set-up only: the test runner's page has no CSP).
fn run_js(script: &str) {
    js_sys::Function::new_no_args(script)
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("the script runs");
}

/// Replaces `window.fetch` by `fake` (a JS function expression) for the duration of `body`.
async fn with_fetch<T>(fake: &str, body: impl std::future::Future<Output = T>) -> T {
    run_js(&format!(
        "window.__realFetch = window.__realFetch || window.fetch; window.fetch = {fake};"
    ));
    let out = body.await;
    run_js("window.fetch = window.__realFetch;");
    out
}

#[wasm_bindgen_test]
async fn a_request_that_never_answers_fails_after_the_timeout() {
    let client = Client::new("").with_timeout_ms(150);
    let started = js_sys::Date::now();
    let result = with_fetch(
        "(request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => { window.__aborted = true; reject(new DOMException('aborted', 'AbortError')); }))",
        client.get_node_health(),
    )
    .await;
    let waited = js_sys::Date::now() - started;
    match result {
        Err(ApiError::Network(why)) => assert_eq!(why, "no answer within 1 s"),
        other => panic!("expected the timeout, got {other:?}"),
    }
    assert!(waited >= 140.0, "gave up after {waited} ms");
    let aborted = js_sys::Reflect::get(&js_sys::global(), &"__aborted".into()).unwrap();
    assert_eq!(
        aborted.as_bool(),
        Some(true),
        "the request itself was aborted"
    );
}

#[wasm_bindgen_test]
async fn an_answer_over_the_size_cap_is_not_read() {
    let result = with_fetch(
        "() => Promise.resolve(new Response(new Uint8Array(17 * 1024 * 1024), { status: 200 }))",
        Client::new("").get_node_health(),
    )
    .await;
    match result {
        Err(ApiError::Decode {
            status: 200,
            message,
        }) => {
            assert!(message.contains("larger than 16 MB"), "{message}")
        }
        other => panic!("expected the size cap, got {other:?}"),
    }
    // declared too large: refused before reading
    let result = with_fetch(
        "() => Promise.resolve(new Response('{}', { status: 200, headers: { 'Content-Length': '99999999999' } }))",
        Client::new("").get_node_health(),
    )
    .await;
    assert!(matches!(result, Err(ApiError::Decode { .. })), "{result:?}");
}

#[wasm_bindgen_test]
async fn a_429_says_how_long_to_wait() {
    let result = with_fetch(
        "() => Promise.resolve(new Response('{\"error\":\"slow down\"}', { status: 429, headers: { 'Retry-After': '7' } }))",
        Client::new("").get_node_health(),
    )
    .await;
    let error = result.expect_err("a 429 is an error");
    assert_eq!(
        error,
        ApiError::TooManyRequests {
            retry_after_s: Some(7)
        }
    );
    assert_eq!(error.message(), "Too many requests, retry in 7 s");
    assert_eq!(error.retry_after_ms(), Some(7_000));
}

#[wasm_bindgen_test]
fn a_thumbnail_that_names_another_host_is_not_loaded() {
    for url in [
        "/\\evil.example/x.png",
        "/\t/evil.example/x.png",
        "//evil.example/x.png",
    ] {
        let info = BlockInfo {
            height: 7,
            hash: "00ab".into(),
            timestamp: Some(1_700_000_000),
            tx_count: 1,
            inscription_count: 1,
            thumbnail_url: url.into(),
            marks: Default::default(),
        };
        let host =
            mount(move || view! { <BlockCard height=7u64 info=Some(info) now=1_700_000_300i64 /> });
        assert!(
            host.query_selector("img").unwrap().is_none(),
            "{url:?}: {}",
            host.inner_html()
        );
        one(&host, ".card__glyph");
    }
}

#[wasm_bindgen_test]
async fn a_folded_plan_is_parsed_when_opened() {
    let host = mount(|| {
        view! {
            <FoldedMarkdown
                class="proposal__plan"
                summary="Plan"
                source="# The plan\n[raw](/uploads/x.svg) and [all](/contracts)"
            />
        }
    });
    let details: web_sys::HtmlDetailsElement =
        one(&host, "details.proposal__plan").unchecked_into();
    assert!(
        host.query_selector(".markdown").unwrap().is_none(),
        "drawn before opening"
    );
    details.set_open(true);
    // the toggle event is queued as a task
    for _ in 0..20 {
        gloo_timers::future::TimeoutFuture::new(10).await;
        tick().await;
        if host.query_selector(".markdown").unwrap().is_some() {
            break;
        }
    }
    let markdown = one(&host, ".markdown");
    assert!(markdown
        .text_content()
        .unwrap_or_default()
        .contains("The plan"));
    let hrefs: Vec<String> = {
        let links = markdown.query_selector_all("a[href]").unwrap();
        (0..links.length())
            .filter_map(|i| links.item(i))
            .filter_map(|n| n.unchecked_into::<web_sys::Element>().get_attribute("href"))
            .collect()
    };
    assert_eq!(hrefs, ["/contracts"]);
}
