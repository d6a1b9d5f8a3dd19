//! The review of the work handed in and the payment built from it (`work`, `payment`).

use serde_json::json;
use stargate_api::{ApiError, Proposal, PsbtResult, Submission, Task};

use super::model::{assemble, needs_reason, ContractPage, Reasons};
use super::payment::{parse_sats, prefill, psbt_error_text, read_answer, Commitment, PayoutLine};
use super::work::{review_error_text, reviewer, task_work, Reviewer, Stage, Tally, Verdict};

const H: &str = "6405cfcf8626a5eee142eabbf5fab5f0f1ca3f5426efd9f53926fe403e9b5c84";
const CREATOR: &str = "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v";
const ALICE: &str = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx";
const MAINNET: &str = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("decodes")
}

fn task(n: u32, status: &str, budget: i64, claimed_by: Option<&str>) -> Task {
    from(json!({
        "task_id": format!("p1-task-{n}"), "title": format!("Task {n}"), "description": "",
        "contract_id": H, "goal_id": "g", "budget_sats": budget, "status": status, "skills_required": [],
        "claimed_by": claimed_by,
    }))
}

fn submission(id: &str, task: u32, status: &str, by: &str, at: &str) -> Submission {
    from(json!({
        "submission_id": id, "claim_id": format!("CLAIM-{id}"), "task_id": format!("p1-task-{task}"),
        "status": status, "created_at": at,
        "deliverables": {"notes": "done", "submitted_by": by},
        "completion_proof": {"link": "https://example.org/pr/1"},
    }))
}

fn proposal(id: &str, status: &str, tasks: Vec<Task>, meta: serde_json::Value) -> Proposal {
    from(json!({
        "id": id, "title": id, "description_md": "plan", "status": status,
        "created_at": "2026-11-01T00:00:00Z", "budget_sats": 90_000, "metadata": meta,
        "tasks": tasks,
    }))
}

/// An approved contract: task 1 approved (after a rejection), task 2 handed in, task 3
/// claimed, task 4 open.
fn page() -> ContractPage {
    let wish = proposal(H, "pending", vec![], json!({"creator_wallet": CREATOR}));
    let tasks = vec![
        task(1, "approved", 30_000, None),
        task(2, "submitted", 20_000, Some(ALICE)),
        task(3, "claimed", 15_000, Some(ALICE)),
        task(4, "available", 25_000, None),
    ];
    let approved = proposal("p1", "approved", tasks, json!({}));
    let mut page = assemble(H, vec![wish, approved], &[], vec![], true);
    page.submissions = vec![
        submission("SUB-1", 1, "rejected", ALICE, "2026-11-02T00:00:00Z"),
        submission("SUB-2", 1, "approved", ALICE, "2026-11-03T00:00:00Z"),
        submission("SUB-3", 2, "pending_review", ALICE, "2026-11-03T00:00:00Z"),
        submission("SUB-3", 2, "pending_review", ALICE, "2026-11-03T00:00:00Z"),
    ];
    page
}

#[test]
fn each_task_lists_its_attempts_newest_first() {
    let rows = task_work(&page());
    assert_eq!(rows.len(), 4);
    let ids: Vec<&str> = rows[0]
        .attempts
        .iter()
        .map(|s| s.submission_id.as_str())
        .collect();
    assert_eq!(ids, ["SUB-2", "SUB-1"], "newest first");
    assert_eq!(
        rows[1].attempts.len(),
        1,
        "a repeated submission is listed once"
    );
    assert!(rows[3].attempts.is_empty());
    assert_eq!(rows[0].contributor(), Some(ALICE));
    let stages: Vec<Stage> = rows.iter().map(Stage::of).collect();
    assert_eq!(
        stages,
        [Stage::Approved, Stage::Waiting, Stage::Claimed, Stage::Open]
    );
}

#[test]
fn no_work_before_a_proposal_is_approved() {
    let mut page = page();
    for p in &mut page.proposals {
        p.status = "pending".into();
    }
    assert!(task_work(&page).is_empty());
}

#[test]
fn the_tally_counts_tasks_and_adds_their_budgets() {
    let tally = Tally::of(&task_work(&page()));
    assert_eq!(tally.approved, (1, 30_000));
    assert_eq!(tally.waiting, (1, 20_000));
    assert_eq!(tally.claimed, (1, 15_000));
    assert_eq!(tally.open, (1, 25_000));
    assert_eq!(tally.total(), (4, 90_000));
}

#[test]
fn a_new_state_changes_the_row_key_and_nothing_else_does() {
    let before = task_work(&page());
    let mut changed = page();
    changed.submissions[2].status = "approved".into();
    let after = task_work(&changed);
    assert_eq!(before[0].state_key(), after[0].state_key());
    assert_ne!(before[1].state_key(), after[1].state_key());
}

