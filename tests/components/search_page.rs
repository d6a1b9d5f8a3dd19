//! The search page's groups of hits.

use super::*;
use stargate_api::SearchResults;
use stargate_explorer::pages::search::SearchGroups;
use stargate_explorer::search::page::outcome;

const TX: &str = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

fn results(value: serde_json::Value) -> SearchResults {
    serde_json::from_value(value).unwrap()
}

#[wasm_bindgen_test]
fn groups_are_sections_of_links_with_counts() {
    let found = outcome(
        "12",
        &results(serde_json::json!({
            "blocks": [
                {"type": "block", "id": "aa", "block_height": 112, "tx_count": 2},
                {"type": "block", "id": "bb", "block_height": 12, "tx_count": 1}
            ],
            "contracts": [{"type": "contract", "id": "wish-a/b?c", "title": "Twelve"}]
        })),
    );
    let host = mount(move || view! { <SearchGroups outcome=found /> });
    let groups = host.query_selector_all("section[data-group]").unwrap();
    assert_eq!(groups.length(), 2);
    assert_eq!(text_of(&host, "[data-group='blocks'] h2"), "Blocks (2)");
    assert_eq!(
        text_of(&host, "[data-group='contracts'] h2"),
        "Contracts (1)"
    );
    // the section is named by its heading
    let blocks = one(&host, "[data-group='blocks']");
    let heading = one(&host, "[data-group='blocks'] h2");
    assert_eq!(
        blocks.get_attribute("aria-labelledby"),
        heading.get_attribute("id")
    );
    // the exact match first, marked
    let first = one(&host, "[data-group='blocks'] li a");
    assert_eq!(first.get_attribute("href").as_deref(), Some("/block/12"));
    assert!(first
        .text_content()
        .unwrap_or_default()
        .contains("Exact match"));
    assert_eq!(
        one(&host, "[data-group='contracts'] a")
            .get_attribute("href")
            .as_deref(),
        Some("/contract/wish-a%2Fb%3Fc")
    );
}

#[wasm_bindgen_test]
fn hostile_text_stays_text() {
    let evil = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>\u{202E}";
    let found = outcome(
        "onerror",
        &results(serde_json::json!({
            "inscriptions": [{"type": "inscription", "id": TX, "block_height": 5, "text": evil, "status": evil}]
        })),
    );
    let host = mount(move || view! { <SearchGroups outcome=found /> });
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("<img src=x onerror="), "{text}");
    assert!(!has_forbidden(&text));
    assert!(host.query_selector("img, script").unwrap().is_none());
    let link = one(&host, "a[data-hit-kind='inscription']");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(format!("/inscription/{TX}?block=5").as_str())
    );
}
