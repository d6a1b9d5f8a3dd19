//! `POST /api/smart_contract/contracts/{id}/psbt` (`handleContractPSBT`), from the contract
//! lookup on: the checks in the backend's order, the build (`builder`, over the wallets' coins
//! of `crate::faucet`), the side effects (`effects`) and the answer. The handler does what
//! comes before (415, 503, the key's wallet, "invalid json"). Raise-fund mode is not
//! modelled: its `funding_mode` is reported, the payment is built as in normal mode.

pub mod body;
pub mod builder;
mod context;
mod effects;

use base64::Engine;
use bitcoin::hashes::hex::DisplayHex;
use stargate_api::PsbtResult;

use super::market::Market;
use crate::addresses::{decode, GoAddress};
use crate::compat::{decode_hex, nonzero_or, Outcome, Refused};
use body::PsbtBody;
use builder::{build, Built, Request};

/// The backend's `DefaultBudgetSats`.
pub const DEFAULT_BUDGET_SATS: i64 = 100_000;

/// One PSBT request, after the handler's checks.
pub struct PsbtCall {
    pub contract_id: String,
    /// The wallet bound to the caller's key (the payer).
    pub payer_wallet: String,
    /// The wallet bound to `contractor_api_key`, when that key is known and bound.
    pub contractor_key_wallet: Option<String>,
    pub body: PsbtBody,
    pub now: i64,
}

fn bad(message: impl Into<String>) -> Refused {
    Refused::new(400, message)
}

fn decoded(prefix: &str, s: &str) -> Outcome<GoAddress> {
    decode(s).map_err(|e| bad(format!("{prefix}: {e}")))
}

/// A hex pixel hash of 20 or 32 bytes (`decodePixelHex`).
fn pixel_hex(s: &str) -> Option<Vec<u8>> {
    decode_hex(s).filter(|b| b.len() == 20 || b.len() == 32)
}

/// The payers, the change address and the target, checked as the handler checks them.
struct Plan {
    payer: GoAddress,
    payers: Vec<GoAddress>,
    change: Option<GoAddress>,
    target: i64,
    commitment_sats: i64,
}

fn plan(call: &PsbtCall, contract_budget: i64) -> Outcome<Plan> {
    let b = &call.body;
    let payer = decoded("invalid payer wallet", &call.payer_wallet)?;
    let mut payers = Vec::new();
    for a in &b.payer_addresses {
        if a.trim().is_empty() {
            return Err(bad("payer address required"));
        }
        payers.push(decoded("invalid payer address", a.trim())?);
    }
    if payers.is_empty() {
        payers.push(payer.clone());
    }
    let change = match b.change_address.trim() {
        "" => None,
        a => Some(decoded("invalid change address", a)?),
    };
    let target = [b.budget_sats, contract_budget, DEFAULT_BUDGET_SATS]
        .into_iter()
        .find(|t| *t > 0)
        .unwrap_or(DEFAULT_BUDGET_SATS);
    let commitment_sats = match (b.commitment_sats > 0, b.commitment_target == "donation") {
        (true, _) => b.commitment_sats,
        (false, true) => 1000,
        (false, false) => 0,
    };
    Ok(Plan {
        payer,
        payers,
        change,
        target,
        commitment_sats,
    })
}

/// Payout addresses and amounts.
type Payouts = Vec<(GoAddress, i64)>;

/// The payouts (checked), else the contractor; the target may become the payouts' sum.
fn payouts(
    call: &PsbtCall,
    funding_address: &str,
    target: &mut i64,
) -> Outcome<(Payouts, Option<GoAddress>)> {
    let mut out = Vec::new();
    for (address, sats) in &call.body.payouts {
        if address.trim().is_empty() {
            return Err(bad("payout address required"));
        }
        let a = decoded("invalid payout address", address.trim())?;
        if *sats <= 0 {
            return Err(bad("payout amount must be positive"));
        }
        out.push((a, *sats));
    }
    let total: i64 = out.iter().map(|(_, v)| v).sum();
    if total > 0 {
        if *target <= 0 {
            *target = total;
        }
        if total > *target {
            return Err(bad("payout total exceeds budget_sats"));
        }
        return Ok((out, None));
    }
    // Go keeps the error of the last decode it tried; a later success clears it.
    let mut last: Result<Option<GoAddress>, String> = Ok(None);
    let tries = [
        call.contractor_key_wallet.clone().unwrap_or_default(),
        funding_address.trim().to_string(),
        call.body.contractor_wallet.trim().to_string(),
    ];
    for t in tries.iter().filter(|t| !t.trim().is_empty()) {
        last = decode(t).map(Some);
        if let Ok(Some(_)) = last {
            break;
        }
    }
    match last {
        Err(e) => Err(bad(format!("invalid contractor wallet: {e}"))),
        Ok(None) => Err(bad("contractor wallet required when payouts are empty")),
        Ok(found) => Ok((out, found)),
    }
}

