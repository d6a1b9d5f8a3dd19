//! What the HTTP tests share: a devserver on a generated chain in a temp dir, calls that return
//! the status and the JSON body, and the error-shape check; for the contract-family tests also
//! keys bound to wallets, wishes and proposals. Calls go through the router without a socket
//! (`Router::oneshot`, as axum's testing example does); the same router also listens on a
//! loopback port for what only a socket shows (cookies, CORS, uploads), through `http` and `url`.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use axum::body::Body;
use axum::http::Request;
use devserver::contracts::seed;
use devserver::{GenerateOptions, ServeConfig};
use reqwest::StatusCode;
use serde_json::{json, Value};
use stargate_api::{InscribeEnvelope, OpenContractsEnvelope, ProposalCreated};
use tower::ServiceExt;

pub const ALICE: &str = "alice-key";
pub const ALICE_WALLET: &str = "tb1qalice0000000000000000000000000000000000";
pub const BOB: &str = "bob-key";
pub const BOB_WALLET: &str = "tb1qbob000000000000000000000000000000000000";
pub const AGENT: &str = "agent-key";
pub const CREATOR: &str = "seed-creator-key";

pub const PLAN: &str = "## Plan\n### Task 1: Design the lighthouse\nSketch it.\n### Task 2: Build the lighthouse\nStack the pixels.\n";

