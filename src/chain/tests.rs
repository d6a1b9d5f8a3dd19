use super::loader::RETRY_AFTER_MS;
use super::*;
use proptest::prelude::*;
use serde_json::json;

/// The Go backend's paging over `indexed` heights (docs/design.md "The backend as it is"), quirk included.
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

/// What the rail does: ask the loader for the heights of `window` until nothing is missing,
/// answering from the backend model. Returns the number of requests made.
fn settle(view: &mut ChainView, loader: &mut PageLoader, indexed: &[u64], window: &[u64]) -> usize {
    let focus = window.first().copied().unwrap_or(0);
    let mut requests = 0;
    loop {
        let planned = loader.plan(view, window, focus, 0.0);
        if planned.is_empty() {
            return requests;
        }
        for r in planned {
            requests += 1;
            assert!(requests < 10_000, "a request loop");
            view.apply_page(
                Some(r.cursor),
                &backend_page(indexed, r.limit as usize, Some(r.cursor)),
            );
            loader.finished(r.id);
        }
    }
}

/// The heights (placeholders included) and gap runs of a layout, newest first.
fn heights_of_layout(layout: &RailLayout) -> Vec<Slot> {
    (0..layout.len())
        .map(|i| layout.at(i).expect("in range"))
        .collect()
}

fn started(indexed: &[u64], tip: u64) -> ChainView {
    let mut view = ChainView::default();
    view.set_tip(tip as i64, "mainnet");
    view.apply_page(None, &backend_page(indexed, 20, None));
    view
}

/// Scrolls a window of `width` slots from the tip to genesis, settling at each step.
fn scroll_to_genesis(indexed: &[u64], tip: u64, width: u64) -> (ChainView, usize) {
    let mut view = started(indexed, tip);
    let mut loader = PageLoader::default();
    let mut requests = 0;
    let mut pos = 0;
    loop {
        let layout = RailLayout::new(&view);
        let window: Vec<u64> = (pos..(pos + width).min(layout.len()))
            .filter_map(|i| match layout.at(i) {
                Some(Slot::Height(h)) => Some(h),
                _ => None,
            })
            .collect();
        requests += settle(&mut view, &mut loader, indexed, &window);
        let layout = RailLayout::new(&view);
        if pos + width >= layout.len() {
            return (view, requests);
        }
        pos += width;
    }
}

#[test]
fn a_block_hash_from_the_network_is_sanitised() {
    let mut raw = summary(7);
    raw["block_hash"] = json!("\u{202e}00ab\u{200f}cd\u{0}");
    let summary: BlockSummary = serde_json::from_value(raw).expect("a summary");
    let info = BlockInfo::from_summary(&summary).expect("a height");
    assert_eq!(info.hash, "00abcd");
}

#[test]
fn full_chain_is_pending_tip_down_to_genesis() {
    let indexed: Vec<u64> = (0..=50).collect();
    let (view, requests) = scroll_to_genesis(&indexed, 50, 10);
    let slots = heights_of_layout(&RailLayout::new(&view));
    assert_eq!(slots[0], Slot::Pending(51));
    let expected: Vec<Slot> = (0..=50).rev().map(Slot::Height).collect();
    assert_eq!(&slots[1..], &expected[..]);
    assert!((0..=50).all(|h| view.block(h).is_some()));
    // 51 heights, the newest 20 from the first page, the rest in chunks of 25.
    assert!(requests <= 3, "{requests} requests");
}

#[test]
fn newest_page_again_is_nothing_below() {
    let indexed: Vec<u64> = (40..=60).collect();
    let mut view = started(&indexed, 60);
    // The backend answers a cursor with nothing below it with the newest page again.
    let again = backend_page(&indexed, 10, Some(40));
    assert_eq!(again.blocks.as_ref().map(|b| b[0].block_height), Some(60));
    assert!(again.has_more);
    assert_eq!(view.apply_page(Some(40), &again), PageOutcome::NothingBelow);
    assert!((0..40).all(|h| view.is_unindexed(h)));
    let layout = RailLayout::new(&view);
    let slots = heights_of_layout(&layout);
    assert_eq!(slots[slots.len() - 2], Slot::Gap { from: 1, to: 39 });
    assert_eq!(slots.last(), Some(&Slot::Height(0)));
    assert_eq!(
        view.genesis().hash,
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    );
}

