//! One contract page's data, put together from what the backend gives each reader:
//! - everyone: the proposals for the wish (`/api/smart_contract/proposals?contract_id=…`, both
//!   id forms), including the wish-as-proposal (`id` = the hash: the wish's message, budget
//!   and creator wallet), and the contract's search hit (status, block, transaction);
//! - a signed-in reader (the backend asks a key for it): the contract records themselves,
//!   with their rework requests.
//!
//! Pure: the loader (`super::load`) fetches, this module decides what the page shows and
//! which actions can succeed.

use serde_json::Value;
use std::collections::HashMap;

use stargate_api::{Contract, Proposal, ReworkRequest, SearchHit, Submission};

use super::id::contract_ids;

/// The wish behind a contract, as far as it is known.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WishSummary {
    pub hash: String,
    pub message: String,
    pub budget_sats: Option<i64>,
    /// The most advanced contract's status (`active`/`funded`/`confirmed` once a proposal is
    /// approved, else the wish's `pending`/`superseded`).
    pub status: Option<String>,
    /// The wallet that made the wish; `Some("")` when it was made without a wallet-bound key.
    pub creator_wallet: Option<String>,
    pub created_at: Option<String>,
    /// Relative or absolute URL of the wish's image (checked by the view).
    pub image_url: String,
    pub confirmed_height: Option<i64>,
    pub tx_id: Option<String>,
}

/// Everything the contract page shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContractPage {
    pub wish: WishSummary,
    /// Newest first; the wish-as-proposal among them.
    pub proposals: Vec<Proposal>,
    /// The contract records read with a key (`wish-<hash>` and/or `<hash>`).
    pub contracts: Vec<Contract>,
    /// `None` when the reader has no key (the backend shows them only with one).
    pub rework: Option<Vec<ReworkRequest>>,
    /// The search hit of a contract of this wish, when the search found one.
    pub found: bool,
    /// Proposals the backend listed that could not be read (not shown; the page says how many).
    pub unreadable: usize,
    /// The work handed in on the contract's tasks (the listing's, with the rejection reasons
    /// asked one by one when the reader has a key).
    pub submissions: Vec<Submission>,
}

/// Is the wish known at all (a proposal, a contract or a search hit names it)?
impl ContractPage {
    pub fn exists(&self) -> bool {
        self.found || !self.proposals.is_empty() || !self.contracts.is_empty()
    }

    /// The contract the work happens on (rework is asked and the payment built there): the
    /// approved contract `<hash>` when there is one, else the wish's `wish-<hash>`.
    pub fn work_contract_id(&self) -> String {
        let [wish, approved] = contract_ids(&self.wish.hash);
        if self.contracts.iter().any(|c| c.contract_id == approved) {
            approved
        } else {
            wish
        }
    }

    /// A proposal of this wish is already approved or further on.
    pub fn decided(&self) -> Option<&Proposal> {
        self.proposals
            .iter()
            .find(|p| matches!(p.status.as_str(), "approved" | "published" | "confirmed"))
    }
}

fn meta_str<'a>(p: &'a Proposal, key: &str) -> Option<&'a str> {
    p.metadata.get(key).and_then(Value::as_str)
}

/// How far a contract status is along (to pick the one to show).
fn rank(status: &str) -> u8 {
    match status {
        "confirmed" => 5,
        "funded" => 4,
        "active" => 3,
        "superseded" => 2,
        "pending" => 1,
        _ => 0,
    }
}

/// Puts the page together. `proposals` may repeat (asked under both id forms); `hits` are the
/// search's contract hits (any wish: only this one's are used).
pub fn assemble(
    hash: &str,
    proposals: Vec<Proposal>,
    hits: &[SearchHit],
    contracts: Vec<Contract>,
    signed_in: bool,
) -> ContractPage {
    let ids = contract_ids(hash);
    let mut unique: Vec<Proposal> = Vec::new();
    for p in proposals {
        if !unique.iter().any(|u| u.id == p.id) {
            unique.push(p);
        }
    }
    // Newest first; created_at is RFC 3339, so text order is time order within one offset.
    unique.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    let hits: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| {
            ids.iter()
                .any(|id| Some(id) == h.contract_id.as_ref() || id == &h.id)
        })
        .collect();
    let contracts: Vec<Contract> = contracts
        .into_iter()
        .filter(|c| ids.contains(&c.contract_id))
        .collect();

    let wish_proposal = unique.iter().find(|p| p.id == hash);
    let mut wish = WishSummary {
        hash: hash.to_owned(),
        image_url: format!("/uploads/{hash}"),
        ..Default::default()
    };
    if let Some(p) = wish_proposal {
        wish.message = p.description_md.clone();
        wish.budget_sats = Some(p.budget_sats);
        wish.creator_wallet = meta_str(p, "creator_wallet").map(str::to_owned);
        wish.created_at = Some(p.created_at.clone());
    }
    // Any proposal copied from the wish's record carries its creator too (agents' path A).
    if wish.creator_wallet.is_none() {
        wish.creator_wallet = unique
            .iter()
            .find_map(|p| meta_str(p, "creator_wallet"))
            .map(str::to_owned);
    }
    for h in &hits {
        fill(&mut wish.message, h.text.as_deref().or(h.title.as_deref()));
        wish.budget_sats = wish.budget_sats.or(h.budget_sats);
        wish.confirmed_height = wish
            .confirmed_height
            .or(h.confirmed_block_height)
            .filter(|h| *h > 0);
        wish.tx_id = wish
            .tx_id
            .take()
            .or(h.tx_id.clone())
            .filter(|t| t != "TBD" && !t.is_empty());
        if let Some(url) = h.stego_image_url.as_deref().filter(|u| !u.is_empty()) {
            wish.image_url = url.to_owned();
        }
    }
    for c in &contracts {
        fill(&mut wish.message, Some(&c.title));
        wish.budget_sats = wish.budget_sats.or(Some(c.total_budget_sats));
        wish.confirmed_height = wish
            .confirmed_height
            .or(c.confirmed_block_height)
            .filter(|h| *h > 0);
        if let Some(url) = c.stego_image_url.as_deref().filter(|u| !u.is_empty()) {
            wish.image_url = url.to_owned();
        }
    }
    wish.status = contracts
        .iter()
        .map(|c| c.status.as_str())
        .chain(hits.iter().filter_map(|h| h.status.as_deref()))
        .max_by_key(|s| rank(s))
        .map(str::to_owned);
    let rework = signed_in.then(|| {
        let mut all: Vec<ReworkRequest> = contracts
            .iter()
            .flat_map(|c| c.rework_requests.iter().cloned())
            .collect();
        all.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        all.dedup_by(|a, b| a.request_id == b.request_id);
        all
    });
    ContractPage {
        wish,
        proposals: unique,
        contracts,
        rework,
        found: !hits.is_empty(),
        unreadable: 0,
        submissions: Vec::new(),
    }
}

