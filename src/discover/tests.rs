//! Discover's listing against a model of the backend's SQLite store, quirks included.

use proptest::prelude::*;
use serde_json::json;
use stargate_api::{ListProposalsQuery, Proposal, ProposalList, ProposalPage, Submission, Task};

use super::listing::MAX_PROPOSALS;
use super::*;

const NOW: i64 = 1_800_000_000;
const SKILLS: [&str; 4] = ["rust", "UX", "design", "go"];
const STATES: [&str; 6] = [
    "available",
    "claimed",
    "submitted",
    "approved",
    "published",
    "rejected",
];
const PROPOSAL_STATES: [&str; 5] = ["pending", "approved", "rejected", "published", "confirmed"];

fn task(id: &str, budget: i64, status: &str, skills: &[&str], expires_in: Option<i64>) -> Task {
    let expires = expires_in.map(|s| {
        chrono::DateTime::from_timestamp(NOW + s, 0)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default()
    });
    serde_json::from_value(json!({
        "task_id": id, "title": id, "description": "", "contract_id": "c", "goal_id": "g",
        "budget_sats": budget, "status": status, "skills_required": skills,
        "claim_expires_at": expires,
    }))
    .expect("a task")
}

fn proposal(id: &str, status: &str, tasks: Vec<Task>) -> Proposal {
    serde_json::from_value(json!({
        "id": id, "title": id, "description_md": "", "status": status, "budget_sats": 100_000,
        "created_at": "2026-11-01T00:00:00Z", "metadata": {}, "tasks": tasks,
    }))
    .expect("a proposal")
}

fn row(task: Task) -> TaskRow {
    TaskRow {
        task,
        proposal_id: "p".into(),
        proposal_title: "p".into(),
        submission: None,
    }
}

/// A submission by `wallet`, made `at` seconds after NOW.
fn submission(id: &str, task_id: &str, status: &str, wallet: &str, at: i64) -> Submission {
    let created = chrono::DateTime::from_timestamp(NOW + at, 0)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default();
    serde_json::from_value(json!({
        "submission_id": id, "claim_id": format!("CLAIM-{id}"), "task_id": task_id,
        "status": status, "created_at": created,
        "deliverables": {"notes": "done", "submitted_by": wallet},
    }))
    .expect("a submission")
}

/// A listing as the page reads it (item by item).
fn partial(list: ProposalList) -> ProposalPage {
    serde_json::from_value(serde_json::to_value(list).expect("encodes")).expect("decodes")
}

#[test]
fn an_unreadable_proposal_is_counted_and_the_others_listed() {
    let good = proposal(
        "p1",
        "approved",
        vec![task("t1", 1, "available", &[], None)],
    );
    let mut broken = serde_json::to_value(proposal(
        "p2",
        "approved",
        vec![task("t2", 1, "available", &[], None)],
    ))
    .expect("encodes");
    // a merkle proof without `seen_at`, as another backend may replicate it
    broken["tasks"][0]["merkle_proof"] = json!({
        "block_header_merkle_root": "00", "block_height": 1, "confirmation_status": "confirmed",
        "funded_amount_sats": 1, "proof_path": null, "tx_id": "ab",
    });
    let body = json!({
        "proposals": [good, broken], "submissions": null,
        "total": 2, "has_more": false, "limit": MAX_PROPOSALS, "offset": 0,
    });
    let list: ProposalPage = serde_json::from_value(body).expect("the listing decodes");
    let rows = task_rows(&list);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].task.task_id, "t1");
    assert_eq!(
        listing_notes(&list),
        ["1 proposal could not be read and was left out."]
    );
}

#[test]
fn the_listing_is_capped_and_says_so() {
    assert_eq!(request(&TaskFilter::default()).limit, Some(MAX_PROPOSALS));
    let many: Vec<Proposal> = (0..MAX_PROPOSALS)
        .map(|i| proposal(&format!("p{i}"), "approved", vec![]))
        .collect();
    let list = partial(ProposalList {
        proposals: Some(many),
        submissions: None,
        total: MAX_PROPOSALS,
        has_more: false,
        limit: MAX_PROPOSALS,
        offset: 0,
    });
    assert_eq!(
        listing_notes(&list),
        ["Only the newest 500 proposals are listed."]
    );
    assert!(listing_notes(&partial(ProposalList {
        proposals: Some(vec![]),
        submissions: None,
        total: 0,
        has_more: false,
        limit: MAX_PROPOSALS,
        offset: 0,
    }))
    .is_empty());
}

