//! Devserver-only endpoints: `POST /dev/mine` and `GET /config.json`.

use axum::extract::State as S;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::state::State;
use crate::compat::{now_unix, plain_error};

/// Mines one block now and answers `{"height":N,"wishes":K}` (K pending wishes it confirmed).
pub async fn mine(S(state): State) -> Response {
    let store = state.store.clone();
    let now = now_unix().clamp(0, u32::MAX as i64) as u32;
    let mined = tokio::task::spawn_blocking(move || store.mine(now)).await;
    match mined.map_err(anyhow::Error::from).and_then(|m| m) {
        Ok(mined) => Json(serde_json::json!({ "height": mined.height, "wishes": mined.wishes }))
            .into_response(),
        Err(e) => plain_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("mining failed: {e}"),
        ),
    }
}

/// Runtime configuration read by the explorer at start.
pub async fn config_json(S(state): State) -> impl IntoResponse {
    (
        [(axum::http::header::CACHE_CONTROL, "no-cache")],
        Json(serde_json::json!({ "api_base": state.api_base })),
    )
}
