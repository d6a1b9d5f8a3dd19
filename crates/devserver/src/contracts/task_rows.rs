//! The task and submission rows: how a stored task reads and is upserted, and the reads by
//! contract, by id, and of a task's submissions.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{Map, Value};
use stargate_api::{MerkleProof, Submission, Task};

use crate::compat::rfc3339;

/// A stored task row.
pub fn task_of(r: &Row<'_>) -> rusqlite::Result<Task> {
    let skills: String = r.get(6)?;
    let requirements: Option<String> = r.get(13)?;
    let proof: Option<String> = r.get(14)?;
    Ok(Task {
        task_id: r.get(0)?,
        contract_id: r.get(1)?,
        goal_id: r.get(2)?,
        title: r.get(3)?,
        description: r.get(4)?,
        budget_sats: r.get(5)?,
        skills_required: (!skills.is_empty())
            .then(|| skills.split(',').map(str::to_string).collect()),
        status: r.get(7)?,
        claimed_by: r.get(8)?,
        claimed_at: r.get(9)?,
        claim_expires_at: r.get(10)?,
        // The SQLite store has no such columns: never sent.
        active_claim_id: None,
        contractor_wallet: None,
        difficulty: r.get::<_, Option<String>>(11)?.filter(|d| !d.is_empty()),
        estimated_hours: r.get::<_, Option<i64>>(12)?.filter(|h| *h != 0),
        requirements: requirements
            .and_then(|j| serde_json::from_str::<HashMap<String, String>>(&j).ok())
            .filter(|r| !r.is_empty()),
        merkle_proof: proof.and_then(|j| serde_json::from_str::<MerkleProof>(&j).ok()),
    })
}

pub const TASK_COLS: &str = "task_id, contract_id, goal_id, title, description, budget_sats, skills, status, claimed_by, claimed_at, claim_expires_at, difficulty, estimated_hours, requirements, merkle_proof";

/// The backend's task upsert: an incoming `available` resets the status, any other keeps the
/// stored one; claim fields and the proof are kept when the incoming ones are empty.
pub fn upsert_task(conn: &Connection, t: &Task) -> rusqlite::Result<()> {
    let skills = t.skills_required.clone().unwrap_or_default().join(",");
    let requirements = t
        .requirements
        .as_ref()
        .filter(|r| !r.is_empty())
        .and_then(|r| serde_json::to_string(r).ok());
    let proof = t
        .merkle_proof
        .as_ref()
        .and_then(|p| serde_json::to_string(p).ok());
    conn.prepare_cached(&format!(
        "INSERT INTO sc_tasks({TASK_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT(task_id) DO UPDATE SET
           contract_id = excluded.contract_id, goal_id = excluded.goal_id, title = excluded.title,
           description = excluded.description, budget_sats = excluded.budget_sats,
           skills = excluded.skills,
           status = CASE WHEN excluded.status = 'available' THEN 'available' ELSE sc_tasks.status END,
           claimed_by = COALESCE(excluded.claimed_by, sc_tasks.claimed_by),
           claimed_at = COALESCE(excluded.claimed_at, sc_tasks.claimed_at),
           claim_expires_at = COALESCE(excluded.claim_expires_at, sc_tasks.claim_expires_at),
           difficulty = excluded.difficulty, estimated_hours = excluded.estimated_hours,
           requirements = excluded.requirements,
           merkle_proof = COALESCE(excluded.merkle_proof, sc_tasks.merkle_proof)"
    ))?
    .execute(params![
        t.task_id,
        t.contract_id,
        t.goal_id,
        t.title,
        t.description,
        t.budget_sats,
        skills,
        t.status,
        t.claimed_by,
        t.claimed_at,
        t.claim_expires_at,
        t.difficulty,
        t.estimated_hours,
        requirements,
        proof
    ])?;
    Ok(())
}

