//! Tasks, claims, submissions, reviews and events over real HTTP against a real SQLite file:
//! the backend's codes and messages, claim expiry, one active claim per task, the SQLite
//! listings' paging quirk, and what a restart keeps (everything but the in-memory events).

#[path = "../common/mod.rs"]
mod common;
mod flow;
mod listing;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use stargate_api::{
    ClaimReceipt, EventList, ProposalList, ReviewResult, Submission, SubmissionList, Task, TaskList,
};

const NO_WALLET: &str =
    "wallet address required - please bind wallet to API key using /api/auth/verify";

/// A wish by Alice, an agent's two-task plan, approved: the two stored task ids.
async fn published_tasks(s: &Server, message: &str) -> (String, [String; 2]) {
    let hash = s.wish(ALICE, message).await;
    let id = s.propose(&hash, "Two steps").await;
    let (status, v) = s.approve(&id, ALICE).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    (hash, [format!("{id}-task-1"), format!("{id}-task-2")])
}

async fn claim(s: &Server, task: &str, key: &str) -> (StatusCode, Value) {
    let path = format!("/api/smart_contract/tasks/{task}/claim");
    s.call("POST", &path, Some(key), Some(json!({}))).await
}

async fn claimed(s: &Server, task: &str, key: &str) -> ClaimReceipt {
    let (status, v) = claim(s, task, key).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    serde_json::from_value(v).unwrap()
}

async fn submit(s: &Server, claim_id: &str, key: &str, body: Value) -> (StatusCode, Value) {
    let path = format!("/api/smart_contract/claims/{claim_id}/submit");
    s.call("POST", &path, Some(key), Some(body)).await
}

async fn review(s: &Server, id: &str, body: Value) -> (StatusCode, Value) {
    let path = format!("/api/smart_contract/submissions/{id}/review");
    s.call("POST", &path, Some(AGENT), Some(body)).await
}

/// The task as the proposals listing shows it (its live state), and its raw JSON.
async fn listed_task(s: &Server, hash: &str, task_id: &str) -> (Task, Value) {
    let v: Value = s
        .get(
            &format!("/api/smart_contract/proposals?contract_id={hash}&limit=0"),
            None,
        )
        .await;
    let raw = v["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["tasks"].as_array().cloned().unwrap_or_default())
        .find(|t| t["task_id"] == task_id)
        .unwrap_or_else(|| panic!("{task_id} listed"));
    (serde_json::from_value(raw.clone()).unwrap(), raw)
}

fn assert_refused(got: (StatusCode, Value), status: StatusCode, text: &str) {
    assert_eq!((got.0, message(&got.1)), (status, text), "{}", got.1);
    assert_eq!(got.1["error"]["error"]["code"], status.as_u16().to_string());
}

fn unix(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_are_refused_in_the_backend_order() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let (_, [task, _]) = published_tasks(&s, "Refusals").await;
    let path = format!("/api/smart_contract/tasks/{task}/claim");
    let raw = |key, ct, body: &'static str| {
        let path = path.clone();
        let s = &s;
        async move {
            let (status, text) = s.raw("POST", &path, key, ct, body).await;
            (status, serde_json::from_str::<Value>(&text).unwrap())
        }
    };
    let json = Some("application/json");
    assert_refused(
        raw(None, json, "{}").await,
        StatusCode::FORBIDDEN,
        "invalid api key",
    );
    assert_refused(
        raw(Some("nope"), json, "{}").await,
        StatusCode::FORBIDDEN,
        "invalid api key",
    );
    assert_refused(
        raw(Some(BOB), Some("text/plain"), "{}").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json",
    );
    for body in ["", "[]", "{\"estimated_completion\":\"soon\"}"] {
        assert_refused(
            raw(Some(BOB), json, body).await,
            StatusCode::BAD_REQUEST,
            "invalid json",
        );
    }
    assert_refused(
        raw(Some(AGENT), json, "{}").await,
        StatusCode::BAD_REQUEST,
        NO_WALLET,
    );
    assert_refused(
        claim(&s, "no-such-task", BOB).await,
        StatusCode::NOT_FOUND,
        "task not found",
    );
    let s_ref = &s;
    let other = |method: &'static str, path: String| async move {
        s_ref.call(method, &path, Some(BOB), Some(json!({}))).await
    };
    assert_refused(
        other("POST", "/api/smart_contract/tasks/x".into()).await,
        StatusCode::BAD_REQUEST,
        "expected /tasks/{task_id}/claim",
    );
    assert_refused(
        other("POST", "/api/smart_contract/tasks/x/take".into()).await,
        StatusCode::NOT_FOUND,
        "unknown task action",
    );
    assert_refused(
        other("PUT", path.clone()).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed",
    );
    // Nothing was claimed by the refusals; no key, no body needed beyond `{}`.
    let (t, _) = listed_task(&s, &task_hash(&s, &task).await, &task).await;
    assert_eq!((t.status.as_str(), t.claimed_by), ("available", None));
    let ok = raw(
        Some(BOB),
        None,
        "{\"estimated_completion\":\"2030-01-01T00:00:00Z\"}",
    )
    .await;
    assert_eq!(ok.0, StatusCode::OK, "{}", ok.1);
    s.stop().await;
}

/// The wish hash of a stored task (`wish-<hash>`).
async fn task_hash(s: &Server, task: &str) -> String {
    let t: Task = s
        .get(&format!("/api/smart_contract/tasks/{task}"), Some(AGENT))
        .await;
    t.contract_id.trim_start_matches("wish-").to_string()
}
