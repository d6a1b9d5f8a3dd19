//! The contract tables and their reads: contracts (a wish is `wish-<hash>`), rework requests
//! and events (the task and submission rows are in `task_rows.rs`). Writes that change several
//! tables (create a proposal, approve, rework) live in `proposal_writes.rs`, `approve.rs` and
//! `rework.rs` beside this file.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map};
use stargate_api::{Contract, ContractEvent, ReworkRequest, Submission, Task};

use super::market::Market;
use super::plan::ZERO_TIME;
use super::task_rows::{submissions_of, tasks_by_id};
use crate::compat::rfc3339;
use crate::compat::{Outcome, Refused};

/// The backend keeps its events in a ring of this many (newest first).
pub const EVENT_RING: i64 = 200;

/// The wish contract's title: the message without leading `#`, or `Wish <hash>`.
pub fn wish_title(text: &str, hash: &str) -> String {
    let t = text.trim();
    let t = if t.starts_with('#') {
        t.trim_start_matches('#').trim()
    } else {
        t
    };
    if t.is_empty() {
        format!("Wish {hash}")
    } else {
        t.to_string()
    }
}

/// One stored contract, before the live counts and rework requests are added.
struct ContractRow {
    id: String,
    title: String,
    budget: i64,
    goals: i64,
    status: String,
    skills: Option<String>,
    confirmed_height: Option<i64>,
    confirmed_at: Option<i64>,
    confirmed_txid: Option<String>,
}

fn contract_row(conn: &Connection, id: &str) -> rusqlite::Result<Option<ContractRow>> {
    let row_of = |r: &rusqlite::Row<'_>| {
        Ok(ContractRow {
            id: r.get(0)?,
            title: r.get(1)?,
            budget: r.get(2)?,
            goals: r.get(3)?,
            status: r.get(4)?,
            skills: r.get(5)?,
            confirmed_height: r.get(6)?,
            confirmed_at: r.get(7)?,
            confirmed_txid: r.get(8)?,
        })
    };
    if let Some(hash) = id.strip_prefix("wish-") {
        let wish = conn.query_row(
            "SELECT ?1, COALESCE(w.text, ''), COALESCE(w.price_sats, 0), 0,
                    COALESCE(w.status, 'pending'), NULL, w.confirmed_height, b.time, w.confirmed_txid
             FROM wishes w LEFT JOIN blocks b ON b.height = w.confirmed_height WHERE w.id = ?2",
            [id, hash],
            row_of,
        );
        if let Some(mut wish) = wish.optional()? {
            wish.title = wish_title(&wish.title, hash);
            return Ok(Some(wish));
        }
    }
    conn.query_row(
        "SELECT contract_id, title, total_budget_sats, goals_count, status, skills,
                confirmed_block_height, confirmed_at, confirmed_txid
         FROM sc_contracts WHERE contract_id = ?1",
        [id],
        row_of,
    )
    .optional()
}

/// A contract's status (the wish row's for `wish-<hash>`), `None` when it does not exist.
pub fn contract_status(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    Ok(contract_row(conn, id)?.map(|c| c.status))
}

/// Does the contract exist (a wish row for `wish-<hash>`, else a contract row)?
pub fn contract_exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(contract_row(conn, id)?.is_some())
}

/// Sets a contract's status: the wish row for `wish-<hash>`, else the contract row.
pub fn set_contract_status(conn: &Connection, id: &str, status: &str) -> rusqlite::Result<()> {
    if let Some(hash) = id.strip_prefix("wish-") {
        if conn.execute(
            "UPDATE wishes SET status = ?1 WHERE id = ?2",
            params![status, hash],
        )? > 0
        {
            return Ok(());
        }
    }
    conn.execute(
        "UPDATE sc_contracts SET status = ?1 WHERE contract_id = ?2",
        params![status, id],
    )?;
    Ok(())
}

fn available_tasks(conn: &Connection, contract_id: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM sc_tasks WHERE contract_id = ?1 AND status = 'available'",
        [contract_id],
        |r| r.get(0),
    )
}

