//! What the PSBT handler looks up around a contract, as the backend's helpers do:
//! `resolveFundingMode` (the proposal's metadata), `resolveIngestionRecord` (the wish) and its
//! pixel hash, and `resolveProposalIDForContract` (whose metadata and funding it changes).

use bitcoin::hashes::{sha256, Hash};
use rusqlite::Connection;
use serde_json::{Map, Value};
use stargate_api::Proposal;

use super::super::approve::looks_like_raise_fund;
use super::super::plan::funding_address;
use super::super::proposal_writes::meta_str;
use super::super::proposals::{list_proposals_in, read_in, ProposalFilter};
use crate::db::value;

/// The looked-up surroundings of a contract.
#[derive(Debug, Default)]
pub struct Context {
    /// `funding_mode` of the proposal's metadata, else `raise_fund` when its title or plan
    /// says fundraising, else "".
    pub funding_mode: String,
    /// The metadata's `funding_address`, else its `address`.
    pub funding_address: String,
    /// The wish's pixel hash (sha256 of its image), when the contract has a wish record.
    pub ingestion_pixel: Option<Vec<u8>>,
    /// The proposal the call writes to ("" when none resolves).
    pub proposal_id: String,
    /// Its `visible_pixel_hash`: the wish whose contracts become `funded`.
    pub visible_hash: String,
}

/// `GetProposal(id)`, else the first of `ListProposals{ContractID: id}`.
fn proposal_for(
    conn: &Connection,
    id: &str,
    list: &[Proposal],
) -> rusqlite::Result<Option<Proposal>> {
    Ok(read_in(conn, id)?.or_else(|| list.first().cloned()))
}

fn wish_pixel(conn: &Connection, id: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    let image: Option<Option<Vec<u8>>> =
        value(conn, "SELECT image FROM wishes WHERE id = ?1", [id])?;
    Ok(image.map(|i| {
        let bytes = i.unwrap_or_default();
        sha256::Hash::hash(&bytes).to_byte_array().to_vec()
    }))
}

pub fn context(conn: &Connection, contract_id: &str) -> rusqlite::Result<Context> {
    let filter = ProposalFilter {
        contract_id: contract_id.to_string(),
        ..ProposalFilter::default()
    };
    let listed = list_proposals_in(conn, &filter)?;
    let proposal = proposal_for(conn, contract_id, &listed)?;
    let meta = proposal
        .as_ref()
        .map(|p| p.metadata.clone())
        .unwrap_or_default();
    let mut funding_mode = meta_str(&meta, "funding_mode").trim().to_lowercase();
    if let (true, Some(p)) = (funding_mode.is_empty(), &proposal) {
        if looks_like_raise_fund(&p.title) || looks_like_raise_fund(&p.description_md) {
            funding_mode = "raise_fund".into();
        }
    }
    let funding_address = funding_address(&meta).trim().to_string();
    // The ingestion record: the wish `contract_id`, else the proposal's wish.
    let mut ingestion_pixel = wish_pixel(conn, contract_id)?;
    if let (None, Some(p)) = (&ingestion_pixel, &proposal) {
        let id = [
            meta_str(&p.metadata, "ingestion_id"),
            p.visible_pixel_hash.clone().unwrap_or_default(),
            meta_str(&p.metadata, "visible_pixel_hash"),
        ]
        .into_iter()
        .map(|a| a.trim().to_string())
        .find(|a| !a.is_empty());
        if let Some(id) = id {
            ingestion_pixel = wish_pixel(conn, &id)?;
        }
    }
    let owner = resolve_proposal(conn, contract_id, &listed)?;
    let visible_hash = owner
        .as_ref()
        .and_then(|p| p.visible_pixel_hash.clone())
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| contract_id.trim_start_matches("wish-").to_string());
    Ok(Context {
        funding_mode,
        funding_address,
        ingestion_pixel,
        proposal_id: owner.map(|p| p.id).unwrap_or_default(),
        visible_hash,
    })
}

/// `resolveProposalIDForContract`: the first approved/published proposal of the contract,
/// else its first, else the proposal with the contract's id (`wish-` stripped too).
fn resolve_proposal(
    conn: &Connection,
    contract_id: &str,
    listed: &[Proposal],
) -> rusqlite::Result<Option<Proposal>> {
    let decided = listed.iter().find(|p| {
        matches!(
            p.status.trim().to_lowercase().as_str(),
            "approved" | "published"
        )
    });
    if let Some(p) = decided.or(listed.first()) {
        return Ok(Some(p.clone()));
    }
    if let Some(p) = read_in(conn, contract_id)? {
        return Ok(Some(p));
    }
    match contract_id.strip_prefix("wish-") {
        Some(hash) => read_in(conn, hash),
        None => Ok(None),
    }
}

/// Merges `updates` into a proposal's metadata (`UpdateProposalMetadata`).
pub fn merge_proposal_metadata(
    conn: &Connection,
    id: &str,
    updates: &Map<String, Value>,
) -> rusqlite::Result<()> {
    let sql = "SELECT metadata FROM sc_proposals WHERE id = ?1";
    let Some(raw) = value::<String>(conn, sql, [id])? else {
        return Ok(());
    };
    let mut meta: Map<String, Value> = serde_json::from_str(&raw).unwrap_or_default();
    meta.extend(updates.clone());
    conn.execute(
        "UPDATE sc_proposals SET metadata = ?1 WHERE id = ?2",
        rusqlite::params![Value::Object(meta).to_string(), id],
    )?;
    Ok(())
}
