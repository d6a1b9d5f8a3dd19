//! Which summary pages to ask for, given the heights the rail shows.
//!
//! Requests are for fixed, aligned chunks of heights (`cursor_height = (j + 1) · CHUNK`), so
//! the same heights are never asked for twice at once, whatever the scroll direction (the
//! mempool.space cache service does the same with chunks of 10). Requests whose heights left
//! the window are cancelled. A failed chunk waits before it is asked for again, so an
//! unreachable backend never turns into a request loop.
//!
//! One case needs more than chunks: a run of unindexed heights discovered from BELOW (the user
//! is at genesis, and the backend only pages downwards). Each "nothing below the cursor"
//! answer reveals the next placeholders above the gap; asking chunk by chunk would take one
//! request per screen across a gap of any size. Instead the cursor gallops: it jumps above the
//! gap by the gap's known size (doubling it each time), and halves the distance to the next
//! known height once it overshoots — a logarithmic number of requests.

use super::ChainView;

/// Heights per page request.
pub const CHUNK: u64 = 25;
/// Requests in flight at once (browsers allow six per host).
pub const MAX_IN_FLIGHT: usize = 4;
/// How long a failed range waits before it is asked for again.
pub const RETRY_AFTER_MS: f64 = 3_000.0;

/// One `/api/data/block-summaries` request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub id: u64,
    pub cursor: u64,
    pub limit: u64,
    /// The heights it is expected to resolve (inclusive): they are not asked for again while
    /// it is in flight.
    pub lo: u64,
    pub hi: u64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageLoader {
    next_id: u64,
    in_flight: Vec<PageRequest>,
    /// Ranges that failed, and when they may be asked for again.
    failed: Vec<(u64, u64, f64)>,
}

impl PageLoader {
    /// The requests to start now for the placeholder heights among `window` (heights the rail
    /// shows, any order); nearest to `focus` first.
    pub fn plan(
        &mut self,
        chain: &ChainView,
        window: &[u64],
        focus: u64,
        now_ms: f64,
    ) -> Vec<PageRequest> {
        self.failed.retain(|&(_, _, until)| until > now_ms);
        let mut wanted: Vec<u64> = window
            .iter()
            .copied()
            .filter(|&h| !chain.is_covered(h) && !self.is_busy(h))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        // Runs of consecutive wanted heights, nearest to the focus first.
        let mut runs = super::runs(&wanted);
        runs.sort_by_key(|&(lo, hi)| {
            if focus < lo {
                lo - focus
            } else {
                focus.saturating_sub(hi)
            }
        });
        let mut started = Vec::new();
        for (lo, hi) in runs {
            for (cursor, limit, a, b) in self.requests_for(chain, lo, hi) {
                if self.in_flight.len() >= MAX_IN_FLIGHT {
                    return started;
                }
                if (a..=b).all(|h| self.is_busy(h)) {
                    continue;
                }
                let request = PageRequest {
                    id: self.next_id,
                    cursor,
                    limit,
                    lo: a,
                    hi: b,
                };
                self.next_id += 1;
                self.in_flight.push(request);
                started.push(request);
            }
        }
        started
    }

    /// `(cursor, limit, lo, hi)` for a run of wanted heights `lo..=hi`.
    fn requests_for(&self, chain: &ChainView, lo: u64, hi: u64) -> Vec<(u64, u64, u64, u64)> {
        if let Some(gap) = gap_below(chain, lo) {
            // Discovering a gap upwards: gallop (see the module comment).
            let hole_top = chain
                .covered_above(hi)
                .map_or(hi.saturating_add(gap), |h| h - 1);
            let cursor = hi + 1 + gap.min(hole_top.saturating_sub(hi) / 2);
            return vec![(cursor, CHUNK, lo, hi)];
        }
        (lo / CHUNK..=hi / CHUNK)
            .rev()
            .map(|j| ((j + 1) * CHUNK, CHUNK, j * CHUNK, (j + 1) * CHUNK - 1))
            .collect()
    }

    /// A request ended (answered or not); its heights may be asked for again if still needed.
    pub fn finished(&mut self, id: u64) -> Option<PageRequest> {
        let i = self.in_flight.iter().position(|r| r.id == id)?;
        Some(self.in_flight.swap_remove(i))
    }

    /// A request that ended failed: its heights wait [`RETRY_AFTER_MS`] before the next
    /// attempt, or longer when the server said so (a 429's `Retry-After`, in milliseconds).
    /// Returns the wait.
    pub fn retry_later(
        &mut self,
        request: &PageRequest,
        now_ms: f64,
        retry_after_ms: Option<u64>,
    ) -> f64 {
        let wait = RETRY_AFTER_MS.max(retry_after_ms.map_or(0.0, |ms| ms as f64));
        self.failed.push((request.lo, request.hi, now_ms + wait));
        wait
    }

    /// Forgets failures (the user pressed Retry).
    pub fn clear_failures(&mut self) {
        self.failed.clear();
    }

    /// Removes and returns the in-flight requests none of whose heights are in `lo..=hi` any
    /// more: the caller aborts them.
    pub fn out_of(&mut self, lo: u64, hi: u64) -> Vec<u64> {
        let (stale, kept): (Vec<_>, Vec<_>) =
            self.in_flight.iter().partition(|r| r.hi < lo || r.lo > hi);
        self.in_flight = kept;
        stale.into_iter().map(|r| r.id).collect()
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    fn is_busy(&self, h: u64) -> bool {
        self.in_flight.iter().any(|r| (r.lo..=r.hi).contains(&h))
            || self
                .failed
                .iter()
                .any(|&(lo, hi, _)| (lo..=hi).contains(&h))
    }
}

/// The size of the run of known-unindexed heights right below `height` (genesis excluded),
/// if there is one.
fn gap_below(chain: &ChainView, height: u64) -> Option<u64> {
    let below = height.checked_sub(1).filter(|&h| h >= 1)?;
    if !chain.is_unindexed(below) {
        return None;
    }
    let (range_lo, _) = chain.covering(below)?;
    let start = chain
        .loaded_in(range_lo, below)
        .next()
        .map_or(range_lo, |h| h + 1)
        .max(1);
    Some(height - start)
}
