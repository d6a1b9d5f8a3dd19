//! The hidden message of an inscription's image: the scanner's message as a clean text node,
//! the button only for images the scanner decodes, nothing at all for other inscriptions; the
//! sandbox link only for a valid hash, to a new tab.

use super::*;
use stargate_explorer::components::hidden_message::sandbox_link;
use stargate_explorer::components::HiddenMessage;

const TX: &str = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

fn inscription(
    content_type: &str,
    scan: serde_json::Value,
    meta: serde_json::Value,
) -> BlockInscription {
    serde_json::from_value(serde_json::json!({
        "id": format!("{TX}_0"), "tx_id": TX, "input_index": 0, "content_type": content_type,
        "size_bytes": 10, "image_url": format!("/content/{TX}?witness=0"),
        "scan_result": scan, "metadata": meta,
    }))
    .unwrap()
}

#[wasm_bindgen_test]
fn a_scanned_hostile_message_is_one_clean_text_node() {
    let hostile =
        "<script>window.__pwned=1</script><img src=x onerror=alert(1)>\u{202E}rtl\u{200B}";
    let ins = inscription(
        "image/png",
        serde_json::json!({"extracted_message": hostile, "is_stego": true}),
        serde_json::Value::Null,
    );
    let host = mount(move || view! { <HiddenMessage ins /> });
    let text = one(&host, "[data-hidden-text='scan']");
    assert_eq!(text.child_element_count(), 0);
    assert_eq!(
        text.text_content().unwrap(),
        "<script>window.__pwned=1</script><img src=x onerror=alert(1)>rtl"
    );
    assert!(host.query_selector("script, img").unwrap().is_none());
    // Asked only on a click: the button is there, no answer yet.
    assert_eq!(
        one(&host, "button").text_content().unwrap(),
        "Look for a hidden message"
    );
    assert_eq!(
        one(&host, "[data-extract-result]").text_content().unwrap(),
        ""
    );
}

#[wasm_bindgen_test]
fn no_button_for_what_the_scanner_cannot_read_and_no_section_for_plain_inscriptions() {
    let svg = inscription(
        "image/svg+xml",
        serde_json::Value::Null,
        serde_json::Value::Null,
    );
    let text = inscription(
        "text/plain",
        serde_json::Value::Null,
        serde_json::Value::Null,
    );
    let host = mount(move || view! { <HiddenMessage ins=svg /> <HiddenMessage ins=text /> });
    assert!(host
        .query_selector("[data-hidden-message]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
fn the_sandbox_link_opens_a_new_tab_without_opener_for_a_valid_hash_only() {
    let hash = "ab".repeat(32);
    let good = inscription(
        "text/plain",
        serde_json::Value::Null,
        serde_json::json!({"visible_pixel_hash": hash}),
    );
    let bad = inscription(
        "text/plain",
        serde_json::Value::Null,
        serde_json::json!({"visible_pixel_hash": "../../x"}),
    );
    let host = mount(move || view! { {sandbox_link(&good)} {sandbox_link(&bad)} });
    let links = host.query_selector_all("a[data-sandbox-link]").unwrap();
    assert_eq!(links.length(), 1);
    let link: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        link.get_attribute("href").unwrap(),
        format!("/sandbox/{hash}/")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert!(link
        .get_attribute("rel")
        .unwrap()
        .contains("noopener noreferrer"));
    assert!(host.query_selector("iframe").unwrap().is_none());
}