/// A contract's rework requests, oldest first.
pub fn rework_requests(
    conn: &Connection,
    contract_id: &str,
) -> rusqlite::Result<Vec<ReworkRequest>> {
    let mut stmt = conn.prepare_cached(
        "SELECT request_id, contract_id, requester, notes, status, created_at, resolved_at
         FROM sc_rework WHERE contract_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([contract_id], |r| {
        Ok(ReworkRequest {
            request_id: r.get(0)?,
            contract_id: r.get(1)?,
            requester: r.get(2)?,
            notes: r.get(3)?,
            status: r.get(4)?,
            created_at: rfc3339(r.get(5)?),
            resolved_at: r.get::<_, Option<i64>>(6)?.map(rfc3339),
        })
    })?;
    rows.collect()
}

fn to_contract(conn: &Connection, row: ContractRow) -> rusqlite::Result<Contract> {
    let rework = rework_requests(conn, &row.id)?;
    let mut metadata = Map::new();
    if let (Some(txid), "confirmed") = (&row.confirmed_txid, row.status.as_str()) {
        metadata.insert("confirmed_txid".into(), txid.clone().into());
    }
    if !rework.is_empty() {
        // As the backend keeps them in `metadata.rework_requests`.
        metadata.insert("rework_requests".into(), json!(rework));
    }
    Ok(Contract {
        available_tasks_count: available_tasks(conn, &row.id)?,
        contract_id: row.id,
        title: row.title,
        total_budget_sats: row.budget,
        goals_count: row.goals,
        status: row.status,
        skills: row
            .skills
            .filter(|s| !s.is_empty())
            .map(|s| s.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
        stego_image_url: None,
        metadata: (!metadata.is_empty()).then_some(metadata),
        confirmed_block_height: row.confirmed_height,
        confirmed_at: row.confirmed_at.map(rfc3339),
        // The SQLite store never selects created_at: always Go's zero time.
        created_at: ZERO_TIME.to_string(),
        rework_requests: rework,
    })
}

/// Appends an event and keeps the newest [`EVENT_RING`].
pub fn record_event(
    conn: &Connection,
    kind: &str,
    entity: &str,
    actor: &str,
    message: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sc_events(type, entity_id, actor, message, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind, entity, actor, message, now],
    )?;
    conn.execute(
        "DELETE FROM sc_events WHERE seq <= (SELECT MAX(seq) FROM sc_events) - ?1",
        [EVENT_RING],
    )?;
    Ok(())
}

/// An `/api/open-contracts` row: a wish (`wish-<hash>`) or a contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    /// The wish (ingestion record) it belongs to: `id` without `wish-`.
    pub hash: String,
    pub text: String,
    pub budget_sats: i64,
    pub status: String,
    pub created_at: i64,
    pub confirmed_height: Option<i64>,
    /// Unix time of `confirmed_at` (contracts only: a wish keeps its creation time).
    pub confirmed_at: Option<i64>,
    pub confirmed_txid: Option<String>,
    pub available_tasks: i64,
}

impl Market {
    /// `GET /api/smart_contract/contracts/{id}`: exact id; 404 `contract <id> not found`.
    pub fn contract(&self, id: &str) -> Outcome<Contract> {
        let conn = self.conn();
        let row = contract_row(&conn, id)?
            .ok_or_else(|| Refused::new(404, format!("contract {id} not found")))?;
        Ok(to_contract(&conn, row)?)
    }

    /// The listing of `/api/open-contracts`: wishes and contracts, confirmed height descending
    /// (no height last), then creation time and id descending (the SQLite store's order).
    /// `cursor_height` keeps heights strictly below it (rows at the cursor are skipped).
    pub fn listed_contracts(
        &self,
        status: Option<&str>,
        cursor_height: Option<i64>,
    ) -> Outcome<Vec<Listed>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, hash, text, budget, status, created_at, height, confirmed_at, txid,
                    (SELECT COUNT(*) FROM sc_tasks t WHERE t.contract_id = id AND t.status = 'available')
             FROM (
               SELECT 'wish-' || w.id AS id, w.id AS hash, COALESCE(w.text, '') AS text,
                      COALESCE(w.price_sats, 0) AS budget, COALESCE(w.status, 'pending') AS status,
                      COALESCE(w.created_at, 0) AS created_at, w.confirmed_height AS height,
                      NULL AS confirmed_at, w.confirmed_txid AS txid
               FROM wishes w
               UNION ALL
               SELECT c.contract_id, c.contract_id, COALESCE(w.text, c.title), c.total_budget_sats,
                      c.status, c.created_at, c.confirmed_block_height, c.confirmed_at, c.confirmed_txid
               FROM sc_contracts c LEFT JOIN wishes w ON w.id = c.contract_id
             )
             WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR height < ?2)
             ORDER BY height IS NULL, height DESC, created_at DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![status, cursor_height], |r| {
            Ok(Listed {
                id: r.get(0)?,
                hash: r.get(1)?,
                text: r.get(2)?,
                budget_sats: r.get(3)?,
                status: r.get(4)?,
                created_at: r.get(5)?,
                confirmed_height: r.get(6)?,
                confirmed_at: r.get(7)?,
                confirmed_txid: r.get(8)?,
                available_tasks: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored tasks with these ids and their submissions (`None` when there are none).
    pub fn tasks_and_submissions(
        &self,
        ids: &[&str],
    ) -> Outcome<(Vec<Task>, Option<Vec<Submission>>)> {
        let conn = self.conn();
        Ok((tasks_by_id(&conn, ids)?, submissions_of(&conn, ids)?))
    }

    /// `GET /api/smart_contract/events`: newest first; `kind`/`actor` ignore case, `entity`
    /// exact; `limit` ≤ 0 means all.
    pub fn events(
        &self,
        kind: &str,
        actor: &str,
        entity: &str,
        limit: i64,
    ) -> Outcome<Vec<ContractEvent>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT type, entity_id, actor, message, created_at FROM sc_events
             WHERE (?1 = '' OR lower(type) = lower(?1)) AND (?2 = '' OR lower(actor) = lower(?2))
               AND (?3 = '' OR entity_id = ?3)
             ORDER BY seq DESC LIMIT ?4",
        )?;
        let limit = if limit <= 0 { -1 } else { limit };
        let rows = stmt.query_map(params![kind, actor, entity, limit], |r| {
            Ok(ContractEvent {
                type_: r.get(0)?,
                entity_id: r.get(1)?,
                actor: r.get(2)?,
                message: r.get(3)?,
                created_at: rfc3339(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wish_titles_drop_leading_hashes() {
        assert_eq!(wish_title("## Moon ", "h"), "Moon");
        assert_eq!(wish_title(" plain", "h"), "plain");
        assert_eq!(wish_title("###", "ab"), "Wish ab");
    }
}
