//! The payment of a contract: the form the creator fills (payouts prefilled from the approved
//! work, the fee rate, the change address, the commitment), its checks before anything is sent,
//! the request, the backend's answer read for people, and its refusals in words.
//!
//! The backend builds the PSBT from the signed-in wallet's coins and, as a side effect, records
//! the commitment and later marks the contract funded: the page shows what will be built and
//! asks before it sends. Every address is decoded by the backend for testnet4, so a mainnet
//! address is refused here, before anything is sent.

use stargate_api::{ApiError, PsbtPayout, PsbtRequest, PsbtResult};

use super::work::{Stage, TaskWork};
use crate::address::{self, Network};
use crate::text::group_thousands;

/// One payout line as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PayoutLine {
    /// What the line pays for (the task's title), shown beside it.
    pub label: String,
    pub address: String,
    /// Sats, as typed (digits, with `,` `_` or spaces between groups).
    pub amount: String,
}

/// Where the backend puts the commitment output: the options it offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Commitment {
    /// A hashlock output back to the payer, over the wish's hash (the backend's default).
    #[default]
    Funding,
    /// No commitment output now: it is made when the product is delivered.
    Product,
    /// 1,000 sats to the backend's donation address.
    Donation,
}

impl Commitment {
    pub const ALL: [Commitment; 3] = [
        Commitment::Funding,
        Commitment::Product,
        Commitment::Donation,
    ];

    /// The value the backend takes.
    pub fn value(self) -> &'static str {
        match self {
            Commitment::Funding => "funding",
            Commitment::Product => "product",
            Commitment::Donation => "donation",
        }
    }

    pub fn from_value(value: &str) -> Commitment {
        Commitment::ALL
            .into_iter()
            .find(|c| c.value() == value)
            .unwrap_or_default()
    }

    /// In words, for the form.
    pub fn label(self) -> &'static str {
        match self {
            Commitment::Funding => {
                "Commit to the wish in this transaction (a small hashlock output back to you)"
            }
            Commitment::Product => "Commit later, to the delivered product (no extra output now)",
            Commitment::Donation => "Donate 1,000 sats to the Stargate operators as the commitment",
        }
    }
}

/// The payment form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentForm {
    pub payouts: Vec<PayoutLine>,
    /// sat/vB, as typed.
    pub fee_rate: String,
    pub change_address: String,
    pub commitment: Commitment,
    /// The wish's hash: what the commitment output commits to (the backend finds none of its
    /// own for a `wish-<hash>` contract).
    pub pixel_hash: String,
}

/// The form for the wish `hash` whose approved work is `rows`, paid from `wallet`: one payout
/// per approved task, to its contributor, of its budget; change back to `wallet`; 2 sat/vB.
pub fn prefill(hash: &str, rows: &[TaskWork], wallet: &str) -> PaymentForm {
    let payouts = rows
        .iter()
        .filter(|row| Stage::of(row) == Stage::Approved)
        .map(|row| PayoutLine {
            label: row.task.title.clone(),
            address: row.contributor().unwrap_or_default().to_owned(),
            amount: row.task.budget_sats.max(0).to_string(),
        })
        .collect();
    PaymentForm {
        payouts,
        fee_rate: "2".into(),
        change_address: wallet.trim().to_owned(),
        commitment: Commitment::Funding,
        pixel_hash: hash.to_owned(),
    }
}

/// What is wrong with the form, field by field; nothing is sent while any is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentProblems {
    /// One per payout line: (address, amount).
    pub payouts: Vec<(Option<String>, Option<String>)>,
    pub fee_rate: Option<String>,
    pub change_address: Option<String>,
    /// About the whole: no payout, or more than the budget.
    pub total: Option<String>,
}

impl PaymentProblems {
    pub fn is_empty(&self) -> bool {
        self.payouts.iter().all(|(a, b)| a.is_none() && b.is_none())
            && self.fee_rate.is_none()
            && self.change_address.is_none()
            && self.total.is_none()
    }
}

/// Highest fee rate accepted (a typo guard: 10,000 sat/vB would spend a fortune in fees).
pub const MAX_FEE_RATE: i64 = 10_000;

