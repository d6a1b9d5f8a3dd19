use super::*;
use proptest::prelude::*;
use serde_json::json;

/// The Go backend's paging over `indexed` heights (stargate-system.md §1.3.2), quirk included.
fn backend_page(indexed: &[u64], limit: usize, cursor: Option<u64>) -> BlockSummariesPage {
    let mut heights: Vec<u64> = indexed.to_vec();
    heights.sort_unstable_by(|a, b| b.cmp(a));
    heights.dedup();
    let start = match cursor {
        Some(c) if c > 0 => heights.iter().position(|&h| h < c).unwrap_or(0),
        _ => 0,
    };
    let page: Vec<u64> = heights.iter().skip(start).take(limit).copied().collect();
    let has_more = start + page.len() < heights.len();
    let blocks: Vec<_> = page.iter().map(|&h| summary(h)).collect();
    serde_json::from_value(json!({
        "blocks": if blocks.is_empty() { serde_json::Value::Null } else { json!(blocks) },
        "limit": limit,
        "next_cursor": if has_more { page.last().map(|h| h.to_string()).unwrap_or_default() } else { String::new() },
        "has_more": has_more,
        "total": heights.len(),
    }))
    .expect("a backend-shaped page decodes")
}

fn summary(h: u64) -> serde_json::Value {
    json!({
        "block_height": h, "block_hash": format!("{h:064x}"), "timestamp": 1_700_000_000 + h as i64,
        "tx_count": 2, "inscription_count": 1, "smart_contract_count": 0,
        "steganography_summary": null, "preview_inscriptions": null,
        "has_images": false, "thumbnail_url": ""
    })
}

/// Loads like the explorer does: health, newest page, genesis probe, then older pages until
/// the cursor runs out. Returns the view and the number of older requests made.
fn browse(indexed: &[u64], tip: u64, limit: usize) -> (ChainView, usize) {
    let mut view = ChainView::default();
    view.set_tip(tip as i64, "mainnet");
    view.apply_newest_page(&backend_page(indexed, limit, None));
    view.apply_genesis_probe(&backend_page(indexed, 1, Some(1)));
    let mut requests = 0;
    while let Some(cursor) = view.next_older_cursor() {
        requests += 1;
        assert!(requests <= indexed.len() + 2, "paging does not end");
        view.apply_older_page(cursor, &backend_page(indexed, limit, Some(cursor)));
    }
    (view, requests)
}

fn heights_of(cards: &[Card]) -> Vec<u64> {
    cards
        .iter()
        .filter_map(|c| match c {
            Card::Block(b) => Some(b.height),
            _ => None,
        })
        .collect()
}

#[test]
fn full_chain_shows_pending_tip_and_genesis_in_order() {
    let indexed: Vec<u64> = (0..=50).collect();
    let (view, requests) = browse(&indexed, 50, 20);
    let cards = view.cards();
    assert_eq!(cards.first(), Some(&Card::Pending { height: 51 }));
    assert_eq!(heights_of(&cards), (0..=50).rev().collect::<Vec<_>>());
    assert!(!cards.iter().any(|c| matches!(c, Card::Gap { .. })));
    // 51 blocks, 20 a page: the newest page and two older ones.
    assert_eq!(requests, 2);
}

#[test]
fn newest_page_again_ends_paging() {
    let indexed: Vec<u64> = (40..=60).collect();
    let mut view = ChainView::default();
    view.set_tip(60, "mainnet");
    view.apply_newest_page(&backend_page(&indexed, 10, None));
    assert_eq!(view.next_older_cursor(), Some(51));
    // The backend answers a cursor with nothing below it with the newest page again.
    let again = backend_page(&indexed, 10, Some(40));
    assert_eq!(again.blocks.as_ref().map(|b| b[0].block_height), Some(60));
    assert!(again.has_more);
    assert_eq!(view.apply_older_page(51, &again), OlderOutcome::Exhausted);
    assert_eq!(view.next_older_cursor(), None);
    let cards = view.cards();
    assert_eq!(
        cards[cards.len() - 2],
        Card::Gap {
            from: 1,
            to: 50,
            unindexed: true
        }
    );
}

#[test]
fn genesis_not_indexed_is_shown_from_the_network_facts() {
    let (view, _) = browse(&[5, 6, 7], 7, 20);
    let cards = view.cards();
    let Some(Card::Block(genesis)) = cards.last() else {
        panic!("genesis is last: {cards:?}");
    };
    assert_eq!(genesis.height, 0);
    assert_eq!(
        genesis.hash,
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    );
}

#[test]
fn indexed_genesis_wins_over_the_known_facts() {
    let (view, _) = browse(&[0, 1, 2], 2, 20);
    assert_eq!(
        view.block(0).map(|b| b.hash.as_str()),
        Some(format!("{:064x}", 0).as_str())
    );
}