/// The SQLite store and the handler as the backend runs them: `LIMIT` on the newest rows
/// first, then the skills filter, then the offset (page one again at or past the limit), and
/// rejected proposals hidden.
fn sqlite_listing(all: &[Proposal], query: &ListProposalsQuery) -> ProposalList {
    let limit = query.limit.unwrap_or(20);
    let limited = if limit > 0 {
        &all[..all.len().min(limit as usize)]
    } else {
        all
    };
    let wanted: Vec<String> = query
        .skills
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    let matching: Vec<Proposal> = limited
        .iter()
        .filter(|p| {
            wanted.is_empty()
                || p.tasks.iter().any(|t| {
                    t.skills_required
                        .iter()
                        .flatten()
                        .any(|s| wanted.contains(&s.to_lowercase()))
                })
        })
        .filter(|p| p.status != "rejected")
        .cloned()
        .collect();
    let mut offset = query.offset.unwrap_or(0).max(0);
    if limit > 0 && offset >= limit {
        offset = 0;
    }
    let proposals: Vec<Proposal> = matching.iter().skip(offset as usize).cloned().collect();
    ProposalList {
        has_more: offset as usize + proposals.len() < matching.len(),
        limit,
        offset,
        total: matching.len() as i64,
        proposals: Some(proposals),
        submissions: None,
    }
}

/// What the page must list: every published task matching the filter, once, newest first.
fn truth(all: &[Proposal], filter: &TaskFilter) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    all.iter()
        .filter(|p| ["approved", "published", "confirmed"].contains(&p.status.as_str()))
        .flat_map(|p| p.tasks.iter())
        .filter(|t| seen.insert(t.task_id.clone()))
        .filter(|t| filter.matches(t, NOW))
        .map(|t| t.task_id.clone())
        .collect()
}

