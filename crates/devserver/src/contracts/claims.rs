//! Claims and submissions, as the backend's SQLite store keeps them: a claim reserves a task
//! for a wallet until it expires (lazily: nothing sweeps, the task stays `claimed` and the next
//! claim takes it), a submission is work for a claim, a review approves or rejects it.
//!
//! Times are written as the backend writes them (RFC 3339 text, whole seconds, for claims and
//! task claim fields); answers made fresh carry nanoseconds, as Go's `time.Now()` does.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};
use stargate_api::{ClaimReceipt, Submission};

use super::proposals::{list_proposals_in, read_in, ProposalFilter};
use super::publish::publish_tasks;
use super::store::{contract_status, record_event};
use super::task_rows::tasks_by_id;
use crate::compat::{rfc3339, rfc3339_nano, Outcome, Refused};
use crate::db::value;

/// The backend's claim lifetime (`STARGATE_DEFAULT_CLAIM_TTL_HOURS`, 1 hour).
pub const DEFAULT_CLAIM_TTL: Duration = Duration::from_secs(3600);

const NO_WALLET: &str =
    "wallet address required - please bind wallet to API key using /api/auth/verify";
const TASK_NOT_FOUND: &str = "task not found";
const TASK_TAKEN: &str = "task already claimed by another agent";
const TASK_UNAVAILABLE: &str = "task is not available for claiming";

fn unix(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn nanos(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// A stored RFC 3339 time as Unix seconds; `None` when it does not parse (Go then keeps the
/// zero time, which is before any "now").
fn parse_time(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.timestamp())
}

/// A claim row.
struct ClaimRow {
    claim_id: String,
    task_id: String,
    wallet: String,
    status: String,
    expires_at: String,
}

fn claims_of_task(conn: &Connection, task_id: &str) -> rusqlite::Result<Vec<ClaimRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT claim_id, task_id, ai_identifier, status, expires_at FROM sc_claims
         WHERE task_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([task_id], claim_of)?;
    rows.collect()
}

fn claim_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClaimRow> {
    Ok(ClaimRow {
        claim_id: r.get(0)?,
        task_id: r.get(1)?,
        wallet: r.get(2)?,
        status: r.get(3)?,
        expires_at: r.get(4)?,
    })
}

/// The handler's checks before the store is asked: a stored task whose contract is confirmed
/// or published, or one of whose proposals is confirmed, takes no claims (409).
fn claims_closed(conn: &Connection, task_id: &str) -> Outcome<()> {
    let Some(task) = tasks_by_id(conn, &[task_id])?.pop() else {
        return Ok(());
    };
    if task.contract_id.trim().is_empty() {
        return Ok(());
    }
    let status = contract_status(conn, &task.contract_id)?.unwrap_or_default();
    if matches!(
        status.trim().to_lowercase().as_str(),
        "confirmed" | "published"
    ) {
        return Err(Refused::new(
            409,
            "task claims closed for confirmed contract",
        ));
    }
    let filter = ProposalFilter {
        contract_id: task.contract_id.clone(),
        ..ProposalFilter::default()
    };
    if list_proposals_in(conn, &filter)?
        .iter()
        .any(|p| p.status.trim().eq_ignore_ascii_case("confirmed"))
    {
        return Err(Refused::new(
            409,
            "task claims closed for confirmed proposal",
        ));
    }
    Ok(())
}

/// `ClaimTask` of the SQLite store: only `available` and `claimed` tasks; an unexpired active
/// claim by the same wallet (ignoring case) is answered again, by another wallet refused; an
/// expired one does not count.
fn claim_stored(
    conn: &Connection,
    task_id: &str,
    wallet: &str,
    now: SystemTime,
    ttl: Duration,
) -> Outcome<ClaimReceipt> {
    let status: String = value(
        conn,
        "SELECT status FROM sc_tasks WHERE task_id = ?1",
        [task_id],
    )?
    .ok_or_else(|| Refused::new(404, TASK_NOT_FOUND))?;
    if status != "available" && status != "claimed" {
        return Err(Refused::new(409, TASK_UNAVAILABLE));
    }
    let mut taken = false;
    for c in claims_of_task(conn, task_id)? {
        let unexpired = parse_time(&c.expires_at).is_some_and(|at| unix(now) < at);
        if c.status == "active" && unexpired {
            if c.wallet.eq_ignore_ascii_case(wallet) {
                return Ok(receipt(c.claim_id, c.expires_at));
            }
            taken = true;
        }
    }
    if taken {
        return Err(Refused::new(409, TASK_TAKEN));
    }
    let expires = now + ttl;
    let claim_id = format!("CLAIM-{}", nanos(now));
    let (created_text, expires_text) = (rfc3339(unix(now)), rfc3339(unix(expires)));
    conn.execute(
        "INSERT INTO sc_claims(claim_id, task_id, ai_identifier, status, expires_at, created_at)
         VALUES (?1, ?2, ?3, 'active', ?4, ?5)",
        params![claim_id, task_id, wallet, expires_text, created_text],
    )?;
    conn.execute(
        "UPDATE sc_tasks SET status = 'claimed', claimed_by = ?1, claimed_at = ?2,
         claim_expires_at = ?3 WHERE task_id = ?4",
        params![wallet, created_text, expires_text, task_id],
    )?;
    Ok(receipt(claim_id, rfc3339_nano(expires)))
}

