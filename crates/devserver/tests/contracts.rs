//! Contracts, proposals, approval and rework over real HTTP against a real SQLite file, with
//! the backend's status codes, bare answers and nested errors; keys bound to wallets.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use stargate_api::{
    Contract, EventList, OpenContract, Proposal, ProposalDecision, ProposalList, ReworkRequest,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_creator_approves_tasks_are_published_the_wish_is_archived_and_a_restart_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path());
    let s = serve(db.clone()).await;
    let hash = s.wish(ALICE, "# A lighthouse for block 13").await;
    // The wish-as-proposal came with it, with the creator's wallet.
    let own: Proposal = s
        .get(&format!("/api/smart_contract/proposals/{hash}"), None)
        .await;
    assert_eq!(
        (own.title.as_str(), own.status.as_str()),
        ("A lighthouse for block 13", "pending")
    );
    assert_eq!(own.metadata["creator_wallet"], ALICE_WALLET);
    let id = s.propose(&hash, "Lighthouse in two steps").await;
    let approve = format!("/api/smart_contract/proposals/{id}/approve");

    let (status, v) = s.call("POST", &approve, Some(BOB), None).await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::FORBIDDEN,
            format!("approver wallet {BOB_WALLET} does not match wish creator").as_str()
        )
    );
    let (status, v) = s.call("POST", &approve, Some(AGENT), None).await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::FORBIDDEN,
            "api key with wallet binding required for approval"
        )
    );
    let (status, v) = s.call("POST", &approve, None, None).await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::FORBIDDEN, "invalid api key")
    );
    let (status, v) = s
        .call(
            "POST",
            "/api/smart_contract/proposals/nope/approve",
            Some(ALICE),
            None,
        )
        .await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::BAD_REQUEST, "proposal nope not found")
    );
    // Nothing changed by the refusals.
    let p: Proposal = s
        .get(&format!("/api/smart_contract/proposals/{id}"), None)
        .await;
    assert_eq!(p.status, "pending");

    let (status, v) = s.call("POST", &approve, Some(ALICE), None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let d: ProposalDecision = serde_json::from_value(v).unwrap();
    assert_eq!(
        (
            d.message.as_str(),
            d.proposal_id.as_str(),
            d.status.as_str()
        ),
        ("Proposal approved.", id.as_str(), "approved")
    );

    check_approved(&s, &hash, &id).await;
    check_approval_events(&s, &hash, &id).await;
    let (status, v) = s.call("POST", &approve, Some(ALICE), None).await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::BAD_REQUEST,
            format!("proposal {id} must be pending to update").as_str()
        )
    );
    s.stop().await;

    // A new process on the same file: everything is still there but the events, which the
    // backend keeps in memory only.
    let s = serve(db).await;
    check_approved(&s, &hash, &id).await;
    let events: EventList = s.get("/api/smart_contract/events?limit=0", None).await;
    assert_eq!((events.total, events.events.len()), (0, 0));
    s.stop().await;
}

async fn check_approved(s: &Server, hash: &str, id: &str) {
    let p: Proposal = s
        .get(&format!("/api/smart_contract/proposals/{id}"), None)
        .await;
    assert_eq!(p.status, "approved");
    let own: Proposal = s
        .get(&format!("/api/smart_contract/proposals/{hash}"), None)
        .await;
    assert_eq!(
        own.status, "rejected",
        "the other pending proposal of the wish"
    );
    // The list shows the tasks' live state: published, available, under wish-<hash>.
    let list: ProposalList = s
        .get(
            &format!("/api/smart_contract/proposals?contract_id={hash}&limit=0"),
            None,
        )
        .await;
    let ours = list
        .proposals
        .unwrap()
        .into_iter()
        .find(|q| q.id == id)
        .unwrap();
    let titles: Vec<_> = ours
        .tasks
        .iter()
        .map(|t| (t.title.as_str(), t.status.as_str(), t.contract_id.clone()))
        .collect();
    let wish_id = format!("wish-{hash}");
    assert_eq!(
        titles,
        [
            ("Design the lighthouse", "available", wish_id.clone()),
            ("Build the lighthouse", "available", wish_id.clone())
        ]
    );
    let c: Contract = s
        .get(
            &format!("/api/smart_contract/contracts/{hash}"),
            Some(AGENT),
        )
        .await;
    assert_eq!(
        (c.status.as_str(), c.total_budget_sats, c.goals_count),
        ("active", 50000, 1)
    );
    assert_eq!(c.created_at, "0001-01-01T00:00:00Z");
    let w: Contract = s
        .get(
            &format!("/api/smart_contract/contracts/{wish_id}"),
            Some(AGENT),
        )
        .await;
    assert_eq!(
        (w.status.as_str(), w.available_tasks_count),
        ("superseded", 2)
    );
    // The wish left the pending block; both rows are listed.
    assert!(!contract_ids(&s.listed("?status=pending").await).contains(&wish_id));
    let all = contract_ids(&s.listed("").await);
    assert!(all.contains(&wish_id) && all.contains(&hash.to_string()));
}

