//! `POST /api/smart_contract/proposals/{id}/approve`, the backend's steps in its order: the
//! proposal (400 when unknown), the creator check (403), the wish (400), fundraiser addresses,
//! the pending-only update, `ApproveProposal` (rejects the other pending proposals, supersedes
//! the wish), `PublishProposalTasks` (contract `<hash>` active, tasks available) and the
//! archived wish, with the events `contract_upsert`, `publish` and `approve`.

use rusqlite::{params, Connection};
use stargate_api::Proposal;

use super::market::Market;
use super::plan::{self, visible_hash};
use super::proposal_writes::{meta_str, update_pending, wish_missing};
use super::proposals::read_in;
use super::publish::publish_tasks;
use super::store::{record_event, set_contract_status};
use super::validate;
use crate::compat::{Outcome, Refused};
use crate::db::value;

/// `enforceCreatorApproval` (no donation address on the devserver): the approver's wallet must
/// equal, ignoring case, the `creator_wallet` recorded with the wish; a wish recorded without
/// one (or no wish at all) lets any bound wallet approve.
fn check_creator(conn: &Connection, p: &Proposal, wallet: Option<&str>) -> Outcome<String> {
    let wallet = wallet.map(str::trim).unwrap_or_default();
    if wallet.is_empty() {
        return Err(Refused::new(
            403,
            "api key with wallet binding required for approval",
        ));
    }
    let hash = visible_hash(p);
    let creator: Option<Option<String>> = if hash.is_empty() {
        None
    } else {
        value(
            conn,
            "SELECT creator_wallet FROM wishes WHERE id = ?1",
            [&hash],
        )?
    };
    match creator.flatten() {
        Some(c) if !c.trim().eq_ignore_ascii_case(wallet) => Err(Refused::new(
            403,
            format!("approver wallet {wallet} does not match wish creator"),
        )),
        _ => Ok(wallet.to_string()),
    }
}

/// Does a title or plan say fundraising?
pub fn looks_like_raise_fund(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    ["fund raising", "fundraising", "raise fund", "fundraise"]
        .iter()
        .any(|k| t.contains(k))
}

/// A fundraiser pays out to the approver when the proposal names no payout/funding address.
fn fill_fundraiser_addresses(p: &mut Proposal, wallet: &str) {
    let get = |p: &Proposal, k: &str| meta_str(&p.metadata, k).trim().to_string();
    let mut mode = get(p, "funding_mode").to_lowercase();
    if mode.is_empty()
        && (looks_like_raise_fund(&p.title) || looks_like_raise_fund(&p.description_md))
    {
        mode = "raise_fund".into();
        p.metadata
            .insert("funding_mode".into(), mode.clone().into());
    }
    let raise = matches!(mode.as_str(), "raise_fund" | "fundraiser" | "fundraise");
    if raise && (get(p, "payout_address").is_empty() || get(p, "funding_address").is_empty()) {
        p.metadata.insert("payout_address".into(), wallet.into());
        p.metadata.insert("funding_address".into(), wallet.into());
    }
}

impl Market {
    /// Approves proposal `id` for the holder of `wallet`, publishes its tasks and archives the
    /// wish (see [`approve_in`]). All or nothing.
    pub fn approve_proposal(&self, id: &str, wallet: Option<&str>, now: i64) -> Outcome<()> {
        self.in_transaction(|tx| approve_in(tx, id, wallet, now))
    }
}

