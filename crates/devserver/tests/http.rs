//! Real HTTP against an in-process devserver on 127.0.0.1:0, decoded with the generated types.

use std::path::{Path, PathBuf};

use bitcoin::hashes::{sha256, Hash};
use devserver::{chain, GenerateOptions, ServeConfig};
use reqwest::StatusCode;
use serde_json::Value;
use stargate_api::{
    paths, ApiHealthEnvelope, BlockInscriptionsPage, BlockInscriptionsQuery, BlockSummariesPage,
    ContractStatus, InscriptionFilter, NodeHealth, OpenContractsEnvelope, OpenContractsQuery,
    SearchEnvelope,
};

const MAINNET_GENESIS: &str = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
const TIP: u32 = 30;

struct Server {
    base: String,
    _dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl Server {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    async fn json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.json().await.unwrap()
    }

    async fn raw(&self, path: &str) -> Value {
        self.json(path).await
    }

    /// Status, content type and body of a plain-text error.
    async fn text(&self, path: &str) -> (StatusCode, String, String) {
        let res = self.get(path).await;
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (res.status(), ct, res.text().await.unwrap())
    }
}

fn generate(dir: &Path, tip: u32, sparse: bool) -> PathBuf {
    let db = dir.join("chain.db");
    devserver::generate(&GenerateOptions {
        db: db.clone(),
        tip,
        network: bitcoin::Network::Bitcoin,
        sparse,
        force: false,
    })
    .unwrap();
    db
}

async fn start_with(tip: u32, sparse: bool, dist: Option<PathBuf>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), tip, sparse);
    serve_db(dir, db, dist).await
}

async fn serve_db(dir: tempfile::TempDir, db: PathBuf, dist: Option<PathBuf>) -> Server {
    serve_config(dir, ServeConfig::new(db), dist).await
}

async fn serve_config(
    dir: tempfile::TempDir,
    mut config: ServeConfig,
    dist: Option<PathBuf>,
) -> Server {
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.dist = dist;
    config.api_base = "http://api.example:3001".into();
    let running = devserver::start(config).await.unwrap();
    Server {
        base: format!("http://{}", running.addr),
        _dir: dir,
        http: reqwest::Client::new(),
    }
}

async fn start(tip: u32) -> Server {
    start_with(tip, false, None).await
}

