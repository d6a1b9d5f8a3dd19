use super::*;

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
    // Only the one-submission answer says why (the listings leave the reason out); a
    // submission never reviewed is a 500 there (its NULL reason), and so is an unknown one.
    let one_by_id = |id: &str| format!("/api/smart_contract/submissions/{id}");
    let rejected: Submission = s.get(&one_by_id(&two.submission_id), Some(AGENT)).await;
    assert_eq!(
        (
            rejected.status.as_str(),
            rejected.rejection_reason.as_deref()
        ),
        ("rejected", Some("No tests"))
    );
    let listed: SubmissionList = s
        .get(
            &format!("/api/smart_contract/submissions?task_ids={task}"),
            Some(AGENT),
        )
        .await;
    assert_eq!(
        listed.submissions[&two.submission_id].rejection_reason,
        None
    );
    let never = s
        .call("GET", &one_by_id(&one.submission_id), Some(AGENT), None)
        .await;
    assert_eq!(never.0, StatusCode::INTERNAL_SERVER_ERROR, "{}", never.1);
    assert!(message(&never.1).starts_with("sql: Scan error on column index 6"));
    assert_refused(
        s.call("GET", &one_by_id("SUB-1"), Some(AGENT), None).await,
        StatusCode::INTERNAL_SERVER_ERROR,
        "submission SUB-1 not found",
    );
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