fn receipt(claim_id: String, expires_at: String) -> ClaimReceipt {
    ClaimReceipt {
        claim_id,
        expires_at,
        message: "Task reserved. Submit work before expiration.".into(),
        success: true,
    }
}

/// `tryPublishTasksForTaskID`: publishes the tasks of the first proposal (newest first, any
/// status) that lists this task; `false` when none does.
fn publish_lazily(conn: &Connection, task_id: &str, now: i64) -> Outcome<bool> {
    let all = list_proposals_in(conn, &ProposalFilter::default())?;
    let Some(p) = all
        .iter()
        .find(|p| p.tasks.iter().any(|t| t.task_id == task_id))
    else {
        return Ok(false);
    };
    match read_in(conn, &p.id)? {
        Some(p) => {
            publish_tasks(conn, &p, now)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// `POST /api/smart_contract/tasks/{id}/claim` after its body check, in one transaction: the
/// handler's steps after the body: closed contract/proposal (409), the wallet (400), the
/// store's claim, once more after a lazy publish when the task was not stored (404 when still
/// unknown), then the `claim` event.
pub fn claim_task(
    conn: &Connection,
    task_id: &str,
    wallet: Option<&str>,
    now: SystemTime,
    ttl: Duration,
) -> Outcome<ClaimReceipt> {
    claims_closed(conn, task_id)?;
    let wallet = wallet
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| Refused::new(400, NO_WALLET))?;
    let claim = match claim_stored(conn, task_id, wallet, now, ttl) {
        Err(e) if e.status == 404 => {
            if !publish_lazily(conn, task_id, unix(now))? {
                return Err(e);
            }
            claim_stored(conn, task_id, wallet, now, ttl)?
        }
        other => other?,
    };
    record_event(conn, "claim", task_id, wallet, "task claimed", unix(now))?;
    Ok(claim)
}

/// `POST /api/smart_contract/claims/{id}/submit` after its body check, in one transaction:
/// `SubmitWork` of the SQLite store: the claim must be active or submitted (any number of
/// submissions while unexpired), and unexpired.
pub fn submit_work(
    conn: &Connection,
    claim_id: &str,
    deliverables: Option<Map<String, Value>>,
    proof: Option<Map<String, Value>>,
    now: SystemTime,
) -> Outcome<Submission> {
    let claim = conn
        .query_row(
            "SELECT claim_id, task_id, ai_identifier, status, expires_at FROM sc_claims
             WHERE claim_id = ?1",
            [claim_id],
            claim_of,
        )
        .optional()?
        .ok_or_else(|| Refused::new(404, "claim not found"))?;
    if claim.status != "active" && claim.status != "submitted" {
        return Err(Refused::new(
            400,
            format!("claim {claim_id} not active or submitted"),
        ));
    }
    if parse_time(&claim.expires_at).is_some_and(|at| unix(now) > at) {
        return Err(Refused::new(400, format!("claim {claim_id} expired")));
    }
    let strip = |m: Option<Map<String, Value>>| {
        m.map(|mut m| {
            m.remove("status");
            m
        })
    };
    let (deliverables, proof) = (strip(deliverables), strip(proof));
    let submission_id = format!("SUB-{}", nanos(now));
    conn.execute(
        "INSERT INTO sc_submissions(submission_id, claim_id, task_id, status, deliverables, completion_proof, created_at)
         VALUES (?1, ?2, ?3, 'pending_review', ?4, ?5, ?6)",
        params![
            submission_id,
            claim_id,
            claim.task_id,
            serde_json::to_string(&deliverables)?,
            serde_json::to_string(&proof)?,
            unix(now)
        ],
    )?;
    conn.execute(
        "UPDATE sc_claims SET status = 'submitted' WHERE claim_id = ?1",
        [claim_id],
    )?;
    conn.execute(
        "UPDATE sc_tasks SET status = 'submitted' WHERE task_id = ?1",
        [&claim.task_id],
    )?;
    let actor = deliverables
        .as_ref()
        .and_then(|d| d.get("submitted_by"))
        .and_then(Value::as_str)
        .filter(|w| !w.is_empty())
        .unwrap_or("claimant")
        .to_string();
    record_event(
        conn,
        "submit",
        claim_id,
        &actor,
        "submission created",
        unix(now),
    )?;
    Ok(Submission {
        submission_id,
        claim_id: claim.claim_id,
        task_id: Some(claim.task_id),
        status: "pending_review".into(),
        // Go's `omitempty` drops nil and empty maps.
        deliverables: deliverables.filter(|m| !m.is_empty()),
        completion_proof: proof.filter(|m| !m.is_empty()),
        rejection_reason: None,
        rejection_type: None,
        rejected_at: None,
        created_at: rfc3339_nano(now),
    })
}

/// `POST /api/smart_contract/submissions/{id}/review` with a valid action, in one
/// transaction: `UpdateSubmissionStatus` of the SQLite store, then the handler's rework
/// auto-resolution and event; the new status.
pub fn review_submission(
    conn: &Connection,
    submission_id: &str,
    action: &str,
    notes: &str,
    rejection_type: &str,
    now: i64,
) -> Outcome<String> {
    let sql = "SELECT claim_id FROM sc_submissions WHERE submission_id = ?1";
    let claim_id: String = value(conn, sql, [submission_id])?
        .ok_or_else(|| Refused::new(500, "sql: no rows in result set"))?;
    let status = match action {
        "review" => "reviewed",
        "approve" => "approved",
        _ => "rejected",
    };
    let rejected = status == "rejected";
    let (reason, kind) = if rejected {
        (notes.trim(), rejection_type.trim())
    } else {
        ("", "")
    };
    conn.execute(
        "UPDATE sc_submissions SET status = ?1, rejection_reason = ?2, rejection_type = ?3,
         rejected_at = ?4 WHERE submission_id = ?5",
        params![status, reason, kind, rejected.then_some(now), submission_id],
    )?;
    let sql = "SELECT task_id FROM sc_claims WHERE claim_id = ?1";
    if let Some(task_id) = value::<String>(conn, sql, [&claim_id])? {
        if status == "approved" {
            conn.execute(
                "UPDATE sc_tasks SET status = 'approved' WHERE task_id = ?1",
                [&task_id],
            )?;
            conn.execute(
                "UPDATE sc_claims SET status = 'complete' WHERE claim_id = ?1",
                [&claim_id],
            )?;
            resolve_rework_when_done(conn, &task_id, now)?;
        } else if rejected {
            conn.execute(
                "UPDATE sc_tasks SET status = 'available', claimed_by = NULL, claimed_at = NULL,
                 claim_expires_at = NULL WHERE task_id = ?1",
                [&task_id],
            )?;
            conn.execute(
                "UPDATE sc_claims SET status = 'rejected' WHERE claim_id = ?1",
                [&claim_id],
            )?;
        }
    }
    let message = format!("submission {action}");
    record_event(conn, "review", submission_id, "reviewer", &message, now)?;
    Ok(status.to_string())
}

/// After an approval: when every task of the task's contract is approved or published, the
/// contract's open rework requests are resolved.
fn resolve_rework_when_done(conn: &Connection, task_id: &str, now: i64) -> rusqlite::Result<()> {
    let sql = "SELECT contract_id FROM sc_tasks WHERE task_id = ?1";
    let Some(contract) = value::<String>(conn, sql, [task_id])?.filter(|c| !c.is_empty()) else {
        return Ok(());
    };
    let unfinished: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sc_tasks WHERE contract_id = ?1
         AND status NOT IN ('approved', 'published')",
        [&contract],
        |r| r.get(0),
    )?;
    if unfinished == 0 {
        conn.execute(
            "UPDATE sc_rework SET status = 'resolved', resolved_at = ?1
             WHERE contract_id = ?2 AND status = 'open'",
            params![now, contract],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_parse_and_bad_ones_count_as_long_past() {
        assert_eq!(parse_time("2026-11-01T00:00:00Z"), Some(1_793_491_200));
        assert_eq!(
            parse_time(" 2026-11-01T01:00:00+01:00 "),
            Some(1_793_491_200)
        );
        assert_eq!(parse_time("tomorrow"), None);
    }
}
