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

/// The guide's tables: a head and a body, alignment as a class, no inline style; links between
/// its pages are links of the app.
#[wasm_bindgen_test]
fn guide_markdown_renders_tables_with_classes() {
    use stargate_explorer::text::markdown::Flavor;
    let md = "# Guide\n\n| Word | Size |\n| :-- | --: |\n| sat | 1 |\n\n[Discover](discover.md)\n";
    let host = mount(move || view! { <Markdown source=md flavor=Flavor::GUIDE /> });
    assert!(one(&host, "h1")
        .text_content()
        .unwrap_or_default()
        .contains("Guide"));
    let headers = host.query_selector_all("table > thead > tr > th").unwrap();
    assert_eq!(headers.length(), 2);
    let cells = host.query_selector_all("table > tbody > tr > td").unwrap();
    assert_eq!(cells.length(), 2);
    let size: web_sys::Element = cells.item(1).unwrap().unchecked_into();
    assert_eq!(
        size.get_attribute("class").as_deref(),
        Some("md-align-right")
    );
    assert_eq!(size.text_content().as_deref(), Some("1"));
    assert!(host.query_selector("[style]").unwrap().is_none());
    let link = one(&host, "a");
    assert!(link
        .get_attribute("href")
        .unwrap_or_default()
        .ends_with("/docs/discover.md"));
    assert_eq!(link.get_attribute("target"), None);
    // the same text as anyone's: no table
    let plain = mount(move || view! { <Markdown source=md /> });
    assert!(plain.query_selector("table").unwrap().is_none());
}
