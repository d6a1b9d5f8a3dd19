//! The task and submission listings (`GET …/tasks`, `GET …/submissions`) as the SQLite store
//! answers them: stored tasks in storage order, the exact filters (status, contract, claimant)
//! in SQL, then budget and skills, then [`super::offset_then_limit`].

use std::collections::HashMap;

use rusqlite::{params, Connection};
use stargate_api::{Submission, Task};

use super::market::Market;
use super::offset_then_limit;
use super::task_rows::{submission_by_id, submissions_of, task_of, tasks_by_id, TASK_COLS};
use crate::compat::{Outcome, Refused};

/// The filters of `GET /api/smart_contract/tasks` (`max_difficulty` is ignored by the store).
#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub status: String,
    pub contract_id: String,
    pub claimed_by: String,
    pub skills: Vec<String>,
    pub min_budget: i64,
    /// ≤ 0 = all.
    pub limit: i64,
    pub offset: i64,
}

fn has_any_skill(task: &Task, wanted: &[String]) -> bool {
    let have = task.skills_required.as_deref().unwrap_or_default();
    wanted
        .iter()
        .any(|w| have.iter().any(|h| h.eq_ignore_ascii_case(w)))
}

fn list_tasks_in(conn: &Connection, f: &TaskFilter) -> rusqlite::Result<Vec<Task>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TASK_COLS} FROM sc_tasks WHERE (?1 = '' OR status = ?1)
         AND (?2 = '' OR contract_id = ?2) AND (?3 = '' OR claimed_by = ?3) ORDER BY rowid"
    ))?;
    let rows = stmt.query_map(params![f.status, f.contract_id, f.claimed_by], task_of)?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    out.retain(|t| f.min_budget <= 0 || t.budget_sats >= f.min_budget);
    out.retain(|t| f.skills.is_empty() || has_any_skill(t, &f.skills));
    offset_then_limit(&mut out, f.offset, f.limit);
    Ok(out)
}

/// Which submissions `GET /api/smart_contract/submissions` lists.
#[derive(Clone, Debug, Default)]
pub struct SubmissionQuery {
    /// Wins when not empty.
    pub task_ids: Vec<String>,
    /// Else the tasks of this contract (exact); else every task.
    pub contract_id: String,
    /// Ignoring case; empty = all.
    pub status: String,
}

impl Market {
    /// `GET /api/smart_contract/tasks/{id}`: the stored task; 404 `task not found`.
    pub fn task(&self, id: &str) -> Outcome<Task> {
        tasks_by_id(&self.conn(), &[id])?
            .pop()
            .ok_or_else(|| Refused::new(404, "task not found"))
    }

    /// The tasks page and the submissions of its tasks (`None` when there are none).
    pub fn task_page(&self, f: &TaskFilter) -> Outcome<(Vec<Task>, Option<Vec<Submission>>)> {
        let conn = self.conn();
        let tasks = list_tasks_in(&conn, f)?;
        let ids: Vec<&str> = tasks.iter().map(|t| t.task_id.as_str()).collect();
        let submissions = submissions_of(&conn, &ids)?;
        Ok((tasks, submissions))
    }

    /// The submissions of `GET /api/smart_contract/submissions`, by id.
    pub fn submissions(&self, q: &SubmissionQuery) -> Outcome<HashMap<String, Submission>> {
        let conn = self.conn();
        let ids: Vec<String> = if q.task_ids.is_empty() {
            let filter = TaskFilter {
                contract_id: q.contract_id.clone(),
                ..TaskFilter::default()
            };
            list_tasks_in(&conn, &filter)?
                .into_iter()
                .map(|t| t.task_id)
                .collect()
        } else {
            q.task_ids.clone()
        };
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Ok(submissions_of(&conn, &refs)?
            .unwrap_or_default()
            .into_iter()
            .filter(|s| q.status.is_empty() || s.status.eq_ignore_ascii_case(&q.status))
            .map(|s| (s.submission_id.clone(), s))
            .collect())
    }

    /// `GetSubmission` of the SQLite store: one submission with its rejection reason and type.
    /// Its quirks: an unknown id is a 500 (not 404), and so is a submission never reviewed (its
    /// NULL reason cannot be scanned into a Go string).
    pub fn submission(&self, id: &str) -> Outcome<Submission> {
        let conn = self.conn();
        let Some((submission, reason)) = submission_by_id(&conn, id)? else {
            return Err(Refused::new(500, format!("submission {id} not found")));
        };
        let Some((reason, kind)) = reason else {
            return Err(Refused::new(
                500,
                "sql: Scan error on column index 6, name \"rejection_reason\": converting NULL to string is unsupported",
            ));
        };
        Ok(Submission {
            rejection_reason: Some(reason).filter(|r| !r.is_empty()),
            rejection_type: Some(kind).filter(|k| !k.is_empty()),
            ..submission
        })
    }
}