/// The steps of the handler, inside one transaction.
pub fn approve_in(conn: &Connection, id: &str, wallet: Option<&str>, now: i64) -> Outcome<()> {
    let mut p =
        read_in(conn, id)?.ok_or_else(|| Refused::new(400, format!("proposal {id} not found")))?;
    let wallet = check_creator(conn, &p, wallet)?;
    let hash = visible_hash(&p);
    if hash.is_empty() {
        return Err(Refused::new(
            400,
            "visible_pixel_hash is required for approval",
        ));
    }
    if let Some(msg) = wish_missing(conn, &hash)? {
        return Err(Refused::new(400, msg));
    }
    fill_fundraiser_addresses(&mut p, &wallet);
    update_pending(conn, &p)?;
    if p.tasks.is_empty() && !p.description_md.trim().is_empty() {
        let desc = p.description_md.trim().to_string();
        p.metadata
            .entry("embedded_message")
            .or_insert_with(|| desc.clone().into());
        let addr = plan::funding_address(&p.metadata);
        p.tasks = plan::tasks_from_markdown(&p.id, &desc, &hash, p.budget_sats, &addr);
        update_pending(conn, &p)?;
    }
    mark_approved(conn, &p)?;
    let approved =
        read_in(conn, id)?.ok_or_else(|| Refused::new(400, format!("proposal {id} not found")))?;
    publish_tasks(conn, &approved, now)?;
    set_contract_status(conn, &format!("wish-{hash}"), "superseded")?;
    record_event(conn, "approve", id, "approver", "proposal approved", now)?;
    Ok(())
}

/// `ApproveProposal`: validation, one approved proposal per contract, the other pending ones
/// `rejected`, this one `approved`, the wish `superseded`.
fn mark_approved(conn: &Connection, p: &Proposal) -> Outcome<()> {
    if let Some(e) = validate::proposal_error(p) {
        return Err(Refused::new(
            400,
            format!("proposal validation failed: {e}"),
        ));
    }
    let mut meta = p.metadata.clone();
    if let Some(h) = p
        .visible_pixel_hash
        .as_ref()
        .filter(|h| !h.trim().is_empty())
    {
        meta.entry("visible_pixel_hash")
            .or_insert_with(|| h.clone().into());
    }
    let contract_id = plan::contract_id_from_meta(&meta, &p.id);
    let n = ["wish-", "proposal-", "task-"]
        .iter()
        .find_map(|pre| contract_id.trim().strip_prefix(pre))
        .unwrap_or(contract_id.trim())
        .trim()
        .to_string();
    let wish = format!("wish-{n}");
    let conflict: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sc_proposals WHERE id <> ?1 AND status IN ('approved', 'published')
         AND (id IN (?2, ?3) OR visible_pixel_hash IN (?2, ?3))",
        params![p.id, n, wish],
        |r| r.get(0),
    )?;
    if conflict > 0 {
        return Err(Refused::new(
            400,
            format!("another proposal is already approved/published for contract {n}"),
        ));
    }
    conn.execute(
        "UPDATE sc_proposals SET status = 'rejected' WHERE id <> ?1 AND status = 'pending'
         AND (id IN (?2, ?3) OR visible_pixel_hash IN (?2, ?3))",
        params![p.id, n, wish],
    )?;
    let stored: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sc_tasks WHERE contract_id = ?1",
        [&contract_id],
        |r| r.get(0),
    )?;
    if p.tasks.is_empty() && stored == 0 {
        return Err(Refused::new(
            400,
            "approved proposals must contain at least one task",
        ));
    }
    conn.execute(
        "UPDATE sc_proposals SET status = 'approved' WHERE id = ?1",
        [&p.id],
    )?;
    let visible = visible_hash(p);
    if !visible.is_empty() {
        set_contract_status(conn, &format!("wish-{visible}"), "superseded")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fundraisers_pay_the_approver_when_no_address_is_named() {
        let mut p: Proposal = serde_json::from_value(serde_json::json!({
            "id": "p", "title": "Community fundraising", "description_md": "",
            "budget_sats": 1, "status": "pending", "created_at": "", "metadata": {}
        }))
        .unwrap();
        fill_fundraiser_addresses(&mut p, "tb1qme");
        assert_eq!(p.metadata["funding_mode"], "raise_fund");
        assert_eq!(p.metadata["payout_address"], "tb1qme");
        let mut q = p.clone();
        q.metadata.insert("funding_mode".into(), "payout".into());
        q.metadata.remove("payout_address");
        fill_fundraiser_addresses(&mut q, "tb1qother");
        assert!(!q.metadata.contains_key("payout_address"));
    }
}
