//! What a built PSBT writes, in one transaction after the build (the backend writes it best
//! effort, the funding and the event asynchronously; the devserver at once, so a test or a page
//! that asks right after the answer sees them): the proposal's `commitment_lock_address` and
//! `commitment_target`; `wish-<hash>` and `<hash>` become `funded` with the event
//! `stego_publish` (entity = the proposal, actor `system`); the `task_id`'s merkle proof gets
//! the funding transaction and the commitment. The backend's ingestion metadata, stego image,
//! sandbox tarball and IPFS announcements are not modelled.

use bitcoin::hashes::hex::DisplayHex;
use rusqlite::{params, Transaction};
use serde_json::{json, Map, Value};

use super::builder::Built;
use super::context::{merge_proposal_metadata, Context};
use crate::compat::{rfc3339_nano, Outcome};
use crate::contracts::proposal_writes::meta_str;
use crate::contracts::store::{record_event, set_contract_status};
use crate::db::value;

/// The build's results that are written.
pub struct Done<'a> {
    pub built: &'a Built,
    pub pixel: &'a [u8],
    pub lock_address: &'a str,
    /// `commitment_target` (lowercase; `funding` or `product`).
    pub target: &'a str,
}

/// Writes the effects of a build for contract context `ctx`, the body's `task_id`, at `now`.
pub fn record(
    tx: &Transaction<'_>,
    ctx: &Context,
    task_id: &str,
    now: i64,
    done: &Done<'_>,
) -> Outcome<()> {
    if !ctx.proposal_id.is_empty() {
        let mut updates = Map::new();
        updates.insert("commitment_lock_address".into(), done.lock_address.into());
        updates.insert("commitment_target".into(), done.target.into());
        merge_proposal_metadata(tx, &ctx.proposal_id, &updates)?;
        let hash = ctx.visible_hash.trim_start_matches("wish-");
        if !hash.is_empty() {
            set_contract_status(tx, &format!("wish-{hash}"), "funded")?;
            set_contract_status(tx, hash, "funded")?;
        }
        let message = "stego artifacts published (stego= sandbox=)";
        record_event(
            tx,
            "stego_publish",
            &ctx.proposal_id,
            "system",
            message,
            now,
        )?;
    }
    let task_id = task_id.trim();
    if !task_id.is_empty() {
        update_task_proof(tx, task_id, done)?;
    }
    Ok(())
}

/// `updateTaskCommitmentProof`: a missing task is skipped (the backend logs it).
fn update_task_proof(tx: &Transaction<'_>, task_id: &str, done: &Done<'_>) -> Outcome<()> {
    let sql = "SELECT merkle_proof FROM sc_tasks WHERE task_id = ?1";
    let Some(stored) = value::<Option<String>>(tx, sql, [task_id])? else {
        return Ok(());
    };
    let mut proof: Map<String, Value> = stored
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_else(|| {
            let empty = json!({"tx_id": "", "block_height": 0, "block_header_merkle_root": "",
                "proof_path": null, "funded_amount_sats": 0, "confirmation_status": "",
                "seen_at": "0001-01-01T00:00:00Z"});
            empty.as_object().cloned().unwrap_or_default()
        });
    let b = done.built;
    let mut set = |k: &str, v: Value| {
        proof.insert(k.into(), v);
    };
    if done.pixel.len() == 32 {
        let pixel = done.pixel.to_lower_hex_string();
        set("visible_pixel_hash", pixel.clone().into());
        set("commitment_pixel_hash", pixel.into());
    }
    if !b.funding_txid.is_empty() {
        set("tx_id", b.funding_txid.clone().into());
    }
    if let Some(r) = &b.redeem_script {
        set("commitment_redeem_script", r.to_hex_string().into());
    }
    if let Some(h) = &b.redeem_script_hash {
        set("commitment_redeem_hash", h.to_lower_hex_string().into());
    }
    if !b.commitment_address.is_empty() {
        set("commitment_address", b.commitment_address.clone().into());
    }
    if b.commitment_vout > 0 {
        set("commitment_vout", b.commitment_vout.into());
    }
    if b.commitment_sats > 0 {
        set("commitment_sats", b.commitment_sats.into());
    }
    let text = |k: &str| meta_str(&proof, k);
    let (status, seen, source) = (
        text("confirmation_status"),
        text("seen_at"),
        text("commitment_source"),
    );
    if status.is_empty() {
        proof.insert("confirmation_status".into(), "provisional".into());
    }
    if seen.is_empty() || seen.starts_with("0001-01-01") {
        let now = rfc3339_nano(std::time::SystemTime::now());
        proof.insert("seen_at".into(), now.into());
    }
    if done.target == "product" {
        proof.insert("commitment_source".into(), "product".into());
    } else if source.is_empty() {
        proof.insert("commitment_source".into(), "wish".into());
    }
    tx.execute(
        "UPDATE sc_tasks SET merkle_proof = ?1 WHERE task_id = ?2",
        params![Value::Object(proof).to_string(), task_id],
    )?;
    Ok(())
}
