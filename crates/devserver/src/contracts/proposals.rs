//! Proposals: the store's create (upsert with the backend's checks), reads (tasks filled on
//! every read, then overlaid with the stored tasks' live state) and approval (which publishes
//! the tasks under contract `<hash>` and archives the wish).

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{Map, Value};
use stargate_api::Proposal;

use super::market::Market;
use super::plan;
use super::proposal_writes::{insert_proposal, meta_str, wish_proposal, PROPOSAL_COLS};
use super::task_rows::tasks_of_contracts;
use crate::compat::rfc3339;
use crate::compat::{Outcome, Refused};
use crate::store::NewWish;

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

/// A stored proposal as every read returns it (tasks filled, then live state), also inside a
/// transaction.
pub fn read_in(conn: &Connection, id: &str) -> rusqlite::Result<Option<Proposal>> {
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
            .filter_map(|k| plan::meta_str(&p.metadata, k).map(str::to_string))
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
        read_in(&self.conn(), id)?
            .ok_or_else(|| Refused::new(404, format!("proposal {id} not found")))
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
