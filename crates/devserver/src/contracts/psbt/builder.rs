//! The backend's `BuildFundingPSBT` (`backend/bitcoin/psbt_builder.go`), normal mode: greedy
//! coin selection in the order the UTXOs come, its vsize estimate, the legacy P2WSH hashlock
//! commitment, change when not dust, and a BIP-174 PSBT (rust-bitcoin's) whose inputs carry
//! both `non_witness_utxo` and `witness_utxo`, as Go writes them. Pure: no store, no clock.

use bitcoin::blockdata::opcodes::all::{OP_EQUAL, OP_SHA256};
use bitcoin::hashes::{sha256, Hash};
use bitcoin::psbt::Psbt;
use bitcoin::script::Builder;
use bitcoin::transaction::Version;
use bitcoin::{absolute, Address, Amount, KnownHrp, OutPoint, ScriptBuf, Sequence, Transaction};
use bitcoin::{TxIn, TxOut, Witness};

use crate::addresses::GoAddress;
use crate::addresses::{input_vbytes_by_address, input_vbytes_by_script, is_native_segwit};
use crate::faucet::Utxo;

/// Outputs below this are dust: no change output, and the commitment is raised to it.
pub const DUST: i64 = 546;

/// What a funding PSBT is built from (`bitcoin.PSBTRequest`, normal mode).
pub struct Request {
    /// Every payer's UTXOs, payer by payer, in the order the wallet API lists them.
    pub candidates: Vec<(GoAddress, Utxo)>,
    pub target_sats: i64,
    pub pixel_hash: Vec<u8>,
    pub commitment_sats: i64,
    pub contractor: Option<GoAddress>,
    pub payouts: Vec<(GoAddress, i64)>,
    pub fee_rate: i64,
    pub change: GoAddress,
}

/// `bitcoin.PSBTResult`.
pub struct Built {
    pub psbt: Psbt,
    pub fee_sats: i64,
    /// What is left after payouts, commitment and fee: the change output when ≥ 546, else
    /// dust that no output carries (the miner's).
    pub change_sats: i64,
    pub change_addresses: Option<Vec<String>>,
    pub change_amounts: Option<Vec<i64>>,
    pub selected_sats: i64,
    pub payout_scripts: Vec<ScriptBuf>,
    pub payout_amounts: Vec<i64>,
    pub commitment_sats: i64,
    pub commitment_script: Option<ScriptBuf>,
    pub commitment_vout: u32,
    pub redeem_script: Option<ScriptBuf>,
    pub redeem_script_hash: Option<[u8; 32]>,
    pub commitment_address: String,
    /// The unsigned transaction's txid when every input is native segwit, else "".
    pub funding_txid: String,
}

/// `estimateFee`: (10 + inputs + 34 per output) vbytes × rate, plus 3 × rate when the rate is
/// positive.
pub fn estimate_fee(input_vbytes: i64, outputs: i64, rate: i64) -> i64 {
    let fee = (10 + input_vbytes + outputs * 34) * rate;
    if rate > 0 {
        fee + 3 * rate
    } else {
        fee
    }
}

/// `buildHashlockRedeemScript`: `OP_SHA256 <sha256(pixel)> OP_EQUAL`.
pub fn hashlock(pixel: &[u8]) -> ScriptBuf {
    let hash = sha256::Hash::hash(pixel).to_byte_array();
    Builder::new()
        .push_opcode(OP_SHA256)
        .push_slice(hash)
        .push_opcode(OP_EQUAL)
        .into_script()
}

struct Commitment {
    script: ScriptBuf,
    redeem: ScriptBuf,
    redeem_hash: [u8; 32],
    address: String,
}

/// `buildCommitmentScript`: the P2WSH (testnet) of the hashlock over a 32-byte pixel hash.
fn commitment(pixel: &[u8]) -> Result<Commitment, String> {
    if pixel.len() != 32 {
        return Err("pixel hash must be 32 bytes for P2WSH hashlock".into());
    }
    let redeem = hashlock(pixel);
    let address = Address::p2wsh(&redeem, KnownHrp::Testnets);
    Ok(Commitment {
        script: address.script_pubkey(),
        redeem_hash: sha256::Hash::hash(redeem.as_bytes()).to_byte_array(),
        redeem,
        address: address.to_string(),
    })
}

/// `buildPayoutScripts`: the payouts, else the contractor paid the target.
fn payout_scripts(req: &Request) -> Result<(Vec<ScriptBuf>, Vec<i64>), String> {
    if !req.payouts.is_empty() {
        return Ok(req
            .payouts
            .iter()
            .map(|(a, v)| (a.script.clone(), *v))
            .unzip());
    }
    match &req.contractor {
        None if req.target_sats <= 0 => Ok((Vec::new(), Vec::new())),
        None => Err("contractor address required".into()),
        Some(_) if req.target_sats <= 0 => Err("target value must be positive".into()),
        Some(c) => Ok((vec![c.script.clone()], vec![req.target_sats])),
    }
}