impl Market {
    /// Builds the contract's payment from the payer's coins and records what the backend
    /// records (see `effects`); every refusal is the backend's status and text.
    pub fn build_psbt(&self, call: PsbtCall) -> Outcome<PsbtResult> {
        let contract = self.contract(&call.contract_id)?;
        let mut p = plan(&call, contract.total_budget_sats)?;
        let ctx = context::context(&self.conn(), &call.contract_id)?;
        if p.payers.len() > 1 && p.change.is_none() {
            return Err(bad(
                "change_address required when using multiple payer addresses",
            ));
        }
        let b = &call.body;
        let (mut pixel, mut source) = (Vec::new(), "");
        if b.use_pixel_hash.unwrap_or(true) {
            let found = [
                (pixel_hex(b.pixel_hash.trim()), "pixel_hash"),
                (ctx.ingestion_pixel.clone(), "visible_pixel_hash"),
                (pixel_hex(call.contract_id.trim()), "contract_id"),
            ]
            .into_iter()
            .find_map(|(p, s)| p.map(|p| (p, s)));
            (pixel, source) =
                found.ok_or_else(|| bad("missing 32-byte pixel hash for commitment output"))?;
        }
        let target = nonzero_or(Some(b.commitment_target.trim().to_lowercase()), || {
            "funding".into()
        });
        match target.as_str() {
            "funding" => {}
            "product" => p.commitment_sats = 0,
            // The devserver has no STARLIGHT_DONATION_ADDRESS.
            "donation" => return Err(bad("donation address not configured")),
            _ => return Err(bad("invalid commitment_target")),
        }
        let (payouts, contractor) = payouts(&call, &ctx.funding_address, &mut p.target)?;
        let change = p.change.clone().unwrap_or_else(|| p.payers[0].clone());
        let candidates = {
            let conn = self.conn();
            let mut all = Vec::new();
            for payer in &p.payers {
                for u in crate::faucet::utxos(&conn, payer)? {
                    all.push((payer.clone(), u));
                }
            }
            all
        };
        let built = build(Request {
            candidates,
            target_sats: p.target,
            pixel_hash: pixel.clone(),
            commitment_sats: p.commitment_sats,
            contractor: contractor.clone(),
            payouts,
            fee_rate: b.fee_rate_sats_vb,
            change: change.clone(),
        })
        .map_err(bad)?;
        let lock = p.payer.text.clone();
        let done = effects::Done {
            built: &built,
            pixel: &pixel,
            lock_address: &lock,
            target: &target,
        };
        let (task_id, now) = (call.body.task_id.as_str(), call.now);
        self.in_transaction(|tx| effects::record(tx, &ctx, task_id, now, &done))?;
        Ok(answer(
            &call, &ctx, &p, &built, &pixel, source, &change, contractor,
        ))
    }
}

#[allow(clippy::too_many_arguments)]
fn answer(
    call: &PsbtCall,
    ctx: &context::Context,
    p: &Plan,
    built: &Built,
    pixel: &[u8],
    source: &str,
    change: &GoAddress,
    contractor: Option<GoAddress>,
) -> PsbtResult {
    let bytes = built.psbt.serialize();
    let hex = bytes.to_lower_hex_string();
    let hexes = |s: &[bitcoin::ScriptBuf]| s.iter().map(|s| s.to_hex_string()).collect::<Vec<_>>();
    // "" when there is no such script.
    let hex_or_empty =
        |s: Option<&bitcoin::ScriptBuf>| Some(s.map_or(String::new(), |s| s.to_hex_string()));
    PsbtResult {
        psbt: Some(hex.clone()),
        psbt_hex: Some(hex),
        psbt_base64: Some(base64::engine::general_purpose::STANDARD.encode(&bytes)),
        funding_txid: Some(built.funding_txid.clone()),
        fee_sats: Some(built.fee_sats),
        change_sats: Some(built.change_sats),
        selected_sats: Some(built.selected_sats),
        payout_script: hex_or_empty(built.payout_scripts.first()),
        payout_scripts: Some(hexes(&built.payout_scripts)).filter(|v| !v.is_empty()),
        payout_amounts: Some(built.payout_amounts.clone()).filter(|v| !v.is_empty()),
        commitment_script: hex_or_empty(built.commitment_script.as_ref()),
        commitment_sats: Some(built.commitment_sats),
        commitment_vout: Some(i64::from(built.commitment_vout)),
        redeem_script: hex_or_empty(built.redeem_script.as_ref()),
        redeem_script_hash: Some(
            built
                .redeem_script_hash
                .map(|h| h.to_lower_hex_string())
                .unwrap_or_default(),
        ),
        commitment_address: Some(built.commitment_address.clone()),
        commitment_lock_address: Some(p.payer.text.clone()),
        pixel_hash: Some(pixel.to_lower_hex_string()),
        pixel_source: Some(source.to_string()),
        payer_address: Some(p.payer.text.clone()),
        payer_addresses: Some(p.payers.iter().map(|a| a.text.clone()).collect()),
        change_address: Some(change.text.clone()),
        change_addresses: built.change_addresses.clone(),
        change_amounts: built.change_amounts.clone(),
        funding_mode: Some(ctx.funding_mode.clone()),
        contract_id: Some(call.contract_id.clone()),
        budget_sats: Some(p.target),
        contractor: Some(contractor.map(|c| c.text).unwrap_or_default()),
        network_params: Some("testnet4".into()),
        ..PsbtResult::default()
    }
}
