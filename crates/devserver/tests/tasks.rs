//! Tasks, claims, submissions, reviews and events over real HTTP against a real SQLite file:
//! the backend's codes and messages, claim expiry, one active claim per task, the SQLite
//! listings' paging quirk, and what a restart keeps (everything but the in-memory events).

mod common;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claim_submit_reject_resubmit_approve_and_a_restart_keeps_all_but_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path());
    let s = serve(db.clone()).await;
    let (hash, [task, _]) = published_tasks(&s, "A harbour").await;
    let before = chrono::Utc::now().timestamp();
    let first = claimed(&s, &task, BOB).await;
    assert!(first.claim_id.starts_with("CLAIM-") && first.success);
    assert_eq!(
        first.message,
        "Task reserved. Submit work before expiration."
    );
    let lasts = unix(&first.expires_at) - before;
    assert!((3595..=3605).contains(&lasts), "one hour, got {lasts} s");
    // One active claim per task: the same wallet (in any case) gets it again, another 409.
    let again = claimed(&s, &task, BOB_SHOUTING).await;
    assert_eq!(again.claim_id, first.claim_id);
    assert_refused(
        claim(&s, &task, ALICE).await,
        StatusCode::CONFLICT,
        "task already claimed by another agent",
    );
    let (t, raw) = listed_task(&s, &hash, &task).await;
    assert_eq!(
        (t.status.as_str(), t.claimed_by.as_deref()),
        ("claimed", Some(BOB_WALLET))
    );
    assert_eq!(
        t.claim_expires_at.map(|e| unix(&e)),
        Some(unix(&first.expires_at))
    );
    assert!(
        raw.get("active_claim_id").is_none(),
        "never on SQLite: {raw}"
    );

    // Submit: the path before the method, then the body, then the claim.
    assert_refused(
        s.call(
            "POST",
            "/api/smart_contract/claims/",
            Some(BOB),
            Some(json!({})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "claim id required",
    );
    let sub_path = format!("/api/smart_contract/claims/{}/submit", first.claim_id);
    assert_refused(
        s.call("GET", &sub_path, Some(BOB), None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed",
    );
    let bare = format!("/api/smart_contract/claims/{}", first.claim_id);
    assert_refused(
        s.call("POST", &bare, Some(BOB), Some(json!({}))).await,
        StatusCode::NOT_FOUND,
        "unknown claim action",
    );
    assert_refused(
        submit(&s, "CLAIM-1", BOB, json!({})).await,
        StatusCode::NOT_FOUND,
        "claim not found",
    );
    assert_refused(
        submit(&s, &first.claim_id, BOB, json!({"deliverables": "text"})).await,
        StatusCode::BAD_REQUEST,
        "invalid json",
    );
    let (st, text) = s.raw("POST", &sub_path, Some(BOB), None, "").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{text}");
    let work = json!({
        "deliverables": {"notes": "Built <b>it</b>", "submitted_by": BOB_WALLET, "status": "approved"},
        "completion_proof": {"link": "https://example.com/harbour", "status": "x"}
    });
    let (st, v) = submit(&s, &first.claim_id, BOB, work.clone()).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let one: Submission = serde_json::from_value(v).unwrap();
    assert!(one.submission_id.starts_with("SUB-"));
    assert_eq!(
        (
            one.status.as_str(),
            one.task_id.as_deref(),
            one.claim_id.as_str()
        ),
        (
            "pending_review",
            Some(task.as_str()),
            first.claim_id.as_str()
        )
    );
    let d = one.deliverables.clone().unwrap();
    assert_eq!(d["notes"], "Built <b>it</b>");
    assert!(!d.contains_key("status"), "a status key is dropped");
    assert!(!one.completion_proof.clone().unwrap().contains_key("status"));
    assert_eq!(listed_task(&s, &hash, &task).await.0.status, "submitted");
    assert_refused(
        claim(&s, &task, BOB).await,
        StatusCode::CONFLICT,
        "task is not available for claiming",
    );
    // The SQLite store takes another submission for the same (unexpired) claim.
    let (st, v) = submit(&s, &first.claim_id, ALICE, work.clone()).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let two: Submission = serde_json::from_value(v).unwrap();
    assert_ne!(two.submission_id, one.submission_id);

    let listed: SubmissionList = s
        .get(
            &format!("/api/smart_contract/submissions?task_ids={task},other&status=PENDING_REVIEW"),
            Some(AGENT),
        )
        .await;
    assert_eq!(listed.total, 2);
    assert!(listed.submissions.contains_key(&one.submission_id));
    let by_contract: SubmissionList = s
        .get(
            &format!("/api/smart_contract/submissions?contract_id=wish-{hash}"),
            Some(AGENT),
        )
        .await;
    assert_eq!(by_contract.total, 2);
    let (st, _) = s
        .call("GET", "/api/smart_contract/submissions", None, None)
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // A rejection frees the task; the rejected claim takes no more work; a new claim does.
    assert_refused(
        review(&s, &one.submission_id, json!({"action": "Approve"})).await,
        StatusCode::BAD_REQUEST,
        "invalid action. must be: review, approve, or reject",
    );
    assert_refused(
        review(&s, &one.submission_id, json!({})).await,
        StatusCode::BAD_REQUEST,
        "action is required",
    );
    assert_refused(
        review(&s, "SUB-1", json!({"action": "approve"})).await,
        StatusCode::INTERNAL_SERVER_ERROR,
        "sql: no rows in result set",
    );
    let (st, v) = review(
        &s,
        &two.submission_id,
        json!({"action": "reject", "notes": "No tests"}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let r: ReviewResult = serde_json::from_value(v).unwrap();
    assert_eq!(
        (r.message.as_str(), r.status.as_str()),
        ("submission rejectd successfully", "rejected")
    );
    let (t, _) = listed_task(&s, &hash, &task).await;
    assert_eq!((t.status.as_str(), t.claimed_by), ("available", None));
    assert_refused(
        submit(&s, &first.claim_id, BOB, work.clone()).await,
        StatusCode::BAD_REQUEST,
        &format!("claim {} not active or submitted", first.claim_id),
    );
    let second = claimed(&s, &task, BOB).await;
    assert_ne!(second.claim_id, first.claim_id);
    let (st, v) = submit(&s, &second.claim_id, BOB, work).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let three: Submission = serde_json::from_value(v).unwrap();
    let (st, v) = review(&s, &three.submission_id, json!({"action": "approve"})).await;
    assert_eq!(
        (st, v["message"].as_str()),
        (StatusCode::OK, Some("submission approved successfully"))
    );
    assert_eq!(listed_task(&s, &hash, &task).await.0.status, "approved");

    // Events, newest first: claims by task, submissions by claim, reviews by submission.
    let events: EventList = s
        .get(
            &format!("/api/smart_contract/events?type=CLAIM&entity_id={task}"),
            None,
        )
        .await;
    assert_eq!(
        events.total, 3,
        "claim, the same claim again, claim after the rejection"
    );
    assert!(events
        .events
        .iter()
        .all(|e| e.actor.eq_ignore_ascii_case(BOB_WALLET)));
    let submits: EventList = s
        .get(
            &format!(
                "/api/smart_contract/events?type=submit&entity_id={}",
                first.claim_id
            ),
            None,
        )
        .await;
    assert_eq!(submits.total, 2);
    assert_eq!(
        (
            submits.events[0].actor.as_str(),
            submits.events[0].message.as_str()
        ),
        (BOB_WALLET, "submission created")
    );
    let all: EventList = s.get("/api/smart_contract/events?limit=3", None).await;
    let kinds: Vec<_> = all.events.iter().map(|e| e.type_.as_str()).collect();
    assert_eq!(kinds, ["review", "submit", "claim"]);
    s.stop().await;

    // A new process: tasks, claims and submissions are in the file; the events were not.
    let s = serve(db).await;
    assert_eq!(listed_task(&s, &hash, &task).await.0.status, "approved");
    let listed: SubmissionList = s
        .get(
            &format!("/api/smart_contract/submissions?task_ids={task}"),
            Some(AGENT),
        )
        .await;
    let mut states: Vec<_> = listed
        .submissions
        .values()
        .map(|s| s.status.clone())
        .collect();
    states.sort();
    assert_eq!(states, ["approved", "pending_review", "rejected"]);
    let events: EventList = s.get("/api/smart_contract/events", None).await;
    assert_eq!(events.total, 0);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_claim_frees_the_task_and_takes_no_work() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve_with_claim_ttl(generate(dir.path()), 1).await;
    let (hash, [task, _]) = published_tasks(&s, "Short claims").await;
    let bobs = claimed(&s, &task, BOB).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    // Lazy expiry: the task still says claimed, by Bob, with a past expiry.
    let (t, _) = listed_task(&s, &hash, &task).await;
    assert_eq!(
        (t.status.as_str(), t.claimed_by.as_deref()),
        ("claimed", Some(BOB_WALLET))
    );
    assert!(unix(&t.claim_expires_at.unwrap()) < chrono::Utc::now().timestamp());
    let alices = claimed(&s, &task, ALICE).await;
    assert_ne!(alices.claim_id, bobs.claim_id);
    let (t, _) = listed_task(&s, &hash, &task).await;
    assert_eq!(t.claimed_by.as_deref(), Some(ALICE_WALLET));
    assert_refused(
        submit(&s, &bobs.claim_id, BOB, json!({})).await,
        StatusCode::BAD_REQUEST,
        &format!("claim {} expired", bobs.claim_id),
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listed_tasks_are_published_on_claim_and_confirmed_ones_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    // A pending wish's own plan: its task is only listed, the claim publishes it first.
    let hash = s
        .wish(ALICE, "### Task 1: Build the beacon\nLight it.")
        .await;
    let task = format!("{hash}-task-1");
    let (st, _) = s
        .call(
            "GET",
            &format!("/api/smart_contract/tasks/{task}"),
            Some(AGENT),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    claimed(&s, &task, BOB).await;
    let upserts: EventList = s
        .get(
            &format!("/api/smart_contract/events?type=contract_upsert&entity_id={hash}"),
            None,
        )
        .await;
    assert_eq!(upserts.total, 1, "published by the claim");
    // Mined: the wish contract is confirmed, and its stored tasks take no more claims.
    let (st, _) = s.call("POST", "/dev/mine", None, None).await;
    assert_eq!(st, StatusCode::OK);
    assert_refused(
        claim(&s, &task, ALICE).await,
        StatusCode::CONFLICT,
        "task claims closed for confirmed contract",
    );
    // A proposal stored as confirmed closes the tasks of its contract.
    let hash = s.wish(ALICE, "Confirmed elsewhere").await;
    let body = json!({"title": "Done deal", "visible_pixel_hash": hash, "status": "confirmed",
                      "tasks": [{"title": "Polish it", "budget_sats": 1000}]});
    let (st, v) = s.create_proposal(body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let task = format!("{}-task-1", v["proposal_id"].as_str().unwrap());
    claimed(&s, &task, BOB).await; // not stored yet: published by this claim, unchecked
    assert_refused(
        claim(&s, &task, ALICE).await,
        StatusCode::CONFLICT,
        "task claims closed for confirmed proposal",
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_task_listing_filters_then_pages_like_the_sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let list = |q: &str| {
        let path = format!("/api/smart_contract/tasks{q}");
        let s = &s;
        async move { s.get::<TaskList>(&path, Some(AGENT)).await }
    };
    let all = list("?limit=0").await.tasks.unwrap();
    assert!(all.len() >= 10, "{}", all.len());
    let ids: Vec<_> = all.iter().map(|t| t.task_id.clone()).collect();
    let first = list("").await;
    assert_eq!(
        first.total_matches,
        all.len().min(50) as i64,
        "the page's length"
    );
    // Pages of 4 while the offset is inside the matches; past them, page one again.
    let page = |o: usize| format!("?limit=4&offset={o}");
    let mut paged = Vec::new();
    for o in (0..all.len()).step_by(4) {
        paged.extend(
            list(&page(o))
                .await
                .tasks
                .unwrap()
                .into_iter()
                .map(|t| t.task_id),
        );
    }
    assert_eq!(paged, ids, "every task once, in storage order");
    let past: Vec<_> = list(&page(all.len()))
        .await
        .tasks
        .unwrap()
        .into_iter()
        .map(|t| t.task_id)
        .collect();
    assert_eq!(past, ids[..4]);
    // Filters: skills (any, ignoring case), minimum budget, exact claimant.
    let rust = list("?skills=RUST,%20nothing&limit=0").await.tasks.unwrap();
    assert!(rust.len() >= 2);
    for t in &rust {
        assert!(t
            .skills_required
            .as_ref()
            .unwrap()
            .iter()
            .any(|s| s == "rust"));
    }
    let rich = list("?min_budget_sats=200000&limit=0").await.tasks.unwrap();
    assert!(!rich.is_empty() && rich.iter().all(|t| t.budget_sats >= 200_000));
    let fixture = devserver::contracts::seed::FIXTURE_WALLET;
    let lower = list(&format!("?claimed_by={fixture}&limit=0")).await;
    let upper = list(&format!("?claimed_by={}&limit=0", fixture.to_uppercase())).await;
    let titles = |l: &TaskList| -> Vec<String> {
        l.tasks.iter().flatten().map(|t| t.title.clone()).collect()
    };
    assert_eq!(titles(&lower), ["Audit the PSBT flow"]);
    assert_eq!(titles(&upper), ["Write the onboarding guide"]);
    assert!(lower.submissions.is_some_and(|s| s.len() == 1));
    let none = list("?status=nothing").await;
    assert_eq!(
        (none.tasks, none.submissions, none.total_matches),
        (None, None, 0)
    );
    let (st, _) = s.call("GET", "/api/smart_contract/tasks", None, None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proposal_listing_limits_before_filtering_and_repeats_page_one() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let list = |q: &str| {
        let path = format!("/api/smart_contract/proposals{q}");
        let s = &s;
        async move { s.get::<ProposalList>(&path, None).await }
    };
    let ids = |l: &ProposalList| -> Vec<String> {
        l.proposals.iter().flatten().map(|p| p.id.clone()).collect()
    };
    let all = ids(&list("?limit=0").await);
    assert!(all.len() > 3);
    assert_eq!(ids(&list("?limit=2&offset=1").await), all[1..2]);
    assert_eq!(
        ids(&list("?limit=2&offset=2").await),
        all[..2],
        "page one again"
    );
    // The bounty board has rust tasks, but it is not among the newest proposal: the SQL
    // limit keeps it out of the page while `total` counts it.
    let rust_all = list("?skills=rust&limit=0").await;
    assert!(rust_all.total >= 1);
    assert!(ids(&rust_all).iter().all(|id| *id != all[0]));
    let rust_one = list("?skills=rust&limit=1").await;
    assert_eq!((ids(&rust_one).len(), rust_one.total), (0, rust_all.total));
    assert!(rust_one.has_more);
    let rich = list("?min_budget_sats=850000&limit=0").await;
    assert!(rich
        .proposals
        .unwrap()
        .iter()
        .all(|p| p.budget_sats >= 850_000));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_has_live_expired_and_submitted_claims_and_hostile_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let tasks = s
        .get::<TaskList>("/api/smart_contract/tasks?limit=0", Some(AGENT))
        .await
        .tasks
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    let claimed: Vec<_> = tasks.iter().filter(|t| t.status == "claimed").collect();
    let left: Vec<i64> = claimed
        .iter()
        .map(|t| unix(t.claim_expires_at.as_deref().unwrap()) - now)
        .collect();
    assert!(
        left.iter().any(|l| (60..=15 * 60).contains(l)),
        "one expiring soon: {left:?}"
    );
    assert!(
        left.iter().any(|l| *l < -3600),
        "one long expired: {left:?}"
    );
    let expired = claimed.iter().zip(&left).find(|(_, l)| **l < 0).unwrap().0;
    claimed_ok(&s, &expired.task_id).await;
    let mut contracts: Vec<_> = tasks.iter().map(|t| t.contract_id.clone()).collect();
    contracts.sort();
    contracts.dedup();
    assert!(contracts.len() >= 3, "{contracts:?}");
    let hostile = tasks.iter().find(|t| t.title.contains("onerror")).unwrap();
    assert!(hostile.description.contains("javascript:"));
    assert!(hostile
        .skills_required
        .as_ref()
        .unwrap()
        .iter()
        .any(|s| s.contains("<script>")));
    let subs: SubmissionList = s.get("/api/smart_contract/submissions", Some(AGENT)).await;
    let mut states: Vec<_> = subs
        .submissions
        .values()
        .map(|s| s.status.clone())
        .collect();
    states.sort();
    assert_eq!(
        states,
        ["approved", "pending_review", "pending_review", "rejected"]
    );
    assert!(subs
        .submissions
        .values()
        .any(|s| s.completion_proof.as_ref().unwrap()["link"] == "javascript:alert('proof')"));
    s.stop().await;
}

async fn claimed_ok(s: &Server, task: &str) {
    let r = claimed(s, task, ALICE).await;
    assert!(r.success);
}
