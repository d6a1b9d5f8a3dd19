//! The QR code: SVG elements only.

use super::*;

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
