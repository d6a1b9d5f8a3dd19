use proptest::prelude::*;
use stargate_api::{SearchHit, SearchResults};

use super::page::*;
use super::*;
use crate::text::query::classify;

const TX: &str = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
const HASH: &str = "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048";

fn hit(value: serde_json::Value) -> SearchHit {
    serde_json::from_value(value).unwrap()
}

fn block(height: i64, hash: &str) -> SearchHit {
    hit(
        serde_json::json!({"type": "block", "id": hash, "block_height": height, "tx_count": 3, "timestamp": 1_700_000_000}),
    )
}

fn inscription(id: &str, height: i64, text: &str) -> SearchHit {
    hit(
        serde_json::json!({"type": "inscription", "id": id, "block_height": height, "text": text, "status": "confirmed", "timestamp": 1_700_000_000}),
    )
}

fn kinds(found: &Outcome) -> Vec<HitKind> {
    found.groups.iter().map(|g| g.kind).collect()
}

#[test]
fn links_for_every_list() {
    let results = SearchResults {
        blocks: Some(vec![hit(
            serde_json::json!({"type": "block", "id": "00ff", "block_height": 12}),
        )]),
        inscriptions: Some(vec![hit(
            serde_json::json!({"type": "inscription", "id": TX, "block_height": 12}),
        )]),
        transactions: Some(vec![hit(
            serde_json::json!({"type": "transaction", "id": "not-a-txid"}),
        )]),
        contracts: Some(vec![hit(
            serde_json::json!({"type": "contract", "id": "wish-\u{202E}x"}),
        )]),
        proposals: Some(vec![
            hit(serde_json::json!({"type": "proposal", "id": "proposal-1"})),
            hit(
                serde_json::json!({"type": "proposal", "id": "proposal-2", "visible_pixel_hash": TX, "title": "Plan"}),
            ),
        ]),
    };
    let links = result_links(&results);
    assert_eq!(links.len(), 5);
    assert_eq!(links[0].path, routes::block(12));
    assert_eq!(links[0].kind, HitKind::Block);
    assert_eq!(links[1].path, routes::inscription(TX, Some(12)));
    assert_eq!(links[2].path, routes::contract("wish-\u{202E}x"));
    assert_eq!(links[2].label, "wish-x");
    assert_eq!(links[3].path, routes::contract("proposal-1"));
    assert_eq!(
        (&links[4].path, links[4].label.as_str()),
        (&routes::contract(TX), "Plan")
    );
}

#[test]
fn direct_links_need_no_backend() {
    let height = direct_link(&classify("840,000")).unwrap();
    assert_eq!(
        (height.path, height.kind),
        (routes::block(840_000), HitKind::Block)
    );
    let id = direct_link(&classify(&format!("{TX}i3"))).unwrap();
    assert_eq!(id.path, routes::inscription(&format!("{TX}_3"), None));
    assert_eq!(direct_link(&classify(TX)), None);
    assert_eq!(direct_link(&classify("moon")), None);
}

#[test]
fn the_query_param_is_trimmed_and_capped() {
    assert_eq!(query_param(None), "");
    assert_eq!(query_param(Some("  \t")), "");
    assert_eq!(query_param(Some("  bitcoin wish ")), "bitcoin wish");
    let long = "é".repeat(MAX_QUERY_CHARS + 50);
    let cut = query_param(Some(&long));
    assert_eq!(cut.chars().count(), MAX_QUERY_CHARS);
    assert!(long.starts_with(&cut));
    // a cut that ends in a space does not keep it
    let spaced = format!("{} tail", "a".repeat(MAX_QUERY_CHARS - 1));
    assert_eq!(query_param(Some(&spaced)), "a".repeat(MAX_QUERY_CHARS - 1));
}

