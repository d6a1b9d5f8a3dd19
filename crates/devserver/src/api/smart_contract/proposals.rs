//! `…/proposals[/…]` (`handleProposals`): GET lists or reads; POST `{id}/approve` and
//! `{id}/publish` act on a proposal, any other POST creates one (the path id is ignored).
//! PUT/PATCH (updating a pending proposal) are not modelled: 405.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::Json;
use stargate_api::{ProposalCreateRequest, ProposalDecision};

use super::call::{methods, Call};
use crate::api::state::AppState;
use crate::compat::{
    decode_first, int_query, invalid_json, json_only, now_nanos, now_unix, split_csv, Refused,
};
use crate::contracts::intake;
use crate::contracts::proposals::ProposalFilter;

pub fn routes() -> MethodRouter<Arc<AppState>> {
    methods(get(read).post(post))
}

/// The list (`…/proposals`) or one proposal (`…/proposals/{id}`).
async fn read(call: Call) -> Result<Response, Refused> {
    if !call.path.is_empty() {
        let id = call.path.clone();
        return Ok(Json(call.run(move |s| s.proposal(&id)).await?).into_response());
    }
    let q = &call.query;
    let include = q
        .get("include_confirmed")
        .map(|v| v.trim())
        .is_some_and(|v| {
            v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("yes") || v == "1"
        });
    let filter = ProposalFilter {
        status: q.get("status").cloned().unwrap_or_default(),
        contract_id: q.get("contract_id").cloned().unwrap_or_default(),
        skills: split_csv(q.get("skills")),
        min_budget: int_query(q, "min_budget_sats", 0),
        limit: 0,
        offset: 0,
    };
    let (limit, offset) = (int_query(q, "limit", 20), int_query(q, "offset", 0));
    let page = call
        .run(move |s| intake::proposal_page(s, filter, include, limit, offset))
        .await?;
    Ok(Json(page).into_response())
}

fn decision(id: String, status: &str, message: &str) -> Json<ProposalDecision> {
    Json(ProposalDecision {
        message: message.into(),
        proposal_id: id,
        status: status.into(),
    })
}

async fn post(call: Call) -> Result<Response, Refused> {
    let (id, now) = (call.id(), now_unix());
    match (call.parts().len(), call.action()) {
        (2, Some("approve")) => {
            let wallet = call.wallet();
            let pid = id.clone();
            call.run(move |s| s.approve_proposal(&pid, wallet.as_deref(), now))
                .await?;
            Ok(decision(id, "approved", "Proposal approved.").into_response())
        }
        (2, Some("publish")) => {
            let pid = id.clone();
            call.run(move |s| s.publish_proposal(&pid, now)).await?;
            Ok(decision(id, "published", "Proposal published.").into_response())
        }
        _ => create(call).await,
    }
}

/// `POST /api/smart_contract/proposals`: 415, 400 `invalid json`, then the domain's checks; 201.
async fn create(call: Call) -> Result<Response, Refused> {
    json_only(&call.headers)?;
    let body = decode_first::<ProposalCreateRequest>(&call.body).ok_or_else(invalid_json)?;
    let wallet = call.wallet();
    let (now, nanos) = (now_unix(), now_nanos());
    let created = call
        .run(move |s| intake::create(s, body, wallet.as_deref(), now, nanos))
        .await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}
