//! The pending block's contract cards.

use super::*;

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
