//! Pure chain logic: what the explorer knows about the chain, how the rail lays it out, and
//! which pages to ask for.
//!
//! No web-sys here: everything is tested on the host (`cargo test`).
//!
//! The backend pages block summaries newest first by `cursor_height` ("strictly below"), and
//! when nothing is below the cursor it answers the NEWEST page again with `has_more: true`
//! (docs/design.md "The backend as it is"). [`ChainView::apply_page`] detects that answer and records the
//! heights below the cursor as unindexed, so they become one gap card instead of a request loop.

mod genesis;
pub mod layout;
pub mod loader;
pub mod selection;
pub mod viewport;

pub use genesis::{known_genesis, KnownGenesis};
pub use layout::{RailLayout, Slot};
pub use loader::{PageLoader, PageRequest};
pub use selection::Selected;
use std::collections::BTreeMap;
pub use viewport::{Fling, VelocityTracker, Viewport};

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
    /// Its smart contracts and stego images, as the backend counts them.
    pub marks: crate::contract::stego::BlockMarks,
}

impl BlockInfo {
    /// Reads a backend summary; `None` for a negative height (nonsense from the network).
    pub fn from_summary(summary: &BlockSummary) -> Option<Self> {
        let height = u64::try_from(summary.block_height).ok()?;
        Some(Self {
            height,
            // Shown as text (the card, the block view): untrusted like any network string.
            hash: crate::text::preview::sanitize(&summary.block_hash),
            timestamp: (summary.timestamp > 0).then_some(summary.timestamp),
            tx_count: u64::try_from(summary.tx_count).unwrap_or(0),
            inscription_count: u64::try_from(summary.inscription_count).unwrap_or(0),
            thumbnail_url: summary.thumbnail_url.clone(),
            marks: crate::contract::stego::BlockMarks::from_summary(summary),
        })
    }
}

/// What a page brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageOutcome {
    /// Blocks at or below the cursor were added (0 when all were known).
    Added(usize),
    /// Nothing is indexed below the cursor: the backend said so or sent the newest page again.
    NothingBelow,
}

/// Blocks within this distance of the tip are never evicted (the live head stays warm).
pub const KEEP_NEAR_TIP: u64 = 50;

