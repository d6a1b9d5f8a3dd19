//! The devserver's read API, decoded with the generated types, through the router without a
//! socket (`Router::oneshot`); what a client does on its own (following a redirect, sending the
//! methods and headers a test chooses) over a real socket on 127.0.0.1:0 (`http`, `base`).

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

use bitcoin::hashes::{sha256, Hash};
use devserver::{chain, GenerateOptions, ServeConfig};
use reqwest::StatusCode;
use serde_json::Value;
use stargate_api::{
    paths, ApiHealthEnvelope, BlockInscriptionsPage, BlockInscriptionsQuery, BlockSummariesPage,
    ContractStatus, InscriptionFilter, NodeHealth, OpenContractsEnvelope, OpenContractsQuery,
    SearchEnvelope,
};

mod blocks;
mod contracts_search;
mod extract;
mod spa;

const MAINNET_GENESIS: &str = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
const TIP: u32 = 30;

struct Server {
    base: String,
    /// The router the socket serves.
    app: axum::Router,
    _dir: tempfile::TempDir,
    http: reqwest::Client,
}

/// An answer read through the router: the parts of `reqwest::Response` the tests use.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
}

impl Answer {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn headers(&self) -> &axum::http::HeaderMap {
        &self.headers
    }

    async fn bytes(self) -> Result<axum::body::Bytes, std::convert::Infallible> {
        Ok(self.body)
    }

    async fn text(self) -> Result<String, std::string::FromUtf8Error> {
        String::from_utf8(self.body.to_vec())
    }
}

impl Server {
    /// `GET path` without a socket.
    async fn get(&self, path: &str) -> Answer {
        let req = Request::get(path).body(Body::empty()).unwrap();
        let (parts, body) = self.app.clone().oneshot(req).await.unwrap().into_parts();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body: axum::body::to_bytes(body, usize::MAX).await.unwrap(),
        }
    }

    /// `GET path` without a socket: status, content type and body.
    async fn oneshot(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let res = self.get(path).await;
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (res.status, ct, res.body.to_vec())
    }

    async fn json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let (status, _, body) = self.oneshot(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        serde_json::from_slice(&body).unwrap()
    }

    async fn raw(&self, path: &str) -> Value {
        self.json(path).await
    }

    /// Status, content type and body of a plain-text error.
    async fn text(&self, path: &str) -> (StatusCode, String, String) {
        let (status, ct, body) = self.oneshot(path).await;
        (status, ct, String::from_utf8(body).unwrap())
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
    let (app, _) = devserver::app(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind(config.addr).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let served = app.clone();
    tokio::spawn(async move { axum::serve(listener, served).await });
    Server {
        base,
        app,
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