/// Stored tasks whose contract id is one of `ids`, by task id.
pub fn tasks_of_contracts(conn: &Connection, ids: &[String]) -> rusqlite::Result<Vec<Task>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TASK_COLS} FROM sc_tasks WHERE contract_id = ?1 ORDER BY task_id"
    ))?;
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !seen.insert(id.as_str()) {
            continue;
        }
        for t in stmt.query_map([id], task_of)? {
            out.push(t?);
        }
    }
    out.sort_by(|a, b| a.task_id.cmp(&b.task_id));
    Ok(out)
}

/// Every stored task with one of these ids.
pub fn tasks_by_id(conn: &Connection, ids: &[&str]) -> rusqlite::Result<Vec<Task>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TASK_COLS} FROM sc_tasks WHERE task_id = ?1"
    ))?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(t) = stmt.query_row([id], task_of).optional()? {
            out.push(t);
        }
    }
    Ok(out)
}

/// The columns [`read_submission`] reads, from `sc_submissions s JOIN sc_claims c`.
const SUBMISSION_COLS: &str = "s.submission_id, s.claim_id, c.task_id, s.status, s.deliverables,
    s.completion_proof, s.rejected_at, s.created_at";

/// One row of [`SUBMISSION_COLS`]: its creation time (to sort by) and the submission, without
/// the rejection reason and type.
fn read_submission(r: &Row<'_>) -> rusqlite::Result<(i64, Submission)> {
    let json = |i: usize| -> rusqlite::Result<Option<Map<String, Value>>> {
        Ok(r.get::<_, Option<String>>(i)?
            .and_then(|j| serde_json::from_str::<Map<String, Value>>(&j).ok())
            .filter(|m| !m.is_empty()))
    };
    let created: i64 = r.get(7)?;
    Ok((
        created,
        Submission {
            submission_id: r.get(0)?,
            claim_id: r.get(1)?,
            task_id: Some(r.get(2)?),
            status: r.get(3)?,
            deliverables: json(4)?,
            completion_proof: json(5)?,
            rejection_reason: None,
            rejection_type: None,
            rejected_at: r.get::<_, Option<i64>>(6)?.map(rfc3339),
            created_at: rfc3339(created),
        },
    ))
}

/// Submissions of these tasks (through their claims, as the SQLite store joins them), newest
/// first, without the rejection reason and type (the SQLite store scans them and never assigns
/// them); `None` when there are none.
pub fn submissions_of(
    conn: &Connection,
    task_ids: &[&str],
) -> rusqlite::Result<Option<Vec<Submission>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUBMISSION_COLS}
         FROM sc_submissions s JOIN sc_claims c ON c.claim_id = s.claim_id WHERE c.task_id = ?1"
    ))?;
    let mut rows: Vec<(i64, Submission)> = Vec::new();
    for id in task_ids {
        for s in stmt.query_map([id], read_submission)? {
            rows.push(s?);
        }
    }
    rows.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.submission_id.cmp(&a.1.submission_id))
    });
    Ok((!rows.is_empty()).then(|| rows.into_iter().map(|(_, s)| s).collect()))
}

/// A submission and its stored rejection reason and type (`None` while NULL: never reviewed).
pub type WithReason = (Submission, Option<(String, String)>);

/// One submission with its stored rejection reason and type, or `None` when there is no such
/// submission.
pub fn submission_by_id(conn: &Connection, id: &str) -> rusqlite::Result<Option<WithReason>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUBMISSION_COLS}, s.rejection_reason, COALESCE(s.rejection_type, '')
         FROM sc_submissions s JOIN sc_claims c ON c.claim_id = s.claim_id
         WHERE s.submission_id = ?1"
    ))?;
    stmt.query_row([id], |r| {
        let (_, submission) = read_submission(r)?;
        let reason: Option<String> = r.get(8)?;
        let kind: String = r.get(9)?;
        Ok((submission, reason.map(|reason| (reason, kind))))
    })
    .optional()
}
