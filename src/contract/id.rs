//! The ids a contract arrives under, resolved to the wish's hash.
//!
//! The backend names one wish in several ways: the contract `wish-<hash>`, the contract
//! `<hash>` created when a proposal is approved, the wish-as-proposal `<hash>`, agents'
//! proposals `proposal-…` (whose hash is in `visible_pixel_hash` or their metadata), and the
//! visible pixel hash itself. `<hash>` is 64 hex characters (the SHA-256 of the wish's image).

use serde_json::Value;
use stargate_api::Proposal;

/// What a `/contract/:id` (or `/wish/:id`, `/proposal/:id`) names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContractRef {
    /// A wish, by its hash (lower case).
    Wish(String),
    /// A proposal id that is not a hash: its wish is found through the proposal.
    Proposal(String),
}

/// Is `s` a wish hash (64 hex characters, any case)?
pub fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The hash in `id` with or without the `wish-` prefix, lower case.
pub fn hash_in(id: &str) -> Option<String> {
    let id = id.trim();
    let bare = id.strip_prefix("wish-").unwrap_or(id);
    is_hash(bare).then(|| bare.to_ascii_lowercase())
}

impl ContractRef {
    /// `None` for an empty id.
    pub fn parse(raw: &str) -> Option<ContractRef> {
        let id = raw.trim();
        if id.is_empty() {
            return None;
        }
        Some(match hash_in(id) {
            Some(hash) => ContractRef::Wish(hash),
            None => ContractRef::Proposal(id.to_owned()),
        })
    }
}

/// The wish a proposal was written for: its `visible_pixel_hash`, else the hash in its
/// metadata's `contract_id`, `visible_pixel_hash` or `ingestion_id` (the forms the backend's
/// proposal filter compares).
pub fn proposal_hash(proposal: &Proposal) -> Option<String> {
    let meta = |key: &str| proposal.metadata.get(key).and_then(Value::as_str);
    proposal
        .visible_pixel_hash
        .as_deref()
        .into_iter()
        .chain(
            ["contract_id", "visible_pixel_hash", "ingestion_id"]
                .map(meta)
                .into_iter()
                .flatten(),
        )
        .chain([proposal.id.as_str()])
        .find_map(hash_in)
}

/// The two contract ids of a wish: the wish's own and the one approval creates.
pub fn contract_ids(hash: &str) -> [String; 2] {
    [format!("wish-{hash}"), hash.to_owned()]
}
