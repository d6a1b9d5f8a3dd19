//! The rail's slots: index ↔ height, across gaps.
//!
//! Slot 0 is the pending block (`tip + 1`), slot 1 the tip, and so on down to genesis, one
//! slot per height — except that each run of heights known to be unindexed collapses into
//! ONE gap slot. Heights whose status is unknown keep a slot each (a placeholder until their
//! page arrives), so a 900,000-block chain is 900,002 slots that cost nothing until shown.
//!
//! Both directions are a binary search over the gap runs, so the rail can position any height
//! without materialising the slots.

use super::ChainView;

/// What one slot of the rail shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The block being mined next.
    Pending(u64),
    /// A height: a loaded block, genesis, or a placeholder while its page loads.
    Height(u64),
    /// A run of unindexed heights (inclusive), shown as one card.
    Gap { from: u64, to: u64 },
}

impl Slot {
    /// The highest height the slot stands for (its anchor when the layout changes).
    pub fn top(self) -> u64 {
        match self {
            Slot::Pending(h) | Slot::Height(h) => h,
            Slot::Gap { to, .. } => to,
        }
    }
}

/// A gap run and where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    from: u64,
    to: u64,
    /// The run's slot.
    slot: u64,
    /// Slots saved by this run and all newer ones (each run of n heights saves n - 1).
    saved_through: u64,
}

/// The slot arithmetic for one state of the chain. Cheap to rebuild (linear in the cached
/// blocks and known runs), so it is recomputed whenever the chain changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RailLayout {
    tip: Option<u64>,
    /// Newest first.
    runs: Vec<Run>,
}

impl RailLayout {
    pub fn new(chain: &ChainView) -> Self {
        let Some(tip) = chain.tip() else {
            return Self::default();
        };
        // Unindexed runs within [1, tip]: covered heights between loaded blocks. Genesis is
        // never part of a run: it always has its own card (indexed or from the known facts).
        let mut ascending: Vec<(u64, u64)> = Vec::new();
        for &(lo, hi) in chain.covered() {
            let (lo, hi) = (lo.max(1), hi.min(tip));
            if lo > hi {
                continue;
            }
            let mut next = lo;
            let loaded: Vec<u64> = chain.loaded_in(lo, hi).collect();
            for h in loaded.into_iter().rev() {
                if h > next {
                    ascending.push((next, h - 1));
                }
                next = h + 1;
            }
            if next <= hi {
                ascending.push((next, hi));
            }
        }
        let mut runs = Vec::with_capacity(ascending.len());
        let mut saved = 0;
        for (from, to) in ascending.into_iter().rev() {
            let slot = 1 + (tip - to) - saved;
            saved += to - from;
            runs.push(Run {
                from,
                to,
                slot,
                saved_through: saved,
            });
        }
        Self {
            tip: Some(tip),
            runs,
        }
    }

    pub fn tip(&self) -> Option<u64> {
        self.tip
    }

    /// Number of slots (pending .. genesis); 0 before the tip is known.
    pub fn len(&self) -> u64 {
        match self.tip {
            Some(tip) => 2 + tip - self.runs.last().map_or(0, |r| r.saved_through),
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slot showing `height`: the pending slot for `tip + 1`, the gap slot for a height
    /// inside a run; `None` above the pending block or before the tip is known.
    pub fn slot_of(&self, height: u64) -> Option<u64> {
        let tip = self.tip?;
        if height > tip {
            return (height == tip + 1).then_some(0);
        }
        // Runs entirely above `height` are a prefix (newest first).
        let above = self.runs.partition_point(|r| r.from > height);
        if let Some(run) = self.runs.get(above).filter(|r| r.to >= height) {
            return Some(run.slot);
        }
        let saved = above
            .checked_sub(1)
            .map_or(0, |i| self.runs[i].saved_through);
        Some(1 + (tip - height) - saved)
    }

    /// What slot `index` shows; `None` past genesis or before the tip is known.
    pub fn at(&self, index: u64) -> Option<Slot> {
        let tip = self.tip?;
        if index >= self.len() {
            return None;
        }
        if index == 0 {
            return Some(Slot::Pending(tip + 1));
        }
        // The newest run at or before this slot.
        let before = self.runs.partition_point(|r| r.slot <= index);
        let saved = match before.checked_sub(1).map(|i| self.runs[i]) {
            Some(run) if run.slot == index => {
                return Some(Slot::Gap {
                    from: run.from,
                    to: run.to,
                })
            }
            Some(run) => run.saved_through,
            None => 0,
        };
        Some(Slot::Height((tip + 1).checked_sub(index + saved)?))
    }

    /// The slot of a slot's anchor height in this layout: where the same content (or what
    /// replaced it) now sits.
    pub fn slot_of_anchor(&self, slot: Slot) -> Option<u64> {
        self.slot_of(slot.top())
    }

    /// The nearest selectable slot from `index` in the direction of travel (gap cards are not
    /// selectable), else the other way; `(slot, height)`.
    pub fn selectable_near(&self, index: u64, forward: bool) -> Option<(u64, u64)> {
        let len = self.len();
        let index = index.min(len.checked_sub(1)?);
        let pick = |i: u64| match self.at(i)? {
            Slot::Gap { .. } => None,
            slot => Some((i, slot.top())),
        };
        // Gaps never touch each other, so one step over is enough.
        let (first, second) = if forward {
            (index.checked_add(1), index.checked_sub(1))
        } else {
            (index.checked_sub(1), index.checked_add(1))
        };
        pick(index)
            .or_else(|| first.and_then(pick))
            .or_else(|| second.and_then(pick))
    }
}
