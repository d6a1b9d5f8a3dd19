//! `…/tasks`, `…/claims/` and `…/submissions` (`handleTasks`, `handleClaims`,
//! `handleSubmissions`).

use std::sync::Arc;
use std::time::SystemTime;

use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Json;
use serde_json::Value;
use stargate_api::{
    ClaimReceipt, ReviewRequest, ReviewResult, Submission, SubmissionList, SubmitWorkRequest, Task,
    TaskList,
};

use super::call::{methods, Call};
use crate::api::state::AppState;
use crate::compat::{decode_first, go_field, go_object, int_query, invalid_json, json_only};
use crate::compat::{now_unix, split_csv, Refused};
use crate::contracts::claims;
use crate::contracts::tasks::{SubmissionQuery, TaskFilter};

pub fn task_routes() -> MethodRouter<Arc<AppState>> {
    methods(get(read_tasks).post(post_task))
}

pub fn claim_routes() -> MethodRouter<Arc<AppState>> {
    // `handleClaims` checks the path before the method.
    post(submit_work)
        .head(claim_path_then_405)
        .fallback(claim_path_then_405)
}

pub fn submission_routes() -> MethodRouter<Arc<AppState>> {
    methods(get(read_submissions).post(post_submission))
}

/// A route of the backend the devserver does not answer (the explorer does not use it).
fn not_modelled() -> Refused {
    Refused::new(404, "not modelled by the devserver")
}

/// The task list, or one task (`{id}[/…]`); its funding proof and status views are not
/// modelled.
async fn read_tasks(call: Call) -> Result<Response, Refused> {
    if !call.path.is_empty() {
        if matches!(call.action(), Some("merkle-proof" | "status")) {
            return Err(not_modelled());
        }
        let id = call.id();
        let task: Task = call.run(move |s| s.task(&id)).await?;
        return Ok(Json(task).into_response());
    }
    let q = &call.query;
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
    let (tasks, submissions) = call.run(move |s| s.task_page(&filter)).await?;
    Ok(Json(TaskList {
        total_matches: tasks.len() as i64,
        // Go's nil slices: `null` when empty.
        tasks: (!tasks.is_empty()).then_some(tasks),
        submissions,
    })
    .into_response())
}

/// The claim body: one JSON value that Go decodes into `{estimated_completion *time.Time}`:
/// `null` or an object whose `estimated_completion` (any case) is absent, `null` or an RFC 3339
/// string. Anything else (an empty body too) is the backend's 400 "invalid json".
fn claim_body_ok(body: &[u8]) -> bool {
    let Some(object) = go_object(body) else {
        return false;
    };
    match go_field(&object, "estimated_completion") {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        Some(_) => false,
    }
}

/// `POST …/tasks/{id}/claim`: 400 without an action, 404 for another one, then 415, 400
/// `invalid json`, then the store's checks (see `contracts::claims`).
async fn post_task(call: Call) -> Result<Json<ClaimReceipt>, Refused> {
    match call.action() {
        None => return Err(Refused::new(400, "expected /tasks/{task_id}/claim")),
        Some("claim") => {}
        Some(_) => return Err(Refused::new(404, "unknown task action")),
    }
    json_only(&call.headers)?;
    if !claim_body_ok(&call.body) {
        return Err(invalid_json());
    }
    let (task_id, wallet, ttl) = (call.id(), call.wallet(), call.state.claim_ttl);
    let receipt = call
        .transact(move |tx| {
            claims::claim_task(tx, &task_id, wallet.as_deref(), SystemTime::now(), ttl)
        })
        .await?;
    Ok(Json(receipt))
}

/// `handleClaims`' path checks, which come before its method check.
fn claim_path(call: &Call) -> Result<(), Refused> {
    if call.id().is_empty() {
        return Err(Refused::new(400, "claim id required"));
    }
    if call.action() != Some("submit") {
        return Err(Refused::new(404, "unknown claim action"));
    }
    Ok(())
}

async fn claim_path_then_405(call: Call) -> Refused {
    claim_path(&call)
        .err()
        .unwrap_or_else(|| Refused::new(405, "method not allowed"))
}

/// `POST …/claims/{id}/submit`.
async fn submit_work(call: Call) -> Result<Json<Submission>, Refused> {
    claim_path(&call)?;
    json_only(&call.headers)?;
    let work = decode_first::<SubmitWorkRequest>(&call.body).ok_or_else(invalid_json)?;
    let claim_id = call.id();
    let submission = call
        .transact(move |tx| {
            claims::submit_work(
                tx,
                &claim_id,
                work.deliverables,
                work.completion_proof,
                SystemTime::now(),
            )
        })
        .await?;
    Ok(Json(submission))
}

/// The submission list, or one submission (`{id}`: the only answer of the SQLite store that
/// carries why work was rejected).
async fn read_submissions(call: Call) -> Result<Response, Refused> {
    if !call.path.is_empty() {
        let id = call.id();
        let submission: Submission = call.run(move |s| s.submission(&id)).await?;
        return Ok(Json(submission).into_response());
    }
    let q = &call.query;
    let query = SubmissionQuery {
        task_ids: split_csv(q.get("task_ids")),
        contract_id: q.get("contract_id").cloned().unwrap_or_default(),
        status: q.get("status").cloned().unwrap_or_default(),
    };
    let submissions = call.run(move |s| s.submissions(&query)).await?;
    Ok(Json(SubmissionList {
        total: submissions.len() as i64,
        submissions,
    })
    .into_response())
}

/// `POST …/submissions/{id}/review`; rework is not modelled.
async fn post_submission(call: Call) -> Result<Json<ReviewResult>, Refused> {
    match call.action() {
        Some("review") => review(call).await,
        Some("rework") => Err(not_modelled()),
        _ => Err(Refused::new(400, "invalid submission endpoint")),
    }
}

/// `{action, notes?, rejection_type?}` (no `Content-Type` check).
async fn review(call: Call) -> Result<Json<ReviewResult>, Refused> {
    let body = decode_first::<ReviewRequest>(&call.body).ok_or_else(invalid_json)?;
    let action = body.action.unwrap_or_default();
    if action.is_empty() {
        return Err(Refused::new(400, "action is required"));
    }
    if !matches!(action.as_str(), "review" | "approve" | "reject") {
        return Err(Refused::new(
            400,
            "invalid action. must be: review, approve, or reject",
        ));
    }
    let (notes, kind) = (
        body.notes.unwrap_or_default(),
        body.rejection_type.unwrap_or_default(),
    );
    let (id, now) = (call.id(), now_unix());
    let result = call
        .transact(move |tx| {
            let status = claims::review_submission(tx, &id, &action, &notes, &kind, now)?;
            Ok(ReviewResult {
                // The backend appends `d` to the action: "reviewd", "rejectd".
                message: format!("submission {action}d successfully"),
                status,
                submission_id: id,
            })
        })
        .await?;
    Ok(Json(result))
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
