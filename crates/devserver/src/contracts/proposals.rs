//! Proposals: the store's create (upsert with the backend's checks), reads (tasks filled on
//! every read, then overlaid with the stored tasks' live state) and approval (which publishes
//! the tasks under contract `<hash>` and archives the wish).

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{Map, Value};
use stargate_api::Proposal;

use super::market::Market;
use super::plan;
use super::store::{contract_exists, set_contract_status, tasks_of_contracts};
use super::validate;
use crate::compat::rfc3339;
use crate::compat::{Outcome, Refused};
use crate::store::NewWish;

const PROPOSAL_COLS: &str =
    "id, title, description_md, visible_pixel_hash, budget_sats, status, metadata, created_at";
const STATUSES: &[&str] = &["pending", "approved", "rejected", "published", "confirmed"];

fn proposal_of(r: &Row<'_>) -> rusqlite::Result<Proposal> {
    let hash: String = r.get(3)?;
    let meta: String = r.get(6)?;
    Ok(Proposal {
        id: r.get(0)?,
        title: r.get(1)?,
        description_md: r.get(2)?,
        visible_pixel_hash: Some(hash).filter(|h| !h.is_empty()),
        budget_sats: r.get(4)?,
        status: r.get(5)?,
        metadata: serde_json::from_str(&meta).unwrap_or_default(),
        created_at: rfc3339(r.get(7)?),
        tasks: Vec::new(),
    })
}

fn meta_str(meta: &Map<String, Value>, key: &str) -> String {
    meta.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// `hydrateProposalTasks`: stored tasks under the proposal's contract ids replace the derived
/// ones when there are more of them; otherwise each derived task takes its stored twin's state.
fn hydrate(conn: &Connection, p: &mut Proposal) -> rusqlite::Result<()> {
    let ids: Vec<String> = ["contract_id", "visible_pixel_hash", "ingestion_id"]
        .iter()
        .map(|k| meta_str(&p.metadata, k))
        .chain([p.id.clone()])
        .filter(|id| !id.trim().is_empty())
        .collect();
    let live = tasks_of_contracts(conn, &ids)?;
    if live.is_empty() {
        return Ok(());
    }
    if p.tasks.is_empty() || live.len() > p.tasks.len() {
        p.tasks = live;
        return Ok(());
    }
    for t in &mut p.tasks {
        if let Some(l) = live.iter().find(|l| l.task_id == t.task_id) {
            t.status = l.status.clone();
            t.claimed_by = l.claimed_by.clone();
            t.claimed_at = l.claimed_at.clone();
            t.claim_expires_at = l.claim_expires_at.clone();
            if l.merkle_proof.is_some() {
                t.merkle_proof = l.merkle_proof.clone();
            }
            if l.skills_required.as_ref().is_some_and(|s| !s.is_empty()) {
                t.skills_required = l.skills_required.clone();
            }
        }
    }
    Ok(())
}

/// A stored proposal as every read returns it (tasks filled, then live state).
fn read(conn: &Connection, id: &str) -> rusqlite::Result<Option<Proposal>> {
    let sql = format!("SELECT {PROPOSAL_COLS} FROM sc_proposals WHERE id = ?1");
    let Some(mut p) = conn.query_row(&sql, [id], proposal_of).optional()? else {
        return Ok(None);
    };
    plan::populate_tasks(&mut p);
    hydrate(conn, &mut p)?;
    Ok(Some(p))
}

/// The filters of `GET /api/smart_contract/proposals`, as the store applies them.
#[derive(Clone, Debug, Default)]
pub struct ProposalFilter {
    pub status: String,
    pub contract_id: String,
    pub skills: Vec<String>,
    pub min_budget: i64,
    /// SQL `LIMIT` on the newest proposals BEFORE the other filters; ≤ 0 = none.
    pub limit: i64,
    pub offset: i64,
}

fn matches(p: &Proposal, f: &ProposalFilter) -> bool {
    if !f.contract_id.is_empty() {
        let want = f.contract_id.trim();
        let candidates = ["contract_id", "ingestion_id", "visible_pixel_hash"]
            .iter()
            .filter_map(|k| {
                p.metadata
                    .get(*k)
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .chain([
                p.visible_pixel_hash.clone().unwrap_or_default(),
                p.id.clone(),
            ]);
        if !candidates.into_iter().any(|c| c.trim() == want) {
            return false;
        }
    }
    if f.min_budget > 0 && p.budget_sats < f.min_budget {
        return false;
    }
    f.skills.is_empty()
        || p.tasks.iter().any(|t| {
            let have = t.skills_required.clone().unwrap_or_default();
            f.skills
                .iter()
                .any(|w| have.iter().any(|h| h.eq_ignore_ascii_case(w)))
        })
}

/// Is this one of the backend's "stego manifest" proposals (hidden from the list)?
pub fn looks_like_manifest(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["schema_version:", "proposal_id:", "visible_pixel_hash:"]
        .iter()
        .all(|k| lower.contains(k))
}

impl Market {
    /// Stores a submitted wish as pending (committed, so durable, once this returns), with its
    /// wish-as-proposal unless asked not to. A wish with the same id (same image, text and
    /// second) is kept as it is.
    pub fn insert_wish(&self, w: &NewWish) -> anyhow::Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO wishes(id, text, price_sats, address, funding_mode, image, created_at, status, confirmed_height, creator_wallet) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', NULL, ?8)",
            params![w.id, w.text, w.budget_sats, w.address, w.funding_mode, w.image, w.created_at, w.creator_wallet],
        )?;
        if added == 1 && !w.skip_proposal {
            // The backend swallows this one's errors (e.g. a message its checks call dangerous).
            let _ = insert_proposal(&tx, wish_proposal(w), w.created_at);
        }
        tx.commit()?;
        Ok(())
    }

    /// `GET /api/smart_contract/proposals/{id}`: exact id; 404 `proposal <id> not found`.
    pub fn proposal(&self, id: &str) -> Outcome<Proposal> {
        read(&self.conn(), id)?.ok_or_else(|| Refused::new(404, format!("proposal {id} not found")))
    }

    /// `ListProposals` of the SQLite store: newest first, `LIMIT` in SQL, then the filters,
    /// then the offset and the limit again.
    pub fn proposals(&self, f: &ProposalFilter) -> Outcome<Vec<Proposal>> {
        Ok(list_proposals_in(&self.conn(), f)?)
    }

    /// `CreateProposal`: the store's checks (400), then an upsert; a proposal stored as
    /// `approved`/`published` supersedes its wish at once.
    pub fn create_proposal(&self, p: Proposal, now: i64) -> Outcome<Proposal> {
        self.in_transaction(|tx| insert_proposal(tx, p, now))
    }
}

/// What `/api/search` matches and shows of a proposal.
#[derive(Clone, Debug)]
pub struct ProposalSummary {
    pub id: String,
    pub title: String,
    pub description_md: String,
    pub visible_pixel_hash: String,
    pub budget_sats: i64,
    pub status: String,
    pub created_at: i64,
}

impl Market {
    /// Every proposal, newest first, as search needs it.
    pub fn proposal_summaries(&self) -> Outcome<Vec<ProposalSummary>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, title, description_md, visible_pixel_hash, budget_sats, status, created_at
             FROM sc_proposals ORDER BY created_at DESC, seq DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ProposalSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                description_md: r.get(2)?,
                visible_pixel_hash: r.get(3)?,
                budget_sats: r.get(4)?,
                status: r.get(5)?,
                created_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ingestion record's metadata of wish `id`, as `/api/inscribe` writes it (the
    /// devserver keeps the wish's columns, not the map: the price is kept as sats).
    pub fn ingestion(&self, id: &str) -> Outcome<Option<Map<String, Value>>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT COALESCE(text, ''), COALESCE(price_sats, 0), COALESCE(address, ''),
                        COALESCE(funding_mode, ''), COALESCE(created_at, 0), creator_wallet
                 FROM wishes WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )
            .optional()?;
        Ok(row.map(|(text, sats, address, mode, created, creator)| {
            let mut m = Map::new();
            m.insert("address".into(), address.into());
            m.insert("budget_sats".into(), sats.into());
            if let Some(c) = creator {
                m.insert("creator_wallet".into(), c.into());
            }
            let embedded = format!("{}\n\n[stargate-ts:{created}]", text.trim());
            m.insert("embedded_message".into(), embedded.into());
            m.insert("funding_mode".into(), mode.into());
            m.insert("message".into(), text.into());
            m.insert("native_stego".into(), true.into());
            m.insert("price".into(), sats.to_string().into());
            m.insert("price_unit".into(), "sats".into());
            m.insert("wish_timestamp".into(), created.into());
            m
        }))
    }

    /// `requireWishForProposalCreation`'s message when the wish of `visible` does not exist.
    pub fn missing_wish(&self, visible: &str) -> Outcome<Option<String>> {
        Ok(wish_missing(&self.conn(), visible)?)
    }
}