#[test]
fn only_the_wishs_creator_reviews() {
    let page = page();
    assert_eq!(
        reviewer(&page, true, Some(&CREATOR.to_uppercase())),
        Reviewer::Creator
    );
    assert_eq!(
        reviewer(&page, true, Some(ALICE)),
        Reviewer::NotCreator {
            creator: CREATOR.into()
        }
    );
    assert_eq!(reviewer(&page, false, Some(CREATOR)), Reviewer::SignIn);
    assert_eq!(
        reviewer(&page, true, None),
        Reviewer::SignIn,
        "a key without a known wallet"
    );
    let mut no_wallet = page.clone();
    no_wallet.wish.creator_wallet = Some(String::new());
    assert_eq!(
        reviewer(&no_wallet, true, Some(CREATOR)),
        Reviewer::NoCreator
    );
    no_wallet.wish.creator_wallet = None;
    assert_eq!(reviewer(&no_wallet, true, Some(CREATOR)), Reviewer::Unknown);
}

#[test]
fn a_rejection_needs_its_reason_and_only_a_rejection_sends_one() {
    assert!(Verdict::Reject.request("  ").is_err());
    assert!(Verdict::Reject.request(&"x".repeat(2_001)).is_err());
    let reject = Verdict::Reject.request(" Needs tests ").expect("a reason");
    assert_eq!(reject.action.as_deref(), Some("reject"));
    assert_eq!(reject.notes.as_deref(), Some("Needs tests"));
    let approve = Verdict::Approve
        .request("ignored")
        .expect("no reason needed");
    assert_eq!(
        (approve.action.as_deref(), approve.notes),
        (Some("approve"), None)
    );
    assert_eq!(
        Verdict::Reviewed.request("").expect("ok").action.as_deref(),
        Some("review")
    );
}

#[test]
fn review_refusals_read_as_sentences() {
    assert!(
        review_error_text(&ApiError::http(500, "sql: no rows in result set"))
            .contains("does not know")
    );
    assert!(review_error_text(&ApiError::http(403, "invalid api key")).contains("sign in again"));
    assert!(
        review_error_text(&ApiError::http(400, "action is required"))
            .contains("action is required")
    );
    assert!(review_error_text(&ApiError::Network("x".into())).contains("nothing was changed"));
}

#[test]
fn a_reason_is_asked_for_rejected_work_that_does_not_say_it() {
    let mut rejected = submission("SUB-1", 1, "Rejected", ALICE, "t");
    assert!(needs_reason(&rejected));
    rejected.rejection_reason = Some("  ".into());
    assert!(needs_reason(&rejected), "a blank reason says nothing");
    rejected.rejection_reason = Some("Needs tests".into());
    assert!(!needs_reason(&rejected));
    assert!(!needs_reason(&submission(
        "SUB-2", 1, "approved", ALICE, "t"
    )));
    assert!(!needs_reason(&submission(
        "SUB-3",
        1,
        "pending_review",
        ALICE,
        "t"
    )));
}

#[test]
fn a_reason_learnt_is_not_asked_again_until_the_work_is_rejected_again() {
    let mut known = Reasons::default();
    let mut listed = submission("SUB-1", 1, "rejected", ALICE, "t");
    listed.rejected_at = Some("2026-11-02T00:00:00Z".into());
    assert!(!known.fill(&mut listed.clone()), "nothing learnt yet");
    let mut full = listed.clone();
    full.rejection_reason = Some("Needs tests".into());
    known.learn(&full);
    assert!(known.fill(&mut listed));
    assert_eq!(listed.rejection_reason.as_deref(), Some("Needs tests"));
    let mut again = submission("SUB-1", 1, "rejected", ALICE, "t");
    again.rejected_at = Some("2026-11-05T00:00:00Z".into());
    assert!(!known.fill(&mut again), "rejected again: asked again");
    for n in 0..Reasons::CAP {
        known.learn(&submission(&format!("SUB-X{n}"), 1, "rejected", ALICE, "t"));
    }
    assert!(
        !known.fill(&mut listed),
        "bounded: the oldest are forgotten"
    );
}

#[test]
fn the_payment_is_prefilled_from_the_approved_work() {
    let form = prefill(H, &task_work(&page()), CREATOR);
    assert_eq!(form.payouts.len(), 1, "only approved tasks are paid");
    assert_eq!(form.payouts[0].address, ALICE);
    assert_eq!(form.payouts[0].amount, "30000");
    assert_eq!(form.payouts[0].label, "Task 1");
    assert_eq!(form.change_address, CREATOR);
    assert_eq!(form.commitment, Commitment::Funding);
    let request = form.request(90_000).expect("valid");
    assert_eq!(request.payouts[0].amount_sats, 30_000);
    assert_eq!(request.fee_rate_sats_vb, Some(2));
    assert_eq!(request.commitment_target.as_deref(), Some("funding"));
    assert_eq!(request.use_pixel_hash, Some(true));
    assert_eq!(
        request.pixel_hash.as_deref(),
        Some(H),
        "the wish's hash is committed to"
    );
    assert_eq!(request.budget_sats, Some(90_000));
}

