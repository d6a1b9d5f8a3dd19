//! The `/search?q=` page's model: the query its URL asks for, the answer grouped by kind with
//! the exact matches first, what each hit says besides its label, the sentences the page
//! speaks, and how the arrow keys move through the hits.

use std::collections::HashSet;

use stargate_api::{SearchHit, SearchResults};

use super::{direct_link, link_for, HitKind, ResultLink};
use crate::text::preview::{preview_str, PreviewLimits};
use crate::text::query::{classify, SearchQuery};
use crate::text::{budget_text, count_noun, group_thousands};

/// The longest query taken from a URL, in characters (a link can carry any length; the
/// backend's search matches substrings, so nothing longer finds more).
pub const MAX_QUERY_CHARS: usize = 200;

/// What the page says when there is no query.
pub const HELP: &str = "Search by block height (840000), block hash or transaction id (64 hex \
    digits), inscription id (<txid>i0 or <txid>_0), or by words from an inscription's text, a \
    wish or a proposal. The results are grouped by kind; each one opens its page.";

/// What a search looks through, said when it found nothing.
pub const SEARCHED: &str = "The search looks through block heights and hashes, transaction \
    ids, the text of the newest blocks' inscriptions, wishes and proposals.";

/// The query of the URL's `q` (already percent-decoded): trimmed, at most [`MAX_QUERY_CHARS`]
/// characters; `""` when there is none.
pub fn query_param(raw: Option<&str>) -> String {
    let trimmed = raw.unwrap_or_default().trim();
    match trimmed.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => trimmed[..cut].trim_end().to_owned(),
        None => trimmed.to_owned(),
    }
}

/// The query as the page shows it: sanitised (a shared link is written by anyone).
pub fn shown_query(query: &str) -> String {
    preview_str(query, PreviewLimits::TITLE).text
}

/// One hit on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageHit {
    pub link: ResultLink,
    /// Sanitised facts besides the label: the id, the block, the state, the budget.
    pub details: Vec<String>,
    /// When it happened (unix seconds), if the backend said.
    pub when: Option<i64>,
    /// The query names this hit itself (its height, hash, txid or id).
    pub exact: bool,
}

/// The hits of one kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub kind: HitKind,
    pub hits: Vec<PageHit>,
}

impl Group {
    /// The group's heading with its count: "Blocks (3)".
    pub fn heading(&self) -> String {
        format!(
            "{} ({})",
            self.kind.title(),
            group_thousands(self.hits.len() as u64)
        )
    }
}

/// What a search found, for the query it was asked with.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The query as sent (from [`query_param`]).
    pub asked: String,
    /// Groups with an exact match first, then in [`HitKind::ALL`]'s order; no empty group.
    pub groups: Vec<Group>,
}

impl Outcome {
    pub fn total(&self) -> usize {
        self.groups.iter().map(|g| g.hits.len()).sum()
    }

    /// The sentence of the live region: "12 results for “bitcoin”: 2 blocks, 10 inscriptions."
    /// or "No results for “x”." with what was searched.
    pub fn summary(&self) -> String {
        let query = shown_query(&self.asked);
        if self.groups.is_empty() {
            return format!("No results for “{query}”. {SEARCHED}");
        }
        let parts: Vec<String> = self
            .groups
            .iter()
            .map(|g| {
                let (one, many) = g.kind.nouns();
                count_noun(g.hits.len() as u64, one, many)
            })
            .collect();
        format!(
            "{} for “{query}”: {}.",
            count_noun(self.total() as u64, "result", "results"),
            parts.join(", ")
        )
    }
}

/// The live region's sentence for `query` and the answer for it so far (`None` while it is on
/// its way): `""` without a query (the help text is shown instead).
pub fn status_line(query: &str, found: Option<&Outcome>) -> String {
    match found {
        _ if query.is_empty() => String::new(),
        Some(outcome) => outcome.summary(),
        None => format!("Searching for “{}”…", shown_query(query)),
    }
}

