//! `/bitcoin/v1/health` and `/api/health`.

use axum::extract::State as S;
use axum::Json;
use stargate_api::{ApiHealth, ApiHealthEnvelope, BitcoinNodeStatus, NodeHealth};

use super::state::State;
use crate::chain;
use crate::compat::{now_unix, rfc3339};

/// Node health; `bitcoin.block_height` is the network tip (highest generated or mined height,
/// indexed or not).
pub async fn node_health(S(state): State) -> Json<NodeHealth> {
    Json(NodeHealth {
        status: "healthy".into(),
        bitcoin: BitcoinNodeStatus {
            node_connected: true,
            node_url: Some("devserver".into()),
            block_height: state.store.network_tip() as i64,
        },
        network: chain::network_name(state.store.network).into(),
        scanner: None,
        scanner_manager: None,
        timestamp: rfc3339(now_unix()),
    })
}

/// Service health (envelope A).
pub async fn api_health() -> Json<ApiHealthEnvelope> {
    Json(ApiHealthEnvelope {
        success: true,
        data: Some(ApiHealth {
            status: "healthy".into(),
            timestamp: Some(now_unix()),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    })
}
