//! The proposal writes: creation with the backend's checks (a proposal's hash and contract id
//! agree, at most one approved and five in all per wish), the unchecked upsert the seed uses,
//! the wish's own proposal, and the update of a pending one.

use rusqlite::{params, Connection};
use serde_json::{Map, Value};
use stargate_api::Proposal;

use super::store::{contract_exists, set_contract_status};
use super::validate;
use crate::compat::{nonzero_or, Outcome, Refused};
use crate::db::value;
use crate::store::NewWish;

pub const PROPOSAL_COLS: &str =
    "id, title, description_md, visible_pixel_hash, budget_sats, status, metadata, created_at";
const STATUSES: &[&str] = &["pending", "approved", "rejected", "published", "confirmed"];

/// A metadata string (`""` when absent or not a string).
pub fn meta_str(meta: &Map<String, Value>, key: &str) -> String {
    meta.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The store half of proposal creation (also used by `/api/inscribe` and the seed).
pub fn insert_proposal(conn: &Connection, mut p: Proposal, now: i64) -> Outcome<Proposal> {
    let bad = |m: String| Refused::new(400, m);
    let own_hash = p.visible_pixel_hash.clone().unwrap_or_default();
    if !own_hash.trim().is_empty()
        && meta_str(&p.metadata, "visible_pixel_hash")
            .trim()
            .is_empty()
    {
        p.metadata
            .insert("visible_pixel_hash".into(), own_hash.clone().into());
    }
    let meta_contract = meta_str(&p.metadata, "contract_id");
    let meta_contract = meta_contract.trim();
    let meta_hash = meta_str(&p.metadata, "visible_pixel_hash");
    if !meta_contract.is_empty()
        && p.metadata
            .get("visible_pixel_hash")
            .is_some_and(Value::is_string)
    {
        let normalized = meta_contract.strip_prefix("wish-").unwrap_or(meta_contract);
        if !meta_hash.trim().is_empty() && meta_hash.trim() != normalized {
            return Err(bad(format!(
                "visible_pixel_hash must match contract_id when both are set (normalized: {normalized})"
            )));
        }
    }
    if let Some(e) = validate::proposal_error(&p) {
        return Err(bad(format!("proposal validation failed: {e}")));
    }
    if p.status.is_empty() {
        p.status = "pending".into();
    } else if !STATUSES.iter().any(|s| s.eq_ignore_ascii_case(&p.status)) {
        return Err(bad(format!(
            "invalid proposal status: {} (must be one of: pending, approved, rejected, published)",
            p.status
        )));
    }
    let hash = nonzero_or(Some(own_hash.trim().into()), || {
        meta_hash.trim().to_string()
    });
    if !hash.is_empty() {
        check_room_for(conn, &hash, &p.id)?;
    }
    write_row(conn, &p, now)?;
    if ["approved", "published"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(&p.status))
    {
        let visible = [own_hash.trim(), meta_hash.trim(), meta_contract]
            .into_iter()
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if !visible.is_empty() {
            set_contract_status(conn, &format!("wish-{visible}"), "superseded")?;
        }
    }
    Ok(p)
}

/// The upsert itself, without any check (the seed writes hostile rows the backend's checks
/// would refuse, as rows replicated from peers can be): tasks go to `metadata.suggested_tasks`;
/// an existing id keeps its creation time.
pub fn write_row(conn: &Connection, p: &Proposal, now: i64) -> Outcome<()> {
    let mut meta = p.metadata.clone();
    if !p.tasks.is_empty() {
        meta.insert("suggested_tasks".into(), serde_json::to_value(&p.tasks)?);
    }
    conn.execute(
        &format!(
            "INSERT INTO sc_proposals({PROPOSAL_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET status = excluded.status, metadata = excluded.metadata,
               title = excluded.title, description_md = excluded.description_md,
               visible_pixel_hash = excluded.visible_pixel_hash, budget_sats = excluded.budget_sats"
        ),
        params![
            p.id,
            p.title,
            p.description_md,
            p.visible_pixel_hash.clone().unwrap_or_default(),
            p.budget_sats,
            p.status,
            serde_json::to_string(&meta)?,
            now
        ],
    )?;
    Ok(())
}

/// The proposal `/api/inscribe` creates with a wish: id = the hash, the message as title
/// (without leading `#`) and plan, the price as budget.
pub fn wish_proposal(w: &NewWish) -> Proposal {
    let mut metadata = Map::new();
    metadata.insert("address".into(), w.address.clone().into());
    metadata.insert("creator_wallet".into(), w.creator_wallet.clone().into());
    metadata.insert("funding_mode".into(), w.funding_mode.clone().into());
    metadata.insert("price_unit".into(), w.price_unit.clone().into());
    Proposal {
        id: w.id.clone(),
        title: super::store::wish_title(&w.text, &w.id),
        description_md: w.text.clone(),
        visible_pixel_hash: Some(w.id.clone()),
        budget_sats: w.budget_sats,
        status: "pending".into(),
        created_at: String::new(),
        tasks: Vec::new(),
        metadata,
    }
}

/// At most one approved/published proposal and five proposals per wish hash (`id` excluded).
fn check_room_for(conn: &Connection, hash: &str, id: &str) -> Outcome<()> {
    let taken: Option<String> = value(
        conn,
        "SELECT id FROM sc_proposals WHERE visible_pixel_hash = ?1 AND id <> ?2
         AND status IN ('approved', 'published') LIMIT 1",
        params![hash, id],
    )?;
    if let Some(other) = taken {
        return Err(Refused::new(
            400,
            format!("a proposal with visible_pixel_hash={hash} is already approved/published (id={other})"),
        ));
    }
    let count: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sc_proposals WHERE visible_pixel_hash = ?1 AND id <> ?2",
        params![hash, id],
        |r| r.get(0),
    )?;
    if count >= 5 {
        return Err(Refused::new(
            400,
            format!("maximum of 5 proposals reached for wish {hash}"),
        ));
    }
    Ok(())
}

