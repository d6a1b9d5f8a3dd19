//! The work handed in on an approved contract, as its creator reviews it: each task with its
//! attempts (newest first), the tally of where the tasks stand, who may review, and the review
//! request and its refusals in words.
//!
//! Pure: the contract page draws this; the review itself is one request per click.

use stargate_api::{ApiError, ReviewRequest, Submission, Task};

use super::ContractPage;
use crate::discover::work::submitted_by;

/// One task of the approved proposal and every piece of work handed in for it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskWork {
    pub task: Task,
    /// Newest first: the first is the one reviewed now, the rest are earlier attempts.
    pub attempts: Vec<Submission>,
}

impl TaskWork {
    /// The attempt the creator decides on now.
    pub fn newest(&self) -> Option<&Submission> {
        self.attempts.first()
    }

    /// Who did the work: the newest hand-in's `submitted_by`, else the task's claimant.
    pub fn contributor(&self) -> Option<&str> {
        self.newest()
            .and_then(submitted_by)
            .or(self.task.claimed_by.as_deref())
            .map(str::trim)
            .filter(|w| !w.is_empty())
    }

    /// What tells one state of the row from another (keyed lists redraw a row only when it
    /// changes: a half-typed reason in an unchanged row stays).
    pub fn state_key(&self) -> (String, String, Option<(String, String)>, usize) {
        (
            self.task.task_id.clone(),
            self.task.status.clone(),
            self.newest()
                .map(|s| (s.submission_id.clone(), s.status.clone())),
            self.attempts.len(),
        )
    }
}

/// The tasks of the contract's approved proposal, each with its attempts (the listing's
/// submissions, matched by task id). Empty before a proposal is approved.
pub fn task_work(page: &ContractPage) -> Vec<TaskWork> {
    let Some(decided) = page.decided() else {
        return Vec::new();
    };
    decided
        .tasks
        .iter()
        .map(|task| {
            let mut attempts: Vec<Submission> = page
                .submissions
                .iter()
                .filter(|s| s.task_id.as_deref() == Some(task.task_id.as_str()))
                .cloned()
                .collect();
            // RFC 3339 from one store: text order is time order; the id breaks ties
            attempts.sort_by(|a, b| {
                (b.created_at.as_str(), b.submission_id.as_str())
                    .cmp(&(a.created_at.as_str(), a.submission_id.as_str()))
            });
            attempts.dedup_by(|a, b| a.submission_id == b.submission_id);
            TaskWork {
                task: task.clone(),
                attempts,
            }
        })
        .collect()
}

/// Where a task stands, for the creator's tally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Approved,
    /// Handed in (pending review, or reviewed without a decision).
    Waiting,
    Claimed,
    Open,
}

impl Stage {
    pub fn of(work: &TaskWork) -> Stage {
        let task = work.task.status.to_ascii_lowercase();
        let newest = work.newest().map(|s| s.status.to_ascii_lowercase());
        match (task.as_str(), newest.as_deref()) {
            ("approved" | "published" | "completed", _) | (_, Some("approved")) => Stage::Approved,
            ("submitted", _) | (_, Some("pending_review" | "reviewed")) => Stage::Waiting,
            ("claimed", _) => Stage::Claimed,
            _ => Stage::Open,
        }
    }
}

/// How many tasks are at each stage and the budget they add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub approved: (usize, i64),
    pub waiting: (usize, i64),
    pub claimed: (usize, i64),
    pub open: (usize, i64),
}

impl Tally {
    pub fn of(rows: &[TaskWork]) -> Tally {
        let mut tally = Tally::default();
        for row in rows {
            let slot = match Stage::of(row) {
                Stage::Approved => &mut tally.approved,
                Stage::Waiting => &mut tally.waiting,
                Stage::Claimed => &mut tally.claimed,
                Stage::Open => &mut tally.open,
            };
            slot.0 += 1;
            slot.1 = slot.1.saturating_add(row.task.budget_sats.max(0));
        }
        tally
    }

    pub fn total(&self) -> (usize, i64) {
        [self.approved, self.waiting, self.claimed, self.open]
            .into_iter()
            .fold((0, 0), |(n, b), (m, c)| (n + m, b.saturating_add(c)))
    }
}

/// Whether the reader may review and pay, and if not, why (the backend checks no owner on a
/// review: the page offers it to the wish's creator only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reviewer {
    /// The signed-in wallet made the wish.
    Creator,
    /// Signed out, or signed in with a key whose wallet this tab does not know.
    SignIn,
    /// Signed in with another wallet.
    NotCreator { creator: String },
    /// The wish was made without a wallet: nobody can show they are its creator.
    NoCreator,
    /// The page could not learn who made the wish.
    Unknown,
}

/// Who the reader is to this contract (wallets compared ignoring case, as the backend does).
pub fn reviewer(page: &ContractPage, has_key: bool, wallet: Option<&str>) -> Reviewer {
    let Some(creator) = page.wish.creator_wallet.as_deref().map(str::trim) else {
        return Reviewer::Unknown;
    };
    let mine = wallet.map(str::trim).filter(|w| !w.is_empty());
    match (creator, mine) {
        ("", _) => Reviewer::NoCreator,
        (_, None) => Reviewer::SignIn,
        (_, Some(_)) if !has_key => Reviewer::SignIn,
        (creator, Some(mine)) if creator.eq_ignore_ascii_case(mine) => Reviewer::Creator,
        (creator, Some(_)) => Reviewer::NotCreator {
            creator: creator.to_owned(),
        },
    }
}

/// The creator's decision on a piece of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Reject,
    /// Looked at, no decision yet.
    Reviewed,
}

/// Longest rejection reason sent.
pub const REASON_MAX_CHARS: usize = 2_000;

impl Verdict {
    /// The review request, or why it cannot be sent (a rejection needs its reason: the
    /// contributor reads it in "My work").
    pub fn request(self, reason: &str) -> Result<ReviewRequest, &'static str> {
        let reason = reason.trim();
        let (action, notes) = match self {
            Verdict::Approve => ("approve", None),
            Verdict::Reviewed => ("review", None),
            Verdict::Reject if reason.is_empty() => {
                return Err("Say why the work is rejected: the contributor reads it.")
            }
            Verdict::Reject if reason.chars().count() > REASON_MAX_CHARS => {
                return Err("Keep the reason under 2,000 characters.")
            }
            Verdict::Reject => ("reject", Some(reason.to_owned())),
        };
        Ok(ReviewRequest {
            action: Some(action.to_owned()),
            notes,
            rejection_type: None,
        })
    }
}

/// A refused review in words (nothing changed; a typed reason is kept).
pub fn review_error_text(error: &ApiError) -> String {
    let ApiError::Http { status, message } = error else {
        return "Could not reach the server; nothing was changed. Try again.".into();
    };
    let m = message.as_str();
    match status {
        403 => "The server no longer accepts your API key: sign in again.".into(),
        404 => "The server does not know this hand-in any more.".into(),
        // the SQLite store answers an unknown submission with a 500 "no rows"
        500 if m.contains("no rows") => "The server does not know this hand-in any more.".into(),
        400 => format!("The server did not accept the review: {m}."),
        _ => format!("The review failed: {}", error.message()),
    }
}
