//! Pure chain logic: what the explorer knows about the chain and which cards it shows.
//!
//! No web-sys here: everything is tested on the host (`cargo test`).
//!
//! The backend pages block summaries newest first by `cursor_height` ("strictly below"), and
//! when nothing is below the cursor it answers the NEWEST page again with `has_more: true`
//! (stargate-system.md §1.3.2). [`ChainView::apply_older_page`] detects that answer, so paging
//! stops instead of looping.

mod genesis;
mod poll;
pub mod selection;

pub use genesis::{known_genesis, KnownGenesis};
pub use poll::PollClock;
pub use selection::Selected;

use std::collections::BTreeMap;

use stargate_api::{BlockSummariesPage, BlockSummary};

/// A block the explorer has data for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockInfo {
    pub height: u64,
    pub hash: String,
    /// Unix seconds; `None` when the backend sent 0 (unknown).
    pub timestamp: Option<i64>,
    pub tx_count: u64,
    pub inscription_count: u64,
    /// Relative or absolute URL; empty when the block has no image.
    pub thumbnail_url: String,
}

impl BlockInfo {
    /// Reads a backend summary; `None` for a negative height (nonsense from the network).
    pub fn from_summary(summary: &BlockSummary) -> Option<Self> {
        let height = u64::try_from(summary.block_height).ok()?;
        Some(Self {
            height,
            hash: summary.block_hash.clone(),
            timestamp: (summary.timestamp > 0).then_some(summary.timestamp),
            tx_count: u64::try_from(summary.tx_count).unwrap_or(0),
            inscription_count: u64::try_from(summary.inscription_count).unwrap_or(0),
            thumbnail_url: summary.thumbnail_url.clone(),
        })
    }
}

/// One card of the block list, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Card {
    /// The block being mined next: network tip + 1.
    Pending { height: u64 },
    /// An indexed block (genesis included, flagged by its height 0).
    Block(BlockInfo),
    /// Heights between two shown blocks that are not shown: either not loaded yet, or (when
    /// `unindexed`) known to be absent from the backend's index.
    Gap { from: u64, to: u64, unindexed: bool },
}

impl Card {
    /// Stable identity for keyed lists.
    pub fn key(&self) -> String {
        match self {
            Card::Pending { height } => format!("p{height}"),
            Card::Block(b) => format!("b{}", b.height),
            Card::Gap {
                from,
                to,
                unindexed,
            } => format!("g{from}-{to}-{unindexed}"),
        }
    }
}

/// What an "older" page brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OlderOutcome {
    /// New blocks below the cursor were added.
    Added(usize),
    /// Nothing is indexed below the cursor: the backend said so or sent the newest page again.
    Exhausted,
}

/// Everything the explorer knows about the chain.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChainView {
    /// Network tip from `/bitcoin/v1/health` (may be above the newest indexed block).
    pub network_tip: Option<u64>,
    pub network: String,
    blocks: BTreeMap<u64, BlockInfo>,
    /// Height ranges (inclusive, sorted, disjoint) whose index status is known: every height
    /// in them is either loaded or absent from the backend's index.
    covered: Vec<(u64, u64)>,
}

impl ChainView {
    pub fn set_tip(&mut self, network_tip: i64, network: &str) {
        self.network_tip = u64::try_from(network_tip).ok();
        self.network = network.to_owned();
    }