/// Sats as typed: digits, with `,` `_` or spaces between groups.
pub fn parse_sats(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An address the backend can decode (testnet4), or why not.
fn address_problem(text: &str) -> Option<String> {
    match address::parse(text) {
        Err(e) => Some(e.to_string()),
        Ok(a) if a.network == Network::Testnet => None,
        Ok(a) => Some(format!(
            "This is a {} address; the backend pays on testnet4 (addresses start with tb1, m, n or 2).",
            a.describe()
        )),
    }
}

impl PaymentForm {
    /// The payouts' total, counting the lines that read as amounts.
    pub fn total(&self) -> i64 {
        self.payouts
            .iter()
            .filter_map(|p| parse_sats(&p.amount))
            .fold(0, i64::saturating_add)
    }

    pub fn fee_rate(&self) -> Option<i64> {
        parse_sats(&self.fee_rate)
    }

    /// The form's problems when the approved work's budget is `budget` sats (0: none approved,
    /// the backend then holds the payouts to the contract's budget).
    pub fn problems(&self, budget: i64) -> PaymentProblems {
        let payouts = self
            .payouts
            .iter()
            .map(|p| {
                let amount = match parse_sats(&p.amount) {
                    None => Some("Enter the amount in sats (whole numbers).".to_owned()),
                    Some(0) => Some("A payout must be at least 1 sat.".to_owned()),
                    Some(_) => None,
                };
                (address_problem(&p.address), amount)
            })
            .collect();
        let fee_rate = match self.fee_rate() {
            None => Some("Enter the fee rate in sat/vB (a whole number).".to_owned()),
            Some(0) => Some(
                "The fee rate must be at least 1 sat/vB: nodes do not relay a transaction below it."
                    .to_owned(),
            ),
            Some(r) if r > MAX_FEE_RATE => Some(format!(
                "{} sat/vB is far above any network fee; check the number.",
                group_thousands(r.unsigned_abs())
            )),
            Some(_) => None,
        };
        let change_address = if self.change_address.trim().is_empty() {
            None
        } else {
            address_problem(&self.change_address)
        };
        let total = if self.payouts.is_empty() {
            Some("Add at least one payout.".to_owned())
        } else if budget > 0 && self.total() > budget {
            Some(format!(
                "The payouts add up to {} sats, more than the approved work's budget of {} sats.",
                group_thousands(self.total().unsigned_abs()),
                group_thousands(budget.unsigned_abs())
            ))
        } else {
            None
        };
        PaymentProblems {
            payouts,
            fee_rate,
            change_address,
            total,
        }
    }

    /// The request, when the form has no problem for `budget`.
    pub fn request(&self, budget: i64) -> Result<PsbtRequest, PaymentProblems> {
        let problems = self.problems(budget);
        if !problems.is_empty() {
            return Err(problems);
        }
        let change = self.change_address.trim();
        Ok(PsbtRequest {
            budget_sats: (budget > 0).then_some(budget),
            change_address: (!change.is_empty()).then(|| change.to_owned()),
            commitment_target: Some(self.commitment.value().to_owned()),
            fee_rate_sats_vb: self.fee_rate(),
            use_pixel_hash: Some(self.commitment != Commitment::Product),
            pixel_hash: (self.commitment != Commitment::Product && !self.pixel_hash.is_empty())
                .then(|| self.pixel_hash.clone()),
            payouts: self
                .payouts
                .iter()
                .map(|p| PsbtPayout {
                    address: p.address.trim().to_owned(),
                    amount_sats: parse_sats(&p.amount).unwrap_or_default(),
                })
                .collect(),
            ..Default::default()
        })
    }
}

/// One output of a built payment, for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub what: String,
    /// The address, or the script (hex) when the answer gives no address.
    pub to: String,
    pub sats: i64,
}

/// A built payment read for people: one per PSBT (a raise-fund contract asked to split gives
/// one per payer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    pub payer: String,
    pub fee_sats: i64,
    pub selected_sats: i64,
    pub change_sats: i64,
    pub outputs: Vec<Output>,
    pub psbt_base64: String,
    pub psbt_hex: String,
    pub funding_txid: String,
}