#[test]
fn indexed_genesis_wins_over_the_known_facts() {
    let (view, _) = scroll_to_genesis(&[0, 1, 2], 2, 8);
    assert_eq!(view.genesis().hash, format!("{:064x}", 0));
}

#[test]
fn network_tip_above_the_index_is_a_gap() {
    let indexed: Vec<u64> = (0..=10).collect();
    let view = started(&indexed, 15);
    let slots = heights_of_layout(&RailLayout::new(&view));
    assert_eq!(slots[0], Slot::Pending(16));
    assert_eq!(slots[1], Slot::Gap { from: 11, to: 15 });
}

#[test]
fn a_newer_block_in_a_poll_moves_the_tip() {
    let mut view = started(&(0..=10).collect::<Vec<_>>(), 10);
    view.apply_page(None, &backend_page(&(0..=11).collect::<Vec<_>>(), 20, None));
    assert_eq!(view.tip(), Some(11));
    assert_eq!(RailLayout::new(&view).at(0), Some(Slot::Pending(12)));
}

#[test]
fn unknown_heights_are_placeholders_one_slot_each() {
    let indexed: Vec<u64> = (0..=900_000).step_by(1).collect::<Vec<_>>();
    let view = started(&indexed[indexed.len() - 30..], 900_000);
    let layout = RailLayout::new(&view);
    assert_eq!(layout.len(), 900_002);
    assert_eq!(layout.slot_of(450_000), Some(450_001));
    assert_eq!(layout.at(900_001), Some(Slot::Height(0)));
}

#[test]
fn a_gap_found_from_genesis_upwards_takes_few_requests() {
    // The backend indexed 100,000..=100,300 only: everything below is one gap. Starting at
    // genesis, the loader must not walk up 100,000 heights a screen at a time.
    let indexed: Vec<u64> = (100_000..=100_300).collect();
    let mut view = started(&indexed, 100_300);
    let mut loader = PageLoader::default();
    let mut requests = 0;
    for _ in 0..200 {
        let layout = RailLayout::new(&view);
        let end = layout.len();
        let window: Vec<u64> = (end.saturating_sub(10)..end)
            .filter_map(|i| match layout.at(i) {
                Some(Slot::Height(h)) => Some(h),
                _ => None,
            })
            .collect();
        let n = settle(&mut view, &mut loader, &indexed, &window);
        requests += n;
        if n == 0 {
            break;
        }
    }
    let slots = heights_of_layout(&RailLayout::new(&view));
    let gap = slots.iter().find(|s| matches!(s, Slot::Gap { .. }));
    assert_eq!(
        gap,
        Some(&Slot::Gap {
            from: 1,
            to: 99_999
        })
    );
    assert!(requests <= 60, "{requests} requests");
}

#[test]
fn eviction_bounds_the_cache_and_spares_tip_and_genesis() {
    let indexed: Vec<u64> = (0..=2_000).collect();
    let (mut view, _) = scroll_to_genesis(&indexed, 2_000, 40);
    assert_eq!(view.len(), 2_001);
    view.evict(100, 500);
    assert!(view.len() <= 500);
    assert!(view.block(0).is_some() && view.block(100).is_some());
    assert!((2_000 - KEEP_NEAR_TIP..=2_000).all(|h| view.block(h).is_some()));
    // Dropped heights are unknown again: placeholders, not gaps.
    let dropped = (1..2_000)
        .find(|&h| view.block(h).is_none())
        .expect("some were dropped");
    assert!(!view.is_covered(dropped));
    let layout = RailLayout::new(&view);
    assert_eq!(layout.len(), 2_002, "no gap cards from eviction");
}

#[test]
fn stale_requests_are_cancelled_and_failures_wait() {
    let indexed: Vec<u64> = (0..=1_000).collect();
    let view = started(&indexed, 1_000);
    let mut loader = PageLoader::default();
    let planned = loader.plan(&view, &[500, 501], 500, 0.0);
    assert_eq!(planned.len(), 1);
    assert_eq!((planned[0].cursor, planned[0].limit), (525, 25));
    // The same heights are not asked for twice while in flight.
    assert!(loader.plan(&view, &[500, 510], 500, 0.0).is_empty());
    assert_eq!(loader.out_of(0, 100), vec![planned[0].id]);
    assert_eq!(loader.in_flight(), 0);
    let again = loader.plan(&view, &[500], 500, 0.0);
    let failed = loader.finished(again[0].id).expect("in flight");
    assert_eq!(loader.retry_later(&failed, 1_000.0, None), RETRY_AFTER_MS);
    assert!(loader.plan(&view, &[500], 500, 2_000.0).is_empty());
    assert_eq!(
        loader
            .plan(&view, &[500], 500, 1_000.0 + RETRY_AFTER_MS)
            .len(),
        1
    );
}

