use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_id_form_resolves_and_only_the_header_key_reads_contracts() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let hash = s.wish(ALICE, "Ids of every form").await;
    let wish_id = format!("wish-{hash}");
    let sr = &s;
    let get = |id: String| async move {
        sr.call(
            "GET",
            &format!("/api/smart_contract/contracts/{id}"),
            Some(AGENT),
            None,
        )
        .await
    };
    let (status, v) = get(wish_id.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["contract_id"], wish_id.as_str());
    assert_eq!(v["title"], "Ids of every form");
    // The bare hash is a contract only once a proposal is approved.
    let (status, v) = get(hash.clone()).await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::NOT_FOUND,
            format!("contract {hash} not found").as_str()
        )
    );
    let id = s.propose(&hash, "Resolve them all").await;
    s.approve(&id, ALICE).await;
    let (status, v) = get(hash.clone()).await;
    assert_eq!(
        (status, v["status"].as_str()),
        (StatusCode::OK, Some("active"))
    );
    // The proposal filter takes the bare hash (REST and wish-as-proposals store it)...
    let list: ProposalList = s
        .get(
            &format!(
                "/api/smart_contract/proposals?contract_id={hash}&limit=0&include_confirmed=1"
            ),
            None,
        )
        .await;
    let mut found: Vec<_> = list.proposals.unwrap().into_iter().map(|p| p.id).collect();
    found.sort();
    let mut want = vec![hash.clone(), id.clone()];
    want.sort();
    assert_eq!(found, want);
    // ...and `wish-<hash>` finds what stores metadata.contract_id in that form (the seeded MCP-style one).
    let seeded: ProposalList = s.get("/api/smart_contract/proposals?limit=0", None).await;
    let mcp = seeded
        .proposals
        .unwrap()
        .into_iter()
        .find(|p| {
            p.metadata
                .get("contract_id")
                .and_then(Value::as_str)
                .is_some_and(|c| c.starts_with("wish-"))
        })
        .expect("an MCP-style proposal is seeded");
    let form = mcp.metadata["contract_id"].as_str().unwrap().to_string();
    let by_wish: ProposalList = s
        .get(
            &format!("/api/smart_contract/proposals?contract_id={form}&limit=0"),
            None,
        )
        .await;
    assert!(by_wish.proposals.unwrap().iter().any(|p| p.id == mcp.id));
    let (status, _) = get(form).await;
    assert_eq!(status, StatusCode::OK);
    // The proposal id is exact: a wish id is not a proposal.
    let (status, v) = s
        .call(
            "GET",
            &format!("/api/smart_contract/proposals/{wish_id}"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::NOT_FOUND,
            format!("proposal {wish_id} not found").as_str()
        )
    );
    // Cookie and Bearer do not count on /api/smart_contract/*.
    for (name, value) in [
        ("cookie", format!("X-API-Key={AGENT}")),
        ("authorization", format!("Bearer {AGENT}")),
    ] {
        let res = s
            .http
            .get(s.url(&format!("/api/smart_contract/contracts/{wish_id}")))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}");
    }
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proposals_are_checked_as_the_backend_checks_them() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let hash = s.wish(ALICE, "Check my proposals").await;
    let post = |body: Value, key: Option<&'static str>| {
        let s = &s;
        async move {
            s.call("POST", "/api/smart_contract/proposals", key, Some(body))
                .await
        }
    };
    let cases = [
        (json!({"visible_pixel_hash": hash}), StatusCode::BAD_REQUEST, "title is required".to_string()),
        (json!({"title": "t"}), StatusCode::BAD_REQUEST, "visible_pixel_hash is required for proposal creation".into()),
        (json!({"title": "t", "visible_pixel_hash": hash, "contract_id": format!("wish-{hash}")}), StatusCode::BAD_REQUEST, "contract_id must match visible_pixel_hash for wish proposals".into()),
        (json!({"title": "t", "visible_pixel_hash": "ab12cd34"}), StatusCode::NOT_FOUND, "wish not found for visible_pixel_hash".into()),
        (json!({"title": "<script>x</script>", "visible_pixel_hash": hash}), StatusCode::BAD_REQUEST, "proposal validation failed: proposal title contains dangerous patterns".into()),
        (json!({"title": "t", "visible_pixel_hash": hash, "status": "odd"}), StatusCode::BAD_REQUEST, "invalid proposal status: odd (must be one of: pending, approved, rejected, published)".into()),
        (json!({"title": 5}), StatusCode::BAD_REQUEST, "invalid json".into()),
        (json!({"ingestion_id": "nope"}), StatusCode::NOT_FOUND, "ingestion not found".into()),
        (json!({"ingestion_id": hash}), StatusCode::BAD_REQUEST, "contract_id and visible_pixel_hash are required for proposal creation so the UI can display it; set both to the same 64-char hash if needed".into()),
    ];
    for (body, status, msg) in cases {
        let (got, v) = post(body.clone(), Some(AGENT)).await;
        assert_eq!((got, message(&v)), (status, msg.as_str()), "{body}");
    }
    let (status, v) = post(json!({"title": "t", "visible_pixel_hash": hash}), None).await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::FORBIDDEN, "invalid api key")
    );
    // The ingestion path: first word as title, the wish as plan, 201 with a message.
    let (status, v) = post(
        json!({"ingestion_id": hash, "contract_id": hash}),
        Some(AGENT),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["message"], "proposal created from pending ingestion");
    let p: Proposal = s
        .get(
            &format!("/api/smart_contract/proposals/proposal-{hash}"),
            None,
        )
        .await;
    assert_eq!((p.title.as_str(), p.budget_sats), ("Check", 40000));
    assert!(p
        .description_md
        .starts_with("Check my proposals\n\n[stargate-ts:"));
    // Explicit tasks: stored with the proposal under its id until approval, counted in the answer.
    let body = json!({"id": "mine-1", "title": "Given tasks", "visible_pixel_hash": hash, "tasks": [
        {"title": "One", "budget_sats": 10}, {"title": "Two", "budget_sats": 20, "skills_required": ["rust"]}]});
    let (status, v) = post(body, Some(ALICE)).await;
    assert_eq!(
        (status, v["tasks"].as_i64(), v["budget_sats"].as_i64()),
        (StatusCode::CREATED, Some(2), Some(100000))
    );
    let p: Proposal = s.get("/api/smart_contract/proposals/mine-1", None).await;
    let ids: Vec<_> = p
        .tasks
        .iter()
        .map(|t| (t.task_id.as_str(), t.contract_id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [("mine-1-task-1", "mine-1"), ("mine-1-task-2", "mine-1")]
    );
    assert_eq!(p.metadata["creator_wallet"], ALICE_WALLET);
    // Five proposals per wish at most (the wish-as-proposal, the ingestion one, mine-1, two more).
    for n in 2..=3 {
        let (status, _) = post(
            json!({"id": format!("mine-{n}"), "title": "more", "visible_pixel_hash": hash}),
            Some(AGENT),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, v) = post(
        json!({"id": "mine-4", "title": "too many", "visible_pixel_hash": hash}),
        Some(AGENT),
    )
    .await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::BAD_REQUEST,
            format!("maximum of 5 proposals reached for wish {hash}").as_str()
        )
    );
    // Upsert: an existing id is overwritten.
    let (status, _) = post(
        json!({"id": "mine-3", "title": "renamed", "visible_pixel_hash": hash}),
        Some(AGENT),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let p: Proposal = s.get("/api/smart_contract/proposals/mine-3", None).await;
    assert_eq!(p.title, "renamed");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_has_every_status_hostile_texts_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let list: ProposalList = s
        .get(
            "/api/smart_contract/proposals?limit=0&include_confirmed=yes",
            None,
        )
        .await;
    let proposals = list.proposals.unwrap();
    let mut statuses: Vec<_> = proposals.iter().map(|p| p.status.clone()).collect();
    statuses.sort();
    statuses.dedup();
    assert_eq!(
        statuses,
        ["approved", "confirmed", "pending", "published", "rejected"]
    );
    let mut task_statuses: Vec<_> = proposals
        .iter()
        .flat_map(|p| p.tasks.iter().map(|t| t.status.clone()))
        .collect();
    task_statuses.sort();
    task_statuses.dedup();
    for want in [
        "approved",
        "available",
        "claimed",
        "published",
        "rejected",
        "submitted",
    ] {
        assert!(
            task_statuses.iter().any(|s| s == want),
            "{want} in {task_statuses:?}"
        );
    }
    assert!(list.submissions.is_some_and(|subs| !subs.is_empty()));
    // Hidden by default: rejected proposals.
    let visible: ProposalList = s.get("/api/smart_contract/proposals?limit=0", None).await;
    assert!(visible
        .proposals
        .unwrap()
        .iter()
        .all(|p| p.status != "rejected"));
    // Hostile texts are stored and served as they are: the explorer must neutralise them.
    let hostile = proposals
        .iter()
        .find(|p| p.title.contains("<script>"))
        .expect("a hostile title");
    assert!(hostile.description_md.contains("javascript:alert"));
    assert!(
        hostile.description_md.contains('\u{202e}') && hostile.description_md.contains('\u{200b}')
    );
    assert!(hostile.tasks.iter().any(|t| t.title.contains("onclick")));
    // Rework requests open and resolved, with hostile notes.
    let confirmed = s.listed("?status=confirmed").await.data.contracts.unwrap();
    assert_eq!(confirmed.len(), 1);
    assert!(confirmed[0].block_height.is_some() && confirmed[0].tx_id.as_deref() != Some("TBD"));
    let active = s.listed("?status=active").await.data.contracts.unwrap();
    let mut rework = Vec::new();
    for c in &active {
        let got: Contract = s
            .get(
                &format!("/api/smart_contract/contracts/{}", c.id),
                Some(AGENT),
            )
            .await;
        rework.extend(got.rework_requests);
    }
    let mut states: Vec<_> = rework.iter().map(|r| r.status.as_str()).collect();
    states.sort();
    assert_eq!(states, ["open", "resolved"]);
    assert!(rework.iter().any(|r| r.notes.contains("<script>")));
    // The seeded creator approves a pending seeded proposal.
    let moon = proposals
        .iter()
        .find(|p| p.title == "Pixel moon in three steps")
        .unwrap();
    let (status, v) = s.approve(&moon.id, CREATOR).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    s.stop().await;

    // Generated twice: the same proposals, byte for byte.
    let other = tempfile::tempdir().unwrap();
    let s2 = serve(generate(other.path())).await;
    let again: Value = s2
        .get(
            "/api/smart_contract/proposals?limit=0&include_confirmed=1",
            None,
        )
        .await;
    let first = tempfile::tempdir().unwrap();
    let s1 = serve(generate(first.path())).await;
    let once: Value = s1
        .get(
            "/api/smart_contract/proposals?limit=0&include_confirmed=1",
            None,
        )
        .await;
    // The seeded live claims are re-armed at each start (from the clock): leave them out.
    assert_eq!(without_claim_times(once), without_claim_times(again));
    s1.stop().await;
    s2.stop().await;
}

/// A proposals listing without the tasks' claim times (re-armed from the clock at start).
fn without_claim_times(mut v: Value) -> Value {
    for p in v["proposals"].as_array_mut().into_iter().flatten() {
        for t in p["tasks"].as_array_mut().into_iter().flatten() {
            if let Some(t) = t.as_object_mut() {
                t.remove("claim_expires_at");
            }
        }
    }
    v
}