/// The backend's answer, each PSBT in it read for people; `sent` is the request (its payout
/// addresses name the outputs). An answer with no PSBT in it is an error in words.
pub fn read_answer(answer: &PsbtResult, sent: &PsbtRequest) -> Result<Vec<Built>, String> {
    let parts: Vec<&PsbtResult> = if answer.psbts.is_empty() {
        vec![answer]
    } else {
        answer.psbts.iter().collect()
    };
    let built: Vec<Built> = parts
        .into_iter()
        .filter_map(|part| read_one(part, sent))
        .collect();
    if built.is_empty() {
        return Err("The server answered without a PSBT: nothing to sign.".into());
    }
    Ok(built)
}

fn read_one(part: &PsbtResult, sent: &PsbtRequest) -> Option<Built> {
    let base64 = part.psbt_base64.clone().filter(|b| !b.is_empty())?;
    let scripts = part.payout_scripts.clone().unwrap_or_default();
    let amounts = part.payout_amounts.clone().unwrap_or_default();
    let mut outputs: Vec<Output> = amounts
        .iter()
        .enumerate()
        .map(|(i, sats)| Output {
            what: format!("Payout {}", i + 1),
            to: sent
                .payouts
                .get(i)
                .map(|p| p.address.clone())
                .or_else(|| scripts.get(i).cloned())
                .unwrap_or_default(),
            sats: *sats,
        })
        .collect();
    if let Some(sats) = part.commitment_sats.filter(|s| *s > 0) {
        outputs.push(Output {
            what: "Commitment".into(),
            to: part
                .commitment_address
                .clone()
                .or(part.commitment_script.clone())
                .unwrap_or_default(),
            sats,
        });
    }
    let change = part.change_sats.unwrap_or_default();
    if change > 0 {
        outputs.push(Output {
            what: "Change".into(),
            to: part.change_address.clone().unwrap_or_default(),
            sats: change,
        });
    }
    Some(Built {
        payer: part.payer_address.clone().unwrap_or_default(),
        fee_sats: part.fee_sats.unwrap_or_default(),
        selected_sats: part.selected_sats.unwrap_or_default(),
        change_sats: change,
        outputs,
        psbt_hex: part
            .psbt_hex
            .clone()
            .or(part.psbt.clone())
            .unwrap_or_default(),
        psbt_base64: base64,
        funding_txid: part.funding_txid.clone().unwrap_or_default(),
    })
}

/// A refused payment in words (nothing was built; the form keeps what was typed).
pub fn psbt_error_text(error: &ApiError) -> String {
    let ApiError::Http { status, message } = error else {
        return "Could not reach the server; no payment was built. Try again.".into();
    };
    let m = message.as_str();
    match *status {
        403 if m.contains("wallet binding") => {
            "Your API key is not bound to a wallet: sign in with the wallet that pays.".into()
        }
        403 => "The server no longer accepts your API key: sign in again.".into(),
        404 => "The server does not know this contract (it may not be approved yet).".into(),
        503 => "The server cannot build payments right now (its PSBT builder is off). Try again later.".into(),
        400 if m.contains("no confirmed utxos") => {
            "Your wallet has no confirmed coins to pay with: receive some and wait for a confirmation.".into()
        }
        400 if m.contains("insufficient funds") => {
            format!("Your wallet does not hold enough to pay this ({m}). Pay less, lower the fee rate, or add funds.")
        }
        400 if m.contains("payout total exceeds") => {
            "The payouts add up to more than the contract's budget.".into()
        }
        400 if m.contains("invalid payout address") || m.contains("invalid change address") => {
            format!("The server could not read an address ({m}): it pays on testnet4.")
        }
        400 if m.contains("invalid payer wallet") => {
            format!("Your signed-in wallet is not a testnet4 address the server can pay from ({m}).")
        }
        400 if m.contains("pixel hash") => {
            "The server has no hash of the wish to commit to: choose to commit later, to the product.".into()
        }
        400 if m.contains("donation address") => {
            "The server has no donation address: choose another commitment.".into()
        }
        400 => format!("The server did not accept the payment: {m}."),
        _ => format!("Building the payment failed: {}", error.message()),
    }
}
