//! Publishing: a proposal's tasks go live under its contract (`PublishProposalTasks`, run by
//! approval and by a finished review) and `PublishProposal`.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};
use stargate_api::{Proposal, Task};

use super::market::Market;
use super::plan;
use super::store::record_event;
use super::task_rows::upsert_task;
use crate::compat::{Outcome, Refused};

impl Market {
    /// `PublishProposal`: an approved (or published) proposal becomes `published`, and its
    /// contract's tasks that were submitted, in review, claimed or approved too.
    pub fn publish_proposal(&self, id: &str, now: i64) -> Outcome<()> {
        self.in_transaction(|tx| {
            let row: Option<(String, String)> = tx
                .query_row(
                    "SELECT status, metadata FROM sc_proposals WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((status, meta)) = row else {
                return Err(Refused::new(400, "sql: no rows in result set"));
            };
            if !status.eq_ignore_ascii_case("approved") && !status.eq_ignore_ascii_case("published")
            {
                return Err(Refused::new(
                    400,
                    format!("proposal {id} must be approved before publish"),
                ));
            }
            let meta: Map<String, Value> = serde_json::from_str(&meta).unwrap_or_default();
            let contract_id = plan::contract_id_from_meta(&meta, id);
            tx.execute(
                "UPDATE sc_tasks SET status = 'published' WHERE contract_id = ?1
             AND status IN ('submitted', 'pending_review', 'claimed', 'approved')",
                [&contract_id],
            )?;
            tx.execute(
                "UPDATE sc_proposals SET status = 'published' WHERE id = ?1",
                [id],
            )?;
            record_event(tx, "publish", id, "approver", "proposal published", now)?;
            Ok(())
        })
    }
}

/// Publishes tasks of `p` under its contract (`PublishProposalTasks`): the contract `<hash>`
/// becomes `active`, the tasks are upserted, two events recorded.
pub fn publish_tasks(conn: &Connection, p: &Proposal, now: i64) -> rusqlite::Result<()> {
    let mut tasks = p.tasks.clone();
    let addr = plan::funding_address(&p.metadata);
    if tasks.is_empty() {
        let em = plan::meta_str(&p.metadata, "embedded_message").unwrap_or_default();
        if !em.is_empty() {
            let hash = p.visible_pixel_hash.clone().unwrap_or_default();
            tasks = plan::tasks_from_markdown(&p.id, em, &hash, p.budget_sats, &addr);
        }
        if tasks.is_empty() {
            return Ok(());
        }
    }
    let contract_id = plan::contract_id_from_meta(&p.metadata, &p.id)
        .trim()
        .to_string();
    conn.execute(
        "INSERT INTO sc_contracts(contract_id, title, total_budget_sats, goals_count, status, created_at)
         VALUES (?1, ?2, ?3, 1, 'active', ?4)
         ON CONFLICT(contract_id) DO UPDATE SET title = excluded.title,
           total_budget_sats = excluded.total_budget_sats, goals_count = 1, status = 'active'",
        params![contract_id, p.title, p.budget_sats, now],
    )?;
    let count = tasks.len() as i64;
    let hash = p.visible_pixel_hash.clone().unwrap_or_default();
    for (i, t) in tasks.iter_mut().enumerate() {
        complete_task(t, i, p, &contract_id, &hash, &addr, count);
        upsert_task(conn, t)?;
    }
    let msg = format!("contract upserted with {count} tasks");
    record_event(conn, "contract_upsert", &contract_id, "system", &msg, now)?;
    record_event(
        conn,
        "publish",
        &p.id,
        "system",
        "proposal tasks published",
        now,
    )
}

fn complete_task(
    t: &mut Task,
    i: usize,
    p: &Proposal,
    contract_id: &str,
    hash: &str,
    addr: &str,
    count: i64,
) {
    if t.task_id.trim().is_empty() {
        t.task_id = format!("{}-task-{}", p.id, i + 1);
    }
    if t.contract_id.is_empty() || t.contract_id == p.id {
        t.contract_id = contract_id.to_string();
    }
    if t.merkle_proof.is_none() && !hash.is_empty() {
        let amount = p.budget_sats / count.max(1);
        t.merkle_proof = Some(plan::provisional_proof(hash, amount, addr));
    }
    if let Some(proof) = &mut t.merkle_proof {
        if proof
            .funding_address
            .as_deref()
            .unwrap_or_default()
            .is_empty()
            && !addr.is_empty()
        {
            proof.funding_address = Some(addr.to_string());
        }
    }
}
