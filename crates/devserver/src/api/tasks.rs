//! `/api/smart_contract/tasks`, `…/claims/` and `…/submissions`, dispatched like the backend's
//! `handleTasks`, `handleClaims` and `handleSubmissions`: every method needs a valid `X-API-Key`
//! header first (403), then the path and the method decide; bare answers, nested errors.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use stargate_api::{ReviewRequest, ReviewResult, SubmissionList, SubmitWorkRequest, TaskList};

use super::proposals::int_query;
use super::smart_contract::{
    answer, decode_first, not_json, run, split_csv, transact, unsupported_media, Call,
};
use super::{envelope_error, now_unix, AppState};
use crate::contracts::claims;
use crate::contracts::tasks::{SubmissionQuery, TaskFilter};

/// A route of the backend the devserver does not answer (the explorer does not use it).
fn not_modelled() -> Response {
    envelope_error(StatusCode::NOT_FOUND, "not modelled by the devserver")
}

/// `…/tasks[/…]`.
pub async fn tasks(call: Call) -> Response {
    if let Some(denied) = call.key_refusal() {
        return denied;
    }
    let parts = call.parts();
    match call.method {
        Method::GET if call.path.is_empty() => list_tasks(&call.state, &call.query).await,
        // The task's funding proof and status views are not modelled.
        Method::GET if matches!(parts.get(1), Some(&("merkle-proof" | "status"))) => not_modelled(),
        Method::GET => {
            let id = parts[0].to_string();
            let outcome = run(&call.state, move |s| s.task(&id)).await;
            answer(StatusCode::OK, outcome)
        }
        Method::POST if parts.len() < 2 => {
            envelope_error(StatusCode::BAD_REQUEST, "expected /tasks/{task_id}/claim")
        }
        Method::POST if parts[1] == "claim" => claim(&call, parts[0].to_string()).await,
        Method::POST => envelope_error(StatusCode::NOT_FOUND, "unknown task action"),
        _ => envelope_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed"),
    }
}

async fn list_tasks(state: &Arc<AppState>, q: &HashMap<String, String>) -> Response {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let filter = TaskFilter {
        status: get("status"),
        contract_id: get("contract_id"),
        claimed_by: get("claimed_by"),
        skills: split_csv(q.get("skills")),
        min_budget: int_query(q, "min_budget_sats", 0),
        limit: int_query(q, "limit", 50),
        offset: int_query(q, "offset", 0),
    };
    let outcome = run(state, move |s| s.task_page(&filter))
        .await
        .map(|(tasks, submissions)| TaskList {
            total_matches: tasks.len() as i64,
            // Go's nil slices: `null` when empty.
            tasks: (!tasks.is_empty()).then_some(tasks),
            submissions,
        });
    answer(StatusCode::OK, outcome)
}

/// The claim body: one JSON value that Go decodes into `{estimated_completion *time.Time}`:
/// `null` or an object whose `estimated_completion` (any case) is absent, `null` or an RFC 3339
/// string. Anything else (an empty body too) is the backend's 400 "invalid json".
fn claim_body_ok(body: &[u8]) -> bool {
    let first = serde_json::Deserializer::from_slice(body)
        .into_iter::<Value>()
        .next();
    let object = match first {
        Some(Ok(Value::Null)) => return true,
        Some(Ok(Value::Object(o))) => o,
        _ => return false,
    };
    let field = object.get("estimated_completion").or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("estimated_completion"))
            .map(|(_, v)| v)
    });
    match field {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        Some(_) => false,
    }
}

/// `POST …/tasks/{id}/claim`: 415, 400 `invalid json`, then the store's checks (see
/// `contracts::claims`).
async fn claim(call: &Call, task_id: String) -> Response {
    if not_json(&call.headers) {
        return unsupported_media();
    }
    if !claim_body_ok(&call.body) {
        return envelope_error(StatusCode::BAD_REQUEST, "invalid json");
    }
    let wallet = call.wallet();
    let ttl = call.state.claim_ttl;
    let outcome = transact(&call.state, move |tx| {
        claims::claim_task(tx, &task_id, wallet.as_deref(), SystemTime::now(), ttl)
    })
    .await;
    answer(StatusCode::OK, outcome)
}

/// `/api/smart_contract/claims`: Go's mux answers 301 to the registered `claims/`.
pub async fn claims_redirect() -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, "/api/smart_contract/claims/")],
    )
        .into_response()
}