/// Every page of the view, concatenated.
fn listed(all: &[Proposal], filter: &TaskFilter) -> Vec<String> {
    let rows = task_rows(&partial(sqlite_listing(all, &request(filter))));
    let count = page(&rows, filter, NOW).count;
    (0..count)
        .flat_map(|i| {
            let f = TaskFilter {
                page: i,
                ..filter.clone()
            };
            page(&rows, &f, NOW)
                .rows
                .into_iter()
                .map(|r| r.task.task_id.clone())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn arb_task(id: String) -> impl Strategy<Value = Task> {
    (
        0..400_000i64,
        0..STATES.len(),
        proptest::sample::subsequence(SKILLS.to_vec(), 0..=2),
        proptest::option::of(-7200..7200i64),
    )
        .prop_map(move |(budget, state, skills, expires)| {
            task(&id, budget, STATES[state], &skills, expires)
        })
}

/// Proposals newest first; some list the same task rows (a task id is one row in the store,
/// whichever proposals list it).
fn arb_proposals() -> impl Strategy<Value = Vec<Proposal>> {
    let shared = (0..3)
        .map(|n| arb_task(format!("shared-{n}")))
        .collect::<Vec<_>>();
    (
        shared,
        proptest::collection::vec((0..PROPOSAL_STATES.len(), 0..5usize, 0..3u8), 0..40),
    )
        .prop_flat_map(|(shared, specs)| {
            specs
                .into_iter()
                .enumerate()
                .map(|(i, (state, count, kind))| {
                    let own = (0..count)
                        .map(|n| arb_task(format!("p{i}-task-{n}")))
                        .collect::<Vec<_>>();
                    let shared = shared.clone();
                    own.prop_map(move |own| {
                        let tasks = if kind == 0 { shared.clone() } else { own };
                        proposal(&format!("p{i}"), PROPOSAL_STATES[state], tasks)
                    })
                })
                .collect::<Vec<_>>()
        })
}

fn arb_filter() -> impl Strategy<Value = TaskFilter> {
    (
        proptest::sample::subsequence(vec!["rust", "ux", "design", "go", "cobol"], 0..=2),
        prop_oneof![Just(0i64), 0..400_000i64],
        0..StatusFilter::ALL.len(),
    )
        .prop_map(|(skills, min_budget_sats, status)| TaskFilter {
            skills: filter::normalise_skills(skills),
            min_budget_sats,
            status: StatusFilter::ALL[status],
            page: 0,
        })
}

proptest! {
    #[test]
    fn every_matching_task_is_listed_exactly_once(all in arb_proposals(), filter in arb_filter()) {
        prop_assert_eq!(listed(&all, &filter), truth(&all, &filter));
    }

    #[test]
    fn the_url_gives_back_the_same_view(filter in arb_filter(), page_index in 0..50usize) {
        let filter = TaskFilter { page: page_index, ..filter };
        let query = filter.to_query();
        let (again, problems) = TaskFilter::from_query(query.iter().map(|(k, v)| (*k, v.as_str())));
        prop_assert!(problems.is_empty());
        prop_assert_eq!(again, filter);
    }
}

#[test]
fn paging_the_server_with_offsets_would_miss_and_repeat_tasks() {
    // why the page asks for everything at once: 30 proposals, the rust ones among the oldest
    let all: Vec<Proposal> = (0..30)
        .map(|i| {
            let skills: &[&str] = if i >= 20 { &["rust"] } else { &["go"] };
            proposal(
                &format!("p{i}"),
                "published",
                vec![task(&format!("t{i}"), 1000, "available", skills, None)],
            )
        })
        .collect();
    let page_one = sqlite_listing(
        &all,
        &ListProposalsQuery {
            skills: Some("rust".into()),
            limit: Some(20),
            ..Default::default()
        },
    );
    assert_eq!(
        page_one.proposals.as_deref().map(<[Proposal]>::len),
        Some(0),
        "LIMIT before the filter"
    );
    let past = sqlite_listing(
        &all,
        &ListProposalsQuery {
            limit: Some(20),
            offset: Some(20),
            ..Default::default()
        },
    );
    assert_eq!(
        past.proposals
            .as_ref()
            .and_then(|p| p.first())
            .map(|p| p.id.as_str()),
        Some("p0"),
        "page one again"
    );
    let filter = TaskFilter {
        skills: vec!["rust".into()],
        ..Default::default()
    };
    assert_eq!(listed(&all, &filter).len(), 10);
}

#[test]
fn open_means_available_or_an_expired_claim() {
    let open = StatusFilter::Open;
    assert!(open.matches(&task("a", 1, "available", &[], None), NOW));
    assert!(open.matches(&task("b", 1, "claimed", &[], Some(-1)), NOW));
    assert!(!open.matches(&task("c", 1, "claimed", &[], Some(60)), NOW));
    assert!(StatusFilter::Claimed.matches(&task("c", 1, "claimed", &[], Some(60)), NOW));
    assert!(!open.matches(&task("d", 1, "submitted", &[], None), NOW));
    assert!(StatusFilter::Submitted.matches(&task("d", 1, "submitted", &[], None), NOW));
}

#[test]
fn a_bad_url_value_is_said_and_the_rest_applies() {
    let (filter, problems) = TaskFilter::from_query([
        ("skills", " Rust,ux,,RUST "),
        ("min_budget", "lots"),
        ("status", "claimed"),
        ("page", "0"),
    ]);
    assert_eq!(filter.skills, vec!["rust".to_string(), "ux".to_string()]);
    assert_eq!(filter.min_budget_sats, 0);
    assert_eq!(filter.status, StatusFilter::Claimed);
    assert_eq!(filter.page, 0);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("lots"));
}

#[test]
fn a_page_past_the_end_shows_the_last_one() {
    let rows: Vec<TaskRow> = (0..(PAGE_SIZE + 3))
        .map(|i| row(task(&format!("t{i}"), 1, "available", &[], None)))
        .collect();
    let view = page(
        &rows,
        &TaskFilter {
            page: 9,
            ..Default::default()
        },
        NOW,
    );
    assert_eq!(
        (view.index, view.count, view.matching, view.rows.len()),
        (1, 2, PAGE_SIZE + 3, 3)
    );
    let empty = page(&[], &TaskFilter::default(), NOW);
    assert_eq!((empty.index, empty.count, empty.rows.len()), (0, 1, 0));
}

mod work {
    use stargate_api::ApiError;

    use crate::discover::work::*;
    use crate::discover::TaskRow;

    #[test]
    fn a_claim_is_kept_until_it_ends() {
        let mut claims = Claims::default();
        claims.record("t1", "CLAIM-1", "2027-01-15T08:00:00Z");
        let end = crate::text::parse_rfc3339("2027-01-15T08:00:00Z").unwrap();
        assert_eq!(
            claims.live("t1", end - 1).map(|c| c.claim_id.as_str()),
            Some("CLAIM-1")
        );
        assert_eq!(claims.live("t1", end), None);
        assert_eq!(claims.live("t2", 0), None);
    }

    #[test]
    fn my_work_matches_the_wallet_ignoring_case() {
        let mut held = super::task("t1", 1, "claimed", &[], Some(60));
        held.claimed_by = Some("TB1QME".into());
        let mut other = super::task("t2", 1, "claimed", &[], Some(60));
        other.claimed_by = Some("tb1qsomeoneelse".into());
        let free = super::task("t3", 1, "available", &[], None);
        // rejected: open again, no claimant; its last submission says whose it was
        let mut rejected = super::row(super::task("t4", 1, "available", &[], None));
        rejected.submission = Some(super::submission("SUB-1", "t4", "rejected", "Tb1qMe", 0));
        let mut rows: Vec<TaskRow> = [held, other, free].into_iter().map(super::row).collect();
        rows.push(rejected);
        let ids = |wallet: &str| {
            my_work(&rows, wallet)
                .iter()
                .map(|r| r.task.task_id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("tb1qme"), vec!["t1".to_string(), "t4".to_string()]);
        assert!(ids("").is_empty());
    }

    #[test]
    fn a_running_claim_is_held_by_its_wallet_ignoring_case() {
        let mut task = super::task("t1", 1, "claimed", &[], Some(60));
        task.claimed_by = Some("TB1QME".into());
        assert!(holds_claim(&task, Some("tb1qme"), super::NOW));
        assert!(!holds_claim(&task, Some("tb1qother"), super::NOW));
        assert!(!holds_claim(&task, None, super::NOW));
        assert!(
            !holds_claim(&task, Some("tb1qme"), super::NOW + 61),
            "expired"
        );
    }

    #[test]
    fn review_states_read_as_sentences() {
        let mut sub = super::submission("SUB-1", "t1", "pending_review", "w", 0);
        assert_eq!(review_text(&sub), "Handed in: pending review.");
        sub.status = "rejected".into();
        sub.rejection_reason = Some(" no tests ".into());
        assert_eq!(
            review_text(&sub),
            "Handed in: rejected (no tests). The task is open again."
        );
        sub.rejection_reason = None;
        assert!(review_text(&sub).starts_with("Handed in: rejected."));
        sub.status = "approved".into();
        assert_eq!(review_text(&sub), "Handed in: approved.");
        sub.status = "odd".into();
        assert_eq!(review_text(&sub), "Handed in (odd).");
    }

    #[test]
    fn only_http_links_with_a_host_are_proof() {
        let ok = |link: &str| {
            WorkForm {
                notes: "done".into(),
                proof_link: link.into(),
            }
            .problems()
            .is_empty()
        };
        assert!(ok("https://github.com/x/y/pull/1"));
        assert!(ok(" http://example.org "));
        for bad in [
            "",
            "javascript:alert(1)",
            "ftp://x",
            "https://",
            "https:///path",
            "/relative",
            "https://a b",
            "data:text/html,x",
        ] {
            assert!(!ok(bad), "{bad:?} accepted");
        }
        let empty = WorkForm::default().problems();
        assert!(empty.notes.is_some() && empty.proof_link.is_some());
    }

    #[test]
    fn the_body_is_the_backends_shape() {
        let body = WorkForm {
            notes: " did it ".into(),
            proof_link: "https://x.org/pr".into(),
        }
        .body("tb1qme");
        assert_eq!(
            serde_json::to_value(body).unwrap(),
            serde_json::json!({"deliverables": {"notes": "did it", "submitted_by": "tb1qme"}, "completion_proof": {"link": "https://x.org/pr"}})
        );
    }

    #[test]
    fn refusals_read_as_sentences() {
        assert!(claim_error_text(&ApiError::http(
            409,
            "task already claimed by another agent"
        ))
        .contains("Another contributor"));
        assert!(claim_error_text(&ApiError::http(
            409,
            "task claims closed for confirmed contract"
        ))
        .contains("finished"));
        assert!(claim_error_text(&ApiError::http(
            400,
            "wallet address required - please bind wallet to API key using /api/auth/verify"
        ))
        .contains("wallet"));
        assert!(
            claim_error_text(&ApiError::http(404, "task not found")).contains("no longer exists")
        );
        assert!(claim_error_text(&ApiError::Network("down".into())).contains("not claimed"));
        assert!(
            submit_error_text(&ApiError::http(400, "claim CLAIM-1 expired")).contains("ran out")
        );
        assert!(submit_error_text(&ApiError::http(
            400,
            "claim CLAIM-1 not active or submitted"
        ))
        .contains("no longer active"));
        assert!(
            submit_error_text(&ApiError::http(404, "claim not found")).contains("does not know")
        );
        assert!(submit_error_text(&ApiError::Network("down".into())).contains("kept"));
    }
}

#[test]
fn each_task_carries_its_newest_submission() {
    let p = proposal(
        "p1",
        "approved",
        vec![
            task("t1", 1, "submitted", &[], None),
            task("t2", 1, "available", &[], None),
        ],
    );
    let list: ProposalList = serde_json::from_value(json!({
        "proposals": [p], "total": 1, "has_more": false, "limit": 0, "offset": 0,
        "submissions": [
            submission("SUB-2", "t1", "pending_review", "w", 60),
            submission("SUB-1", "t1", "rejected", "w", 0),
            {"submission_id": "SUB-9", "claim_id": "C", "status": "approved", "created_at": "x"},
        ],
    }))
    .expect("a listing");
    let rows = task_rows(&partial(list));
    let newest = |i: usize| rows[i].submission.as_ref().map(|s| s.submission_id.clone());
    assert_eq!(newest(0).as_deref(), Some("SUB-2"));
    assert_eq!(
        newest(1),
        None,
        "a submission without a task id is not placed"
    );
}

mod activity {
    use stargate_api::ContractEvent;

    use crate::discover::activity::*;
    use crate::discover::work::Claims;

    fn event(kind: &str, entity: &str, actor: &str) -> ContractEvent {
        ContractEvent {
            type_: kind.into(),
            entity_id: entity.into(),
            actor: actor.into(),
            message: format!("{kind} message"),
            created_at: "2027-01-15T08:00:00Z".into(),
        }
    }

    fn index() -> EntityIndex {
        let mut t1 = super::row(super::task("t1", 1, "submitted", &[], None));
        t1.task.title = "Paint the harbour".into();
        t1.task.contract_id = "proposal-7".into();
        t1.submission = Some(super::submission("SUB-1", "t1", "pending_review", "w", 0));
        let mut t2 = super::row(super::task("t2", 1, "claimed", &[], Some(60)));
        t2.task.contract_id = "proposal-7".into();
        let mut claims = Claims::default();
        claims.record("t2", "CLAIM-tab", "2027-01-15T09:00:00Z");
        EntityIndex::new(&[t1, t2], &claims)
    }

    #[test]
    fn each_kind_of_entity_leads_to_its_contract() {
        let events = [
            event("approve", "proposal-7", "approver"),
            event("contract_upsert", "abc123", "system"),
            event("claim", "t1", "tb1qme"),
            event("submit", "CLAIM-SUB-1", "tb1qme"),
            event("submit", "CLAIM-tab", "tb1qme"),
            event("review", "SUB-1", "reviewer"),
            event("claim", "unknown-task", "tb1qme"),
            event("SOMETHING_NEW", "x", "y"),
        ];
        let items = activity_items(&events, &index());
        let links: Vec<Option<&str>> = items.iter().map(|i| i.contract_id.as_deref()).collect();
        assert_eq!(
            links,
            [
                Some("proposal-7"),
                Some("abc123"),
                Some("proposal-7"),
                Some("proposal-7"),
                Some("proposal-7"),
                Some("proposal-7"),
                None,
                None
            ]
        );
        assert_eq!(items[2].what, "Task claimed");
        assert_eq!(items[2].subject, "Paint the harbour");
        assert_eq!(items[3].what, "Work handed in");
        assert_eq!(
            items[6].subject, "claim message",
            "an unknown task: the message"
        );
        assert_eq!(
            items[7].what, "SOMETHING_NEW",
            "an unknown type shows as itself"
        );
        assert!(items[0].at.is_some());
    }

    #[test]
    fn repeated_events_get_distinct_keys() {
        let same = event("claim", "t1", "w");
        let items = activity_items(&[same.clone(), same], &index());
        assert_ne!(items[0].key, items[1].key);
    }
}

#[test]
fn a_card_is_drawn_anew_only_when_its_task_changed() {
    let open = row(task("t1", 1, "available", &["rust"], None));
    let same = row(task("t1", 1, "available", &["rust"], None));
    assert_eq!(open.state_key(), same.state_key());
    let claimed = row(task("t1", 1, "claimed", &["rust"], Some(600)));
    assert_ne!(open.state_key(), claimed.state_key());
    let claimed_again = row(task("t1", 1, "claimed", &["rust"], Some(1200)));
    assert_ne!(claimed.state_key(), claimed_again.state_key());
    let handed_in = TaskRow {
        submission: Some(submission("SUB-1", "t1", "pending_review", "w", 0)),
        ..row(task("t1", 1, "submitted", &["rust"], None))
    };
    let reviewed = TaskRow {
        submission: Some(submission("SUB-1", "t1", "rejected", "w", 0)),
        ..handed_in.clone()
    };
    assert_ne!(handed_in.state_key(), reviewed.state_key());
}

#[test]
fn a_rejection_with_its_reason_reads_in_my_work() {
    let tasks = vec![task("t1", 1000, "available", &["rust"], None)];
    let mut list: ProposalPage = serde_json::from_value(json!({
        "has_more": false, "limit": 500, "offset": 0, "total": 1,
        "proposals": [proposal("p1", "approved", tasks)],
        "submissions": [submission("SUB-1", "t1", "rejected", "tb1qme", 0)],
    }))
    .expect("a listing");
    let text = |list: &ProposalPage| {
        let rows = task_rows(list);
        let mine = crate::discover::work::my_work(&rows, "TB1QME");
        assert_eq!(mine.len(), 1, "the rejected task is still mine");
        crate::discover::work::review_text(mine[0].submission.as_ref().expect("handed in"))
    };
    assert_eq!(text(&list), "Handed in: rejected. The task is open again.");
    list.submissions.items[0].rejection_reason = Some("Needs tests".into());
    assert_eq!(
        text(&list),
        "Handed in: rejected (Needs tests). The task is open again."
    );
}

proptest! {
    /// What is sent while the page's code downloads is the listing the page asks for the same
    /// URL (its filter read from the whole query) and the feed, whatever the query says.
    #[test]
    fn the_first_requests_are_the_pages_first_requests(
        skills in proptest::option::of("[a-zA-Z ,+ÉéßİΣ]{0,24}"),
        budget in "[0-9a-z]{0,4}",
    ) {
        let mut query = vec![("min_budget", budget.as_str()), ("status", "claimed")];
        if let Some(skills) = &skills {
            query.push(("skills", skills.as_str()));
        }
        let (filter, _) = TaskFilter::from_query(query);
        let listing = TaskFilter { skills: filter.skills, ..Default::default() };
        let feed = format!("http://api/api/smart_contract/events?limit={}", crate::discover::activity::FEED_LENGTH);
        let ascii = skills.as_deref().is_none_or(str::is_ascii);
        // a value beyond ASCII: the feed only (the page asks for its listing itself)
        let expected = if ascii {
            vec![stargate_api::paths::list_proposals("http://api", &request(&listing)), feed]
        } else {
            vec![feed]
        };
        prop_assert_eq!(first_requests("http://api", skills.as_deref()), expected);
    }
}
