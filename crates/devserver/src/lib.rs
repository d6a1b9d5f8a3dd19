//! Stargate-compatible API server for development, demos and tests.
//!
//! `generate` writes a deterministic chain of real Bitcoin blocks into one SQLite file; `serve`
//! answers the Stargate backend's explorer-facing API from it (and serves a built SPA).

pub mod addresses;
pub mod api;
pub mod chain;
pub mod challenges;
pub mod compat;
pub mod contracts;
pub mod db;
pub mod envelope;
pub mod faucet;
pub mod generate;
pub mod image;
pub mod keys;
pub mod payloads;
pub mod png;
pub mod signature;
pub mod spa;
pub mod stego;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use bitcoin::Network;

use contracts::market::Market;

pub use generate::{generate, GenerateOptions, GenerateReport};

type Stores = (Arc<db::Db>, Arc<store::Store>, Arc<Market>);

/// Opens the database and its two stores; the seeded claims are re-armed to expire minutes
/// from now, and the fixture wallet has its coins (`faucet`).
fn open(path: &std::path::Path) -> Result<Stores> {
    let db = Arc::new(db::Db::open(path)?);
    contracts::seed::rearm_claims(&db.conn(), compat::now_unix())
        .with_context(|| format!("{}: re-arming the seeded claims", path.display()))?;
    faucet::fund_wallets(&db.conn(), faucet::FIXTURE_ADDRESSES)
        .with_context(|| format!("{}: funding the fixture wallet", path.display()))?;
    let store = Arc::new(store::Store::over(db.clone())?);
    Ok((db.clone(), store, Arc::new(Market::new(db))))
}

/// Options of `devserver serve` (also its command-line flags).
#[derive(Clone, Debug, clap::Args)]
pub struct ServeConfig {
    #[arg(long)]
    pub db: PathBuf,
    #[arg(long, default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// A built explorer to serve (SPA fallback rules of the Go binary).
    #[arg(long)]
    pub dist: Option<PathBuf>,
    /// What `/config.json` announces as `api_base` ("" = same origin).
    #[arg(long, default_value = "")]
    pub api_base: String,
    /// Seconds between mined blocks; 0 = only on `POST /dev/mine`.
    #[arg(long, default_value_t = 0)]
    pub mine_interval: u64,
    /// When the db file does not exist, generate it first with this tip (and `sparse`).
    #[arg(long)]
    pub generate_tip: Option<u32>,
    /// With --generate-tip: leave runs of heights unindexed.
    #[arg(long)]
    pub sparse: bool,
    /// An accepted API key, `KEY` or `KEY=WALLET` to bind it to a wallet (repeatable; the flags
    /// replace STARGATE_API_KEYS, comma separated). None configured: the dev key
    /// `stargate-dev-key`, bound to no wallet. Keys issued by wallet sign-in are kept in the db.
    #[arg(long = "api-key", env = "STARGATE_API_KEYS", value_delimiter = ',')]
    pub api_keys: Vec<String>,
    /// Lifetime of a wallet challenge in seconds (the backend's is 600).
    #[arg(long, default_value_t = 600)]
    pub challenge_ttl: u64,
    /// Lifetime of a task claim in seconds (the backend's default is 3600).
    #[arg(long, default_value_t = 3600)]
    pub claim_ttl: u64,
    /// Refuse a wish without an image, as the backend does with `STARGATE_REQUIRE_IMAGE=true`
    /// (its default, and this one's, is to use a placeholder image).
    #[arg(long, env = "STARGATE_REQUIRE_IMAGE", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false)]
    pub require_image: bool,
    /// Answer every `POST …/contracts/{id}/psbt` with 503 "psbt builder unavailable", as the
    /// backend does without a mempool API client (to test the page's message).
    #[arg(long)]
    pub psbt_unavailable: bool,
}

impl ServeConfig {
    /// Defaults: 127.0.0.1:3000, no dist, same-origin API, no mining, no generation, the dev key.
    pub fn new(db: impl Into<PathBuf>) -> Self {
        ServeConfig {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            dist: None,
            api_base: String::new(),
            mine_interval: 0,
            generate_tip: None,
            sparse: false,
            api_keys: Vec::new(),
            challenge_ttl: 600,
            claim_ttl: contracts::claims::DEFAULT_CLAIM_TTL.as_secs(),
            require_image: false,
            psbt_unavailable: false,
        }
    }
}

