//! Contracts, proposals, approval and rework over real HTTP against a real SQLite file, with
//! the backend's status codes, bare answers and nested errors; keys bound to wallets.

#[path = "../common/mod.rs"]
mod common;
mod ids;
mod rework;

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
