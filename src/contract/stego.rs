//! From an inscription to its contract, and the stego markers the backend puts on blocks and
//! inscriptions, read the way the React frontend reads them.
//!
//! The Go backend ties an inscription to a contract only through the entry's `metadata`:
//! `buildContractInscriptions` (`backend/api/data_api.go`) lists each contract of a block as an
//! inscription with `image_url` `/api/block-image/<h>/<file>` and `metadata.contract_id`, and the
//! block monitor's matching fills `visible_pixel_hash` and `ingestion_id` (the wish's hash) in the
//! same metadata. React's `InscriptionModal` tries `contract_id`, `metadata.contract_id`,
//! `metadata.visible_pixel_hash`, `metadata.ingestion_id` in that order; so do we, but every
//! value is hostile text: only a wish hash (64 hex, `wish-` or not) or an agent's
//! `proposal-<id>` makes a link.
//!
//! Stego: React's card shows "STEGO" when `scan_result.is_stego` (when a scan result is there),
//! else when `metadata.is_stego`, `metadata.stego_probability > 0` or `metadata.stego_type`
//! (`useInscriptions.js`), with `max(confidence, stego_probability)` as a percentage above
//! 10 %; the contract counts as confirmed when a `confirmation_status` / `status` (of
//! `scan_result` or `metadata`) says `confirmed` or `metadata.confirmed_txid` /
//! `confirmed_height` is set. A block's count is `smart_contract_count`, else
//! `steganography_summary.stego_count` (`BlockCard.jsx`).

use serde_json::{Map, Value};
use stargate_api::BlockInscription;

use super::id::{hash_in, ContractRef};
use crate::text::count_noun;

type Json = Map<String, Value>;

/// The metadata keys that may name the inscription's contract, in React's order.
const CONTRACT_KEYS: [&str; 3] = ["contract_id", "visible_pixel_hash", "ingestion_id"];

/// Longest agent proposal id accepted after `proposal-`.
const PROPOSAL_ID_MAX: usize = 64;

/// A contract id as the backend writes one, checked strictly: a wish hash (64 hex, with or
/// without `wish-`) or `proposal-` followed by letters, digits, `-` and `_`. Anything else
/// (spaces, paths, markup, control characters, empty) is `None`.
pub fn contract_ref(raw: &str) -> Option<ContractRef> {
    if let Some(hash) = hash_in(raw) {
        return Some(ContractRef::Wish(hash));
    }
    let rest = raw.strip_prefix("proposal-")?;
    let ok = !rest.is_empty()
        && rest.len() <= PROPOSAL_ID_MAX
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| ContractRef::Proposal(raw.to_owned()))
}

/// The contract id to link: `wish-<hash>` for a wish, the proposal id as it is.
pub fn link_id(contract: &ContractRef) -> String {
    match contract {
        ContractRef::Wish(hash) => format!("wish-{hash}"),
        ContractRef::Proposal(id) => id.clone(),
    }
}

/// The contract an inscription belongs to: the first of its metadata's `contract_id`,
/// `visible_pixel_hash`, `ingestion_id` that is a valid id. `None` for any other inscription.
pub fn contract_of(ins: &BlockInscription) -> Option<ContractRef> {
    let meta = ins.metadata.as_ref()?;
    CONTRACT_KEYS
        .iter()
        .filter_map(|key| meta.get(*key).and_then(Value::as_str))
        .find_map(contract_ref)
}

/// The inscription that carries a mined wish, as (txid, block height): its reveal transaction
/// (the inscription page takes a bare txid; the wish is that transaction's first inscription)
/// in its block. `None` unless both are known and the txid is 64 hex.
pub fn wish_inscription(tx_id: Option<&str>, height: Option<i64>) -> Option<(String, u64)> {
    let txid = tx_id?.trim();
    let height = u64::try_from(height?).ok().filter(|h| *h > 0)?;
    super::id::is_hash(txid).then(|| (txid.to_ascii_lowercase(), height))
}

/// The stego markers of one inscription.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StegoMarks {
    /// The scan (or the contract's metadata) says the image hides a message.
    pub stego: bool,
    /// `max(confidence, stego_probability)` in percent, when above 10 % (React's threshold).
    pub percent: Option<u8>,
    /// A confirmation status word (lower case, `[a-z0-9_-]`, at most 24 bytes).
    pub status: Option<String>,
}

