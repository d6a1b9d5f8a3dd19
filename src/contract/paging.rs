//! Paging the confirmed contracts (`/api/open-contracts?status=confirmed`) without
//! duplicates or gaps, on every store the backend has.
//!
//! The backend's SQLite store ignores `cursor_date` and honours only `cursor_height`, which
//! keeps rows *below* that height: paging with the last row's height would skip the other
//! rows of that block. So the next page asks for rows at or below the boundary height
//! (`cursor_height = boundary + 1`) with a limit grown by the rows already seen at the
//! boundary, and drops those it has seen. Rows come in a fixed order (height, creation time,
//! id, all descending), so the seen rows of the boundary block come first and every full page
//! brings new ones. `has_more` is not trusted: the backend sets it whenever the last row has
//! a height, even on the last page; a short page ends the list.

use std::collections::HashSet;

use stargate_api::{ContractStatus, OpenContract, OpenContractsQuery};

/// Rows asked for per page.
pub const PAGE: i64 = 12;
/// The backend's largest limit; more rows than this in one block cannot be paged past.
pub const MAX_LIMIT: i64 = 500;

/// A listed row: its id and block height.
pub trait Row {
    fn id(&self) -> &str;
    fn height(&self) -> Option<i64>;
}

impl Row for OpenContract {
    fn id(&self) -> &str {
        &self.id
    }
    fn height(&self) -> Option<i64> {
        self.block_height.filter(|h| *h > 0)
    }
}

/// The next request of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageQuery {
    pub cursor_height: Option<i64>,
    pub limit: i64,
}

impl PageQuery {
    /// The first page.
    pub const FIRST: PageQuery = PageQuery {
        cursor_height: None,
        limit: PAGE,
    };

    /// The backend's request of this page of the confirmed contracts.
    pub fn confirmed(&self) -> OpenContractsQuery {
        OpenContractsQuery {
            status: Some(ContractStatus::Confirmed),
            limit: Some(self.limit),
            cursor_height: self.cursor_height,
            ..Default::default()
        }
    }
}

/// The GET of the first page, below the API `base`: sent while the page's code downloads
/// (`pages::lazy`), so that the page's first request takes its answer.
pub fn first_requests(base: &str) -> Vec<String> {
    vec![stargate_api::paths::get_open_contracts(
        base,
        &PageQuery::FIRST.confirmed(),
    )]
}

/// Where the listing is.
#[derive(Clone, Debug, Default)]
pub struct Pager {
    seen: HashSet<String>,
    /// The lowest height listed so far, and how many rows of it were listed.
    boundary: Option<(i64, usize)>,
    done: bool,
}

impl Pager {
    /// The request for the next page; `None` when the list is complete.
    pub fn next_query(&self) -> Option<PageQuery> {
        if self.done {
            return None;
        }
        Some(match self.boundary {
            None => PageQuery::FIRST,
            Some((height, count)) => PageQuery {
                cursor_height: Some(height + 1),
                limit: (PAGE + count as i64).min(MAX_LIMIT),
            },
        })
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Takes the answer to `query` and returns its rows not listed before, in order.
    pub fn take<R: Row>(&mut self, query: PageQuery, rows: Vec<R>) -> Vec<R> {
        let full = rows.len() as i64 >= query.limit;
        let fresh: Vec<R> = rows
            .into_iter()
            .filter(|r| self.seen.insert(r.id().to_owned()))
            .collect();
        for row in &fresh {
            match (row.height(), self.boundary) {
                (Some(h), Some((b, n))) if h == b => self.boundary = Some((b, n + 1)),
                (Some(h), Some((b, _))) if h > b => {} // cannot happen in the backend's order
                (Some(h), _) => self.boundary = Some((h, 1)),
                // A row without a height: the cursor cannot reach past it.
                (None, _) => self.done = true,
            }
        }
        // A short page is the last; a full page of old rows at the largest limit cannot move.
        if !full || (fresh.is_empty() && query.limit >= MAX_LIMIT) {
            self.done = true;
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct R(String, Option<i64>);

    impl Row for R {
        fn id(&self) -> &str {
            &self.0
        }
        fn height(&self) -> Option<i64> {
            self.1
        }
    }

    /// The SQLite store: height DESC (NULLS LAST), then id DESC; `cursor_height` keeps rows
    /// strictly below it (and drops rows without a height); then the limit.
    fn sqlite(rows: &[R], q: PageQuery) -> Vec<R> {
        let mut all: Vec<R> = rows.to_vec();
        all.sort_by(|a, b| {
            b.1.unwrap_or(i64::MIN)
                .cmp(&a.1.unwrap_or(i64::MIN))
                .then(b.0.cmp(&a.0))
        });
        all.into_iter()
            .filter(|r| match q.cursor_height {
                Some(c) if c > 0 => r.1.is_some_and(|h| h < c),
                _ => true,
            })
            .take(q.limit as usize)
            .collect()
    }

    /// The first page sent while the page's code downloads is the pager's first request.
    #[test]
    fn the_first_request_is_the_pagers_first_page() {
        assert_eq!(Pager::default().next_query(), Some(PageQuery::FIRST));
        assert_eq!(
            first_requests("http://api"),
            [format!(
                "http://api/api/open-contracts?limit={PAGE}&status=confirmed"
            )]
        );
    }

    fn list_all(rows: &[R]) -> (Vec<R>, usize) {
        let mut pager = Pager::default();
        let mut listed = Vec::new();
        let mut requests = 0;
        while let Some(q) = pager.next_query() {
            requests += 1;
            assert!(requests < 10_000, "paging does not end");
            listed.extend(pager.take(q, sqlite(rows, q)));
        }
        (listed, requests)
    }

    #[test]
    fn rows_sharing_the_boundary_height_are_not_skipped() {
        // 30 rows in block 7 and 5 in block 6: a cursor of 7 would skip 18 of block 7.
        let mut rows: Vec<R> = (0..30).map(|i| R(format!("a{i:02}"), Some(7))).collect();
        rows.extend((0..5).map(|i| R(format!("b{i}"), Some(6))));
        let (listed, _) = list_all(&rows);
        assert_eq!(listed.len(), 35);
        assert_eq!(
            listed,
            sqlite(
                &rows,
                PageQuery {
                    cursor_height: None,
                    limit: 1000
                }
            )
        );
    }

    #[test]
    fn an_empty_list_is_one_request() {
        assert_eq!(list_all(&[]), (vec![], 1));
    }

    proptest! {
        #[test]
        fn every_row_is_listed_once_in_order(
            heights in prop::collection::vec(prop::option::weighted(0.95, 1i64..20), 0..120),
        ) {
            let rows: Vec<R> = heights.iter().enumerate().map(|(i, h)| R(format!("c{i:04}"), *h)).collect();
            let (listed, _) = list_all(&rows);
            let everything = sqlite(&rows, PageQuery { cursor_height: None, limit: i64::MAX });
            // Rows after the first row without a height cannot be reached by a cursor; none
            // with a height is missed, none is listed twice.
            let reachable: Vec<R> = everything.iter().take_while(|r| r.1.is_some()).cloned().collect();
            prop_assert!(listed.len() >= reachable.len());
            prop_assert_eq!(&listed[..reachable.len()], &reachable[..]);
            let ids: HashSet<&str> = listed.iter().map(|r| r.0.as_str()).collect();
            prop_assert_eq!(ids.len(), listed.len());
        }
    }
}