/// Builds the funding PSBT; the error is the builder's text (the handler's 400).
pub fn build(mut req: Request) -> Result<Built, String> {
    req.fee_rate = req.fee_rate.max(0);
    if req.candidates.is_empty() {
        return Err("no confirmed utxos for address".into());
    }
    let (scripts, amounts) = payout_scripts(&req)?;
    let mut commitment_sats = 0;
    let mut commit = None;
    if !req.pixel_hash.is_empty() && req.commitment_sats > 0 {
        commit = Some(commitment(&req.pixel_hash)?);
        commitment_sats = req.commitment_sats.max(DUST);
    }
    let required = amounts.iter().sum::<i64>() + commitment_sats;
    if scripts.is_empty() && commit.is_none() {
        return Err("no payout or commitment outputs requested".into());
    }
    let fixed_outputs = scripts.len() as i64 + i64::from(commit.is_some());

    // Greedy: take UTXOs in order until payouts + commitment + the estimated fee are covered.
    let (mut selected, mut selected_sats, mut vbytes) = (Vec::new(), 0i64, 0i64);
    for (payer, utxo) in &req.candidates {
        selected.push(utxo.clone());
        selected_sats += utxo.value as i64;
        vbytes += input_vbytes_by_address(payer);
        let outputs = fixed_outputs + i64::from(selected_sats > required);
        if selected_sats >= required + estimate_fee(vbytes, outputs, req.fee_rate) {
            break;
        }
    }
    if selected_sats < required {
        return Err(format!(
            "insufficient funds: need {required} sats, selected {selected_sats}"
        ));
    }

    let actual: i64 = selected
        .iter()
        .map(|u| input_vbytes_by_script(&u.txout().script_pubkey))
        .sum();
    let mut outputs = fixed_outputs;
    let mut fee = estimate_fee(actual, outputs, req.fee_rate);
    let mut change = selected_sats - required - fee;
    if change >= DUST {
        outputs += 1;
        fee = estimate_fee(actual, outputs, req.fee_rate);
        change = selected_sats - required - fee;
    }
    if change < 0 {
        return Err(format!(
            "insufficient funds after fee: {} sats short",
            -change
        ));
    }

    // Go's `&wire.TxIn{PreviousOutPoint: …}`: sequence 0.
    let input = selected
        .iter()
        .map(|u| TxIn {
            previous_output: OutPoint::new(u.txid, u.vout),
            script_sig: ScriptBuf::new(),
            sequence: Sequence::ZERO,
            witness: Witness::new(),
        })
        .collect();
    let txout = |script: &ScriptBuf, sats: i64| TxOut {
        value: Amount::from_sat(sats as u64),
        script_pubkey: script.clone(),
    };
    let mut output: Vec<TxOut> = scripts
        .iter()
        .zip(&amounts)
        .map(|(s, v)| txout(s, *v))
        .collect();
    let mut commitment_vout = 0;
    if let Some(c) = &commit {
        commitment_vout = output.len() as u32;
        output.push(txout(&c.script, commitment_sats));
    }
    let (mut change_addresses, mut change_amounts) = (None, None);
    if change >= DUST {
        output.push(txout(&req.change.script, change));
        change_addresses = Some(vec![req.change.text.clone()]);
        change_amounts = Some(vec![change]);
    }
    let tx = Transaction {
        version: Version::TWO,
        lock_time: absolute::LockTime::ZERO,
        input,
        output,
    };
    let all_segwit = selected
        .iter()
        .all(|u| is_native_segwit(&u.txout().script_pubkey));
    let funding_txid = if all_segwit {
        tx.compute_txid().to_string()
    } else {
        String::new()
    };
    let mut psbt = Psbt::from_unsigned_tx(tx).map_err(|e| format!("serialize psbt: {e}"))?;
    for (input, u) in psbt.inputs.iter_mut().zip(&selected) {
        input.non_witness_utxo = Some(u.prev_tx.clone());
        input.witness_utxo = Some(u.txout().clone());
    }
    Ok(Built {
        psbt,
        fee_sats: fee,
        change_sats: change,
        change_addresses,
        change_amounts,
        selected_sats,
        payout_scripts: scripts,
        payout_amounts: amounts,
        commitment_sats,
        commitment_script: commit.as_ref().map(|c| c.script.clone()),
        commitment_vout,
        redeem_script: commit.as_ref().map(|c| c.redeem.clone()),
        redeem_script_hash: commit.as_ref().map(|c| c.redeem_hash),
        commitment_address: commit.map(|c| c.address).unwrap_or_default(),
        funding_txid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_is_the_go_estimate() {
        // One P2WPKH input, a payout and change at 2 sat/vB: (10 + 69 + 68) × 2 + 6.
        assert_eq!(estimate_fee(69, 2, 2), 300);
        assert_eq!(estimate_fee(69, 2, 0), 0);
        assert_eq!(estimate_fee(69, 2, -1), -147);
    }

    #[test]
    fn the_hashlock_commits_to_the_sha256_of_the_pixel_hash() {
        let c = commitment(&[7; 32]).unwrap();
        assert_eq!(c.redeem.len(), 35);
        assert!(c.script.is_p2wsh());
        assert!(c.address.starts_with("tb1q"));
        assert_eq!(
            commitment(&[7; 20]).err().unwrap(),
            "pixel hash must be 32 bytes for P2WSH hashlock"
        );
    }
}