/// A server bound and running in the background (tests use it in-process).
pub struct Running {
    /// The bound address (the real port when asked for port 0).
    pub addr: SocketAddr,
    /// The accepted API keys.
    pub api_keys: keys::ApiKeys,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// The server without its socket: the database opened (or first generated) and every route.
/// `start` serves it; tests that need no socket call it with `Router::oneshot`.
pub async fn app(config: &ServeConfig) -> Result<(axum::Router, Arc<api::state::AppState>)> {
    // Checked before anything is generated or opened; the keys' wallets get coins (`faucet`).
    let mut wallets = Vec::new();
    for entry in config.api_keys.iter().filter(|e| !e.is_empty()) {
        wallets.extend(keys::parse_entry(entry)?.1);
    }
    if let (Some(tip), false) = (config.generate_tip, config.db.exists()) {
        let opts = GenerateOptions {
            db: config.db.clone(),
            tip,
            network: Network::Bitcoin,
            sparse: config.sparse,
            force: false,
        };
        tokio::task::spawn_blocking(move || generate(&opts)).await??;
    }
    let path = config.db.clone();
    let (db, store, market) = tokio::task::spawn_blocking(move || open(&path)).await??;
    let api_keys = keys::ApiKeys::open(db.clone(), &config.api_keys)?;
    faucet::fund_wallets(&db.conn(), wallets.iter().map(String::as_str))?;
    if let Some(dist) = &config.dist {
        anyhow::ensure!(
            dist.is_dir(),
            "--dist {} is not a directory",
            dist.display()
        );
    }
    let state = Arc::new(api::state::AppState {
        store,
        market,
        dist: config.dist.clone(),
        api_base: config.api_base.clone(),
        api_keys,
        challenges: challenges::Challenges::new(Duration::from_secs(config.challenge_ttl)),
        claim_ttl: Duration::from_secs(config.claim_ttl),
        require_image: config.require_image,
        psbt_unavailable: config.psbt_unavailable,
    });
    Ok((api::router(state.clone()), state))
}

/// Mines a block every `seconds` from now on (`--mine-interval`), in a task of its own.
pub fn mine_every(store: Arc<store::Store>, seconds: u64) {
    let every = Duration::from_secs(seconds);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tick.tick().await;
            let store = store.clone();
            let now = compat::now_unix().clamp(0, u32::MAX as i64) as u32;
            if let Ok(Err(e)) = tokio::task::spawn_blocking(move || store.mine(now)).await {
                eprintln!("devserver: mining failed: {e:#}");
            }
        }
    });
}

/// Opens (or first generates) the database, binds, and spawns the server and the miner.
pub async fn start(config: ServeConfig) -> Result<Running> {
    let (app, state) = app(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    let addr = listener.local_addr()?;
    if config.mine_interval > 0 {
        mine_every(state.store.clone(), config.mine_interval);
    }
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(Running {
        addr,
        api_keys: state.api_keys.clone(),
        task,
    })
}

/// Runs the server until SIGINT/SIGTERM, printing `devserver listening on http://ADDR` once
/// bound, then the API key line. Returning drops the store, which checkpoints the WAL into the
/// db file.
pub async fn serve(config: ServeConfig) -> Result<()> {
    use std::io::Write;
    let running = start(config).await?;
    let keys = if running.api_keys.is_default() {
        format!(
            "devserver API key: {} (the dev key; set --api-key or STARGATE_API_KEYS to choose)",
            keys::DEV_API_KEY
        )
    } else {
        format!(
            "devserver API keys: {} configured (--api-key / STARGATE_API_KEYS)",
            running.api_keys.len()
        )
    };
    // One write: a reader that closes the pipe after the first line must not break the second.
    let banner = format!("devserver listening on http://{}\n{keys}\n", running.addr);
    let mut out = std::io::stdout();
    out.write_all(banner.as_bytes())?;
    out.flush()?;
    tokio::select! {
        r = running.task => { r??; }
        _ = shutdown_signal() => {}
    }
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    if let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        return;
    }
    let _ = tokio::signal::ctrl_c().await;
}