/// Does the wish a proposal names exist (`wish-<hash>`, else `<hash>`)? The backend's
/// `requireWish*` message when not.
pub fn wish_missing(conn: &Connection, visible: &str) -> rusqlite::Result<Option<String>> {
    let normalized = visible
        .strip_prefix("wish-")
        .or_else(|| visible.strip_prefix("proposal-"))
        .or_else(|| visible.strip_prefix("task-"))
        .unwrap_or(visible)
        .trim();
    let wish_id = format!("wish-{normalized}");
    if contract_exists(conn, &wish_id)? || contract_exists(conn, visible)? {
        return Ok(None);
    }
    Ok(Some(format!(
        "wish not found for visible_pixel_hash (tried {wish_id} and {visible}): contract {wish_id} not found"
    )))
}

/// `UpdateProposal` of the SQLite store: only while `pending`; saves title, plan, budget,
/// status and metadata.
pub fn update_pending(conn: &Connection, p: &Proposal) -> Outcome<()> {
    match value::<String>(
        conn,
        "SELECT status FROM sc_proposals WHERE id = ?1",
        [&p.id],
    )? {
        None => return Err(Refused::new(400, format!("proposal {} not found", p.id))),
        Some(s) if !s.eq_ignore_ascii_case("pending") => {
            return Err(Refused::new(
                400,
                format!("proposal {} must be pending to update", p.id),
            ))
        }
        Some(_) => {}
    }
    conn.execute(
        "UPDATE sc_proposals SET title = ?1, description_md = ?2, budget_sats = ?3, status = ?4, metadata = ?5 WHERE id = ?6",
        params![
            p.title,
            p.description_md,
            p.budget_sats,
            p.status,
            serde_json::to_string(&p.metadata)?,
            p.id
        ],
    )?;
    Ok(())
}
