//! Tasks from the backend's proposals listing (`GET /api/smart_contract/proposals`), listed
//! once each whatever the store.
//!
//! The backend's SQLite store applies `LIMIT` in SQL, newest first, *before* its filters and
//! its offset, and an offset at or past the limit gives page one again: a filtered server page
//! can miss matches, and paging with `offset` repeats rows. So the page asks once for the
//! newest [`MAX_PROPOSALS`] proposals (never `limit=0`, every proposal: with thousands of
//! long plans that answer alone would be tens of megabytes), with the one server filter that
//! only narrows the answer to a superset of what is listed (`skills`: proposals with a task
//! asking for any of them), and filters and pages the tasks here; the page says when the cap
//! was reached. The server's `min_budget_sats` is not used: it compares the proposal's budget,
//! not the task's. The answer is read item by item ([`ProposalPage`]): a proposal that does not
//! decode is counted and said, and the others are listed.

use std::collections::{HashMap, HashSet};

use stargate_api::{ListProposalsQuery, ProposalPage, Submission, Task};

use super::filter::{TaskFilter, PAGE_SIZE};
use crate::text::{group_thousands, left_out, parse_rfc3339};

/// The most proposals the listing asks for (the newest ones).
pub const MAX_PROPOSALS: i64 = 500;

/// Proposal states whose tasks are published (claimable or done).
const PUBLISHED: [&str; 3] = ["approved", "published", "confirmed"];

/// The request of the listing for `filter`.
pub fn request(filter: &TaskFilter) -> ListProposalsQuery {
    ListProposalsQuery {
        skills: (!filter.skills.is_empty()).then(|| filter.skills.join(",")),
        limit: Some(MAX_PROPOSALS),
        ..Default::default()
    }
}

/// A task, where it belongs, and the work last handed in on it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    pub task: Task,
    pub proposal_id: String,
    pub proposal_title: String,
    /// The newest submission for the task, if any (from the listing's `submissions`).
    pub submission: Option<Submission>,
}

impl TaskRow {
    /// What tells one state of a task from another, for keyed lists: a card is drawn anew
    /// when its task was claimed, handed in or reviewed, and left alone otherwise.
    pub fn state_key(&self) -> (String, String, Option<String>, Option<(String, String)>) {
        let task = &self.task;
        let submission = self.submission.as_ref();
        (
            task.task_id.clone(),
            task.status.clone(),
            task.claim_expires_at.clone(),
            submission.map(|s| (s.submission_id.clone(), s.status.clone())),
        )
    }
}

/// The published tasks of a listing: proposals in the listing's order (newest first), tasks in
/// their proposal's order, each task id once (the first one listed).
pub fn task_rows(list: &ProposalPage) -> Vec<TaskRow> {
    let mut seen = HashSet::new();
    let mut newest = newest_submissions(list.submissions.items.iter());
    list.proposals
        .items
        .iter()
        .filter(|p| PUBLISHED.iter().any(|s| p.status.eq_ignore_ascii_case(s)))
        .flat_map(|p| {
            p.tasks.iter().map(move |task| TaskRow {
                task: task.clone(),
                proposal_id: p.id.clone(),
                proposal_title: p.title.clone(),
                submission: None,
            })
        })
        .filter(|row| seen.insert(row.task.task_id.clone()))
        .map(|row| TaskRow {
            submission: newest.remove(&row.task.task_id),
            ..row
        })
        .collect()
}

/// What a listing leaves out, in words: proposals (or submissions) that could not be read, and
/// proposals past the cap. Empty when it shows everything.
pub fn listing_notes(list: &ProposalPage) -> Vec<String> {
    let mut notes = Vec::new();
    if list.proposals.unreadable > 0 {
        notes.push(left_out(list.proposals.unreadable, "proposal", "proposals"));
    }
    if list.submissions.unreadable > 0 {
        notes.push(left_out(
            list.submissions.unreadable,
            "submission",
            "submissions",
        ));
    }
    let answered = list.proposals.items.len() + list.proposals.unreadable;
    if list.has_more || answered as i64 >= MAX_PROPOSALS {
        notes.push(format!(
            "Only the newest {} proposals are listed.",
            group_thousands(MAX_PROPOSALS as u64)
        ));
    }
    notes
}

/// Task id → its newest submission (by `created_at`, then by id, `SUB-<unix nanoseconds>`).
/// Submissions without a `task_id` (the Postgres store leaves it out) cannot be placed.
fn newest_submissions<'a>(
    submissions: impl Iterator<Item = &'a Submission>,
) -> HashMap<String, Submission> {
    let mut newest: HashMap<String, Submission> = HashMap::new();
    for sub in submissions {
        let Some(task_id) = sub.task_id.as_deref() else {
            continue;
        };
        let order = |s: &Submission| (parse_rfc3339(&s.created_at), s.submission_id.clone());
        let newer = newest
            .get(task_id)
            .is_none_or(|old| order(sub) > order(old));
        if newer {
            newest.insert(task_id.to_owned(), sub.clone());
        }
    }
    newest
}

/// Every skill the rows ask for (lower case, sorted, each once): the skill filter's choices.
pub fn skills_seen(rows: &[TaskRow]) -> Vec<String> {
    super::filter::normalise_skills(
        rows.iter()
            .flat_map(|row| row.task.skills_required.iter().flatten())
            .map(String::as_str),
    )
}

/// One page of the rows `filter` lists at `now`.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<'a> {
    pub rows: Vec<&'a TaskRow>,
    /// From 0; the last page when the filter asked for one past it.
    pub index: usize,
    /// At least 1 (an empty list has one, empty, page).
    pub count: usize,
    /// Rows matching the filter, on every page.
    pub matching: usize,
}

pub fn page<'a>(rows: &'a [TaskRow], filter: &TaskFilter, now: i64) -> Page<'a> {
    let matching: Vec<&TaskRow> = rows
        .iter()
        .filter(|row| filter.matches(&row.task, now))
        .collect();
    let count = matching.len().div_ceil(PAGE_SIZE).max(1);
    let index = filter.page.min(count - 1);
    Page {
        matching: matching.len(),
        rows: matching
            .into_iter()
            .skip(index * PAGE_SIZE)
            .take(PAGE_SIZE)
            .collect(),
        index,
        count,
    }
}
