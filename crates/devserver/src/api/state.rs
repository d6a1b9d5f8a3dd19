//! What every handler shares: the state and the extractor types.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::contracts::market::Market;
use crate::store::Store;

/// Shared state of the handlers.
pub struct AppState {
    /// The chain: blocks, wishes, mining.
    pub store: Arc<Store>,
    /// The market: contracts, proposals, tasks, claims, submissions, rework, events.
    pub market: Arc<Market>,
    pub dist: Option<PathBuf>,
    pub api_base: String,
    pub api_keys: crate::keys::ApiKeys,
    /// Outstanding wallet challenges (in memory, as in the backend).
    pub challenges: crate::challenges::Challenges,
    /// How long a task claim holds (the backend's `STARGATE_DEFAULT_CLAIM_TTL_HOURS`).
    pub claim_ttl: std::time::Duration,
    /// A wish must carry an image (`--require-image`, the backend's `STARGATE_REQUIRE_IMAGE`).
    pub require_image: bool,
    /// The PSBT builder answers 503 (`--psbt-unavailable`: the backend without a mempool API).
    pub psbt_unavailable: bool,
}

pub type State = axum::extract::State<Arc<AppState>>;
/// Lenient query parameters: handlers parse values themselves so that bad values fall back to
/// defaults, as the Go handlers do, instead of being rejected.
pub type Params = axum::extract::Query<HashMap<String, String>>;
