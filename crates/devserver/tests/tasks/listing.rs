use super::*;

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
    // The bounty board and the lighthouse, then the three E2E contracts (seed::states).
    let want = [
        vec!["approved"; 5],
        vec!["pending_review"; 4],
        vec!["rejected"; 2],
    ]
    .concat();
    assert_eq!(states, want);
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
