//! `/api/smart_contract/*`: contracts, rework requests, events. Bare JSON answers, nested
//! error envelope; the API key is read from the `X-API-Key` HEADER only (never the cookie or
//! Bearer), as the backend's `authWrap` does. Proposals are in `proposals.rs`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State as S};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use stargate_api::{EventList, ReworkResolved};

use super::auth::header_key;
use super::{envelope_error, now_unix, AppState, Params, State};
use crate::contracts::{Outcome, Refused};
use crate::store::Store;

/// `authWrap`: a known key in the header, else 403 `invalid api key`.
pub fn key_refusal(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    match header_key(headers) {
        Some(k) if state.api_keys.is_valid(&k) => None,
        _ => Some(envelope_error(StatusCode::FORBIDDEN, "invalid api key")),
    }
}

/// The wallet bound to the header's key, if any.
pub fn header_wallet(state: &AppState, headers: &HeaderMap) -> Option<String> {
    header_key(headers).and_then(|k| state.api_keys.wallet_for_key(&k))
}

/// Runs a store call off the async threads.
pub async fn run<T, F>(state: &Arc<AppState>, f: F) -> Outcome<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Outcome<T> + Send + 'static,
{
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .unwrap_or_else(|e| Err(Refused::new(500, e.to_string())))
}

/// A bare JSON answer with `status`, or the refusal in the nested envelope.
pub fn answer<T: serde::Serialize>(status: StatusCode, outcome: Outcome<T>) -> Response {
    match outcome {
        Ok(v) => (status, Json(v)).into_response(),
        Err(r) => refusal(r),
    }
}

pub fn refusal(r: Refused) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    envelope_error(status, &r.message)
}

/// Unix nanoseconds, for the backend's `…-<unixnano>` ids.
pub fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Is a `Content-Type` set that does not contain `application/json` (the backend's 415)?
pub fn not_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| !String::from_utf8_lossy(v.as_bytes()).contains("application/json"))
}

/// Go's `json.NewDecoder(body).Decode(&v)`: the first JSON value; `null` leaves `v` empty; an
/// empty body or a type mismatch is an error.
pub fn decode_first<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Option<T> {
    match serde_json::Deserializer::from_slice(body)
        .into_iter::<Option<T>>()
        .next()
    {
        Some(Ok(v)) => Some(v.unwrap_or_default()),
        _ => None,
    }
}

/// `/api/smart_contract/contracts/{id}[/…]`, dispatched like `handleContracts`.
pub async fn contracts(
    S(state): State,
    method: Method,
    Path(rest): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(denied) = key_refusal(&state, &headers) {
        return denied;
    }
    let parts: Vec<String> = rest
        .trim_matches('/')
        .split('/')
        .map(str::to_string)
        .collect();
    let id = parts[0].clone();
    let action = parts.get(1).map(String::as_str);
    match method {
        // Every GET below a contract answers the contract (`…/rework` included); `funding` and
        // `payment-details` are not modelled.
        Method::GET => answer(StatusCode::OK, run(&state, move |s| s.contract(&id)).await),
        Method::POST if action == Some("rework") => request_rework(state, id, headers, body).await,
        Method::PATCH
            if action == Some("rework") && parts.get(2).is_some_and(|r| !r.is_empty()) =>
        {
            let request_id = parts[2].clone();
            resolve_rework(state, id, request_id, headers).await
        }
        Method::POST | Method::PATCH => {
            envelope_error(StatusCode::NOT_FOUND, "unknown contract action")
        }
        _ => envelope_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed"),
    }
}

#[derive(Deserialize, Default)]
struct NotesBody {
    #[serde(default)]
    notes: Option<String>,
}

/// `POST …/contracts/{id}/rework {notes}` → 201 with the request.
async fn request_rework(
    state: Arc<AppState>,
    id: String,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if not_json(&headers) {
        return envelope_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        );
    }
    let Some(body) = decode_first::<NotesBody>(&body) else {
        return envelope_error(StatusCode::BAD_REQUEST, "invalid request body");
    };
    let notes = body.notes.unwrap_or_default();
    if notes.trim().is_empty() {
        return envelope_error(StatusCode::BAD_REQUEST, "notes are required");
    }
    let Some(requester) = header_wallet(&state, &headers) else {
        return envelope_error(StatusCode::FORBIDDEN, "authenticated user required");
    };
    let (now, nanos) = (now_unix(), now_nanos());
    let outcome = run(&state, move |s| {
        s.request_rework(&id, &requester, &notes, now, nanos)
    })
    .await;
    answer(StatusCode::CREATED, outcome)
}

/// `PATCH …/contracts/{id}/rework/{request_id}` (no body).
async fn resolve_rework(
    state: Arc<AppState>,
    id: String,
    request_id: String,
    headers: HeaderMap,
) -> Response {
    let Some(requester) = header_wallet(&state, &headers) else {
        return envelope_error(StatusCode::FORBIDDEN, "authenticated user required");
    };
    let now = now_unix();
    let outcome = run(&state, move |s| {
        s.resolve_rework(&id, &request_id, &requester, now)
    })
    .await
    .map(|()| ReworkResolved {
        message: "rework request resolved".into(),
    });
    answer(StatusCode::OK, outcome)
}

/// `GET /api/smart_contract/events` (public for GET): JSON only, newest first, from the
/// in-memory ring (see `contracts::store`); filters trimmed, `type`/`actor` ignoring case.
pub async fn events(
    S(state): State,
    method: Method,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    if method != Method::GET {
        if let Some(denied) = key_refusal(&state, &headers) {
            return denied;
        }
        return envelope_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    let get = |k: &str| q.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let (kind, actor, entity) = (get("type"), get("actor"), get("entity_id"));
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<i64>().ok())
        .unwrap_or(50);
    let outcome = run(&state, move |s| s.events(&kind, &actor, &entity, limit))
        .await
        .map(|events| EventList {
            total: events.len() as i64,
            events,
        });
    answer(StatusCode::OK, outcome)
}
