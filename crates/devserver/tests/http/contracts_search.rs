//! Open contracts, search, mining, CORS.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_contracts_camel_case_and_nulls() {
    let s = start(TIP).await;
    // The seed's three open wishes (its approved, published and confirmed contracts aside).
    let raw = s.raw("/api/open-contracts?status=pending").await;
    assert_eq!(raw["success"], Value::Bool(true));
    let item = &raw["data"]["contracts"][0];
    for key in [
        "imageData",
        "text",
        "price",
        "timestamp",
        "id",
        "status",
        "totalBudgetSats",
        "visiblePixelHash",
    ] {
        assert!(item.get(key).is_some(), "{key} in {item}");
    }
    assert!(item.get("image_data").is_none() && item.get("address").is_none());
    assert_eq!(raw["data"]["contracts"], raw["data"]["transactions"]);
    let env: OpenContractsEnvelope = serde_json::from_value(raw).unwrap();
    let d = env.data;
    let list = d.contracts.unwrap();
    assert_eq!((list.len(), d.total, d.limit), (3, 3, 100));
    assert_eq!(
        (
            d.next_cursor.as_str(),
            d.next_cursor_date.as_str(),
            d.has_more
        ),
        ("", "", false)
    );
    for c in &list {
        assert_eq!(c.status, "pending");
        let id = c.id.strip_prefix("wish-").unwrap();
        assert_eq!(c.image_data, format!("/uploads/{id}"));
        assert_eq!(c.price, c.total_budget_sats.unwrap() as f64 / 1e8);
        // The image is a PNG whose sha256 is the id.
        let res = s.get(&c.image_data).await;
        assert_eq!(res.headers()["content-type"], "image/png");
        assert_eq!(res.headers()["cache-control"], "public, max-age=31536000");
        let bytes = res.bytes().await.unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(sha256::Hash::hash(&bytes).to_string(), id);
    }
    // Newest first.
    assert!(list.windows(2).all(|w| w[0].timestamp >= w[1].timestamp));
    assert!(list.iter().any(|c| c.price == 0.0001));

    // The generated client's status values are the stored ones.
    let by_status = |status: ContractStatus| {
        paths::get_open_contracts(
            "",
            &OpenContractsQuery {
                status: Some(status),
                ..Default::default()
            },
        )
    };
    let pending: OpenContractsEnvelope = s.json(&by_status(ContractStatus::Pending)).await;
    assert_eq!(pending.data.contracts.as_ref(), Some(&list));
    // A status nothing has: `null` arrays (the seed has contracts in every real status).
    let none = s.raw("/api/open-contracts?status=no-such-status").await;
    assert_eq!(none["data"]["contracts"], Value::Null);
    assert_eq!(none["data"]["transactions"], Value::Null);
    assert_eq!(none["data"]["total"], 0);
    for (q, limit) in [
        ("limit=0", 100),
        ("limit=501", 100),
        ("limit=2", 2),
        ("limit=x", 100),
    ] {
        let e: OpenContractsEnvelope = s
            .json(&format!("/api/open-contracts?status=pending&{q}"))
            .await;
        assert_eq!(e.data.limit, limit, "{q}");
        assert_eq!(e.data.contracts.unwrap().len(), 3.min(limit as usize));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_by_height_hash_txid_and_text() {
    let s = start(TIP).await;
    // Recent.
    let recent: SearchEnvelope = s.json("/api/search?q=").await;
    let blocks = recent.data.blocks.unwrap();
    assert_eq!(blocks.len(), 5);
    assert_eq!(blocks[0].block_height, Some(TIP as i64));
    assert!(recent.data.inscriptions.unwrap().len() <= 5);
    // The five newest of the seed's seven wishes.
    assert_eq!(recent.data.contracts.unwrap().len(), 5);
    let again: SearchEnvelope = s.json("/api/search?q=Blocks").await;
    assert_eq!(again.data.blocks.unwrap().len(), 5);

    // Height.
    let raw = s.raw("/api/search?q=12").await;
    assert_eq!(
        raw["data"]["inscriptions"],
        Value::Null,
        "empty lists are null"
    );
    assert_eq!(raw["data"]["proposals"], Value::Null);
    let by_height: SearchEnvelope = serde_json::from_value(raw).unwrap();
    let b = &by_height.data.blocks.unwrap()[0];
    assert_eq!((b.type_.as_str(), b.block_height), ("block", Some(12)));

    // Hash.
    let genesis: SearchEnvelope = s
        .json(&format!("/api/search?q={}", MAINNET_GENESIS.to_uppercase()))
        .await;
    assert_eq!(genesis.data.blocks.unwrap()[0].block_height, Some(0));
    let by_hash: SearchEnvelope = s.json(&format!("/api/search?q={}", b.id)).await;
    assert_eq!(by_hash.data.blocks.unwrap()[0].block_height, Some(12));

    // Txid.
    let page: BlockInscriptionsPage = s.json("/api/data/block-inscriptions/20").await;
    let tx = page.inscriptions.unwrap()[0].tx_id.clone();
    let by_tx: SearchEnvelope = s.json(&format!("/api/search?q={tx}")).await;
    assert!(by_tx
        .data
        .inscriptions
        .unwrap()
        .iter()
        .all(|i| i.id == tx && i.block_height == Some(20)));
    assert_eq!(by_tx.data.transactions.unwrap()[0].id, tx);
    assert!(by_tx.data.blocks.is_none());

    // Text (case-insensitive), hostile included, and wish texts.
    let xss: SearchEnvelope = s.json("/api/search?q=%3CSCRIPT%3Ealert(1)").await;
    let hits = xss.data.inscriptions.unwrap();
    assert!(hits
        .iter()
        .any(|h| h.text.as_deref() == Some("<script>alert(1)</script>")));
    // Proposals by title (and id, plan, hash, status), newest first.
    let by_title: SearchEnvelope = s.json("/api/search?q=MOON%20via%20mcp").await;
    let p = &by_title.data.proposals.unwrap()[0];
    assert_eq!(
        (p.type_.as_str(), p.title.as_deref()),
        ("proposal", Some("Moon via MCP"))
    );
    assert_eq!(p.proposal_id.as_deref(), Some(p.id.as_str()));
    assert!(p.visible_pixel_hash.is_some() && p.budget_sats == Some(5000));
    assert_eq!(recent.data.proposals.map(|p| p.len()), Some(5));
    let wish: SearchEnvelope = s.json("/api/search?q=pixel%20MOON").await;
    let c = &wish.data.contracts.unwrap()[0];
    assert!(c.id.starts_with("wish-") && c.title.as_deref().unwrap().contains("pixel moon"));
    let nothing = s.raw("/api/search?q=zzzz-no-such-thing").await;
    for k in [
        "inscriptions",
        "transactions",
        "blocks",
        "contracts",
        "proposals",
    ] {
        assert_eq!(nothing["data"][k], Value::Null, "{k}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mining_raises_the_tip_and_the_block_comes_first() {
    let s = start(TIP).await;
    let before: BlockSummariesPage = s.json("/api/data/block-summaries?limit=1").await;
    let res = s
        .http
        .post(format!("{}/dev/mine", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["height"], TIP + 1);
    assert_eq!(body["wishes"], 3, "the seeded wishes were pending");
    let h: NodeHealth = s.json("/bitcoin/v1/health").await;
    assert_eq!(h.bitcoin.block_height, TIP as i64 + 1);
    let after: BlockSummariesPage = s.json("/api/data/block-summaries?limit=2").await;
    assert_eq!(after.total, before.total + 1);
    let blocks = after.blocks.unwrap();
    assert_eq!(blocks[0].block_height, TIP as i64 + 1);
    assert_eq!(blocks[1].block_hash, before.blocks.unwrap()[0].block_hash);
    // The three seeded wishes (pending) and 1–2 ordinary payloads.
    assert!((4..=5).contains(&blocks[0].inscription_count));
    assert!(blocks[0].timestamp > chain::ANCHOR as i64 - 10 * 365 * 86_400);
    // Its inscriptions are served.
    let page: BlockInscriptionsPage = s
        .json(&format!("/api/data/block-inscriptions/{}", TIP + 1))
        .await;
    let ins = &page.inscriptions.unwrap()[0];
    assert_eq!(
        s.get(ins.image_url.as_ref().unwrap()).await.status(),
        StatusCode::OK
    );
    // GET is not allowed.
    assert_eq!(
        s.get("/dev/mine").await.status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_like_the_go_middleware() {
    let s = start(TIP).await;
    let res = s
        .http
        .get(format!("{}/api/health", s.base))
        .header("Origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    let h = res.headers();
    assert_eq!(h["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(h["access-control-allow-credentials"], "true");
    assert_eq!(
        h["access-control-allow-methods"],
        "GET, POST, PUT, DELETE, OPTIONS, PATCH"
    );
    assert_eq!(
        h["access-control-allow-headers"],
        "Accept, Content-Type, Content-Length, Accept-Encoding, Authorization, X-API-Key, X-Requested-With"
    );
    let res = s.get("/api/data/block-summaries").await;
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let pre = s
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/data/block-inscriptions/5", s.base),
        )
        .header("Origin", "https://explorer.example")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), StatusCode::OK);
    assert_eq!(
        pre.headers()["access-control-allow-origin"],
        "https://explorer.example"
    );
    // Errors carry CORS too.
    let err = s
        .http
        .get(format!("{}/api/data/block-inscriptions/x", s.base))
        .header("Origin", "http://a.b")
        .send()
        .await
        .unwrap();
    assert_eq!(err.headers()["access-control-allow-origin"], "http://a.b");
}