/// The approval's events, newest first (in memory: a restart loses them).
async fn check_approval_events(s: &Server, hash: &str, id: &str) {
    let events: EventList = s
        .get(
            &format!("/api/smart_contract/events?entity_id={id}&limit=0"),
            None,
        )
        .await;
    let kinds: Vec<_> = events.events.iter().map(|e| e.type_.as_str()).collect();
    assert_eq!(
        kinds,
        ["approve", "publish", "proposal_create"],
        "newest first"
    );
    let upserts: EventList = s
        .get(
            &format!("/api/smart_contract/events?type=CONTRACT_UPSERT&entity_id={hash}"),
            None,
        )
        .await;
    assert_eq!(upserts.events[0].message, "contract upserted with 2 tasks");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rework_is_requested_listed_and_resolved_only_by_its_requester() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let hash = s.wish(ALICE, "Rework me").await;
    let id = s.propose(&hash, "Do it twice").await;
    let (status, _) = s.approve(&id, ALICE).await;
    assert_eq!(status, StatusCode::OK);
    let contract = format!("wish-{hash}");
    let path = format!("/api/smart_contract/contracts/{contract}/rework");

    let (status, v) = s
        .call("POST", &path, Some(BOB), Some(json!({"notes": "  "})))
        .await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::BAD_REQUEST, "notes are required")
    );
    let (status, v) = s
        .call("POST", &path, Some(AGENT), Some(json!({"notes": "x"})))
        .await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::FORBIDDEN, "authenticated user required")
    );
    let (status, v) = s
        .call(
            "POST",
            "/api/smart_contract/contracts/wish-nope/rework",
            Some(BOB),
            Some(json!({"notes": "x"})),
        )
        .await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "contract wish-nope not found"
        )
    );
    let res = s
        .http
        .post(s.url(&path))
        .header("x-api-key", BOB)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let (status, v) = s
        .call(
            "POST",
            &path,
            Some(BOB),
            Some(json!({"notes": " Taller, please "})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let r: ReworkRequest = serde_json::from_value(v).unwrap();
    assert!(r.request_id.starts_with(&format!("rework-{contract}-")));
    assert_eq!(
        (r.requester.as_str(), r.notes.as_str(), r.status.as_str()),
        (BOB_WALLET, " Taller, please ", "open")
    );
    // Listed on the contract (and in its metadata); every task of that contract rejected.
    let c: Contract = s.get(&path, Some(AGENT)).await;
    assert_eq!(c.rework_requests, std::slice::from_ref(&r));
    assert_eq!(
        c.metadata.unwrap()["rework_requests"][0]["request_id"],
        r.request_id.as_str()
    );
    assert_eq!(c.available_tasks_count, 0);
    let list: ProposalList = s
        .get(
            &format!("/api/smart_contract/proposals?contract_id={hash}&limit=0"),
            None,
        )
        .await;
    let tasks: Vec<_> = list
        .proposals
        .unwrap()
        .into_iter()
        .flat_map(|p| p.tasks)
        .filter(|t| t.contract_id == contract)
        .collect();
    assert!(!tasks.is_empty() && tasks.iter().all(|t| t.status == "rejected"));

    let resolve = format!("{path}/{}", r.request_id);
    let (status, v) = s.call("PATCH", &resolve, Some(ALICE), None).await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::FORBIDDEN,
            "only the original requester can resolve this rework request"
        )
    );
    let (status, _) = s
        .call("PATCH", &format!("{path}/rework-unknown"), Some(BOB), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = s.call("PATCH", &resolve, Some(AGENT), None).await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::FORBIDDEN, "authenticated user required")
    );
    let (status, v) = s.call("PATCH", &resolve, Some(BOB), None).await;
    assert_eq!(
        (status, v),
        (
            StatusCode::OK,
            json!({"message": "rework request resolved"})
        )
    );
    let c: Contract = s.get(&path, Some(AGENT)).await;
    assert_eq!(c.rework_requests[0].status, "resolved");
    assert!(c.rework_requests[0].resolved_at.is_some());
    s.stop().await;
}