fn fill(target: &mut String, value: Option<&str>) {
    if target.trim().is_empty() {
        if let Some(v) = value {
            *target = v.to_owned();
        }
    }
}

/// Whether the reader can approve a proposal, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Approval {
    /// Not pending, or another proposal was chosen: no action (the status says it).
    None,
    /// Signed out (or no key in this tab): sign in as the wish's creator.
    SignIn,
    /// The reader's wallet is known and is not the creator's.
    NotCreator { creator: String },
    /// The wish was made without a wallet: nobody but the backend's donation address can
    /// approve it.
    NoCreator,
    /// Show Approve (the backend decides for a key whose wallet the app does not know).
    Allowed,
}

/// Approve is shown only where it can succeed, as far as the app can know: a pending
/// proposal, no other one chosen, a key in this tab, and the reader's wallet (when known)
/// the wish's creator (wallets compare ignoring case, as the backend does).
pub fn approval(
    proposal: &Proposal,
    page: &ContractPage,
    has_key: bool,
    wallet: Option<&str>,
) -> Approval {
    if proposal.status != "pending" || page.decided().is_some() {
        return Approval::None;
    }
    if !has_key {
        return Approval::SignIn;
    }
    match (page.wish.creator_wallet.as_deref().map(str::trim), wallet) {
        (Some(""), _) => Approval::NoCreator,
        (Some(creator), Some(mine)) if !creator.eq_ignore_ascii_case(mine.trim()) => {
            Approval::NotCreator {
                creator: creator.to_owned(),
            }
        }
        _ => Approval::Allowed,
    }
}

/// Can the reader resolve this rework request? Open, and asked by the reader's wallet (or the
/// wallet is unknown: the backend then decides).
pub fn can_resolve(request: &ReworkRequest, has_key: bool, wallet: Option<&str>) -> bool {
    request.status == "open"
        && has_key
        && wallet.is_none_or(|w| w.trim().eq_ignore_ascii_case(request.requester.trim()))
}

/// Rejected work whose reason the answer left out (the SQLite store's listings never say it).
pub fn needs_reason(submission: &Submission) -> bool {
    submission.status.eq_ignore_ascii_case("rejected")
        && submission
            .rejection_reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
}

/// Why work was rejected, as learnt from the backend, by submission and rejection time (a new
/// rejection of the same submission is asked again): a page that refreshes every 30 s asks for
/// each reason once. Bounded: forgets everything past [`Reasons::CAP`] entries.
#[derive(Debug, Default)]
pub struct Reasons(HashMap<Rejection, Said>);

/// A submission id and when it was rejected.
type Rejection = (String, Option<String>);
/// The reason and the type the backend gave.
type Said = (Option<String>, Option<String>);

impl Reasons {
    pub const CAP: usize = 1_000;

    fn key(s: &Submission) -> Rejection {
        (s.submission_id.clone(), s.rejected_at.clone())
    }

    /// Fills in `s`'s reason and type when they were learnt; whether they were.
    pub fn fill(&self, s: &mut Submission) -> bool {
        match self.0.get(&Self::key(s)) {
            Some((reason, kind)) => {
                s.rejection_reason.clone_from(reason);
                s.rejection_type.clone_from(kind);
                true
            }
            None => false,
        }
    }

    /// Remembers what the backend said of `full` (its one-submission answer).
    pub fn learn(&mut self, full: &Submission) {
        if self.0.len() >= Self::CAP {
            self.0.clear();
        }
        let said = (full.rejection_reason.clone(), full.rejection_type.clone());
        self.0.insert(Self::key(full), said);
    }
}