#[test]
fn groups_by_kind_with_counts_and_each_hit_once() {
    let results = SearchResults {
        blocks: Some(vec![block(7, HASH)]),
        // the devserver lists a transaction once per inscription it holds
        inscriptions: Some(vec![
            inscription(TX, 7, "moon one"),
            inscription(TX, 7, "moon two"),
            inscription("zz", 7, "no page for this id"),
        ]),
        transactions: None,
        contracts: Some(vec![]),
        proposals: Some(vec![hit(
            serde_json::json!({"type": "proposal", "id": "p1", "title": "Moon plan", "status": "approved", "budget_sats": 5000}),
        )]),
    };
    let found = outcome("moon", &results);
    assert_eq!(
        kinds(&found),
        [HitKind::Block, HitKind::Inscription, HitKind::Proposal]
    );
    assert_eq!(found.total(), 3);
    assert_eq!(found.groups[1].heading(), "Inscriptions (1)");
    let ins = &found.groups[1].hits[0];
    assert_eq!(ins.link.label, "moon one");
    assert_eq!(
        ins.details,
        [TX.to_owned(), "Block 7".into(), "confirmed".into()]
    );
    assert_eq!(ins.when, Some(1_700_000_000));
    assert!(!ins.exact);
    let proposal = &found.groups[2].hits[0];
    assert_eq!(proposal.link.path, routes::contract("p1"));
    assert_eq!(proposal.details[..2], ["p1".to_owned(), "approved".into()]);
    assert!(
        proposal.details[2].contains("5,000 sats"),
        "{:?}",
        proposal.details
    );
    let block = &found.groups[0].hits[0];
    assert_eq!(block.details, ["3 transactions"]);
    assert_eq!(
        found.summary(),
        "3 results for “moon”: 1 block, 1 inscription, 1 proposal."
    );
}

#[test]
fn exact_matches_come_first() {
    // the Go backend matches heights as substrings: "12" finds 112 and 12
    let results = SearchResults {
        blocks: Some(vec![block(112, "aa"), block(12, "bb")]),
        inscriptions: Some(vec![inscription(TX, 120, "12 apples")]),
        ..SearchResults::default()
    };
    let found = outcome("12", &results);
    let blocks = &found.groups[0];
    assert_eq!(blocks.kind, HitKind::Block);
    assert_eq!(blocks.hits[0].link.path, routes::block(12));
    assert!(blocks.hits[0].exact);
    assert!(!blocks.hits[1].exact);

    // a txid: its transaction group comes before the blocks
    let results = SearchResults {
        blocks: Some(vec![block(3, HASH)]),
        transactions: Some(vec![hit(
            serde_json::json!({"type": "transaction", "id": TX, "block_height": 3, "text": "1 inscription(s) in block 3"}),
        )]),
        ..SearchResults::default()
    };
    let found = outcome(&TX.to_uppercase(), &results);
    assert_eq!(kinds(&found), [HitKind::Transaction, HitKind::Block]);
    assert!(found.groups[0].hits[0].exact);
    assert!(!found.groups[1].hits[0].exact);

    // a contract named by its id
    let results = SearchResults {
        contracts: Some(vec![
            hit(
                serde_json::json!({"type": "contract", "id": "wish-b", "contract_id": "wish-b", "title": "b"}),
            ),
            hit(
                serde_json::json!({"type": "contract", "id": "wish-a", "contract_id": "wish-a", "title": "a"}),
            ),
        ]),
        ..SearchResults::default()
    };
    let found = outcome("WISH-A", &results);
    assert_eq!(
        found.groups[0].hits[0].link.path,
        routes::contract("wish-a")
    );
    assert!(found.groups[0].hits[0].exact);
}

#[test]
fn a_height_or_an_id_is_a_hit_without_the_backend() {
    let found = outcome("840,000", &SearchResults::default());
    assert_eq!(found.total(), 1);
    let hit = &found.groups[0].hits[0];
    assert_eq!((&hit.link.path, hit.exact), (&routes::block(840_000), true));
    assert_eq!(found.summary(), "1 result for “840,000”: 1 block.");

    let id = format!("{TX}i0");
    let results = SearchResults {
        inscriptions: Some(vec![inscription(TX, 7, "zero")]),
        ..SearchResults::default()
    };
    let found = outcome(&id, &results);
    let hits = &found.groups[0].hits;
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[0].link.path,
        routes::inscription(&format!("{TX}_0"), None)
    );
    assert!(hits[0].exact && !hits[1].exact);
}