/// `…/claims/{id}/submit`: the path is checked before the method, as `handleClaims` does.
pub async fn claims(call: Call) -> Response {
    if let Some(denied) = call.key_refusal() {
        return denied;
    }
    let parts = call.parts();
    if parts[0].is_empty() {
        return envelope_error(StatusCode::BAD_REQUEST, "claim id required");
    }
    if parts.get(1) != Some(&"submit") {
        return envelope_error(StatusCode::NOT_FOUND, "unknown claim action");
    }
    if call.method != Method::POST {
        return envelope_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    if not_json(&call.headers) {
        return unsupported_media();
    }
    let Some(work) = decode_first::<SubmitWorkRequest>(&call.body) else {
        return envelope_error(StatusCode::BAD_REQUEST, "invalid json");
    };
    let claim_id = parts[0].to_string();
    let outcome = transact(&call.state, move |tx| {
        claims::submit_work(
            tx,
            &claim_id,
            work.deliverables,
            work.completion_proof,
            SystemTime::now(),
        )
    })
    .await;
    answer(StatusCode::OK, outcome)
}

/// `…/submissions[/…]`.
pub async fn submissions(call: Call) -> Response {
    if let Some(denied) = call.key_refusal() {
        return denied;
    }
    let parts = call.parts();
    let action = parts.get(1).copied();
    match call.method {
        Method::GET if call.path.is_empty() => list_submissions(&call.state, &call.query).await,
        Method::POST if action == Some("review") => {
            review(&call.state, parts[0].to_string(), &call.body).await
        }
        // One submission (GET) and its rework (POST) are not modelled.
        Method::GET => not_modelled(),
        Method::POST if action == Some("rework") => not_modelled(),
        Method::POST => envelope_error(StatusCode::BAD_REQUEST, "invalid submission endpoint"),
        _ => envelope_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed"),
    }
}

async fn list_submissions(state: &Arc<AppState>, q: &HashMap<String, String>) -> Response {
    let query = SubmissionQuery {
        task_ids: split_csv(q.get("task_ids")),
        contract_id: q.get("contract_id").cloned().unwrap_or_default(),
        status: q.get("status").cloned().unwrap_or_default(),
    };
    let outcome = run(state, move |s| s.submissions(&query))
        .await
        .map(|submissions| SubmissionList {
            total: submissions.len() as i64,
            submissions,
        });
    answer(StatusCode::OK, outcome)
}

/// `POST …/submissions/{id}/review {action, notes?, rejection_type?}` (no `Content-Type`
/// check).
async fn review(state: &Arc<AppState>, id: String, body: &[u8]) -> Response {
    let Some(body) = decode_first::<ReviewRequest>(body) else {
        return envelope_error(StatusCode::BAD_REQUEST, "invalid json");
    };
    let action = body.action.unwrap_or_default();
    if action.is_empty() {
        return envelope_error(StatusCode::BAD_REQUEST, "action is required");
    }
    if !matches!(action.as_str(), "review" | "approve" | "reject") {
        return envelope_error(
            StatusCode::BAD_REQUEST,
            "invalid action. must be: review, approve, or reject",
        );
    }
    let (notes, kind) = (
        body.notes.unwrap_or_default(),
        body.rejection_type.unwrap_or_default(),
    );
    let now = now_unix();
    let outcome = transact(state, move |tx| {
        let status = claims::review_submission(tx, &id, &action, &notes, &kind, now)?;
        Ok(ReviewResult {
            // The backend appends `d` to the action: "reviewd", "rejectd".
            message: format!("submission {action}d successfully"),
            status,
            submission_id: id,
        })
    })
    .await;
    answer(StatusCode::OK, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_bodies_decode_like_go() {
        for ok in [
            "{}",
            "null",
            r#"{"estimated_completion":null}"#,
            r#"{"Estimated_Completion":"2026-11-01T10:00:00Z"}"#,
            r#"{"other":1} trailing"#,
        ] {
            assert!(claim_body_ok(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "",
            "[]",
            "1",
            "\"x\"",
            "{",
            r#"{"estimated_completion":"tomorrow"}"#,
            r#"{"estimated_completion":5}"#,
        ] {
            assert!(!claim_body_ok(bad.as_bytes()), "{bad}");
        }
    }
}
