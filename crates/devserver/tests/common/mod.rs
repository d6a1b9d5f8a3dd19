//! What the contract-family tests share: a devserver on a generated chain in a temp dir, keys
//! bound to wallets, and calls that return the status and the JSON body.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use devserver::contracts::seed;
use devserver::{GenerateOptions, ServeConfig};
use reqwest::StatusCode;
use serde_json::{json, Value};
use stargate_api::{InscribeEnvelope, OpenContractsEnvelope, ProposalCreated};

pub const ALICE: &str = "alice-key";
pub const ALICE_WALLET: &str = "tb1qalice0000000000000000000000000000000000";
pub const BOB: &str = "bob-key";
pub const BOB_WALLET: &str = "tb1qbob000000000000000000000000000000000000";
pub const AGENT: &str = "agent-key";
pub const CREATOR: &str = "seed-creator-key";

pub const PLAN: &str = "## Plan\n### Task 1: Design the lighthouse\nSketch it.\n### Task 2: Build the lighthouse\nStack the pixels.\n";

pub struct Server {
    pub base: String,
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
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.http.request(method, self.url(path));
        if let Some(k) = key {
            req = req.header("x-api-key", k);
        }
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON from {path}: {text:?}"));
        (status, value)
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
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .http
            .request(method, self.url(path))
            .body(body.to_string());
        if let Some(k) = key {
            req = req.header("x-api-key", k);
        }
        if let Some(t) = content_type {
            req = req.header("content-type", t);
        }
        let res = req.send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    pub async fn get<T: serde::de::DeserializeOwned>(&self, path: &str, key: Option<&str>) -> T {
        let (status, v) = self.call("GET", path, key, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {v}");
        serde_json::from_value(v).unwrap()
    }

    /// Makes a wish with `key`; its id.
    pub async fn wish(&self, key: &str, message: &str) -> String {
        let res = self
            .http
            .post(self.url("/api/inscribe"))
            .header("x-api-key", key)
            .header("content-type", "application/json")
            .body(json!({"message": message, "price": "40000", "price_unit": "sats"}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<InscribeEnvelope>().await.unwrap().data.id
    }

    /// An agent's proposal for wish `hash`: its id.
    pub async fn propose(&self, hash: &str, title: &str) -> String {
        let body = json!({"title": title, "visible_pixel_hash": hash, "budget_sats": 50000, "description_md": PLAN});
        let (status, v) = self
            .call(
                "POST",
                "/api/smart_contract/proposals",
                Some(AGENT),
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        let created: ProposalCreated = serde_json::from_value(v).unwrap();
        assert_eq!(
            (created.status.as_str(), created.budget_sats, created.tasks),
            ("pending", Some(50000), Some(0))
        );
        created.proposal_id
    }

    pub async fn listed(&self, query: &str) -> OpenContractsEnvelope {
        self.get(&format!("/api/open-contracts{query}"), None).await
    }

    pub async fn mine(&self) {
        let res = self.http.post(self.url("/dev/mine")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }

    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

pub fn generate(dir: &std::path::Path) -> PathBuf {
    let db = dir.join("chain.db");
    devserver::generate(&GenerateOptions {
        db: db.clone(),
        tip: 12,
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

/// Claims made on this server hold `claim_ttl` seconds.
pub async fn serve_with_claim_ttl(db: PathBuf, claim_ttl: u64) -> Server {
    let mut config = ServeConfig::new(db);
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.claim_ttl = claim_ttl;
    config.api_keys = vec![
        format!("{ALICE}={ALICE_WALLET}"),
        format!("{BOB}={BOB_WALLET}"),
        format!("{BOB_SHOUTING}={}", BOB_WALLET.to_uppercase()),
        AGENT.into(),
        format!("{CREATOR}={}", seed::CREATOR_WALLET),
    ];
    let running = devserver::start(config).await.unwrap();
    Server {
        base: format!("http://{}", running.addr),
        task: running.task,
        http: reqwest::Client::new(),
    }
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
