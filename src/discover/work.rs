//! The contributor's side of Discover: the claims this tab made (the backend's SQLite store
//! never tells a task's `active_claim_id`, so the claim id from the claim's answer is kept
//! here), the submit form's rules, and the refusals in words.

use std::collections::BTreeMap;

use stargate_api::{ApiError, Submission, SubmitWorkRequest, Task};

use crate::text::parse_rfc3339;

use super::{StatusFilter, TaskRow};

/// A claim this tab made: its id (needed to submit) and when it ends (unix seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub claim_id: String,
    pub expires_at: Option<i64>,
}

/// Task id → the claim this tab holds on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claims(BTreeMap<String, Claim>);

impl Claims {
    /// Records the answer of a claim (`expires_at` as the server wrote it).
    pub fn record(&mut self, task_id: &str, claim_id: &str, expires_at: &str) {
        self.0.insert(
            task_id.to_owned(),
            Claim {
                claim_id: claim_id.to_owned(),
                expires_at: parse_rfc3339(expires_at),
            },
        );
    }

    /// Task id and claim, for every claim this tab made.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Claim)> {
        self.0.iter().map(|(task, claim)| (task.as_str(), claim))
    }

    /// The claim to submit under for `task_id`, while it runs at `now`.
    pub fn live(&self, task_id: &str, now: i64) -> Option<&Claim> {
        self.0
            .get(task_id)
            .filter(|c| c.expires_at.is_none_or(|end| end > now))
    }
}

/// "My work": the tasks `wallet` holds a claim on, or handed in the last work for, whatever
/// became of them (wallets compared ignoring case, as the backend compares them). A rejected
/// task is open again and no longer names its claimant: its submission still says whose it was.
pub fn my_work<'a>(rows: &'a [TaskRow], wallet: &str) -> Vec<&'a TaskRow> {
    rows.iter()
        .filter(|row| {
            let claimed = row.task.claimed_by.as_deref();
            let handed_in = row.submission.as_ref().and_then(submitted_by);
            [claimed, handed_in]
                .into_iter()
                .flatten()
                .any(|by| same_wallet(by, wallet))
        })
        .collect()
}

/// Whether `wallet` holds a running claim on `task` at `now`.
pub fn holds_claim(task: &Task, wallet: Option<&str>, now: i64) -> bool {
    let mine = task
        .claimed_by
        .as_deref()
        .zip(wallet)
        .is_some_and(|(by, wallet)| same_wallet(by, wallet));
    mine && StatusFilter::Claimed.matches(task, now)
}

/// Wallets compared as the backend compares them: ignoring case (and the spaces around).
pub fn same_wallet(a: &str, b: &str) -> bool {
    !b.trim().is_empty() && a.trim().eq_ignore_ascii_case(b.trim())
}

/// Who handed in the work: the `submitted_by` the submit form puts in the deliverables.
pub fn submitted_by(submission: &Submission) -> Option<&str> {
    submission
        .deliverables
        .as_ref()?
        .get("submitted_by")?
        .as_str()
}

/// What became of work handed in, in words (the reviewer's reason is theirs: show it as text).
pub fn review_text(submission: &Submission) -> String {
    let status = submission.status.to_ascii_lowercase();
    match status.as_str() {
        "pending_review" => "Handed in: pending review.".into(),
        "reviewed" => "Handed in: reviewed, awaiting a decision.".into(),
        "approved" => "Handed in: approved.".into(),
        "rejected" => match submission.rejection_reason.as_deref().map(str::trim) {
            Some(reason) if !reason.is_empty() => {
                format!("Handed in: rejected ({reason}). The task is open again.")
            }
            _ => "Handed in: rejected. The task is open again.".into(),
        },
        _ => format!("Handed in ({}).", submission.status),
    }
}

/// The submit form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkForm {
    pub notes: String,
    pub proof_link: String,
}

/// What is wrong with the form, field by field (nothing is sent while any is set).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkFormProblems {
    pub notes: Option<&'static str>,
    pub proof_link: Option<&'static str>,
}

impl WorkFormProblems {
    pub fn is_empty(&self) -> bool {
        self.notes.is_none() && self.proof_link.is_none()
    }
}

/// Longest notes sent (the backend keeps any JSON; this keeps a paste of a whole file out).
pub const NOTES_MAX_CHARS: usize = 10_000;

impl WorkForm {
    pub fn problems(&self) -> WorkFormProblems {
        WorkFormProblems {
            notes: match self.notes.trim().chars().count() {
                0 => Some("Say what you did."),
                n if n > NOTES_MAX_CHARS => Some("Keep the notes under 10,000 characters."),
                _ => None,
            },
            proof_link: proof_link_problem(self.proof_link.trim()),
        }
    }

    /// The request body the backend takes: `{deliverables: {notes, submitted_by},
    /// completion_proof: {link}}` (the React frontend's shape).
    pub fn body(&self, wallet: &str) -> SubmitWorkRequest {
        let mut deliverables = serde_json::Map::new();
        deliverables.insert("notes".into(), self.notes.trim().into());
        deliverables.insert("submitted_by".into(), wallet.into());
        let mut proof = serde_json::Map::new();
        proof.insert("link".into(), self.proof_link.trim().into());
        SubmitWorkRequest {
            deliverables: Some(deliverables),
            completion_proof: Some(proof),
        }
    }
}

/// A proof link is an absolute http(s) URL with a host: anything else (a `javascript:` URL, a
/// path) would be a link the reviewer cannot or must not follow.
pub fn proof_link_problem(link: &str) -> Option<&'static str> {
    if link.is_empty() {
        return Some("Give a link to the work (http or https).");
    }
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"));
    match rest {
        None => Some("The link must start with http:// or https://."),
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
            Some("The link has no host.")
        }
        Some(rest) if rest.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Some("The link has spaces in it.")
        }
        Some(_) => None,
    }
}

/// A refused claim in words.
pub fn claim_error_text(error: &ApiError) -> String {
    let ApiError::Http { status, message } = error else {
        return "Could not reach the server; the task was not claimed. Try again.".into();
    };
    let m = message.as_str();
    match status {
        409 if m.contains("already claimed") => {
            "Another contributor holds this task: try it again when their claim ends.".into()
        }
        409 if m.contains("claims closed") => {
            "This contract is finished: its tasks take no more claims.".into()
        }
        409 => format!("The task cannot be claimed now ({m})."),
        400 if m.contains("wallet address required") => {
            "Your API key is not bound to a wallet: sign in with your wallet to claim.".into()
        }
        403 => "The server no longer accepts your API key: sign in again.".into(),
        404 => "This task no longer exists.".into(),
        _ => format!("The claim failed: {}", error.message()),
    }
}

/// A refused submission in words (the form keeps what was typed).
pub fn submit_error_text(error: &ApiError) -> String {
    let ApiError::Http { status, message } = error else {
        return "Could not reach the server; nothing was sent. Your text is kept: try again."
            .into();
    };
    let m = message.as_str();
    match status {
        400 if m.contains("expired") => {
            "Your claim ran out before the work arrived: claim the task again, then submit.".into()
        }
        400 if m.contains("not active") => {
            "This claim is no longer active (handed in already, or taken back).".into()
        }
        403 => "The server no longer accepts your API key: sign in again.".into(),
        404 => "The server does not know this claim.".into(),
        _ => format!("The submission failed: {}", error.message()),
    }
}
