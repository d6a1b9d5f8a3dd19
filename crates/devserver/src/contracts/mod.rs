//! Contracts, proposals, tasks, rework requests and events: the backend's smart-contract
//! store (SQLite flavour) over the devserver's file. A wish (`wishes` row `<hash>`) is the
//! contract `wish-<hash>`; approving a proposal creates the contract `<hash>` (`sc_contracts`).
//!
//! `plan` and `validate` are pure (host-tested); `store`, `task_rows`, `proposals` (reads) and
//! `proposal_writes`, `approve`, `rework`, `claims` (claims, submissions, reviews) and `tasks`
//! (the task and submission listings) hold the SQL and the state changes; `seed` writes the
//! generated chain's contracts.

pub mod approve;
pub mod claims;
pub mod intake;
pub mod market;
pub mod plan;
pub mod proposal_writes;
pub mod proposals;
pub mod psbt;
pub mod publish;
pub mod rework;
pub mod seed;
pub mod store;
pub mod task_rows;
pub mod tasks;
pub mod validate;

/// The SQLite store's paging after its filters: the offset is applied only when it is inside
/// the matches (an offset at or past the end is ignored, so page one comes again), then the
/// limit (≤ 0 = none).
pub fn offset_then_limit<T>(items: &mut Vec<T>, offset: i64, limit: i64) {
    let offset = usize::try_from(offset).unwrap_or(0);
    if offset > 0 && offset < items.len() {
        items.drain(..offset);
    }
    if let Ok(limit) = usize::try_from(limit) {
        if limit > 0 {
            items.truncate(limit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::offset_then_limit;

    #[test]
    fn an_offset_past_the_matches_gives_page_one_again() {
        let page = |offset, limit| {
            let mut v: Vec<i32> = (1..=5).collect();
            offset_then_limit(&mut v, offset, limit);
            v
        };
        assert_eq!(page(0, 2), [1, 2]);
        assert_eq!(page(2, 2), [3, 4]);
        assert_eq!(page(4, 2), [5]);
        assert_eq!(page(5, 2), [1, 2], "at the end: ignored");
        assert_eq!(page(9, 0), [1, 2, 3, 4, 5]);
        assert_eq!(page(-1, -1), [1, 2, 3, 4, 5]);
    }
}