/// `ListProposals` of the SQLite store inside a transaction: newest first, `LIMIT` in SQL,
/// then the filters, then the offset (ignored when it is past the matches) and the limit.
pub fn list_proposals_in(conn: &Connection, f: &ProposalFilter) -> rusqlite::Result<Vec<Proposal>> {
    let limit = if f.limit > 0 { f.limit } else { -1 };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PROPOSAL_COLS} FROM sc_proposals WHERE (?1 = '' OR status = ?1)
         ORDER BY created_at DESC, seq DESC LIMIT ?2"
    ))?;
    let rows: Vec<Proposal> = stmt
        .query_map(params![f.status, limit], proposal_of)?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for mut p in rows {
        plan::populate_tasks(&mut p);
        hydrate(conn, &mut p)?;
        if matches(&p, f) {
            out.push(p);
        }
    }
    super::offset_then_limit(&mut out, f.offset, f.limit);
    Ok(out)
}

/// Re-reads a proposal inside a transaction (tasks filled and overlaid).
pub fn read_in(conn: &Connection, id: &str) -> rusqlite::Result<Option<Proposal>> {
    read(conn, id)
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
    let hash = Some(own_hash.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| meta_hash.trim().to_string());
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
    let taken: Option<String> = conn
        .query_row(
            "SELECT id FROM sc_proposals WHERE visible_pixel_hash = ?1 AND id <> ?2
             AND status IN ('approved', 'published') LIMIT 1",
            params![hash, id],
            |r| r.get(0),
        )
        .optional()?;
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
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM sc_proposals WHERE id = ?1",
            [&p.id],
            |r| r.get(0),
        )
        .optional()?;
    match status {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_need_all_three_keys() {
        assert!(looks_like_manifest(
            "Schema_Version: 1\nproposal_id: x\nvisible_pixel_hash: y"
        ));
        assert!(!looks_like_manifest("schema_version: 1\nproposal_id: x"));
    }
}
