//! The QR code: SVG elements only.

use super::*;
use stargate_explorer::components::qr_code::{PsbtQr, SINGLE_QR_MAX};

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

/// Waits `ms` in the browser (the series' timer runs meanwhile).
async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

#[wasm_bindgen_test]
async fn a_small_psbt_is_one_code_of_its_base64() {
    let base64 = "cHNidP8BAA==".to_owned();
    let host = mount(move || view! { <PsbtQr base64 bytes=vec![1, 2, 3] /> });
    let figure = one(&host, "figure.psbt-qr");
    assert_eq!(
        figure.get_attribute("data-qr-kind").as_deref(),
        Some("single")
    );
    assert_eq!(host.query_selector_all("svg.qr").unwrap().length(), 1);
}

#[wasm_bindgen_test]
async fn a_large_psbt_is_a_bbqr_series_that_moves_on_and_pauses() {
    let bytes: Vec<u8> = (0..2000u32).map(|i| (i % 251) as u8).collect();
    let base64 = "A".repeat(SINGLE_QR_MAX + 1);
    let host = mount(move || view! { <PsbtQr base64 bytes /> });
    let figure = one(&host, "figure.psbt-qr");
    assert_eq!(
        figure.get_attribute("data-qr-kind").as_deref(),
        Some("bbqr")
    );
    // 2000 bytes = 3200 base32 characters = 8 parts of 400
    assert_eq!(figure.get_attribute("data-qr-parts").as_deref(), Some("8"));
    let part = || {
        one(&host, "[data-qr-part]")
            .get_attribute("data-qr-part")
            .unwrap()
    };
    let first = part();
    assert!(first.starts_with("B$2P0800"), "{first}");
    sleep(450).await;
    let second = part();
    assert!(second.starts_with("B$2P0801"), "{second}");
    click(&host, "figure.psbt-qr button");
    tick().await;
    let paused = part();
    sleep(900).await;
    assert_eq!(part(), paused, "paused: the part stays");
    assert_eq!(text_of(&host, "figure.psbt-qr button"), "Play");
}