#[test]
fn a_page_refused_with_retry_after_waits_that_long() {
    let indexed: Vec<u64> = (0..=1_000).collect();
    let view = started(&indexed, 1_000);
    let mut loader = PageLoader::default();
    let planned = loader.plan(&view, &[500], 500, 0.0);
    let failed = loader.finished(planned[0].id).expect("in flight");
    assert_eq!(loader.retry_later(&failed, 0.0, Some(20_000)), 20_000.0);
    assert!(loader.plan(&view, &[500], 500, 19_999.0).is_empty());
    let again = loader.plan(&view, &[500], 500, 20_000.0);
    assert_eq!(again.len(), 1);
    // a shorter Retry-After than the loader's own pause does not shorten it
    let failed = loader.finished(again[0].id).expect("in flight");
    assert_eq!(
        loader.retry_later(&failed, 20_000.0, Some(10)),
        RETRY_AFTER_MS
    );
}

#[test]
fn viewport_window_is_three_screens_at_most() {
    let vp = Viewport::new(450_000.3, 7.6);
    let w = vp.window(900_002);
    assert!(w.contains(&450_000) && w.contains(&450_007));
    assert!(w.end - w.start <= 3 * 8 + 2, "{w:?}");
    let end = Viewport::new(vp.max_pos(900_002), 7.6);
    assert_eq!(end.window(900_002).end, 900_002);
    assert_eq!(Viewport::new(0.0, 7.6).window(900_002).start, 0);
}

