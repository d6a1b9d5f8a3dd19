//! The rail's cards: hooks, spoken names, placeholders, size.

use super::*;

#[wasm_bindgen_test]
fn block_card_carries_its_hooks_and_spoken_name() {
    let host = mount(
        || view! { <BlockCard height=840_000u64 info=Some(block(840_000, "00ab")) now=1_700_000_300i64 /> },
    );
    let card = one(&host, "[data-height='840000']");
    assert_eq!(card.get_attribute("role").as_deref(), Some("option"));
    assert_eq!(
        labelled_name(&host, &card),
        "Block 840,000, 3,050 transactions, 12 inscriptions"
    );
    assert!(!card.has_attribute("data-genesis"));
    assert!(!card.has_attribute("data-pending"));
    let text = card.text_content().unwrap_or_default();
    assert!(text.contains("Block 840,000"), "{text}");
    assert!(text.contains("5 min ago"), "{text}");
}

#[wasm_bindgen_test]
fn genesis_card_is_marked() {
    let mut info = block(
        0,
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
    );
    info.tx_count = 1;
    info.inscription_count = 0;
    let host =
        mount(move || view! { <BlockCard height=0u64 info=Some(info) now=1_700_000_000i64 /> });
    let card = one(&host, "[data-genesis]");
    assert_eq!(card.get_attribute("data-height").as_deref(), Some("0"));
    assert_eq!(
        labelled_name(&host, &card),
        "Block 0 · Genesis, 1 transaction, 0 inscriptions"
    );
}

#[wasm_bindgen_test]
fn text_from_the_network_stays_text() {
    let host = mount(
        || view! { <BlockCard height=7u64 info=Some(block(7, "<script>window.__pwned=1</script>")) now=0i64 /> },
    );
    assert!(host.query_selector("script").unwrap().is_none());
    assert!(host.text_content().unwrap_or_default().contains("<script>"));
}

#[wasm_bindgen_test]
fn pending_card_is_marked() {
    let host = mount(|| view! { <PendingCard height=901u64 /> });
    let card = one(&host, "[data-pending]");
    assert_eq!(card.get_attribute("data-height").as_deref(), Some("901"));
    assert_eq!(
        labelled_name(&host, &card),
        "Block 901, Pending, mined next"
    );
}

#[wasm_bindgen_test]
fn gap_card_says_how_many_blocks_and_why() {
    let host = mount(|| view! { <GapCard from=1u64 to=12_345u64 /> });
    let gap = one(&host, "[data-gap-from='1'][data-gap-to='12345']");
    assert_eq!(
        labelled_name(&host, &gap),
        "12,345 blocks not indexed, heights 12,345 – 1"
    );
    assert_eq!(gap.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert!(host.query_selector("button").unwrap().is_none());

    let host = mount(|| view! { <GapCard from=5u64 to=5u64 /> });
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("1 block not indexed"));
}

#[wasm_bindgen_test]
async fn placeholder_becomes_the_block_in_the_same_element() {
    let info = RwSignal::new(None::<BlockInfo>);
    let host = mount(move || view! { <BlockCard height=42u64 info now=0i64 /> });
    let card = one(&host, "[data-height='42']");
    assert_eq!(card.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(card.class_list().contains("placeholder"));
    info.set(Some(block(42, "00cd")));
    tick().await;
    let after = one(&host, "[data-height='42']");
    // Same node: a focused placeholder keeps the focus when its data arrives.
    assert!(card.is_same_node(Some(&after)));
    assert!(!card.has_attribute("aria-busy"));
    assert_eq!(
        labelled_name(&host, &card),
        "Block 42, 3,050 transactions, 12 inscriptions"
    );
}

#[wasm_bindgen_test]
fn card_width_matches_the_rail_slot() {
    // The rail positions cards by arithmetic (SLOT_PX); the stylesheet must agree.
    let style = document().create_element("style").unwrap();
    let css = [
        include_str!("../../style/base.css"),
        include_str!("../../src/components/rail/rail.css"),
    ];
    style.set_text_content(Some(&css.concat()));
    document().head().unwrap().append_child(&style).unwrap();
    let host = mount(|| {
        let loading: Option<BlockInfo> = None;
        view! {
            <div class="rail__track">
                <BlockCard height=2u64 info=Some(block(2, "00")) now=0i64 />
                <BlockCard height=1u64 info=loading now=0i64 />
            </div>
        }
    });
    let card = |h: u64| -> web_sys::HtmlElement {
        one(&host, &format!("[data-height='{h}']")).unchecked_into()
    };
    let step = card(1).offset_left() - card(2).offset_left();
    let heights = (card(1).offset_height(), card(2).offset_height());
    style.remove();
    assert_eq!(f64::from(step), SLOT_PX);
    // A placeholder is exactly as tall as a loaded card: loading never moves the page.
    assert_eq!(heights.0, heights.1);
    assert!(heights.0 > 100, "{heights:?}");
}

#[wasm_bindgen_test]
fn selected_card_says_so() {
    let host = mount(|| {
        view! { <BlockCard height=5u64 info=Some(block(5, "00")) now=0i64 selected=true /> }
    });
    let card = one(&host, "[data-height='5']");
    assert_eq!(card.get_attribute("aria-selected").as_deref(), Some("true"));
}