/// Walks the summaries from the tip down with the string cursors; returns the heights seen.
async fn walk(s: &Server, limit: u32) -> Vec<i64> {
    let mut heights = Vec::new();
    let mut cursor = String::new();
    for _ in 0..1000 {
        let q = if cursor.is_empty() {
            String::new()
        } else {
            format!("&cursor_height={cursor}")
        };
        let page: BlockSummariesPage = s
            .json(&format!("/api/data/block-summaries?limit={limit}{q}"))
            .await;
        let blocks = page.blocks.expect("a non-empty page");
        assert!(blocks.len() as u32 <= limit);
        heights.extend(blocks.iter().map(|b| b.block_height));
        if !page.has_more {
            assert_eq!(page.next_cursor, "");
            return heights;
        }
        assert_eq!(
            page.next_cursor,
            blocks.last().unwrap().block_height.to_string()
        );
        cursor = page.next_cursor;
    }
    panic!("paging did not end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_reports_the_network_tip() {
    let s = start(TIP).await;
    let h: NodeHealth = s.json("/bitcoin/v1/health").await;
    assert_eq!(h.status, "healthy");
    assert_eq!(h.network, "mainnet");
    assert_eq!(h.bitcoin.block_height, TIP as i64);
    assert!(h.bitcoin.node_connected);
    assert!(
        h.timestamp.ends_with('Z') && h.timestamp.len() == 20,
        "{}",
        h.timestamp
    );
    let a: ApiHealthEnvelope = s.json("/api/health").await;
    assert!(a.success);
    let data = a.data.unwrap();
    assert_eq!(data.status, "healthy");
    assert_eq!(data.version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert!(data.timestamp.unwrap() > 1_700_000_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summaries_page_from_tip_to_genesis() {
    let s = start(TIP).await;
    let heights = walk(&s, 7).await;
    assert_eq!(heights, (0..=TIP as i64).rev().collect::<Vec<_>>());

    let first: BlockSummariesPage = s.json("/api/data/block-summaries").await;
    assert_eq!(first.limit, 20, "default limit");
    assert_eq!(first.total, TIP as i64 + 1);
    let blocks = first.blocks.unwrap();
    assert_eq!(blocks[0].block_height, TIP as i64);
    assert!(blocks
        .iter()
        .all(|b| b.inscription_count >= 1 && b.has_images));
    assert!(blocks.iter().all(|b| b
        .preview_inscriptions
        .as_ref()
        .is_some_and(|p| p.len() <= 3)));
    assert!(blocks
        .iter()
        .any(|b| b.thumbnail_url.starts_with("/content/")));
    // Timestamps are anchored: the tip is 2026-11-01, each block 600 s older.
    assert_eq!(blocks[0].timestamp, chain::ANCHOR as i64);
    assert_eq!(blocks[1].timestamp, chain::ANCHOR as i64 - 600);

    // Genesis is the real mainnet genesis.
    let last: BlockSummariesPage = s
        .json("/api/data/block-summaries?limit=5&cursor_height=1")
        .await;
    let g = &last.blocks.unwrap()[0];
    assert_eq!(
        (g.block_height, g.block_hash.as_str()),
        (0, MAINNET_GENESIS)
    );
    assert_eq!(g.timestamp, 1_231_006_505);
    assert_eq!(g.inscription_count, 0);
    assert_eq!(g.thumbnail_url, "");
    assert!(!last.has_more);
    assert_eq!(last.next_cursor, "");

    // Invalid limits fall back to the default; huge ones are capped.
    for bad in ["0", "-3", "abc"] {
        let p: BlockSummariesPage = s
            .json(&format!("/api/data/block-summaries?limit={bad}"))
            .await;
        assert_eq!(p.limit, 20);
    }
    let p: BlockSummariesPage = s.json("/api/data/block-summaries?limit=999999").await;
    assert_eq!(p.limit, 1000);
    assert_eq!(p.blocks.unwrap().len(), TIP as usize + 1);
    assert!(!p.has_more);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newest_page_again_quirk() {
    let s = start(TIP).await;
    let newest: BlockSummariesPage = s.json("/api/data/block-summaries?limit=5").await;
    for cursor in ["0", "-10", "garbage"] {
        let again: BlockSummariesPage = s
            .json(&format!(
                "/api/data/block-summaries?limit=5&cursor_height={cursor}"
            ))
            .await;
        assert_eq!(again, newest, "cursor {cursor}");
        assert!(again.has_more);
        assert_eq!(again.next_cursor, (TIP - 4).to_string());
    }
    // A cursor above the tip is "below everything": the newest page.
    let above: BlockSummariesPage = s
        .json("/api/data/block-summaries?limit=5&cursor_height=999999")
        .await;
    assert_eq!(above, newest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sparse_gaps_are_absent() {
    let tip = 120;
    let s = start_with(tip, true, None).await;
    let gaps = chain::sparse_gaps(tip);
    assert!(gaps.len() >= 2);
    let heights = walk(&s, 20).await;
    let want: Vec<i64> = (0..=tip)
        .rev()
        .filter(|h| chain::is_indexed(*h, &gaps))
        .map(i64::from)
        .collect();
    assert_eq!(heights, want);
    assert!(heights.len() < tip as usize + 1);
    let page: BlockSummariesPage = s.json("/api/data/block-summaries").await;
    assert_eq!(page.total, want.len() as i64);
    // The health tip is the network tip, indexed or not.
    let h: NodeHealth = s.json("/bitcoin/v1/health").await;
    assert_eq!(h.bitcoin.block_height, tip as i64);
    // Below the oldest indexed height (the scanner's start): the newest page again.
    let again: BlockSummariesPage = s
        .json(&format!(
            "/api/data/block-summaries?limit=1&cursor_height={}",
            gaps[0].end() + 1
        ))
        .await;
    assert_eq!(again.blocks.unwrap()[0].block_height, tip as i64);
    // A cursor inside a gap continues below it.
    let g = &gaps[1];
    let below: BlockSummariesPage = s
        .json(&format!(
            "/api/data/block-summaries?limit=1&cursor_height={}",
            g.end()
        ))
        .await;
    assert_eq!(below.blocks.unwrap()[0].block_height, *g.start() as i64 - 1);
    let (status, ct, body) = s
        .text(&format!("/api/data/block-inscriptions/{}", g.start()))
        .await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::NOT_FOUND, "block not found\n")
    );
    assert!(ct.starts_with("text/plain"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_inscriptions_pages_filters_and_errors() {
    let s = start(TIP).await;
    // A block with at least four inscriptions.
    let h = (1..=TIP)
        .rev()
        .find(|h| chain::payloads_at(*h, TIP).len() >= 4)
        .unwrap();
    let want = chain::payloads_at(h, TIP);
    let mut got = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = cursor
            .as_ref()
            .map(|c| format!("&cursor={c}"))
            .unwrap_or_default();
        let raw = s
            .raw(&format!(
                "/api/data/block-inscriptions/{h}?limit=2&fields=summary{q}"
            ))
            .await;
        assert!(
            raw.as_object().unwrap().contains_key("next_cursor"),
            "next_cursor always present"
        );
        let page: BlockInscriptionsPage = serde_json::from_value(raw).unwrap();
        got.extend(page.inscriptions.unwrap());
        match page.next_cursor {
            Some(c) => {
                assert!(page.has_more);
                assert_eq!(c, got.len().to_string());
                cursor = Some(c);
            }
            None => {
                assert!(!page.has_more);
                break;
            }
        }
    }
    assert_eq!(got.len(), want.len());
    for (i, (ins, p)) in got.iter().zip(&want).enumerate() {
        assert_eq!(ins.input_index, i as i64);
        assert_eq!(ins.id, format!("{}_{}", ins.tx_id, i));
        assert_eq!(ins.content_type, p.content_type);
        assert_eq!(ins.size_bytes, p.body.len() as i64);
        assert_eq!(ins.genesis_block_height, Some(h as i64));
        assert_eq!(
            ins.image_url.as_deref(),
            Some(format!("/content/{}?witness={i}", ins.tx_id).as_str())
        );
        assert!(ins
            .file_name
            .as_ref()
            .unwrap()
            .starts_with(&format!("inscription_{i}.")));
        let is_text = p.content_type.starts_with("text/") || p.content_type == "application/json";
        assert_eq!(ins.content.is_some(), is_text, "{}", p.content_type);
        if is_text {
            assert_eq!(
                ins.content.as_deref().unwrap(),
                String::from_utf8_lossy(&p.body)
            );
        }
    }

    // Filters, over the top blocks; the URLs come from the generated client, so its enums'
    // wire values are the ones the server filters on.
    let filtered = |h: u32, filter: Option<InscriptionFilter>| {
        let query = BlockInscriptionsQuery {
            limit: Some(50),
            filter,
            ..Default::default()
        };
        paths::get_block_inscriptions("", &h.to_string(), &query)
    };
    for h in TIP - 10..=TIP {
        let img: BlockInscriptionsPage = s.json(&filtered(h, Some(InscriptionFilter::Image))).await;
        let txt: BlockInscriptionsPage = s.json(&filtered(h, Some(InscriptionFilter::Text))).await;
        let all: BlockInscriptionsPage = s.json(&filtered(h, None)).await;
        // Other values are not rejected: they mean "all", as in the Go handler.
        for lenient in ["all", "Image", ""] {
            let page: BlockInscriptionsPage = s
                .json(&format!(
                    "/api/data/block-inscriptions/{h}?limit=50&filter={lenient}"
                ))
                .await;
            assert_eq!(page, all, "filter={lenient}");
        }
        let n = |p: &BlockInscriptionsPage| p.inscriptions.as_ref().map_or(0, Vec::len);
        assert!(img
            .inscriptions
            .iter()
            .flatten()
            .all(|i| i.content_type.starts_with("image/")));
        assert!(txt
            .inscriptions
            .iter()
            .flatten()
            .all(|i| i.content.is_some()));
        assert_eq!(
            n(&img) + n(&txt),
            n(&all),
            "height {h}: text + image = all here"
        );
    }

    // The 1 MiB text is served whole.
    let big: BlockInscriptionsPage = s
        .json(&format!(
            "/api/data/block-inscriptions/{}?limit=50",
            TIP - 3
        ))
        .await;
    assert!(big
        .inscriptions
        .unwrap()
        .iter()
        .any(|i| i.size_bytes == 1 << 20 && i.content.as_ref().unwrap().len() == 1 << 20));

    // An offset past the end: null list, null cursor.
    let raw = s
        .raw(&format!("/api/data/block-inscriptions/{h}?cursor=100"))
        .await;
    assert_eq!(raw["inscriptions"], Value::Null);
    assert_eq!(raw["next_cursor"], Value::Null);
    assert_eq!(raw["has_more"], Value::Bool(false));
    // An invalid cursor is 0.
    let first: BlockInscriptionsPage = s
        .json(&format!(
            "/api/data/block-inscriptions/{h}?cursor=zz&limit=1"
        ))
        .await;
    assert_eq!(first.inscriptions.unwrap()[0].input_index, 0);
    // Genesis has no inscriptions.
    let g = s.raw("/api/data/block-inscriptions/0").await;
    assert_eq!(g["inscriptions"], Value::Null);

    for (path, status, body) in [
        (
            "/api/data/block-inscriptions/abc",
            StatusCode::BAD_REQUEST,
            "invalid height\n",
        ),
        (
            "/api/data/block-inscriptions/99999",
            StatusCode::NOT_FOUND,
            "block not found\n",
        ),
        (
            "/api/data/block-inscriptions/-1",
            StatusCode::NOT_FOUND,
            "block not found\n",
        ),
        (
            "/api/block-image/abc/x.png",
            StatusCode::BAD_REQUEST,
            "Invalid URL format\n",
        ),
        (
            "/api/block-image/5/x.png",
            StatusCode::NOT_FOUND,
            "404 page not found\n",
        ),
        ("/api/nope", StatusCode::NOT_FOUND, "404 page not found\n"),
        (
            "/content/nothex",
            StatusCode::NOT_FOUND,
            "inscription not found\n",
        ),
        (
            "/content/0000000000000000000000000000000000000000000000000000000000000000",
            StatusCode::NOT_FOUND,
            "inscription not found\n",
        ),
        (
            "/uploads/unknown",
            StatusCode::NOT_FOUND,
            "404 page not found\n",
        ),
        (
            "/content/%FF%FE",
            StatusCode::NOT_FOUND,
            "inscription not found\n",
        ),
        (
            "/api/data/block-inscriptions/%FF",
            StatusCode::BAD_REQUEST,
            "invalid height\n",
        ),
        (
            "/api/block-image/%FF/x.png",
            StatusCode::BAD_REQUEST,
            "Invalid URL format\n",
        ),
    ] {
        let (st, ct, b) = s.text(path).await;
        assert_eq!((st, b.as_str()), (status, body), "{path}");
        assert_eq!(ct, "text/plain; charset=utf-8", "{path}");
    }
    let res = s
        .http
        .post(format!("{}/api/data/block-summaries", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.text().await.unwrap(), "Method not allowed\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_bytes_and_headers_equal_the_generated_payloads() {
    let s = start(TIP).await;
    let mut checked = 0;
    let mut multipart = 0;
    for h in 1..=TIP {
        let want = chain::payloads_at(h, TIP);
        let page: BlockInscriptionsPage = s
            .json(&format!("/api/data/block-inscriptions/{h}?limit=50"))
            .await;
        let list = page.inscriptions.unwrap();
        assert_eq!(list.len(), want.len());
        for (ins, p) in list.iter().zip(&want) {
            let res = s.get(ins.image_url.as_ref().unwrap()).await;
            assert_eq!(res.status(), StatusCode::OK);
            let hd = |k: &str| res.headers().get(k).unwrap().to_str().unwrap().to_string();
            assert_eq!(hd("content-type"), p.content_type);
            assert_eq!(hd("x-inscription-mime"), p.content_type);
            assert_eq!(hd("x-inscription-size"), p.body.len().to_string());
            assert_eq!(
                hd("x-inscription-hash"),
                sha256::Hash::hash(&p.body).to_string()
            );
            assert!(res.headers().get("cache-control").is_none());
            assert_eq!(res.bytes().await.unwrap().as_ref(), p.body.as_slice());
            checked += 1;
        }
        // Without ?witness: the first image-like part of that transaction, else its first part.
        let mut txs: Vec<&str> = list.iter().map(|i| i.tx_id.as_str()).collect();
        txs.dedup();
        for tx in txs {
            let parts: Vec<_> = list.iter().filter(|i| i.tx_id == tx).collect();
            multipart += usize::from(parts.len() > 1);
            let pick = parts
                .iter()
                .find(|i| i.content_type.starts_with("image/"))
                .unwrap_or(&parts[0]);
            let res = s.get(&format!("/content/{tx}")).await;
            assert_eq!(
                res.headers()["x-inscription-size"].to_str().unwrap(),
                pick.size_bytes.to_string()
            );
            assert_eq!(
                res.headers()["content-type"].to_str().unwrap(),
                pick.content_type
            );
        }
    }
    assert!(checked > 60 && multipart > 0, "{checked} {multipart}");
    // A witness ordinal that is not part of that tx.
    let page: BlockInscriptionsPage = s.json(&format!("/api/data/block-inscriptions/{TIP}")).await;
    let tx = &page.inscriptions.unwrap()[0].tx_id;
    let (st, _, body) = s.text(&format!("/content/{tx}?witness=77")).await;
    assert_eq!(
        (st, body.as_str()),
        (StatusCode::NOT_FOUND, "inscription not found\n")
    );
    // Upper-case txids work too.
    let res = s
        .get(&format!("/content/{}?witness=0", tx.to_uppercase()))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_payloads_are_served_verbatim_from_the_top_blocks() {
    let s = start(TIP).await;
    let mut bodies = Vec::new();
    for h in TIP - 19..=TIP {
        let page: BlockInscriptionsPage = s
            .json(&format!("/api/data/block-inscriptions/{h}?limit=50"))
            .await;
        for ins in page.inscriptions.unwrap() {
            bodies.push(
                s.get(ins.image_url.as_ref().unwrap())
                    .await
                    .bytes()
                    .await
                    .unwrap()
                    .to_vec(),
            );
        }
    }
    for item in devserver::payloads::hostile() {
        assert!(
            bodies.contains(&item.body),
            "{:?} missing",
            String::from_utf8_lossy(&item.body)
        );
    }
    assert!(
        bodies.iter().any(|b| std::str::from_utf8(b).is_err()),
        "invalid UTF-8 survives"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_uploads_and_sandbox_carry_the_backends_security_headers() {
    let s = start(TIP).await;
    // An HTML inscription of the hostile corpus: the backend lets it run inline script.
    let page: BlockInscriptionsPage = s
        .json(&format!("/api/data/block-inscriptions/{TIP}?limit=50"))
        .await;
    let html = page
        .inscriptions
        .unwrap()
        .into_iter()
        .find(|i| i.content_type == "text/html")
        .expect("an HTML inscription at the tip");
    let res = s
        .http
        .get(format!("{}{}", s.base, html.image_url.unwrap()))
        .header("Origin", "http://app.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let hd = |r: &reqwest::Response, k: &str| {
        r.headers().get(k).map(|v| v.to_str().unwrap().to_string())
    };
    let csp = hd(&res, "content-security-policy").expect("a CSP on /content/");
    assert!(
        csp.contains("script-src 'self' 'unsafe-inline' 'unsafe-eval';")
            && csp.contains("connect-src 'self' http://app.example;"),
        "{csp}"
    );
    assert_eq!(hd(&res, "x-frame-options").as_deref(), Some("SAMEORIGIN"));
    assert_eq!(
        hd(&res, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(hd(&res, "referrer-policy").as_deref(), Some("no-referrer"));
    assert!(hd(&res, "strict-transport-security").is_some());
    // A missing upload: the same headers (the backend's middleware wraps every answer).
    let res = s.get("/uploads/nonexistent").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(hd(&res, "x-frame-options").as_deref(), Some("SAMEORIGIN"));
    assert!(hd(&res, "content-security-policy").is_some());
    // /sandbox/: framable by anyone, no CSP at all.
    let res = s.get("/sandbox/app/index.html").await;
    assert_eq!(hd(&res, "x-frame-options").as_deref(), Some("ALLOWALL"));
    assert_eq!(hd(&res, "content-security-policy"), None);
    // The API and the app are left as they were.
    let res = s.get("/api/data/block-summaries").await;
    assert_eq!(hd(&res, "x-frame-options"), None);
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spa_fallback_rules() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("secret.txt"), "outside dist").unwrap();
    let dist = root.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>explorer</title>",
    )
    .unwrap();
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::create_dir(dist.join("assets")).unwrap();
    std::fs::write(dist.join("assets/app.js"), "console.log(1)").unwrap();
    // scripts/postbuild.sh's twin (the devserver does not check that it is gzip)
    std::fs::write(dist.join("assets/app.js.gz"), "gzip twin").unwrap();
    std::fs::create_dir(dist.join("sub")).unwrap();
    std::fs::write(dist.join("sub/index.html"), "sub index").unwrap();
    let s = start_with(TIP, false, Some(dist.clone())).await;
    let index = "<!doctype html><title>explorer</title>";
    for path in [
        "/",
        "/block/5",
        "/pending",
        "/inscription/abc_1",
        "/docs/page.html",
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(res.text().await.unwrap(), index, "{path}");
    }
    let wasm = s.get("/app_bg.wasm").await;
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert!(wasm.headers().get("cache-control").is_none());
    assert_eq!(wasm.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
    let js = s.get("/assets/app.js").await;
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js.headers().get("content-encoding").is_none());
    assert_eq!(js.text().await.unwrap(), "console.log(1)");
    // With Accept-Encoding: gzip the precompressed twin is sent, with the original's type.
    let gz = s
        .http
        .get(format!("{}/assets/app.js", s.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert!(gz.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(gz.text().await.unwrap(), "gzip twin");
    // A directory answers with its own index.html (`/sub` is redirected to `/sub/` first).
    for path in ["/sub/", "/sub"] {
        let res = s.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.url().path(), "/sub/", "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(res.text().await.unwrap(), "sub index", "{path}");
    }
    // Nothing outside --dist is reachable.
    for path in [
        "/..%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/sub/..%2F..%2Fsecret.txt",
    ] {
        let (st, _, body) = s.text(path).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{path}");
        assert_ne!(body, "outside dist", "{path}");
    }
    let post = s
        .http
        .post(format!("{}/block/5", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    for path in [
        "/missing.js",
        "/assets/nope.css",
        "/api/unknown",
        "/bitcoin/v1/nope",
        "/content/",
        "/sandbox/x",
        "/dev/x",
        "/uploads/",
    ] {
        let (st, ct, body) = s.text(path).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{path}");
        assert!(ct.starts_with("text/plain"), "{path}");
        assert_ne!(body, index);
    }
    let (_, _, body) = s.text("/api/unknown").await;
    assert_eq!(body, "404 page not found\n");
    let cfg = s.raw("/config.json").await;
    assert_eq!(
        cfg,
        serde_json::json!({"api_base": "http://api.example:3001"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_dist_unknown_paths_are_404() {
    let s = start(5).await;
    let (st, _, body) = s.text("/block/3").await;
    assert_eq!(
        (st, body.as_str()),
        (StatusCode::NOT_FOUND, "404 page not found\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quirk_without_genesis_and_no_blocks_available() {
    // With genesis unindexed, a cursor at the oldest height has nothing below it: the backend
    // answers the NEWEST page again, has_more true.
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), TIP, false);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM blocks WHERE height = 0", [])
        .unwrap();
    let s = serve_db(dir, db, None).await;
    let newest: BlockSummariesPage = s.json("/api/data/block-summaries?limit=4").await;
    let again: BlockSummariesPage = s
        .json("/api/data/block-summaries?limit=4&cursor_height=1")
        .await;
    assert_eq!(again, newest);
    assert!(again.has_more);
    assert_eq!(again.blocks.unwrap()[0].block_height, TIP as i64);

    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), 3, false);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM blocks", [])
        .unwrap();
    let s = serve_db(dir, db, None).await;
    let (st, ct, body) = s.text("/api/data/block-summaries").await;
    assert_eq!(
        (st, body.as_str()),
        (StatusCode::NOT_FOUND, "No blocks available\n")
    );
    assert!(ct.starts_with("text/plain"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mine_interval_mines_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), 8, false);
    let mut config = ServeConfig::new(db);
    config.mine_interval = 1;
    let s = serve_config(dir, config, None).await;
    let mut tip = 8;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let h: NodeHealth = s.json("/bitcoin/v1/health").await;
        tip = h.bitcoin.block_height;
        if tip >= 10 {
            break;
        }
    }
    assert!(tip >= 10, "two blocks in about two seconds, got tip {tip}");
    let page: BlockSummariesPage = s.json("/api/data/block-summaries?limit=1").await;
    assert_eq!(page.blocks.unwrap()[0].block_height, tip);
}