#[test]
fn the_form_refuses_what_the_backend_would() {
    let mut form = prefill(H, &task_work(&page()), CREATOR);
    form.payouts.push(PayoutLine {
        label: String::new(),
        address: MAINNET.into(),
        amount: "1,000".into(),
    });
    form.fee_rate = "0".into();
    form.change_address = "tb1qnot-an-address".into();
    let problems = form.problems(90_000);
    let mainnet = problems.payouts[1].0.as_deref().expect("mainnet refused");
    assert!(
        mainnet.contains("mainnet") && mainnet.contains("testnet4"),
        "{mainnet}"
    );
    assert_eq!(problems.payouts[1].1, None, "1,000 reads as 1000 sats");
    assert!(problems
        .fee_rate
        .as_deref()
        .expect("0 refused")
        .contains("at least 1 sat/vB"));
    assert!(problems.change_address.is_some());
    assert!(
        form.request(90_000).is_err(),
        "nothing is sent while a problem is set"
    );

    let mut over = prefill(H, &task_work(&page()), CREATOR);
    over.payouts[0].amount = "90001".into();
    assert!(over
        .problems(90_000)
        .total
        .expect("over budget")
        .contains("90,001"));
    over.payouts.clear();
    assert!(over.problems(90_000).total.is_some(), "no payout");
    over.payouts.push(PayoutLine {
        label: String::new(),
        address: ALICE.into(),
        amount: "0".into(),
    });
    assert!(
        over.problems(90_000).payouts[0].1.is_some(),
        "a zero payout"
    );
}

#[test]
fn a_product_commitment_asks_for_no_hash() {
    let mut form = prefill(H, &task_work(&page()), CREATOR);
    form.commitment = Commitment::Product;
    let request = form.request(90_000).expect("valid");
    assert_eq!(request.commitment_target.as_deref(), Some("product"));
    assert_eq!(request.use_pixel_hash, Some(false));
    assert_eq!(request.pixel_hash, None);
    assert_eq!(Commitment::from_value("donation"), Commitment::Donation);
    assert_eq!(Commitment::from_value("nonsense"), Commitment::Funding);
}

#[test]
fn sats_are_read_as_typed() {
    assert_eq!(parse_sats("1,000"), Some(1000));
    assert_eq!(parse_sats(" 2 500_000 "), Some(2_500_000));
    assert_eq!(parse_sats("-5"), None);
    assert_eq!(parse_sats("1.5"), None);
    assert_eq!(parse_sats(""), None);
    assert_eq!(parse_sats("99999999999999999999"), None, "past i64");
}

#[test]
fn the_answer_is_read_output_by_output() {
    let request = prefill(H, &task_work(&page()), CREATOR)
        .request(90_000)
        .expect("valid");
    let answer: PsbtResult = from(json!({
        "psbt": "70736274ff", "psbt_hex": "70736274ff", "psbt_base64": "cHNidP8=",
        "fee_sats": 282, "selected_sats": 1_000_000, "change_sats": 969_718,
        "payout_scripts": ["0014751e"], "payout_amounts": [30_000],
        "commitment_sats": 0, "change_address": CREATOR, "payer_address": CREATOR,
        "funding_txid": "ab",
    }));
    let built = read_answer(&answer, &request).expect("one PSBT");
    assert_eq!(built.len(), 1);
    let b = &built[0];
    assert_eq!(
        (b.fee_sats, b.selected_sats, b.change_sats),
        (282, 1_000_000, 969_718)
    );
    let outputs: Vec<(&str, &str, i64)> = b
        .outputs
        .iter()
        .map(|o| (o.what.as_str(), o.to.as_str(), o.sats))
        .collect();
    assert_eq!(
        outputs,
        [("Payout 1", ALICE, 30_000), ("Change", CREATOR, 969_718)]
    );

    let split: PsbtResult =
        from(json!({"split_psbt": true, "psbts": [answer.clone(), answer.clone()]}));
    assert_eq!(read_answer(&split, &request).expect("two").len(), 2);
    let empty: PsbtResult = from(json!({"fee_sats": 1}));
    assert!(read_answer(&empty, &request).is_err());
}

#[test]
fn every_payment_refusal_reads_as_a_sentence() {
    let cases = [
        (403, "api key missing wallet binding - please associate a Bitcoin wallet address with your API key", "not bound to a wallet"),
        (403, "invalid api key", "sign in again"),
        (404, "contract x not found", "does not know this contract"),
        (503, "psbt builder unavailable", "cannot build payments right now"),
        (400, "no confirmed utxos for address", "no confirmed coins"),
        (400, "insufficient funds: need 5000 sats, selected 100", "does not hold enough"),
        (400, "insufficient funds after fee: 12 sats short", "lower the fee rate"),
        (400, "payout total exceeds budget_sats", "more than the contract's budget"),
        (400, "invalid payout address: unknown hrp", "testnet4"),
        (400, "missing 32-byte pixel hash for commitment output", "commit later"),
        (400, "donation address not configured", "no donation address"),
        (400, "something new", "did not accept the payment: something new"),
    ];
    for (status, message, expected) in cases {
        let text = psbt_error_text(&ApiError::http(status, message));
        assert!(text.contains(expected), "{status} {message}: {text}");
    }
    assert!(psbt_error_text(&ApiError::Network("x".into())).contains("no payment was built"));
}