/// Whether the query names `hit` itself.
fn is_exact(query: &SearchQuery, kind: HitKind, hit: &SearchHit) -> bool {
    match query {
        SearchQuery::Height(h) => {
            kind == HitKind::Block
                && hit.block_height.and_then(|b| u64::try_from(b).ok()) == Some(*h)
        }
        SearchQuery::Hex64(q) | SearchQuery::Text(q) => [
            Some(&hit.id),
            hit.contract_id.as_ref(),
            hit.proposal_id.as_ref(),
            hit.visible_pixel_hash.as_ref(),
        ]
        .into_iter()
        .flatten()
        .any(|id| id.eq_ignore_ascii_case(q)),
        SearchQuery::Inscription(_) | SearchQuery::Empty => false,
    }
}

/// What a hit says besides its label, sanitised.
fn details(kind: HitKind, hit: &SearchHit, label: &str) -> Vec<String> {
    let mut out = Vec::new();
    let id = preview_str(&hit.id, PreviewLimits::ID).text;
    if !id.is_empty() && !label.contains(id.as_str()) {
        out.push(id);
    }
    if kind == HitKind::Block {
        if let Some(n) = hit.tx_count.and_then(|n| u64::try_from(n).ok()) {
            out.push(count_noun(n, "transaction", "transactions"));
        }
    } else if let Some(h) = hit
        .confirmed_block_height
        .or(hit.block_height)
        .and_then(|h| u64::try_from(h).ok())
    {
        out.push(format!("Block {}", group_thousands(h)));
    }
    if let Some(status) = hit.status.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push(preview_str(status, PreviewLimits::LABEL).text);
    }
    if let Some(sats) = hit.budget_sats.filter(|s| *s > 0) {
        out.push(budget_text(sats));
    }
    out
}

/// The page's groups for the answer to `query`: every hit the app has a page for, each once
/// per group (the backend may list a transaction once per inscription); the link the query
/// gives by itself (a height, an inscription id) first in its group when the answer lacks it;
/// exact matches first in their group, and their groups first.
pub fn outcome(query: &str, results: &SearchResults) -> Outcome {
    let classified = classify(query);
    let direct = direct_link(&classified);
    let mut groups: Vec<Group> = HitKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let mut seen = HashSet::new();
            let mut hits: Vec<PageHit> = kind
                .hits(results)
                .iter()
                .filter_map(|hit| {
                    let link = link_for(kind, hit)?;
                    seen.insert(link.path.clone()).then(|| PageHit {
                        details: details(kind, hit, &link.label),
                        when: hit.timestamp.filter(|t| *t > 0),
                        exact: is_exact(&classified, kind, hit),
                        link,
                    })
                })
                .collect();
            if let Some(link) = direct.as_ref().filter(|l| l.kind == kind) {
                match hits.iter_mut().find(|h| h.link.path == link.path) {
                    Some(hit) => hit.exact = true,
                    None => hits.insert(
                        0,
                        PageHit {
                            link: link.clone(),
                            details: Vec::new(),
                            when: None,
                            exact: true,
                        },
                    ),
                }
            }
            // stable: the backend's order otherwise
            hits.sort_by_key(|h| !h.exact);
            (!hits.is_empty()).then_some(Group { kind, hits })
        })
        .collect();
    groups.sort_by_key(|g| !g.hits.iter().any(|h| h.exact));
    Outcome {
        asked: query.to_owned(),
        groups,
    }
}

/// Where a key moves the focus among `len` hits, from hit `current` (`None`: the focus is
/// elsewhere on the page, as on the heading); `None` = the key is not ours. Down enters the
/// list at the first hit; Up, Down, Home and End move inside it and stop at its ends.
pub fn key_step(key: &str, current: Option<usize>, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    match (key, current.map(|i| i.min(last))) {
        ("ArrowDown", None) => Some(0),
        (_, None) => None,
        ("ArrowDown", Some(i)) => Some((i + 1).min(last)),
        ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
        ("Home", Some(_)) => Some(0),
        ("End", Some(_)) => Some(last),
        _ => None,
    }
}
