//! A mined wish is tied to its contract in the block listings, as the Go backend ties it:
//! `metadata.contract_id` (+ `visible_pixel_hash`, `ingestion_id`, the stego markers) on the
//! wish's entry, `smart_contract_count` on its block's summary, and the confirmed txid on the
//! search's contract hit.

use super::*;
use stargate_api::BlockSummariesPage;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mined_wish_names_its_contract_and_its_block_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let id = s
        .submit(&json!({"message": "Stego lighthouse", "price": "5000", "price_unit": "sats"}))
        .await;
    // The search's contract hit: tx_id "TBD" until confirmed (the backend's addContract).
    let hit = |v: Value| v["data"]["contracts"][0]["tx_id"].clone();
    assert_eq!(
        hit(s.json(&format!("/api/search?q={id}")).await),
        json!("TBD")
    );
    // Ours and the three seeded wishes.
    let (height, wishes) = s.mine().await;
    assert_eq!(wishes, 4);

    // Every confirmed wish of the block, by its reveal transaction.
    let mined: Vec<(String, String)> = s
        .contracts("")
        .await
        .into_iter()
        .filter(|c| c.block_height == Some(height as i64))
        .map(|c| {
            (
                c.id.trim_start_matches("wish-").to_owned(),
                c.tx_id.unwrap(),
            )
        })
        .collect();
    assert_eq!(mined.len(), 4);
    let (_, our_tx) = mined.iter().find(|(w, _)| *w == id).unwrap();
    assert_eq!(
        hit(s.json(&format!("/api/search?q={id}")).await),
        json!(our_tx)
    );

    let page: BlockInscriptionsPage = serde_json::from_value(
        s.json(&format!("/api/data/block-inscriptions/{height}?limit=50"))
            .await,
    )
    .unwrap();
    let all = page.inscriptions.unwrap();
    for (wish, txid) in &mined {
        let tied: Vec<_> = all
            .iter()
            .filter(|i| {
                i.metadata.as_ref().and_then(|m| m["contract_id"].as_str()) == Some(wish.as_str())
            })
            .collect();
        assert_eq!(tied.len(), 1, "one entry per wish");
        let entry = tied[0];
        assert_eq!(&entry.tx_id, txid);
        assert_eq!(entry.content_type, "text/plain");
        let meta = entry.metadata.as_ref().unwrap();
        assert_eq!(meta["visible_pixel_hash"], json!(wish));
        assert_eq!(meta["ingestion_id"], json!(wish));
        assert_eq!(meta["tx_id"], json!(txid));
        assert_eq!(meta["block_height"], json!(height));
        assert_eq!(meta["is_stego"], json!(true));
        assert_eq!(meta["stego_probability"], json!(1.0));
        assert_eq!(entry.scan_result, None);
    }
    // The block's ordinary inscriptions carry no metadata.
    assert_eq!(all.iter().filter(|i| i.metadata.is_some()).count(), 4);
    assert!(all.len() > 4);

    // Paged and filtered, the metadata stays on the wish's own entry.
    let one: BlockInscriptionsPage = serde_json::from_value(
        s.json(&format!(
            "/api/data/block-inscriptions/{height}?limit=1&cursor=3"
        ))
        .await,
    )
    .unwrap();
    assert_eq!(one.inscriptions.unwrap(), [all[3].clone()]);
    let texts: BlockInscriptionsPage = serde_json::from_value(
        s.json(&format!(
            "/api/data/block-inscriptions/{height}?limit=50&filter=text"
        ))
        .await,
    )
    .unwrap();
    for t in texts.inscriptions.unwrap() {
        let same = all.iter().find(|i| i.id == t.id).unwrap();
        assert_eq!(t.metadata, same.metadata);
    }

    // The summaries count the block's contracts; the next block has none.
    let (next, none) = s.mine().await;
    assert_eq!(none, 0);
    let summaries: BlockSummariesPage = serde_json::from_value(
        s.json(&format!(
            "/api/data/block-summaries?cursor_height={}&limit=2",
            next + 1
        ))
        .await,
    )
    .unwrap();
    let counts: Vec<(i64, i64)> = summaries
        .blocks
        .unwrap()
        .iter()
        .map(|b| (b.block_height, b.smart_contract_count))
        .collect();
    assert_eq!(counts, [(next as i64, 0), (height as i64, 4)]);
}