#[test]
fn nothing_found_says_what_was_searched() {
    let found = outcome("zzz \u{202E}evil", &SearchResults::default());
    assert!(found.groups.is_empty());
    let summary = found.summary();
    assert!(
        summary.starts_with("No results for “zzz evil”."),
        "{summary}"
    );
    assert!(summary.contains(SEARCHED));
}

#[test]
fn hostile_text_is_sanitised_everywhere() {
    let evil = "<img src=x onerror=alert(1)>\u{202E}\u{200B}";
    let results = SearchResults {
        inscriptions: Some(vec![inscription(TX, 1, evil)]),
        contracts: Some(vec![hit(
            serde_json::json!({"type": "contract", "id": format!("wish-{evil}"), "title": evil, "status": evil}),
        )]),
        ..SearchResults::default()
    };
    let found = outcome(evil, &results);
    let texts: Vec<String> = found
        .groups
        .iter()
        .flat_map(|g| &g.hits)
        .flat_map(|h| std::iter::once(h.link.label.clone()).chain(h.details.clone()))
        .chain([found.summary()])
        .collect();
    assert!(texts.len() >= 5);
    for text in texts {
        assert!(!text.contains(['\u{202E}', '\u{200B}']), "{text:?}");
    }
    // shown as text, not dropped: the page prints the characters
    assert_eq!(
        found.groups[0].hits[0].link.label,
        "<img src=x onerror=alert(1)>"
    );
    // the contract's link keeps its id, encoded
    assert!(found.groups[1].hits[0]
        .link
        .path
        .as_str()
        .starts_with("/contract/wish-%3Cimg%20"));
}

#[test]
fn status_lines() {
    assert_eq!(status_line("", None), "");
    assert_eq!(status_line("moon", None), "Searching for “moon”…");
    let found = outcome("moon", &SearchResults::default());
    assert_eq!(status_line("moon", Some(&found)), found.summary());
}

#[test]
fn arrow_keys_move_through_the_hits() {
    assert_eq!(key_step("ArrowDown", None, 3), Some(0));
    assert_eq!(key_step("ArrowUp", None, 3), None);
    assert_eq!(key_step("End", None, 3), None);
    assert_eq!(key_step("ArrowDown", Some(0), 3), Some(1));
    assert_eq!(key_step("ArrowDown", Some(2), 3), Some(2));
    assert_eq!(key_step("ArrowUp", Some(2), 3), Some(1));
    assert_eq!(key_step("ArrowUp", Some(0), 3), Some(0));
    assert_eq!(key_step("Home", Some(2), 3), Some(0));
    assert_eq!(key_step("End", Some(0), 3), Some(2));
    assert_eq!(key_step("Enter", Some(0), 3), None);
    assert_eq!(key_step("ArrowDown", None, 0), None);
    // a stale index (the list shrank) is taken as the last hit
    assert_eq!(key_step("ArrowUp", Some(9), 3), Some(1));
}

proptest! {
    #[test]
    fn key_steps_stay_in_the_list(key in prop::sample::select(vec!["ArrowDown", "ArrowUp", "Home", "End", "a"]),
                                  current in prop::option::of(0usize..20), len in 0usize..10) {
        if let Some(i) = key_step(key, current, len) {
            prop_assert!(i < len);
        }
    }

    #[test]
    fn outcomes_never_panic_and_count_their_hits(q in "\\PC{0,40}", ids in prop::collection::vec("[0-9a-f]{64}|\\PC{0,10}", 0..6)) {
        let results = SearchResults {
            inscriptions: Some(ids.iter().map(|id| inscription(id, 1, "t")).collect()),
            ..SearchResults::default()
        };
        let found = outcome(&q, &results);
        prop_assert_eq!(found.total(), found.groups.iter().map(|g| g.hits.len()).sum::<usize>());
        prop_assert!(found.groups.iter().all(|g| !g.hits.is_empty()));
        let _ = query_param(Some(&q));
    }
}
