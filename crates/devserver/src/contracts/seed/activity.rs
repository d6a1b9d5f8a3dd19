//! What the seed writes as the market would have: claims (and the task fields a claim sets),
//! submissions with hostile deliverables, rework requests, confirmations, and the live claims
//! re-armed on every start.

use rusqlite::{params, Connection};
use serde_json::json;

use crate::chain;

/// Seeded id `n` of a kind: `CLAIM-<anchor × 10⁹ + n>`, `SUB-…`.
fn seeded_id(kind: &str, n: u64) -> String {
    format!("{kind}-{}", chain::ANCHOR as u64 * 1_000_000_000 + n)
}

/// A seeded claim: what a claim writes (the claim row, the task's claim fields and status).
pub(super) struct SeedClaim<'a> {
    n: u64,
    task_id: &'a str,
    wallet: &'a str,
    /// The claim's status: `active`, `submitted`, `complete` or `rejected`.
    status: &'a str,
    at: i64,
}

impl<'a> SeedClaim<'a> {
    pub(super) fn new(n: u64, task_id: &'a str, wallet: &'a str, status: &'a str, at: i64) -> Self {
        SeedClaim {
            n,
            task_id,
            wallet,
            status,
            at,
        }
    }
}

pub(super) fn claim(conn: &Connection, c: &SeedClaim<'_>) -> rusqlite::Result<()> {
    let (created, expires) = (
        crate::compat::rfc3339(c.at),
        crate::compat::rfc3339(c.at + 3600),
    );
    conn.execute(
        "INSERT INTO sc_claims(claim_id, task_id, ai_identifier, status, expires_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            seeded_id("CLAIM", c.n),
            c.task_id,
            c.wallet,
            c.status,
            expires,
            created
        ],
    )?;
    let task_status = match c.status {
        "active" => "claimed",
        "submitted" => "submitted",
        "complete" => "approved",
        // A rejected submission frees the task (claim fields cleared).
        _ => "available",
    };
    let held = task_status != "available";
    conn.execute(
        "UPDATE sc_tasks SET status = ?1, claimed_by = ?2, claimed_at = ?3, claim_expires_at = ?4
         WHERE task_id = ?5",
        params![
            task_status,
            held.then_some(c.wallet),
            held.then_some(created),
            held.then_some(expires),
            c.task_id
        ],
    )?;
    Ok(())
}

/// A seeded submission of claim `c` (written with it): `pending_review`, `approved` or
/// `rejected`, with hostile deliverables.
pub(super) fn submission(
    conn: &Connection,
    c: &SeedClaim<'_>,
    status: &str,
    link: &str,
) -> rusqlite::Result<()> {
    claim(conn, c)?;
    let deliverables = json!({"notes": "Done: <script>alert('deliverable')</script> \u{202e}txet", "submitted_by": c.wallet});
    conn.execute(
        "INSERT INTO sc_submissions(submission_id, claim_id, task_id, status, deliverables, completion_proof, rejected_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            seeded_id("SUB", c.n),
            seeded_id("CLAIM", c.n),
            c.task_id,
            status,
            deliverables.to_string(),
            json!({"link": link}).to_string(),
            (status == "rejected").then_some(c.at + 120),
            c.at + 60
        ],
    )?;
    Ok(())
}

/// Seeded claims that are re-armed on every start (see [`rearm_claims`]): claim number and
/// minutes left.
const LIVE_CLAIMS: &[(u64, i64)] = &[(101, 50), (102, 8), (103, 35)];

/// Makes the seeded live claims expire `minutes` from `now` (while they still hold their
/// task), so that a fixture always has claims running out soon: the seed's times are fixed in
/// the past. Claims made through the API are never touched.
pub fn rearm_claims(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    for (n, minutes) in LIVE_CLAIMS {
        let id = seeded_id("CLAIM", *n);
        let expires = crate::compat::rfc3339(now + minutes * 60);
        let changed = conn.execute(
            "UPDATE sc_claims SET expires_at = ?1 WHERE claim_id = ?2 AND status = 'active'",
            params![expires, id],
        )?;
        if changed > 0 {
            conn.execute(
                "UPDATE sc_tasks SET claim_expires_at = ?1 WHERE status = 'claimed' AND
                 task_id = (SELECT task_id FROM sc_claims WHERE claim_id = ?2) AND
                 claimed_by = (SELECT ai_identifier FROM sc_claims WHERE claim_id = ?2)",
                params![expires, id],
            )?;
        }
    }
    Ok(())
}

/// A rework request on `contract` by `requester`, open or resolved 10 minutes after `at`.
pub(super) fn rework(
    conn: &Connection,
    contract: &str,
    requester: &str,
    n: i64,
    notes: &str,
    resolved: bool,
    at: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sc_rework(request_id, contract_id, requester, notes, status, created_at, resolved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            format!("rework-{contract}-{}", (at + n) as u64 * 1_000_000_000),
            contract,
            requester,
            notes,
            if resolved { "resolved" } else { "open" },
            at,
            resolved.then_some(at + 600)
        ],
    )?;
    Ok(())
}

/// Confirms contract `hash` in the highest block that holds an inscription (none: stays active).
pub(super) fn confirm(conn: &Connection, hash: &str, proposal: &str) -> rusqlite::Result<()> {
    let found: Option<(i64, String, i64)> = conn
        .query_row(
            "SELECT t.height, t.txid, b.time FROM txs t JOIN blocks b ON b.height = t.height
             ORDER BY t.height DESC, t.txid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    if let Some((height, txid, time)) = found {
        conn.execute(
            "UPDATE sc_contracts SET status = 'confirmed', confirmed_block_height = ?1, confirmed_at = ?2, confirmed_txid = ?3 WHERE contract_id = ?4",
            params![height, time, txid, hash],
        )?;
        conn.execute(
            "UPDATE sc_proposals SET status = 'confirmed' WHERE id = ?1",
            [proposal],
        )?;
    }
    Ok(())
}
