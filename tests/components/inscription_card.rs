//! Inscription cards: hostile content is framed, text or a tile, never markup.

use super::*;

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

const WISH: &str = "6405cfcf8626a5eee142eabbf5fab5f0f1ca3f5426efd9f53926fe403e9b5c84";

fn with_metadata(meta: serde_json::Value) -> BlockInscription {
    let mut ins = inscription("text/plain", Some("a wish"));
    ins.metadata = meta.as_object().cloned();
    ins
}

#[wasm_bindgen_test]
fn a_mined_wish_shows_its_badges_and_links_to_its_contract() {
    let ins = with_metadata(serde_json::json!({
        "contract_id": WISH, "visible_pixel_hash": WISH, "is_stego": true,
        "stego_probability": 1.0, "confirmation_status": "confirmed",
    }));
    let host = mount(move || view! { <InscriptionCard ins /> });
    assert_eq!(
        one(&host, "[data-mark=stego]").text_content().as_deref(),
        Some("Stego · 100%")
    );
    let link = one(&host, "a[data-contract-link]");
    assert_eq!(link.text_content().as_deref(), Some("Contract · confirmed"));
    assert!(link
        .get_attribute("href")
        .unwrap_or_default()
        .ends_with(&format!("/contract/wish-{WISH}")));
}

#[wasm_bindgen_test]
fn hostile_markers_are_no_link_and_no_markup() {
    let ins = with_metadata(serde_json::json!({
        "contract_id": "javascript:alert(1)",
        "visible_pixel_hash": "<img src=x onerror=alert(2)>",
        "status": "<b>confirmed</b>",
        "stego_type": "<script>window.__pwned=1</script>",
    }));
    let host = mount(move || view! { <InscriptionCard ins /> });
    assert!(host
        .query_selector("a[data-contract-link]")
        .unwrap()
        .is_none());
    assert!(host.query_selector("script, b, img").unwrap().is_none());
    assert_eq!(
        one(&host, "[data-mark=stego]").text_content().as_deref(),
        Some("Stego")
    );
    assert!(!host.inner_html().contains("javascript:"));
    // An ordinary inscription has no badge row at all.
    let host = mount(|| view! { <InscriptionCard ins=inscription("text/plain", Some("hi")) /> });
    assert!(host.query_selector("[data-mark]").unwrap().is_none());
}
