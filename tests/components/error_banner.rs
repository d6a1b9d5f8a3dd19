//! The error banner: announced, with Retry when there is one.

use super::*;

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
