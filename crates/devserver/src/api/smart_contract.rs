//! `/api/smart_contract/*`: contracts, rework requests, events. Bare JSON answers, nested
//! error envelope; the API key is read from the `X-API-Key` HEADER only (never the cookie or
//! Bearer), as the backend's `authWrap` does. Proposals are in `proposals.rs`, tasks, claims and
//! submissions in `tasks.rs`; what their handlers share is here (`Call`, the key check, the
//! store runners, Go's body and query decoding).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State as S};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, RequestExt};
use serde::Deserialize;
use stargate_api::{EventList, ReworkResolved};

use super::auth::header_key;
use super::{envelope_error, now_unix, AppState, Params, State};
use crate::contracts::{Outcome, Refused};
use crate::store::Store;

/// One request to a route that dispatches on method and path itself, as the backend's
/// `handleTasks`, `handleProposals`, … do. The same handler serves the collection path
/// (`…/tasks`, where `path` is empty) and every path below it (`…/tasks/{*rest}`).
pub struct Call {
    pub state: Arc<AppState>,
    pub method: Method,
    pub headers: HeaderMap,
    pub query: HashMap<String, String>,
    /// The path below the collection, without leading or trailing `/`.
    pub path: String,
    pub body: Bytes,
}

impl Call {
    /// The `/`-separated parts of `path` (one empty part for the collection itself).
    pub fn parts(&self) -> Vec<&str> {
        self.path.split('/').collect()
    }

    /// `authWrap` for this request's header key (see [`key_refusal`]).
    pub fn key_refusal(&self) -> Option<Response> {
        key_refusal(&self.state, &self.headers)
    }

    /// The wallet bound to this request's header key, if any.
    pub fn wallet(&self) -> Option<String> {
        header_wallet(&self.state, &self.headers)
    }
}

/// Extracted as the handlers did it one by one: the path (a bad one is axum's 400), the
/// lenient query, then the body.
impl FromRequest<Arc<AppState>> for Call {
    type Rejection = Response;

    async fn from_request(mut req: Request, state: &Arc<AppState>) -> Result<Self, Response> {
        let rest: Option<Path<String>> = req
            .extract_parts()
            .await
            .map_err(IntoResponse::into_response)?;
        let Query(query): Params = req
            .extract_parts()
            .await
            .map_err(IntoResponse::into_response)?;
        let (method, headers) = (req.method().clone(), req.headers().clone());
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let path = rest.map_or_else(String::new, |Path(p)| p.trim_matches('/').to_string());
        Ok(Call {
            state: state.clone(),
            method,
            headers,
            query,
            path,
            body,
        })
    }
}

/// Go's `splitCSV`: trimmed, empty parts dropped.
pub fn split_csv(v: Option<&String>) -> Vec<String> {
    v.map(|v| {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// The backend's 415 for a body that is not declared JSON.
pub fn unsupported_media() -> Response {
    envelope_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json",
    )
}

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

/// Runs a store change off the async threads in one transaction, committed only when it
/// answers a value (all or nothing).
pub async fn transact<T, F>(state: &Arc<AppState>, f: F) -> Outcome<T>
where
    T: Send + 'static,
    F: FnOnce(&rusqlite::Transaction<'_>) -> Outcome<T> + Send + 'static,
{
    run(state, move |s| s.in_transaction(f)).await
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
pub async fn contracts(call: Call) -> Response {
    if let Some(denied) = call.key_refusal() {
        return denied;
    }
    let parts = call.parts();
    let id = parts[0].to_string();
    let action = parts.get(1).copied();
    match call.method {
        // Every GET below a contract answers the contract (`…/rework` included); `funding` and
        // `payment-details` are not modelled.
        Method::GET => answer(
            StatusCode::OK,
            run(&call.state, move |s| s.contract(&id)).await,
        ),
        Method::POST if action == Some("rework") => request_rework(&call, id).await,
        Method::PATCH
            if action == Some("rework") && parts.get(2).is_some_and(|r| !r.is_empty()) =>
        {
            resolve_rework(&call, id, parts[2].to_string()).await
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
async fn request_rework(call: &Call, id: String) -> Response {
    if not_json(&call.headers) {
        return unsupported_media();
    }
    let Some(body) = decode_first::<NotesBody>(&call.body) else {
        return envelope_error(StatusCode::BAD_REQUEST, "invalid request body");
    };
    let notes = body.notes.unwrap_or_default();
    if notes.trim().is_empty() {
        return envelope_error(StatusCode::BAD_REQUEST, "notes are required");
    }
    let Some(requester) = call.wallet() else {
        return envelope_error(StatusCode::FORBIDDEN, "authenticated user required");
    };
    let (now, nanos) = (now_unix(), now_nanos());
    let outcome = run(&call.state, move |s| {
        s.request_rework(&id, &requester, &notes, now, nanos)
    })
    .await;
    answer(StatusCode::CREATED, outcome)
}

/// `PATCH …/contracts/{id}/rework/{request_id}` (no body).
async fn resolve_rework(call: &Call, id: String, request_id: String) -> Response {
    let Some(requester) = call.wallet() else {
        return envelope_error(StatusCode::FORBIDDEN, "authenticated user required");
    };
    let now = now_unix();
    let outcome = run(&call.state, move |s| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_parts_are_trimmed_and_empty_ones_dropped() {
        let v = " a, ,b,,c ".to_string();
        assert_eq!(split_csv(Some(&v)), ["a", "b", "c"]);
        assert!(split_csv(None).is_empty());
    }
}