/// Everything the explorer knows about the chain: a height-keyed block cache plus the height
/// ranges whose index status is known.
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

    /// The number of distinct blocks in the cache.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub fn block(&self, height: u64) -> Option<&BlockInfo> {
        self.blocks.get(&height)
    }

    /// Genesis as shown: the indexed block, else the network's known facts.
    pub fn genesis(&self) -> BlockInfo {
        self.blocks
            .get(&0)
            .cloned()
            .unwrap_or_else(|| known_genesis(&self.network).block_info())
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

    /// Whether the index status of `height` is known (loaded, or known to be unindexed).
    pub fn is_covered(&self, height: u64) -> bool {
        self.covering(height).is_some()
    }

    /// Known to be absent from the backend's index.
    pub fn is_unindexed(&self, height: u64) -> bool {
        self.is_covered(height) && !self.blocks.contains_key(&height)
    }

    /// The lowest covered height above `height`, if any.
    pub fn covered_above(&self, height: u64) -> Option<u64> {
        let i = self.covered.partition_point(|&(_, hi)| hi <= height);
        self.covered
            .get(i)
            .map(|&(lo, _)| lo.max(height.saturating_add(1)))
    }

    /// Merges the answer to `cursor_height = cursor` (`None`: the newest page, as on first
    /// load and every poll).
    pub fn apply_page(&mut self, cursor: Option<u64>, page: &BlockSummariesPage) -> PageOutcome {
        let blocks = page.blocks.as_deref().unwrap_or_default();
        let Some(cursor) = cursor else {
            let added = self.merge(blocks);
            let lowest = match blocks.iter().map(|b| b.block_height).min() {
                Some(low) if page.has_more => u64::try_from(low).ok(),
                _ => Some(0),
            };
            if let Some(lowest) = lowest {
                self.cover(lowest, u64::MAX);
            }
            return PageOutcome::Added(added);
        };
        if cursor == 0 {
            return PageOutcome::NothingBelow;
        }
        let newest_again = blocks.iter().any(|b| b.block_height >= cursor as i64);
        if newest_again || blocks.is_empty() {
            self.cover(0, cursor - 1);
            return PageOutcome::NothingBelow;
        }
        let added = self.merge(blocks);
        let lowest = match blocks.iter().map(|b| b.block_height).min() {
            Some(low) if page.has_more => u64::try_from(low).unwrap_or(0),
            _ => 0,
        };
        self.cover(lowest, cursor - 1);
        PageOutcome::Added(added)
    }

    /// Bounds the cache to `cap` blocks, dropping those farthest from `focus` (the height the
    /// user looks at) first. Genesis and the blocks near the tip stay. Dropped heights become
    /// unknown again (a placeholder, fetched again if the user comes back).
    pub fn evict(&mut self, focus: u64, cap: usize) {
        if self.blocks.len() <= cap {
            return;
        }
        let keep_from = self.tip().unwrap_or(0).saturating_sub(KEEP_NEAR_TIP);
        let mut candidates: Vec<u64> = self
            .blocks
            .keys()
            .copied()
            .filter(|&h| h != 0 && h < keep_from)
            .collect();
        candidates.sort_unstable_by_key(|&h| std::cmp::Reverse(h.abs_diff(focus)));
        // Drop a quarter more than needed, so eviction does not run on every page.
        let excess = self.blocks.len() - cap + cap / 4;
        let mut dropped: Vec<u64> = candidates.into_iter().take(excess).collect();
        dropped.sort_unstable();
        for &h in &dropped {
            self.blocks.remove(&h);
        }
        // Uncover the dropped heights, a contiguous run at a time.
        for (lo, hi) in runs(&dropped) {
            self.uncover(lo, hi);
        }
    }

    /// Loaded blocks in `lo..=hi`, newest first.
    pub fn loaded_in(&self, lo: u64, hi: u64) -> impl Iterator<Item = u64> + '_ {
        self.blocks.range(lo..=hi).rev().map(|(&h, _)| h)
    }

    /// The covered ranges, oldest first.
    pub fn covered(&self) -> &[(u64, u64)] {
        &self.covered
    }

    /// The covered range holding `height`, if any.
    pub fn covering(&self, height: u64) -> Option<(u64, u64)> {
        let i = self.covered.partition_point(|&(_, hi)| hi < height);
        self.covered.get(i).copied().filter(|&(lo, _)| lo <= height)
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

    /// Removes `[lo, hi]` from the covered ranges.
    fn uncover(&mut self, lo: u64, hi: u64) {
        let mut kept = Vec::with_capacity(self.covered.len() + 1);
        for &(a, b) in &self.covered {
            if b < lo || a > hi {
                kept.push((a, b));
                continue;
            }
            if a < lo {
                kept.push((a, lo - 1));
            }
            if b > hi {
                kept.push((hi + 1, b));
            }
        }
        self.covered = kept;
    }

    fn merge(&mut self, blocks: &[BlockSummary]) -> usize {
        let mut added = 0;
        for info in blocks.iter().filter_map(BlockInfo::from_summary) {
            if self.blocks.insert(info.height, info).is_none() {
                added += 1;
            }
        }
        added
    }
}

/// Sorted, distinct heights grouped into runs of consecutive ones, as inclusive `(lo, hi)`
/// pairs: `[1, 2, 3, 7, 9, 10]` → `[(1, 3), (7, 7), (9, 10)]`.
pub fn runs(sorted: &[u64]) -> Vec<(u64, u64)> {
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for &h in sorted {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == h => run.1 = h,
            _ => runs.push((h, h)),
        }
    }
    runs
}

#[cfg(test)]
mod tests;