fn number(map: Option<&Json>, key: &str) -> f64 {
    map.and_then(|m| m.get(key))
        .and_then(|v| v.as_f64().or_else(|| plain_decimal(v.as_str()?)))
        .filter(|n| n.is_finite())
        .unwrap_or(0.0)
}

/// A number written as text, `digits[.digits]` only (as JavaScript's `Number("0.5")` reads the
/// plain ones). Not `str::parse::<f64>`: the general float parser costs 15 kB of the first
/// load's wasm, for a score read to the percent.
fn plain_decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let scale = 10u32.pow(fraction.len() as u32);
    let fraction: u32 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    Some(f64::from(whole) + f64::from(fraction) / f64::from(scale))
}

fn text<'a>(map: Option<&'a Json>, key: &str) -> Option<&'a str> {
    map.and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn truthy(map: Option<&Json>, key: &str) -> bool {
    map.and_then(|m| m.get(key)).and_then(Value::as_bool) == Some(true)
}

/// A status word fit to show, or `None` (the text is hostile: no spaces, no markup).
fn status_word(raw: &str) -> Option<String> {
    let word = raw.trim().to_ascii_lowercase();
    let ok = !word.is_empty()
        && word.len() <= 24
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(word)
}

/// Reads the markers of `ins` from its `scan_result` and `metadata`.
pub fn stego_marks(ins: &BlockInscription) -> StegoMarks {
    let scan = ins.scan_result.as_ref().filter(|s| !s.is_empty());
    let meta = ins.metadata.as_ref();
    let stego = match scan {
        Some(_) => truthy(scan, "is_stego"),
        None => {
            truthy(meta, "is_stego")
                || number(meta, "stego_probability") > 0.0
                || text(meta, "stego_type").is_some()
        }
    };
    let score = ["confidence", "stego_probability"]
        .iter()
        .flat_map(|key| [number(scan, key), number(meta, key)])
        .fold(0.0_f64, f64::max)
        .min(1.0);
    let percent = (score > 0.1).then(|| (score * 100.0).round() as u8);
    let said = [
        text(scan, "confirmation_status"),
        text(scan, "status"),
        text(meta, "confirmation_status"),
        text(meta, "status"),
    ]
    .into_iter()
    .flatten()
    .find_map(status_word);
    let confirmed = text(meta, "confirmed_txid").is_some()
        || number(meta, "confirmed_height") > 0.0
        || truthy(meta, "confirmed");
    let status = said.or_else(|| confirmed.then(|| "confirmed".to_owned()));
    StegoMarks {
        stego,
        percent,
        status,
    }
}

/// What a badge of an inscription says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Stego,
    Contract,
}

/// The badges of an inscription: "Stego" (with its percentage) when the scan says so, and
/// "Contract" (with its status) when it belongs to a contract. Empty for the others.
pub fn inscription_badges(marks: &StegoMarks, has_contract: bool) -> Vec<(Mark, String)> {
    let mut badges = Vec::new();
    if marks.stego {
        let text = match marks.percent {
            Some(p) => format!("Stego · {p}%"),
            None => "Stego".to_owned(),
        };
        badges.push((Mark::Stego, text));
    }
    if has_contract || marks.status.is_some() {
        let text = match &marks.status {
            Some(status) => format!("Contract · {status}"),
            None => "Contract".to_owned(),
        };
        badges.push((Mark::Contract, text));
    }
    badges
}

/// The block's markers: its contracts (`smart_contract_count`) and stego images
/// (`steganography_summary.stego_count`), negatives read as 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlockMarks {
    pub contracts: u64,
    pub stego: u64,
}

impl BlockMarks {
    pub fn from_summary(summary: &stargate_api::BlockSummary) -> Self {
        let stego = summary
            .steganography_summary
            .as_ref()
            .map_or(0, |s| s.stego_count);
        Self {
            contracts: u64::try_from(summary.smart_contract_count).unwrap_or(0),
            stego: u64::try_from(stego).unwrap_or(0),
        }
    }

    /// "2 smart contracts", "1 stego image": only the counts above zero. React shows
    /// `smart_contract_count ?? stego_count`; we show both when both are known.
    pub fn badges(&self) -> Vec<String> {
        let mut badges = Vec::new();
        if self.contracts > 0 {
            badges.push(count_noun(
                self.contracts,
                "smart contract",
                "smart contracts",
            ));
        }
        if self.stego > 0 {
            badges.push(count_noun(self.stego, "stego image", "stego images"));
        }
        badges
    }
}