#[test]
fn unloaded_history_is_a_gap_that_is_not_yet_unindexed() {
    let indexed: Vec<u64> = (0..=100).collect();
    let mut view = ChainView::default();
    view.set_tip(100, "mainnet");
    view.apply_newest_page(&backend_page(&indexed, 20, None));
    view.apply_genesis_probe(&backend_page(&indexed, 1, Some(1)));
    let cards = view.cards();
    assert_eq!(
        cards[cards.len() - 2],
        Card::Gap {
            from: 1,
            to: 80,
            unindexed: false
        }
    );
    assert_eq!(view.next_older_cursor(), Some(81));
}

#[test]
fn network_tip_above_the_index_is_an_unindexed_gap() {
    let indexed: Vec<u64> = (0..=10).collect();
    let (view, _) = browse(&indexed, 15, 20);
    let cards = view.cards();
    assert_eq!(cards[0], Card::Pending { height: 16 });
    assert_eq!(
        cards[1],
        Card::Gap {
            from: 11,
            to: 15,
            unindexed: true
        }
    );
}

#[test]
fn a_newer_block_in_a_poll_moves_the_tip() {
    let (mut view, _) = browse(&(0..=10).collect::<Vec<_>>(), 10, 20);
    view.apply_newest_page(&backend_page(&(0..=11).collect::<Vec<_>>(), 20, None));
    assert_eq!(view.tip(), Some(11));
    assert_eq!(view.cards()[0], Card::Pending { height: 12 });
}

#[test]
fn negative_heights_from_the_network_are_ignored() {
    let page: BlockSummariesPage = serde_json::from_value(json!({
        "blocks": [summary(3), {"block_height": -1, "block_hash": "", "timestamp": 0, "tx_count": -5,
            "inscription_count": 0, "smart_contract_count": 0, "has_images": false, "thumbnail_url": ""}],
        "limit": 20, "next_cursor": "", "has_more": false, "total": 2
    }))
    .unwrap();
    let mut view = ChainView::default();
    assert_eq!(view.apply_newest_page(&page), 1);
    assert_eq!(view.len(), 1);
}

#[test]
fn poll_clock_waits_pauses_and_backs_off() {
    let mut clock = PollClock::new(30_000.0, 15_000.0);
    assert!(clock.due(0.0, true));
    clock.started(0.0);
    clock.finished(true);
    assert!(!clock.due(29_000.0, true));
    assert!(clock.due(30_000.0, true));
    // Hidden: never; visible again: at once.
    assert!(!clock.due(60_000.0, false));
    assert!(clock.due(60_001.0, true));
    clock.started(60_001.0);
    clock.finished(false);
    assert_eq!(clock.wait_ms(), 2_000.0);
    clock.finished(false);
    assert_eq!(clock.wait_ms(), 4_000.0);
    for _ in 0..10 {
        clock.finished(false);
    }
    assert_eq!(clock.wait_ms(), 15_000.0);
    clock.finished(true);
    assert_eq!(clock.wait_ms(), 30_000.0);
}

/// Sparse index: runs of missing heights, genesis present or not.
fn sparse_index() -> impl Strategy<Value = (Vec<u64>, u64)> {
    (1u64..400, proptest::collection::vec(any::<bool>(), 1..400)).prop_map(|(tip, keep)| {
        let indexed: Vec<u64> = (0..=tip)
            .filter(|&h| h == tip || keep[(h as usize) % keep.len()])
            .collect();
        (indexed, tip)
    })
}

proptest! {
    /// Paging ends, loads every indexed height exactly once, and the cards account for every
    /// height between pending and genesis exactly once.
    #[test]
    fn paging_covers_every_height_once((indexed, tip) in sparse_index(), limit in 1usize..40) {
        let (view, requests) = browse(&indexed, tip, limit);
        let above_genesis = indexed.iter().filter(|&&h| h > 0).count();
        prop_assert!(requests <= above_genesis / limit + 2);
        prop_assert_eq!(view.next_older_cursor(), None);
        let cards = view.cards();
        prop_assert_eq!(&cards[0], &Card::Pending { height: tip + 1 });
        let mut next = tip;
        for card in &cards[1..] {
            match card {
                Card::Block(b) => {
                    prop_assert_eq!(b.height, next);
                    prop_assert!(b.height == 0 || indexed.contains(&b.height));
                    next = b.height.wrapping_sub(1);
                }
                Card::Gap { from, to, unindexed } => {
                    prop_assert!(*unindexed, "everything is known once paging ends");
                    prop_assert_eq!(*to, next);
                    prop_assert!(from <= to);
                    prop_assert!((*from..=*to).all(|h| !indexed.contains(&h)));
                    next = from - 1;
                }
                Card::Pending { .. } => prop_assert!(false, "one pending card"),
            }
        }
        prop_assert_eq!(next, u64::MAX, "the last card is genesis");
    }
}
