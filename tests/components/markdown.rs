//! A hostile markdown plan renders as inert elements.

use super::*;

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