pub struct Server {
    pub base: String,
    /// The router the socket serves, for calls without one.
    pub app: axum::Router,
    /// The accepted API keys.
    pub api_keys: devserver::keys::ApiKeys,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
    pub http: reqwest::Client,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends `method path` with an optional key (X-API-Key) and JSON body: status and JSON.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let content_type = body.as_ref().map(|_| "application/json");
        let text = body.map(|b| b.to_string()).unwrap_or_default();
        let (status, text) = self.raw(method, path, key, content_type, &text).await;
        let body =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON from {path}: {text:?}"));
        (status, body)
    }

    /// Sends `body` as it is, with `content_type` when given: status and body text.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        content_type: Option<&str>,
        body: &str,
    ) -> (StatusCode, String) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(k) = key {
            req = req.header("x-api-key", k);
        }
        if let Some(t) = content_type {
            req = req.header("content-type", t);
        }
        let req = req.body(Body::from(body.to_string())).unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    pub async fn get<T: serde::de::DeserializeOwned>(&self, path: &str, key: Option<&str>) -> T {
        let (status, v) = self.call("GET", path, key, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {v}");
        serde_json::from_value(v).unwrap()
    }

    /// `GET path` without a key: asserts 200, the JSON body.
    pub async fn json(&self, path: &str) -> Value {
        let (status, v) = self.call("GET", path, None, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {v}");
        v
    }

    /// `POST /api/inscribe` over the socket, with a JSON body and the given extra headers.
    pub async fn inscribe(
        &self,
        body: &Value,
        headers: &[(&'static str, &str)],
    ) -> reqwest::Response {
        let mut req = self
            .http
            .post(self.url("/api/inscribe"))
            .header("content-type", "application/json")
            .body(body.to_string());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.unwrap()
    }

    /// Inscribes `body` with `key`; asserts 200 and returns the wish id.
    pub async fn inscribed(&self, key: &str, body: &Value) -> String {
        let (status, v) = self
            .call("POST", "/api/inscribe", Some(key), Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        serde_json::from_value::<InscribeEnvelope>(v)
            .unwrap()
            .data
            .id
    }

    /// Makes a wish with `key`; its id.
    pub async fn wish(&self, key: &str, message: &str) -> String {
        let body = json!({"message": message, "price": "40000", "price_unit": "sats"});
        self.inscribed(key, &body).await
    }

    /// `POST /api/smart_contract/proposals` with `body` as the agent.
    pub async fn create_proposal(&self, body: Value) -> (StatusCode, Value) {
        let path = "/api/smart_contract/proposals";
        self.call("POST", path, Some(AGENT), Some(body)).await
    }

    /// An agent's proposal for wish `hash`: its id.
    pub async fn propose(&self, hash: &str, title: &str) -> String {
        let body = json!({"title": title, "visible_pixel_hash": hash, "budget_sats": 50000, "description_md": PLAN});
        let (status, v) = self.create_proposal(body).await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        let created: ProposalCreated = serde_json::from_value(v).unwrap();
        assert_eq!(
            (created.status.as_str(), created.budget_sats, created.tasks),
            ("pending", Some(50000), Some(0))
        );
        created.proposal_id
    }

    /// `POST …/proposals/{id}/approve` with `key`.
    pub async fn approve(&self, id: &str, key: &str) -> (StatusCode, Value) {
        let path = format!("/api/smart_contract/proposals/{id}/approve");
        self.call("POST", &path, Some(key), None).await
    }

    pub async fn listed(&self, query: &str) -> OpenContractsEnvelope {
        self.get(&format!("/api/open-contracts{query}"), None).await
    }

    /// `POST /dev/mine`: (height, wishes confirmed).
    pub async fn mine(&self) -> (u32, u64) {
        let (status, v) = self.call("POST", "/dev/mine", None, None).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        (
            v["height"].as_u64().unwrap() as u32,
            v["wishes"].as_u64().unwrap(),
        )
    }

    /// Stops the server and waits until it has dropped the store.
    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// A generated chain of 12 blocks in `dir`: the database file.
pub fn generate(dir: &std::path::Path) -> PathBuf {
    generate_tip(dir, 12)
}

pub fn generate_tip(dir: &std::path::Path, tip: u32) -> PathBuf {
    let db = dir.join("chain.db");
    devserver::generate(&GenerateOptions {
        db: db.clone(),
        tip,
        network: bitcoin::Network::Bitcoin,
        sparse: false,
        force: false,
    })
    .unwrap();
    db
}

/// Bob's wallet in capitals, on a second key (wallets compare ignoring case).
pub const BOB_SHOUTING: &str = "bob-shouting-key";

pub async fn serve(db: PathBuf) -> Server {
    serve_with_claim_ttl(db, 3600).await
}

/// The configuration to serve `db` on a free loopback port.
pub fn local(db: PathBuf) -> ServeConfig {
    let mut config = ServeConfig::new(db);
    config.addr = "127.0.0.1:0".parse().unwrap();
    config
}

/// Opens `config`'s database with every route, and serves that router on `config.addr` (and
/// mines on `config.mine_interval`, as `devserver::start` does).
pub async fn start(config: ServeConfig) -> Server {
    let (app, state) = devserver::app(&config).await.unwrap();
    if config.mine_interval > 0 {
        devserver::mine_every(state.store.clone(), config.mine_interval);
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let served = app.clone();
    Server {
        base,
        app,
        api_keys: state.api_keys.clone(),
        task: tokio::spawn(async move { axum::serve(listener, served).await }),
        http: reqwest::Client::new(),
    }
}

/// Claims made on this server hold `claim_ttl` seconds.
pub async fn serve_with_claim_ttl(db: PathBuf, claim_ttl: u64) -> Server {
    let mut config = local(db);
    config.claim_ttl = claim_ttl;
    config.api_keys = vec![
        format!("{ALICE}={ALICE_WALLET}"),
        format!("{BOB}={BOB_WALLET}"),
        format!("{BOB_SHOUTING}={}", BOB_WALLET.to_uppercase()),
        AGENT.into(),
        format!("{CREATOR}={}", seed::CREATOR_WALLET),
    ];
    start(config).await
}

/// Status and JSON body of a response.
pub async fn answer(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    let url = res.url().path().to_string();
    let text = res.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON from {url}: {text:?}"));
    (status, body)
}

/// Asserts error shape A (`{"success":false,"error":{"error":{"code":"<status>",…}}}`).
pub fn assert_shape_a(status: StatusCode, body: &Value, want: StatusCode, message: &str) {
    assert_eq!(status, want, "{body}");
    assert_eq!(body["success"], false, "{body}");
    let detail = &body["error"]["error"];
    assert_eq!(detail["code"], want.as_u16().to_string(), "{body}");
    assert_eq!(detail["message"], message, "{body}");
    assert_eq!(detail["request_id"], "", "{body}");
    assert!(
        detail["timestamp"].as_str().unwrap().ends_with('Z'),
        "{body}"
    );
}

/// The nested error's message.
pub fn message(v: &Value) -> &str {
    v["error"]["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("nested error: {v}"))
}

pub fn contract_ids(list: &OpenContractsEnvelope) -> Vec<String> {
    list.data
        .contracts
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.id)
        .collect()
}
