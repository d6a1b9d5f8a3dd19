//! `…/contracts/{id}[/…]` (`handleContracts`: the contract, rework, the PSBT) and `…/events`
//! (`handleEvents`).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::Json;
use serde::Deserialize;
use stargate_api::{Contract, EventList, ReworkRequest, ReworkResolved};

use super::call::{methods, Call};
use crate::api::state::AppState;
use crate::compat::{decode_first, invalid_json, json_only, json_with_nulls};
use crate::compat::{now_nanos, now_unix, Refused};
use crate::contracts::psbt::body::PsbtBody;
use crate::contracts::psbt::PsbtCall;

pub fn routes() -> MethodRouter<Arc<AppState>> {
    methods(get(contract).post(post).patch(patch))
}

/// Every GET below a contract answers the contract (`…/rework` included); `funding` and
/// `payment-details` are not modelled.
async fn contract(call: Call) -> Result<Json<Contract>, Refused> {
    let id = call.id();
    Ok(Json(call.run(move |s| s.contract(&id)).await?))
}

#[derive(Deserialize, Default)]
struct NotesBody {
    notes: Option<String>,
}

fn unknown_action() -> Refused {
    Refused::new(404, "unknown contract action")
}

fn requester(call: &Call) -> Result<String, Refused> {
    call.wallet()
        .ok_or_else(|| Refused::new(403, "authenticated user required"))
}

/// `POST …/contracts/{id}/{rework|psbt}`.
async fn post(call: Call) -> Response {
    match call.action() {
        Some("rework") => rework(call).await.into_response(),
        Some("psbt") => psbt(call).await.into_response(),
        _ => unknown_action().into_response(),
    }
}

/// `POST …/contracts/{id}/psbt`: 415, 503 (`--psbt-unavailable`), the key's wallet (403),
/// "invalid json", then the domain (`contracts::psbt`). Keys sorted, `null` for nil lists.
async fn psbt(call: Call) -> Result<Response, Refused> {
    json_only(&call.headers)?;
    if call.state.psbt_unavailable {
        return Err(Refused::new(503, "psbt builder unavailable"));
    }
    let payer_wallet = call.wallet().ok_or_else(|| {
        Refused::new(
            403,
            "api key missing wallet binding - please associate a Bitcoin wallet address with your API key",
        )
    })?;
    let body = PsbtBody::decode(&call.body).ok_or_else(invalid_json)?;
    let contractor_key_wallet = Some(body.contractor_api_key.as_str())
        .filter(|k| !k.trim().is_empty())
        .and_then(|k| call.state.api_keys.wallet_for_key(k));
    let psbt_call = PsbtCall {
        contract_id: call.id(),
        payer_wallet,
        contractor_key_wallet,
        body,
        now: now_unix(),
    };
    let result = call.run(move |s| s.build_psbt(psbt_call)).await?;
    let nulls = [
        "change_addresses",
        "change_amounts",
        "payout_scripts",
        "payout_amounts",
    ];
    Ok(json_with_nulls(&result, &[], &nulls))
}

/// `POST …/contracts/{id}/rework {notes}` → 201 with the request.
async fn rework(call: Call) -> Result<(StatusCode, Json<ReworkRequest>), Refused> {
    json_only(&call.headers)?;
    let body = decode_first::<NotesBody>(&call.body)
        .ok_or_else(|| Refused::new(400, "invalid request body"))?;
    let notes = body.notes.unwrap_or_default();
    if notes.trim().is_empty() {
        return Err(Refused::new(400, "notes are required"));
    }
    let (id, requester) = (call.id(), requester(&call)?);
    let (now, nanos) = (now_unix(), now_nanos());
    let request = call
        .run(move |s| s.request_rework(&id, &requester, &notes, now, nanos))
        .await?;
    Ok((StatusCode::CREATED, Json(request)))
}

/// `PATCH …/contracts/{id}/rework/{request_id}` (no body).
async fn patch(call: Call) -> Result<Json<ReworkResolved>, Refused> {
    let parts = call.parts();
    let request_id = match (call.action(), parts.get(2)) {
        (Some("rework"), Some(r)) if !r.is_empty() => r.to_string(),
        _ => return Err(unknown_action()),
    };
    let (id, requester, now) = (call.id(), requester(&call)?, now_unix());
    call.run(move |s| s.resolve_rework(&id, &request_id, &requester, now))
        .await?;
    Ok(Json(ReworkResolved {
        message: "rework request resolved".into(),
    }))
}

/// `GET /api/smart_contract/events` (public): JSON only, newest first, from the in-memory ring
/// (see `contracts::store`); filters trimmed, `type`/`actor` ignoring case.
pub async fn events(call: Call) -> Result<Json<EventList>, Refused> {
    let q = &call.query;
    let get = |k: &str| q.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let (kind, actor, entity) = (get("type"), get("actor"), get("entity_id"));
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<i64>().ok())
        .unwrap_or(50);
    let events = call
        .run(move |s| s.events(&kind, &actor, &entity, limit))
        .await?;
    Ok(Json(EventList {
        total: events.len() as i64,
        events,
    }))
}