    /// The number of distinct blocks loaded.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub fn block(&self, height: u64) -> Option<&BlockInfo> {
        self.blocks.get(&height)
    }

    /// The newest block the explorer knows of: the higher of the network tip and the newest
    /// loaded block (the health answer is cached by the backend and can lag a fresh block).
    pub fn tip(&self) -> Option<u64> {
        let newest_loaded = self.blocks.keys().next_back().copied();
        match (self.network_tip, newest_loaded) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Merges the newest page (first load and polls): everything from its oldest block up is
    /// now known.
    pub fn apply_newest_page(&mut self, page: &BlockSummariesPage) -> usize {
        let added = self.merge(page);
        let blocks = page.blocks.as_deref().unwrap_or_default();
        let lowest = if page.has_more {
            blocks.iter().map(|b| b.block_height).min()
        } else {
            Some(0)
        };
        if let Some(lowest) = lowest.and_then(|h| u64::try_from(h).ok()) {
            self.cover(lowest, u64::MAX);
        }
        added
    }

    /// Merges an answer to `cursor_height = cursor` and says whether paging is over.
    pub fn apply_older_page(&mut self, cursor: u64, page: &BlockSummariesPage) -> OlderOutcome {
        let blocks = page.blocks.as_deref().unwrap_or_default();
        let newest_again = blocks.iter().any(|b| b.block_height >= cursor as i64);
        if cursor == 0 {
            return OlderOutcome::Exhausted;
        }
        if newest_again || blocks.is_empty() {
            self.cover(0, cursor - 1);
            return OlderOutcome::Exhausted;
        }
        let added = self.merge(page);
        let lowest = if page.has_more {
            blocks.iter().map(|b| b.block_height).min().unwrap_or(0)
        } else {
            0
        };
        self.cover(u64::try_from(lowest).unwrap_or(0), cursor - 1);
        if self.next_older_cursor().is_none() {
            OlderOutcome::Exhausted
        } else {
            OlderOutcome::Added(added)
        }
    }

    /// Records the answer of the genesis probe (`cursor_height=1, limit=1`): genesis when
    /// the backend has indexed it, otherwise the newest page again, which is ignored.
    pub fn apply_genesis_probe(&mut self, page: &BlockSummariesPage) -> bool {
        let genesis = page
            .blocks
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|b| b.block_height == 0)
            .and_then(BlockInfo::from_summary);
        self.cover(0, 0);
        match genesis {
            Some(info) => {
                self.blocks.insert(0, info);
                true
            }
            None => false,
        }
    }

    /// The `cursor_height` of the next older page, or `None` when paging is over (or has not
    /// started: the newest page comes first).
    pub fn next_older_cursor(&self) -> Option<u64> {
        // The covered range that reaches the top; paging continues below it.
        let &(lo, hi) = self.covered.last()?;
        (hi == u64::MAX && lo > 1).then_some(lo)
    }

    /// Cards newest first: pending, loaded blocks with gaps between them, genesis last.
    pub fn cards(&self) -> Vec<Card> {
        let Some(tip) = self.tip() else {
            return Vec::new();
        };
        let genesis = self
            .blocks
            .get(&0)
            .cloned()
            .unwrap_or_else(|| known_genesis(&self.network).block_info());
        let mut cards = Vec::with_capacity(self.blocks.len() + 4);
        cards.push(Card::Pending { height: tip + 1 });
        // `expected` is the next height shown if nothing were missing.
        let mut expected = Some(tip);
        let shown = self.blocks.values().rev().filter(|b| b.height > 0);
        for info in shown.chain(std::iter::once(&genesis)) {
            if let Some(top) = expected.filter(|&top| top > info.height) {
                let from = info.height + 1;
                cards.push(Card::Gap {
                    from,
                    to: top,
                    unindexed: self.is_covered(from, top),
                });
            }
            cards.push(Card::Block(info.clone()));
            expected = info.height.checked_sub(1);
        }
        cards
    }

    fn is_covered(&self, from: u64, to: u64) -> bool {
        self.covered.iter().any(|&(lo, hi)| lo <= from && to <= hi)
    }

    /// Adds `[lo, hi]` to the covered ranges, keeping them sorted and merged.
    fn cover(&mut self, lo: u64, hi: u64) {
        if lo > hi {
            return;
        }
        self.covered.push((lo, hi));
        self.covered.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(self.covered.len());
        for &(lo, hi) in &self.covered {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        self.covered = merged;
    }

    fn merge(&mut self, page: &BlockSummariesPage) -> usize {
        let mut added = 0;
        for info in page
            .blocks
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter_map(BlockInfo::from_summary)
        {
            if self.blocks.insert(info.height, info).is_none() {
                added += 1;
            }
        }
        added
    }
}

#[cfg(test)]
mod tests;
