//! Following a wish after it is made: its contract, the proposals agents write for it, the
//! creator's approval and anyone's rework requests.
//!
//! - `id`: the forms a contract id arrives in, resolved to the wish's hash;
//! - `model`: the page's data put together, and which actions can succeed;
//! - `paging`: the confirmed contracts listed without duplicates or gaps;
//! - `errors`: the backend's refusals as sentences;
//! - `work`: the work handed in on the tasks, and its review;
//! - `payment`: the payment (a PSBT the backend builds) from the approved work;
//! - `stego`: which contract a block's inscription belongs to, and the stego badges;
//! - `hidden`: the message hidden in an inscription's image, and the contract's sandbox link.
//!
//! [`load`] is the page's one fetch. Reading is public except the contract records (the
//! backend asks a key for `/api/smart_contract/contracts/*`), which come with a key only.

pub mod errors;
pub mod hidden;
pub mod id;
pub mod model;
pub mod paging;
pub mod payment;
#[cfg(test)]
mod settle_tests;
pub mod stego;
#[cfg(test)]
mod stego_tests;
#[cfg(test)]
mod tests;
pub mod work;

pub use errors::action_error_text;
pub use id::ContractRef;
pub use model::{
    approval, assemble, can_resolve, needs_reason, Approval, ContractPage, Reasons, WishSummary,
};

use std::cell::RefCell;

use stargate_api::{ApiError, Contract, ListProposalsQuery, Proposal, SearchQuery, Submission};

use crate::api::Client;

/// The page's answer: the contract, or nothing under this id.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    Found(Box<ContractPage>),
    Missing,
}

/// The proposals filed under one contract id form, and how many could not be read (the list
/// is read item by item: one broken proposal does not hide the others). `limit=0`: the SQLite
/// store applies its limit before the contract filter, so any limit could hide this wish's
/// proposals; the answer holds this contract's proposals only, and the client's size cap
/// bounds it.
async fn proposals_for(
    client: &Client,
    contract_id: String,
) -> Result<(Vec<Proposal>, Vec<Submission>, usize), ApiError> {
    let list = client
        .list_proposals_partial(&proposals_query(contract_id))
        .await?;
    Ok((
        list.proposals.items,
        list.submissions.items,
        list.proposals.unreadable,
    ))
}

/// The request of the proposals filed under `contract_id` (see [`proposals_for`]).
fn proposals_query(contract_id: String) -> ListProposalsQuery {
    ListProposalsQuery {
        contract_id: Some(contract_id),
        limit: Some(0),
        include_confirmed: Some("true".into()),
        ..Default::default()
    }
}

/// The search for the wish `hash` (its contracts).
fn search_query(hash: &str) -> SearchQuery {
    SearchQuery {
        q: Some(hash.to_owned()),
    }
}

/// The GETs [`load`] sends first for `raw` (before any answer), below the API `base`: sent
/// while the page's code downloads (`pages::lazy`), so that `load` takes their answers. The
/// keyed contract records and the rejection reasons are left to `load`.
pub fn first_requests(base: &str, raw: &str) -> Vec<String> {
    match ContractRef::parse(raw) {
        None => Vec::new(),
        Some(ContractRef::Proposal(proposal_id)) => {
            vec![stargate_api::paths::get_proposal(base, &proposal_id)]
        }
        Some(ContractRef::Wish(hash)) => {
            let [wish_id, _] = id::contract_ids(&hash);
            vec![
                stargate_api::paths::list_proposals(base, &proposals_query(hash.clone())),
                stargate_api::paths::list_proposals(base, &proposals_query(wish_id)),
                stargate_api::paths::search(base, &search_query(&hash)),
            ]
        }
    }
}

/// The most rejection reasons one page asks for (one request each).
pub const MAX_REASONS: usize = 20;

thread_local! {
    /// The reasons learnt in this tab (the app runs on one thread).
    static REASONS: RefCell<Reasons> = RefCell::default();
}

/// Fills in why work was rejected, for the rejected submissions `wanted` picks that do not say
/// it (the SQLite store's listings leave the reason out; only `GET …/submissions/{id}`, with a
/// key, has it). A reason learnt before is not asked again; at most [`MAX_REASONS`] requests;
/// one that fails leaves its reason out (and is asked at the next load).
pub async fn fill_reasons(
    client: &Client,
    submissions: &mut [Submission],
    wanted: impl Fn(&Submission) -> bool,
) {
    let mut ids: Vec<String> = Vec::new();
    for s in submissions
        .iter_mut()
        .filter(|s| needs_reason(s) && wanted(s))
    {
        if !REASONS.with_borrow(|known| known.fill(s)) && ids.len() < MAX_REASONS {
            ids.push(s.submission_id.clone());
        }
    }
    let answers = futures::future::join_all(ids.iter().map(|id| client.get_submission(id))).await;
    for full in answers.into_iter().flatten() {
        REASONS.with_borrow_mut(|known| known.learn(&full));
        if let Some(s) = submissions
            .iter_mut()
            .find(|s| s.submission_id == full.submission_id)
        {
            s.rejection_reason = full.rejection_reason;
            s.rejection_type = full.rejection_type;
        }
    }
}

/// A contract record, or `None` when there is none under this id (or no key to read it).
async fn contract(
    client: &Client,
    id: String,
    has_key: bool,
) -> Result<Option<Contract>, ApiError> {
    if !has_key {
        return Ok(None);
    }
    match client.get_contract(&id).await {
        Ok(c) => Ok(Some(c)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Loads everything the contract page shows for `raw` (any id form). `client` carries the
/// session's key when `has_key`.
pub async fn load(client: Client, raw: String, has_key: bool) -> Result<Lookup, ApiError> {
    let hash = match ContractRef::parse(&raw) {
        None => return Ok(Lookup::Missing),
        Some(ContractRef::Wish(hash)) => hash,
        Some(ContractRef::Proposal(proposal_id)) => match client.get_proposal(&proposal_id).await {
            Ok(p) => match id::proposal_hash(&p) {
                Some(hash) => hash,
                None => return Ok(Lookup::Missing),
            },
            Err(e) if e.is_not_found() => return Ok(Lookup::Missing),
            Err(e) => return Err(e),
        },
    };
    let [wish_id, approved_id] = id::contract_ids(&hash);
    let search = search_query(&hash);
    let (by_hash, by_wish_id, found, wish_contract, approved_contract) = futures::join!(
        proposals_for(&client, hash.clone()),
        proposals_for(&client, wish_id.clone()),
        client.search(&search),
        contract(&client, wish_id, has_key),
        contract(&client, approved_id, has_key),
    );
    let (mut proposals, mut submissions, mut unreadable) = by_hash?;
    let (more, more_submissions, more_unreadable) = by_wish_id?;
    proposals.extend(more);
    submissions.extend(more_submissions);
    unreadable += more_unreadable;
    let hits = found?.data.contracts.unwrap_or_default();
    let contracts: Vec<Contract> = [wish_contract?, approved_contract?]
        .into_iter()
        .flatten()
        .collect();
    let mut page = assemble(&hash, proposals, &hits, contracts, has_key);
    page.unreadable = unreadable;
    if has_key {
        fill_reasons(&client, &mut submissions, |_| true).await;
    }
    page.submissions = submissions;
    Ok(if page.exists() || unreadable > 0 {
        Lookup::Found(Box::new(page))
    } else {
        Lookup::Missing
    })
}