/// What a client must do: ask again from `lowest height + 1` (the backend skips rows AT the
/// cursor), keep only rows above the lowest height of a full page, and ask for more rows when a
/// full page holds one height only.
async fn page_to_the_end(s: &Server) -> (Vec<OpenContract>, usize) {
    let (mut out, mut cursor, mut limit, mut requests) =
        (Vec::<OpenContract>::new(), None::<i64>, 3i64, 0);
    loop {
        let q = match cursor {
            Some(c) => format!("?status=confirmed&limit={limit}&cursor_height={c}"),
            None => format!("?status=confirmed&limit={limit}"),
        };
        requests += 1;
        assert!(
            requests < 50,
            "paging does not end: {cursor:?} limit {limit}"
        );
        let page = s.listed(&q).await.data.contracts.unwrap_or_default();
        if (page.len() as i64) < limit {
            out.extend(page);
            return (out, requests);
        }
        let lowest = page.last().unwrap().block_height.unwrap();
        let complete: Vec<_> = page
            .into_iter()
            .filter(|c| c.block_height.unwrap() > lowest)
            .collect();
        if complete.is_empty() {
            limit *= 2;
            continue;
        }
        out.extend(complete);
        cursor = Some(lowest + 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirmed_contracts_page_to_the_end_without_duplicates_or_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    // Blocks holding 7, 1 and 4 wishes (the three seeded pending ones go into the first).
    for (i, n) in [4, 1, 4].into_iter().enumerate() {
        for k in 0..n {
            s.wish(AGENT, &format!("paged wish {i}-{k}")).await;
        }
        s.mine().await;
    }
    let all = s.listed("?status=confirmed&limit=500").await;
    let every: Vec<String> = contract_ids(&all);
    assert_eq!(
        every.len(),
        13,
        "12 mined wishes and the seeded confirmed contract"
    );
    let (paged, requests) = page_to_the_end(&s).await;
    let ids: Vec<String> = paged.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, every, "same rows, same order, once each");
    assert!(requests >= 4, "{requests}");
    // Newest first by height.
    assert!(paged
        .windows(2)
        .all(|w| w[0].block_height >= w[1].block_height));

    // The backend's quirks, kept: the cursor skips rows AT its height, `has_more` comes from the
    // last row even on the short final page, and cursor_date is ignored.
    let first = s.listed("?status=confirmed&limit=3").await.data;
    let boundary: i64 = first.next_cursor.parse().unwrap();
    let next = s
        .listed(&format!(
            "?status=confirmed&limit=500&cursor_height={boundary}"
        ))
        .await;
    assert!(next
        .data
        .contracts
        .unwrap()
        .iter()
        .all(|c| c.block_height.unwrap() < boundary));
    assert_eq!(
        contract_ids(
            &s.listed(&format!(
                "?status=confirmed&limit=3&cursor_date={}&cursor_type=before",
                first.next_cursor_date
            ))
            .await
        ),
        contract_ids(&s.listed("?status=confirmed&limit=3").await)
    );
    let last = s.listed("?status=confirmed&limit=500").await.data;
    assert!(last.has_more, "has_more follows the last row");
    s.stop().await;
}

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