#[test]
fn a_new_block_does_not_move_a_user_in_history() {
    let indexed: Vec<u64> = (0..=1_000).collect();
    let mut view = started(&indexed, 1_000);
    let old = RailLayout::new(&view);
    let vp = Viewport::new(500.0, 8.0);
    let centre_height = old.at(504).map(Slot::top);
    view.apply_page(
        None,
        &backend_page(&(0..=1_001).collect::<Vec<_>>(), 20, None),
    );
    let new = RailLayout::new(&view);
    let pos = vp.reanchor(&old, &new);
    assert_eq!(pos, 501.0);
    assert_eq!(new.at(505).map(Slot::top), centre_height);
    // At the tip the view stays at the tip: the new block slides in.
    assert_eq!(Viewport::new(0.0, 8.0).reanchor(&old, &new), 0.0);
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
    assert_eq!(view.apply_page(None, &page), PageOutcome::Added(1));
    assert_eq!(view.len(), 1);
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

/// The slots a brute-force walk gives: pending, then every height, runs of unindexed heights
/// (genesis excluded) merged into one gap.
fn brute_slots(view: &ChainView, tip: u64) -> Vec<Slot> {
    let mut slots = vec![Slot::Pending(tip + 1)];
    for h in (0..=tip).rev() {
        if h > 0 && view.is_unindexed(h) {
            if let Some(Slot::Gap { from, .. }) = slots.last_mut() {
                *from = h;
                continue;
            }
            slots.push(Slot::Gap { from: h, to: h });
        } else {
            slots.push(Slot::Height(h));
        }
    }
    slots
}

proptest! {
    /// Scrolling from the tip to genesis ends, loads every indexed height, leaves every
    /// unindexed height in exactly one gap, and makes a bounded number of requests.
    #[test]
    fn paging_ends_at_genesis_and_accounts_for_every_height(
        (indexed, tip) in sparse_index(),
        width in 1u64..30,
    ) {
        let (view, requests) = scroll_to_genesis(&indexed, tip, width);
        prop_assert!(requests <= (tip as usize) / (loader::CHUNK as usize) * 2 + 10, "{} requests", requests);
        for h in 0..=tip {
            prop_assert!(view.is_covered(h), "height {} unknown", h);
            prop_assert_eq!(view.block(h).is_some(), indexed.contains(&h));
        }
        let layout = RailLayout::new(&view);
        prop_assert_eq!(heights_of_layout(&layout), brute_slots(&view, tip));
    }

    /// Index ↔ height round-trips across gaps and placeholders, whatever is known.
    #[test]
    fn slot_and_height_round_trip(
        (indexed, tip) in sparse_index(),
        width in 1u64..30,
        cut in 0usize..400,
    ) {
        // Partly browsed: some heights loaded, some known unindexed, some unknown.
        let mut view = started(&indexed, tip);
        let mut loader = PageLoader::default();
        let layout = RailLayout::new(&view);
        let middle = layout.len() / 2;
        let window: Vec<u64> = (middle..middle + width)
            .filter_map(|i| layout.at(i).map(Slot::top))
            .filter(|&h| h <= tip)
            .collect();
        settle(&mut view, &mut loader, &indexed, &window);
        view.evict(tip / 2, (cut % 50) + 1);
        let layout = RailLayout::new(&view);
        prop_assert_eq!(heights_of_layout(&layout), brute_slots(&view, tip));
        for i in 0..layout.len() {
            let slot = layout.at(i).expect("in range");
            prop_assert_eq!(layout.slot_of(slot.top()), Some(i));
            if let Slot::Gap { from, to } = slot {
                prop_assert_eq!(layout.slot_of(from), Some(i));
                prop_assert_eq!(layout.slot_of((from + to) / 2), Some(i));
            }
        }
        prop_assert_eq!(layout.at(layout.len()), None);
        prop_assert_eq!(layout.slot_of(tip + 2), None);
    }

    /// The cache stays within its bound; genesis and the blocks near the tip stay.
    #[test]
    fn eviction_respects_the_bound(cap in 60usize..400, focus in 0u64..3_000) {
        let indexed: Vec<u64> = (0..=3_000).collect();
        let (mut view, _) = scroll_to_genesis(&indexed, 3_000, 50);
        view.evict(focus, cap);
        prop_assert!(view.len() <= cap);
        prop_assert!(view.block(0).is_some());
        prop_assert!((3_000 - KEEP_NEAR_TIP..=3_000).all(|h| view.block(h).is_some()));
        // Every height is loaded, or unknown again: never wrongly "unindexed".
        prop_assert!((0..=3_000).all(|h| !view.is_unindexed(h)));
    }

    /// The window never holds more than three screens (plus partial cards), anywhere.
    #[test]
    fn window_is_bounded(pos in 0f64..1e6, width in 1f64..40.0, len in 1u64..1_000_000) {
        let vp = Viewport::new(pos, width);
        let pos = vp.clamp(pos, len);
        let vp = Viewport::new(pos, width);
        let w = vp.window(len);
        prop_assert!(w.end - w.start <= 3 * (width.ceil() as u64) + 2);
        prop_assert!(w.end <= len);
        let v = vp.visible(len);
        prop_assert!(w.start <= v.start && v.end <= w.end);
    }

    /// When the page flips, the old window still holds what is visible a quarter screen
    /// further on, either way: the new page can come a few cards per frame (`approach`)
    /// instead of all in one.
    #[test]
    fn the_window_reaches_beyond_the_view(pos in 0f64..1e6, width in 1f64..40.0, back in any::<bool>()) {
        let len = 2_000_000;
        let vp = Viewport::new(pos, width);
        let w = vp.window(len);
        let step = (width.ceil() / 4.0).floor();
        let moved = if back { (pos - step).max(0.0) } else { pos + step };
        let v = Viewport::new(moved, width).visible(len);
        prop_assert!(w.start <= v.start && v.end <= w.end, "{w:?} {v:?}");
    }
}

#[test]
fn a_fling_slows_down_and_stops() {
    let mut fling = viewport::Fling { velocity: 0.02 };
    let mut travelled = 0.0;
    let mut frames = 0;
    while let Some(d) = fling.step(16.0) {
        travelled += d;
        frames += 1;
        assert!(frames < 1_000);
    }
    // It travels close to velocity × time constant, and stops within a few seconds.
    assert!(
        (travelled - 0.02 * viewport::Fling::TIME_CONSTANT_MS).abs() < 0.2,
        "{travelled}"
    );
    assert!(frames < 200, "{frames}");
    let mut tracker = viewport::VelocityTracker::default();
    tracker.moved(0.0, 0.0);
    tracker.moved(1.0, 16.0);
    tracker.moved(1.0, 32.0);
    assert!(tracker.release(40.0) > 0.05);
    assert_eq!(
        tracker.release(500.0),
        0.0,
        "a pause before release: no fling"
    );
}

#[test]
fn keyboard_steps_over_gap_cards() {
    let indexed: Vec<u64> = (0..=10).chain(40..=60).collect();
    let (view, _) = scroll_to_genesis(&indexed, 60, 100);
    let layout = RailLayout::new(&view);
    let gap = layout.slot_of(20).expect("the gap has a slot");
    assert!(matches!(
        layout.at(gap),
        Some(Slot::Gap { from: 11, to: 39 })
    ));
    // Forward (towards genesis) from the gap's slot lands on 10, backward on 40.
    assert_eq!(layout.selectable_near(gap, true), Some((gap + 1, 10)));
    assert_eq!(layout.selectable_near(gap, false), Some((gap - 1, 40)));
    // Past either end: the pending block and genesis.
    assert_eq!(layout.selectable_near(0, false), Some((0, 61)));
    assert_eq!(
        layout.selectable_near(u64::MAX, true),
        Some((layout.len() - 1, 0))
    );
}

proptest! {
    /// Stepping the rendered window reaches the target, always covers what is visible, and
    /// never holds more than the larger of the two windows plus two steps.
    #[test]
    fn rendered_window_approaches_the_target(
        a in 0u64..500, alen in 1u64..30, b in 0u64..500, blen in 1u64..30, step in 1u64..5,
    ) {
        let target = b..b + blen;
        let visible = b + blen / 3..b + blen / 3 + (blen / 3).max(1);
        let mut current = a..a + alen;
        for _ in 0..1_000 {
            let next = viewport::approach(current.clone(), target.clone(), visible.clone(), step);
            prop_assert!(next.start <= visible.start && visible.end <= next.end);
            prop_assert!(next.end - next.start <= alen.max(blen) + 2 * step);
            if next == current {
                break;
            }
            current = next;
        }
        prop_assert_eq!(current, target);
    }
}

#[test]
fn wheel_and_keys_map_to_slots() {
    use viewport::{key_target, wheel_slots, SLOT_PX};
    // a vertical wheel turns horizontal; a trackpad swipe stays horizontal
    assert_eq!(wheel_slots(0.0, SLOT_PX, 0, 7.0), (1.0, false));
    assert_eq!(wheel_slots(-2.0 * SLOT_PX, 10.0, 0, 7.0), (-2.0, true));
    // lines are 40 px, pages a screen
    assert_eq!(wheel_slots(0.0, 9.0, 1, 7.0), (2.0, false));
    assert_eq!(wheel_slots(0.0, 1.0, 2, 7.0), (7.0, false));
    assert_eq!(key_target("ArrowRight", 5, 100, 7.4), Some((6, true)));
    assert_eq!(key_target("ArrowLeft", 0, 100, 7.4), Some((0, false)));
    assert_eq!(key_target("PageDown", 95, 100, 7.4), Some((99, true)));
    assert_eq!(key_target("PageUp", 10, 100, 7.4), Some((3, false)));
    assert_eq!(key_target("Home", 50, 100, 7.4), Some((0, false)));
    assert_eq!(key_target("End", 50, 100, 7.4), Some((99, true)));
    assert_eq!(key_target("a", 50, 100, 7.4), None);
    assert_eq!(key_target("End", 0, 0, 7.4), None);
}

#[test]
fn heights_group_into_runs() {
    assert_eq!(super::runs(&[]), Vec::<(u64, u64)>::new());
    assert_eq!(
        super::runs(&[1, 2, 3, 7, 9, 10]),
        vec![(1, 3), (7, 7), (9, 10)]
    );
    assert_eq!(
        super::runs(&[0, u64::MAX]),
        vec![(0, 0), (u64::MAX, u64::MAX)]
    );
}

proptest! {
    /// Runs cover exactly the input heights, in order, and never touch each other.
    #[test]
    fn runs_cover_exactly_the_heights(mut heights in proptest::collection::vec(0u64..500, 0..200)) {
        heights.sort_unstable();
        heights.dedup();
        let runs = super::runs(&heights);
        let expanded: Vec<u64> = runs.iter().flat_map(|&(lo, hi)| lo..=hi).collect();
        prop_assert_eq!(&expanded, &heights);
        for pair in runs.windows(2) {
            prop_assert!(pair[0].1 + 1 < pair[1].0);
        }
    }
}
