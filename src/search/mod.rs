//! Search: where each hit of `/api/search` leads and what it is called (the header's dropdown
//! and the `/search` page share these), and the page's model in [`page`]. What a typed query
//! is (a height, a hash or txid, an inscription id, text) is `text::query`'s.

pub mod page;

use stargate_api::{SearchHit, SearchResults};

use crate::routes::{self, AppPath};
use crate::text::group_thousands;
use crate::text::preview::{preview_str, PreviewLimits};
use crate::text::query::{InscriptionId, SearchQuery};

/// A hit's label: one line.
const HIT_TEXT: PreviewLimits = PreviewLimits {
    max_bytes: 240,
    max_graphemes: 90,
};

/// The kinds of hit, one per list of the answer, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitKind {
    Block,
    Inscription,
    Transaction,
    Contract,
    Proposal,
}

impl HitKind {
    pub const ALL: [HitKind; 5] = [
        Self::Block,
        Self::Inscription,
        Self::Transaction,
        Self::Contract,
        Self::Proposal,
    ];

    /// The badge of one hit ("Block").
    pub fn label(self) -> &'static str {
        match self {
            Self::Block => "Block",
            Self::Inscription => "Inscription",
            Self::Transaction => "Transaction",
            Self::Contract => "Contract",
            Self::Proposal => "Proposal",
        }
    }

    /// The heading of this kind's hits ("Blocks").
    pub fn title(self) -> &'static str {
        match self {
            Self::Block => "Blocks",
            Self::Inscription => "Inscriptions",
            Self::Transaction => "Transactions",
            Self::Contract => "Contracts",
            Self::Proposal => "Proposals",
        }
    }

    /// `(singular, plural)` in a sentence ("3 blocks").
    pub fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Self::Block => ("block", "blocks"),
            Self::Inscription => ("inscription", "inscriptions"),
            Self::Transaction => ("transaction", "transactions"),
            Self::Contract => ("contract", "contracts"),
            Self::Proposal => ("proposal", "proposals"),
        }
    }

    /// This kind's list in an answer (every list may be `null`).
    pub fn hits(self, results: &SearchResults) -> &[SearchHit] {
        let list = match self {
            Self::Block => &results.blocks,
            Self::Inscription => &results.inscriptions,
            Self::Transaction => &results.transactions,
            Self::Contract => &results.contracts,
            Self::Proposal => &results.proposals,
        };
        list.as_deref().unwrap_or_default()
    }
}

/// One result: where it goes, its kind and a label (sanitised text).
#[derive(Clone, Debug, PartialEq)]
pub struct ResultLink {
    pub path: AppPath,
    pub kind: HitKind,
    pub label: String,
}

fn clean(text: &str) -> String {
    preview_str(text, HIT_TEXT).text
}

/// Where `hit` (from `kind`'s list) leads, and its label; `None` for a hit the app has no page
/// for (a block without a height, a transaction whose id is not a txid).
pub fn link_for(kind: HitKind, hit: &SearchHit) -> Option<ResultLink> {
    let height = hit.block_height.and_then(|h| u64::try_from(h).ok());
    let (path, label) = match kind {
        HitKind::Block => {
            let h = height?;
            (
                routes::block(h),
                format!("Block {} · {}", group_thousands(h), clean(&hit.id)),
            )
        }
        HitKind::Inscription | HitKind::Transaction => {
            InscriptionId::parse(&hit.id)?;
            let text = hit.text.as_deref().map(clean).unwrap_or_default();
            let label = if text.is_empty() {
                clean(&hit.id)
            } else {
                text
            };
            (routes::inscription(&hit.id, height), label)
        }
        HitKind::Contract => {
            let title = hit
                .title
                .as_deref()
                .or(hit.text.as_deref())
                .unwrap_or(&hit.id);
            let id = hit.contract_id.as_deref().unwrap_or(&hit.id);
            (routes::contract(id), clean(title))
        }
        HitKind::Proposal => {
            // The wish's hash when the hit names it (one page per wish), else the proposal
            // id, which the contract page resolves.
            let id = hit
                .visible_pixel_hash
                .as_deref()
                .filter(|h| !h.is_empty())
                .unwrap_or(&hit.id);
            (
                routes::contract(id),
                clean(hit.title.as_deref().unwrap_or(&hit.id)),
            )
        }
    };
    Some(ResultLink { path, kind, label })
}

/// In-app links for a search answer, in [`HitKind::ALL`]'s order: blocks, inscriptions,
/// transactions, then contracts and proposals (both open the contract page).
pub fn result_links(results: &SearchResults) -> Vec<ResultLink> {
    HitKind::ALL
        .into_iter()
        .flat_map(|kind| {
            kind.hits(results)
                .iter()
                .filter_map(move |hit| link_for(kind, hit))
        })
        .collect()
}

/// The link a query gives without asking the backend, if it is a height or an inscription id.
pub fn direct_link(query: &SearchQuery) -> Option<ResultLink> {
    match query {
        SearchQuery::Height(h) => Some(ResultLink {
            path: routes::block(*h),
            kind: HitKind::Block,
            label: format!("Block {}", group_thousands(*h)),
        }),
        SearchQuery::Inscription(id) => Some(ResultLink {
            path: routes::inscription(&id.canonical(), None),
            kind: HitKind::Inscription,
            label: id.canonical(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
